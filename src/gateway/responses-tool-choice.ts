/**
 * A Responses request's `tool_choice` as chat completions': a function or custom tool by its
 * upstream name, allowed tools, and a choice asking for the web search alone, which goes as the
 * only tool with the choice left to the model (as /v1/messages takes Anthropic's). Pure.
 */
import { clippedJson } from "../util/client-value.js";
import { isRecord } from "../util/is-record.js";
import { chatAllowedTools } from "./allowed-tools.js";
import { forcedSearchText, isWebSearchName } from "./forced-search.js";
import { badRequest } from "./http-error.js";
import { upstreamToolName } from "./responses-namespaces.js";
import { WEB_SEARCH_TOOL } from "./responses-tool-checks.js";

type Obj = Record<string, unknown>;

/** A Responses `tool_choice` as chat's; one that names the web search tool leaves it to the model. */
export function convertToolChoice(choice: unknown, tools: unknown): unknown {
  if (choice === "auto" || choice === "none" || choice === "required") return choice;
  // A custom tool is a function upstream (see `customToolAsFunction`).
  if (
    isRecord(choice) &&
    (choice.type === "function" || choice.type === "custom") &&
    typeof choice.name === "string"
  )
    return { type: "function", function: { name: upstreamToolName(choice, choice.name) } };
  // One forcing the web search is taken before (`searchAloneChoice`).
  if (isRecord(choice) && choice.type === "allowed_tools")
    return chatAllowedTools(withoutSearchFunctions(choice, tools));
  throw badRequest(
    `tool_choice must be "auto", "none", "required", {"type":"function","name":…}, {"type":"custom","name":…}, {"type":"allowed_tools",…} or {"type":"web_search"}`,
    "tool_choice",
  );
}

/** Whether a `tool_choice` forces OpenAI's web search (`{"type": "web_search"}`, dated names too). */
function isWebSearchChoice(choice: unknown): boolean {
  return isRecord(choice) && typeof choice.type === "string" && WEB_SEARCH_TOOL.test(choice.type);
}

/**
 * Whether a `tool_choice`, or an allowed-tools entry, names the web search as a function:
 * `{"type": "function", "name": "web_search"}` (its chat-completions name) or `"$web_search"`
 * (Moonshot's), which no function of `tools` is (it is the `web_search` tool). A function or
 * custom tool of that name among `tools` is the one it names.
 */
function namesSearchFunction(entry: unknown, tools: unknown): boolean {
  if (!isRecord(entry) || entry.type !== "function" || !isWebSearchName(entry.name)) return false;
  if (typeof entry.namespace === "string" && entry.namespace !== "") return false;
  const name = entry.name;
  const own = (tool: unknown) =>
    isRecord(tool) && (tool.type === "function" || tool.type === "custom") && tool.name === name;
  return !(Array.isArray(tools) && tools.some(own));
}

/** Allowed tools without the entries that name the web search as a function (`tools` has it). */
function withoutSearchFunctions(choice: Obj, tools: unknown): Obj {
  if (!Array.isArray(choice.tools)) return choice;
  return { ...choice, tools: choice.tools.filter((entry) => !namesSearchFunction(entry, tools)) };
}

/**
 * How a `tool_choice` asks for the web search alone: `"forced"` (`{"type": "web_search"}`, the
 * search named as a function, or allowed tools of mode "required" listing only web search),
 * `"allowed"` (mode "auto" listing only it), or undefined. Allowed tools listing it beside
 * functions narrow to those functions, the search offered as `tools` has it (see allowed-tools).
 */
export function searchAloneChoice(
  choice: unknown,
  tools: unknown,
): "forced" | "allowed" | undefined {
  const asksForSearch = (entry: unknown) =>
    isWebSearchChoice(entry) || namesSearchFunction(entry, tools);
  if (asksForSearch(choice)) return "forced";
  if (!isRecord(choice) || choice.type !== "allowed_tools") return undefined;
  const listed = choice.tools;
  if (!Array.isArray(listed) || listed.length === 0 || !listed.every(asksForSearch))
    return undefined;
  if (choice.mode === "required") return "forced";
  return choice.mode === "auto" ? "allowed" : undefined;
}

/**
 * A `tool_choice` asking for the web search alone (`searchAloneChoice`), as /v1/messages takes
 * Anthropic's forced search (see forced-search): the search goes as the only tool of `chat` with
 * the choice left to the model, the function tools left out, as the call asked for (or the only
 * one allowed) is the search; a forced one's note says so. Without a web_search tool among
 * `tools` there is no search to ask for: refused, as OpenAI refuses a tool chosen but not sent.
 * A web_search tool sent for OpenAI's cached index (`external_web_access: false`) is not searched
 * (see convertTools): the request goes with no tools, and the note says why.
 */
export function searchAlone(
  chat: Obj,
  choice: unknown,
  tools: unknown,
  how: "forced" | "allowed",
): string | undefined {
  const asked = clippedJson(choice);
  const names = Array.isArray(chat.tools)
    ? (chat.tools as Obj[]).map((tool) => String((tool.function as Obj).name))
    : [];
  const sent = Array.isArray(tools) && tools.some(isWebSearchChoice);
  if (!sent)
    throw badRequest(
      `tool_choice ${asked} ${how === "forced" ? "forces the web search" : "allows only the web search"}, but tools has no web_search tool: add {"type": "web_search"} to tools, or leave tool_choice out`,
      "tool_choice",
      "invalid_value",
    );
  delete chat.tools;
  if (chat.web_search_options !== undefined)
    return how === "forced" ? forcedSearchText(choice, names) : undefined;
  const others = names.length === 0 ? "" : ` (${names.join(", ")} left out too)`;
  return `tool_choice ${asked} not sent, and the request went without tools${others}: its web_search tool has external_web_access false (OpenAI's cached index), which this gateway does not search, and the search is the only tool the choice asks for`;
}
