/**
 * A `tool_choice` that forces the web search (Anthropic's `{"type": "tool", "name":
 * "web_search"}`, the Responses API's `{"type": "web_search"}`). Moonshot documents no way to
 * force its `$web_search`, and `"required"` would go on every request of the search exchange: the
 * request goes with the search as its only tool and the choice left to the model (`"auto"`).
 */
import { clippedJson } from "../util/client-value.js";

/** The names a client gives the web search as a function: Moonshot's own, and OpenAI's tool type. */
const SEARCH_FUNCTION_NAMES: ReadonlySet<string> = new Set(["$web_search", "web_search"]);

/** Whether `name` is one a client calls the web search by when it names it as a function. */
export function isWebSearchName(name: unknown): name is string {
  return typeof name === "string" && SEARCH_FUNCTION_NAMES.has(name);
}

/**
 * The client's note for a forced search sent as `"auto"`; `functionNames` are the request's own
 * tools, left out of the upstream request.
 */
export function forcedSearchText(choice: unknown, functionNames: readonly string[]): string {
  const others =
    functionNames.length === 0
      ? ""
      : `; the other tools (${functionNames.join(", ")}) were not sent with it, as the call asked for is the search`;
  return `tool_choice ${clippedJson(choice)} sent as "auto" with web search the only tool: Moonshot's $web_search cannot be forced, so the model is left to search (or to answer without searching)${others}`;
}

/**
 * The client's note for a web search asked beside a `tool_choice` that lets the model call no
 * tool (`choice`, in the client's own form: `"none"`, Anthropic's `{"type": "none"}`): the search
 * cannot happen, so Moonshot's `$web_search` is not offered and thinking is not turned off for it.
 * `searchAt` says where the client asked for the search (`web_search_options`, `tools[0]`);
 * `choiceField` the field the choice came in (`function_call` on the deprecated form).
 */
export function searchNotRunText(
  choice: unknown,
  searchAt: string,
  choiceField = "tool_choice",
): string {
  return `${searchAt} not used: ${choiceField} ${clippedJson(choice)} lets the model call no tool, so the web search was not run (Moonshot's $web_search not offered, thinking left as asked); leave ${choiceField} out or send "auto" for a searched answer`;
}
