/**
 * A Messages `tool_choice` that forces Anthropic's web search server tool: `{"type": "tool",
 * "name": "web_search"}`, which Claude Code's WebSearch sends in a request of its own beside the
 * search tool alone (or Moonshot's name for it, `"$web_search"`), or `{"type": "any"}` when the
 * search is the only tool. The search tool is
 * no function tool upstream (it is Moonshot's `$web_search`, see messages-request), so a check
 * against the function tools refused the name as one not sent.
 *
 * Moonshot documents no way to force its `$web_search`, and `"required"` would go on every request
 * of the search exchange, pushing the model into another billed search after each one. The
 * request goes with the search as its only tool and the choice left to the model (`"auto"`): with
 * nothing else to call, it searches or answers. The client's notes say so.
 */
import { clippedJson } from "../util/client-value.js";
import { isRecord } from "../util/is-record.js";
import { forcedSearchText, isWebSearchName } from "./forced-search.js";
import { badRequest } from "./http-error.js";

/**
 * The note for a `tool_choice` that forces the web search tool named `searchName` (undefined when
 * the request has none), or undefined when it forces nothing of it. Moonshot's name for it,
 * `$web_search`, forces it too. `functionNames` are the request's client tools, which a forced
 * search leaves out of the upstream request. A choice naming the search (`web_search`,
 * `$web_search`) in a request without the search tool is refused, saying which tool to add.
 */
export function forcedSearchNote(
  choice: unknown,
  searchName: string | undefined,
  functionNames: readonly string[],
): string | undefined {
  if (!isRecord(choice)) return undefined;
  const name = choice.type === "tool" ? choice.name : undefined;
  // A client tool of the same name is the one a forced call names.
  const ownTool = typeof name === "string" && functionNames.includes(name);
  if (searchName === undefined) {
    if (isWebSearchName(name) && !ownTool)
      throw badRequest(
        `tool_choice ${clippedJson(choice)} forces the web search, but tools has no web search tool: add {"type": "web_search_20250305", "name": "web_search"} to tools, or leave tool_choice out`,
        "tool_choice",
        "invalid_value",
      );
    return undefined;
  }
  const named = !ownTool && (name === searchName || isWebSearchName(name));
  const onlyTool = choice.type === "any" && functionNames.length === 0;
  if (!named && !onlyTool) return undefined;
  return forcedSearchText(choice, functionNames);
}
