/**
 * OpenAI's `tool_choice: {"type": "allowed_tools", …}`: the model may call only the listed tools,
 * which stay in `tools` so that the prompt (and its cache) does not change between requests
 * (the Vercel AI SDK's `allowedTools`). Moonshot has no such choice, so the request goes with
 * `tools` narrowed to those listed and the choice's mode (`auto` or `required`) as its
 * `tool_choice`: what the model may call is the same.
 */
import type { ToolDefinition } from "../providers/types.js";
import { listedNames, quoted } from "../util/client-value.js";
import { isRecord } from "../util/is-record.js";
import { badRequest } from "./http-error.js";

export interface AllowedTools {
  mode: "auto" | "required";
  tools: ToolDefinition[];
}

/** Whether a chat request's `tool_choice` is the allowed-tools form. */
export function isAllowedToolsChoice(choice: unknown): choice is Record<string, unknown> {
  return isRecord(choice) && choice.type === "allowed_tools";
}

/**
 * The mode and the tools a chat-completions allowed-tools choice
 * (`{"type": "allowed_tools", "allowed_tools": {"mode", "tools": [{"type": "function",
 * "function": {"name"}}]}}`) leaves callable, each one of `tools`.
 */
export function allowedTools(
  choice: Record<string, unknown>,
  tools: readonly ToolDefinition[] | undefined,
): AllowedTools {
  const at = "tool_choice.allowed_tools";
  const allowed = choice.allowed_tools;
  if (!isRecord(allowed)) {
    throw badRequest(
      `${at} must be an object: {"mode": "auto" or "required", "tools": [{"type": "function", "function": {"name": …}}]}`,
      at,
      "invalid_type",
    );
  }
  const mode = allowed.mode;
  if (mode !== "auto" && mode !== "required") {
    throw badRequest(`${at}.mode must be "auto" or "required"; got ${quoted(mode)}`, `${at}.mode`);
  }
  if (!Array.isArray(allowed.tools) || allowed.tools.length === 0) {
    throw badRequest(
      `${at}.tools must list at least one tool of tools`,
      `${at}.tools`,
      "invalid_type",
    );
  }
  const offered = tools ?? [];
  // Looked up by name, not searched: a body within the size limit can carry tens of thousands
  // of tools and as many allowed entries, and a search per entry held the event loop for
  // seconds (60,000 of each, 5.9 MB: 9.7 s), every other request waiting.
  const offeredNames = new Set(offered.map((tool) => tool.function.name));
  const names = new Set<string>();
  allowed.tools.forEach((entry, i) => {
    const fn = isRecord(entry) && entry.type === "function" ? entry.function : undefined;
    const name = isRecord(fn) ? fn.name : undefined;
    if (typeof name !== "string") {
      throw badRequest(
        `${at}.tools[${i}] must be {"type": "function", "function": {"name": …}}`,
        `${at}.tools[${i}]`,
        "invalid_type",
      );
    }
    if (!offeredNames.has(name)) {
      const listed = offered.map((tool) => tool.function.name);
      throw badRequest(
        `${at}.tools[${i}] names function ${quoted(name)}, which is not among tools (${listedNames(listed, "none were sent")})`,
        `${at}.tools[${i}]`,
      );
    }
    names.add(name);
  });
  return { mode, tools: offered.filter((tool) => names.has(tool.function.name)) };
}

/**
 * The Responses API's form (`{"type": "allowed_tools", "mode", "tools": [{"type": "function",
 * "name"}]}`) as chat completions write it; web search entries are left out (the search is
 * offered or not by `tools`).
 */
export function chatAllowedTools(choice: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(choice.tools)) {
    throw badRequest(
      'tool_choice.tools must list the tools the model may call: [{"type": "function", "name": …}]',
      "tool_choice.tools",
      "invalid_type",
    );
  }
  const webSearch = (entry: unknown) => isRecord(entry) && /^web_search/.test(String(entry.type));
  const tools = choice.tools
    .filter((entry) => !webSearch(entry))
    .map((entry) =>
      // A custom tool goes upstream as a function (custom-tools.ts).
      isRecord(entry) && (entry.type === "function" || entry.type === "custom")
        ? { type: "function", function: { name: entry.name } }
        : entry,
    );
  return { type: "allowed_tools", allowed_tools: { mode: choice.mode, tools } };
}
