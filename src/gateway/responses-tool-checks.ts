/**
 * A Responses request's `tools` as chat-completions tools: function, custom (Codex's free-form
 * tools) and namespace tools as functions, OpenAI's web search tool answered with Moonshot's,
 * other built-in tools refused; a function named as Moonshot's search beside it refused; and
 * `max_tool_calls`, which bounds built-in tool calls only. Pure.
 */
import { describe, quoted } from "../util/client-value.js";
import { isRecord } from "../util/is-record.js";
import { customToolAsFunction } from "./custom-tools.js";
import { badRequest } from "./http-error.js";
import { checkFlatNamesApart, namespaceFunctions } from "./responses-namespaces.js";
import { isMoonshotSearchName, searchNameClash } from "./search-name-clash.js";
import { responsesSearchSettingNotes } from "./search-tool-settings.js";
import { responsesSearchToolShape } from "./search-tool-shapes.js";
import { checkUniqueToolNames, type ToolParts } from "./unique-tool-names.js";

type Obj = Record<string, unknown>;

/** OpenAI's web search tool, by its current and dated names. */
export const WEB_SEARCH_TOOL = /^web_search(?:_preview)?(?:_\d{4}_\d{2}_\d{2})?$/;

/**
 * Responses tools as chat tools, and whether one of them was OpenAI's web search (answered
 * with Moonshot's `$web_search`, as `web_search_options` asks on chat completions).
 */
export function convertTools(tools: unknown): {
  tools: Obj[];
  webSearch: boolean;
  /** Where the web search tool is in `tools` (`tools[1]`), when one is answered. */
  webSearchAt: string;
  notes: string[];
  /** What of the web search tool's settings Moonshot's search cannot use: told when it runs. */
  searchSettingNotes: string[];
} {
  if (!Array.isArray(tools)) throw badRequest("tools must be an array", "tools", "invalid_type");
  let webSearch = false;
  let webSearchAt = "tools";
  /** What of the web search tool's settings Moonshot's search cannot use. */
  const settingNotes: string[] = [];
  const functions: Obj[] = [];
  /** For each chat function, its index in the client's `tools` (a namespace gives several). */
  const sources: number[] = [];
  /** Each function or custom tool's parts by its index in `tools` (none for the others). */
  const parts: (ToolParts | undefined)[] = [];
  tools.forEach((tool, i) => {
    const at = `tools[${i}]`;
    if (isRecord(tool) && typeof tool.type === "string" && WEB_SEARCH_TOOL.test(tool.type)) {
      // `external_web_access: false` asks for OpenAI's cached index, no live fetch (Codex's
      // default web_search = "cached" sends it on every turn): Moonshot's search is live and
      // paid for, so such a tool is left out rather than answered with it.
      if (tool.external_web_access !== false) {
        webSearch = true;
        webSearchAt = at;
        settingNotes.push(...responsesSearchSettingNotes(tool, at));
      }
      return;
    }
    if (isRecord(tool) && tool.type === "custom") {
      // Codex's free-form tools (apply_patch): a function of one string the text goes in.
      functions.push(customToolAsFunction(tool, at));
      sources.push(i);
      // A custom tool's input is free-form text shaped by its `format`, in place of parameters.
      parts[i] = {
        name: tool.name as string,
        description: tool.description,
        parameters: tool.format,
      };
      return;
    }
    if (isRecord(tool) && tool.type === "namespace") {
      // Codex's grouped tools (multi_agent_v1): each function by its flat name upstream.
      namespaceFunctions(tool, at).forEach((fn, j) => {
        functions.push(chatFunction(fn, `${at}.tools[${j}]`));
        sources.push(i);
      });
      return;
    }
    const otherSearch = responsesSearchToolShape(tool, at);
    if (otherSearch) throw otherSearch;
    if (!isRecord(tool) || tool.type !== "function") {
      const given = isRecord(tool) ? quoted(tool.type) : describe(tool);
      throw badRequest(
        `${at}.type must be "function", "custom", "namespace" or "web_search", got ${given}: other built-in tools (file search, computer use, code interpreter, local shell) are not available through this gateway`,
        `${at}.type`,
        "unsupported_value",
      );
    }
    functions.push(chatFunction(tool, at));
    sources.push(i);
    parts[i] = {
      name: tool.name as string,
      description: tool.description,
      parameters: tool.parameters,
    };
  });
  const { repeats, notes } = checkUniqueToolNames(Array.from(parts), "tools", {
    name: ".name",
    description: ".description",
    parameters: ".parameters",
  });
  // A repeat left out goes upstream as nothing; the others keep their client indexes.
  checkFlatNamesApart(tools.map((tool, i) => (repeats.has(i) ? undefined : tool)));
  return {
    tools: functions.filter((_, k) => !repeats.has(sources[k] as number)),
    webSearch,
    webSearchAt,
    notes,
    searchSettingNotes: settingNotes,
  };
}

/**
 * Refuses a function or custom tool named `$web_search` beside the web search tool at
 * `searchAt` that will run: upstream it would share its name with Moonshot's search (see
 * search-name-clash). Alone it goes under a name Moonshot takes, as any other name would.
 */
export function checkSearchNameApart(tools: readonly unknown[], searchAt: string): void {
  const clash = tools.findIndex(
    (tool) =>
      isRecord(tool) &&
      (tool.type === "function" || tool.type === "custom") &&
      isMoonshotSearchName(tool.name),
  );
  if (clash >= 0)
    throw searchNameClash(
      String((tools[clash] as Obj).name),
      `tools[${clash}].name`,
      `${searchAt}, the web_search tool`,
    );
}

/** A Responses function tool as a chat one. */
function chatFunction(tool: Obj, at: string): Obj {
  if (typeof tool.name !== "string" || tool.name === "") {
    throw badRequest(`${at}.name must be a non-empty string`, `${at}.name`, "invalid_type");
  }
  if (tool.parameters !== undefined && tool.parameters !== null && !isRecord(tool.parameters)) {
    throw badRequest(`${at}.parameters must be an object`, `${at}.parameters`, "invalid_type");
  }
  const fn: Obj = { name: tool.name };
  if (tool.description !== undefined) fn.description = tool.description;
  if (tool.parameters !== undefined && tool.parameters !== null) fn.parameters = tool.parameters;
  if (typeof tool.strict === "boolean") fn.strict = tool.strict;
  return { type: "function", function: fn };
}

/**
 * `max_tool_calls`, checked (a positive integer). OpenAI's bound on the calls of built-in tools
 * in one response; the gateway answers only one built-in tool, web search, and cannot bound its
 * calls (Moonshot's search runs as rounds of calls, each round any number), so with web_search
 * among the tools the bound is refused rather than promised. Without it no built-in tool is
 * called, so no bound can be passed: taken, and the client is told so (as a note). Function
 * calls are the client's own to count, as on OpenAI.
 */
export function maxToolCallsNote(value: unknown, webSearch: boolean): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw badRequest(
      `max_tool_calls must be a positive integer, got ${typeof value === "number" ? value : describe(value)}`,
      "max_tool_calls",
      typeof value === "number" ? "invalid_value" : "invalid_type",
    );
  }
  if (webSearch) {
    throw badRequest(
      "max_tool_calls cannot be kept with the web_search tool: this gateway cannot bound how many searches Moonshot's web search makes; send the request without max_tool_calls, or without web_search",
      "max_tool_calls",
      "unsupported_parameter",
    );
  }
  return [
    `max_tool_calls ${value} has nothing to bound: it counts built-in tool calls, and without web_search this request offers none (function calls are the client's to count)`,
  ];
}
