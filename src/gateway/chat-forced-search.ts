/**
 * A chat-completions `tool_choice` that names the web search as a function
 * (`{"type": "function", "function": {"name": "$web_search"}}`, or `"web_search"`), as a client
 * does that asks for a searched answer with `web_search_options` and means to force it. The
 * search is no tool of `tools` (the gateway adds Moonshot's `$web_search` for
 * `web_search_options`), so the check against `tools` refused it as a function not sent.
 *
 * Beside `web_search_options` it runs as the other routes run a forced search (forced-search.ts):
 * the search is the only tool, the choice left to the model, and the note says so. Without
 * `web_search_options` there is no search to force: the 400 says what to send.
 */
import type { ToolChoice, ToolDefinition } from "../providers/types.js";
import { quoted } from "../util/client-value.js";
import { forcedSearchText, isWebSearchName } from "./forced-search.js";
import { badRequest } from "./http-error.js";

/** Whether `choice` names the web search and no function tool of `tools` has that name. */
export function namesWebSearch(
  choice: ToolChoice | undefined,
  tools: readonly ToolDefinition[] | undefined,
): choice is Exclude<ToolChoice, string> {
  if (typeof choice !== "object") return false;
  const name = choice.function.name;
  if (!isWebSearchName(name)) return false;
  // A client tool of the same name is the one the choice names.
  return !tools?.some((tool) => tool.function.name === name);
}

/**
 * The note for a forced search sent as "auto" with the search the only tool; `tools` are the
 * request's function tools, which it leaves out. Without `web_search_options`, a 400.
 */
export function chatForcedSearchNote(
  choice: Exclude<ToolChoice, string>,
  tools: readonly ToolDefinition[] | undefined,
  webSearch: boolean,
): string {
  const name = choice.function.name;
  if (!webSearch)
    throw badRequest(
      `tool_choice names ${quoted(name)}, the web search, which is no function of tools and is not sent as one: send web_search_options: {} for a searched answer and leave tool_choice out (Moonshot's $web_search cannot be forced; the model decides whether to search)`,
      "tool_choice",
      "invalid_value",
    );
  return forcedSearchText(
    choice,
    (tools ?? []).map((tool) => tool.function.name),
  );
}
