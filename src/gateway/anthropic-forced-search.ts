/**
 * A Messages `tool_choice` that forces Anthropic's web search server tool: `{"type": "tool",
 * "name": "web_search"}`, which Claude Code's WebSearch sends in a request of its own beside the
 * search tool alone, or `{"type": "any"}` when the search is the only tool. The search tool is
 * no function tool upstream (it is Moonshot's `$web_search`, see messages-request), so a check
 * against the function tools refused the name as one not sent.
 *
 * Moonshot documents no way to force its `$web_search`, and `"required"` would go on every request
 * of the search exchange, pushing the model into another billed search after each one. The
 * request goes with the search as its only tool and the choice left to the model (`"auto"`): with
 * nothing else to call, it searches or answers. The client's notes say so.
 */
import { isRecord } from "../util/is-record.js";
import { forcedSearchText } from "./forced-search.js";

/**
 * The note for a `tool_choice` that forces the web search tool named `searchName` (undefined when
 * the request has none), or undefined when it forces nothing of it. `functionNames` are the
 * request's client tools, which a forced search leaves out of the upstream request.
 */
export function forcedSearchNote(
  choice: unknown,
  searchName: string | undefined,
  functionNames: readonly string[],
): string | undefined {
  if (searchName === undefined || !isRecord(choice)) return undefined;
  const named = choice.type === "tool" && choice.name === searchName;
  // A client tool of the same name is the one a forced call names.
  if (named && functionNames.includes(searchName)) return undefined;
  const onlyTool = choice.type === "any" && functionNames.length === 0;
  if (!named && !onlyTool) return undefined;
  return forcedSearchText(choice, functionNames);
}
