/**
 * The checks of a chat-completions request's tools and its choice among them: `tools` (and the
 * deprecated `functions`), `tool_choice` (and `function_call`), a forced call with nothing to
 * call, `parallel_tool_calls` without tools, and a function named as Moonshot's search beside
 * `web_search_options`. Tools written as another API writes them are refused saying which. Pure.
 */
import type { ChatRequest, ToolChoice, ToolDefinition } from "../providers/types.js";
import { describe, listedNames, quoted } from "../util/client-value.js";
import { isGiven } from "../util/is-given.js";
import { isRecord } from "../util/is-record.js";
import { badRequest, type GatewayHttpError } from "./http-error.js";
import { isMoonshotSearchName, searchNameClash } from "./search-name-clash.js";
import { chatSearchToolShape } from "./search-tool-shapes.js";
import { checkUniqueToolNames, type ToolParts } from "./unique-tool-names.js";

type Obj = Record<string, unknown>;

/*
 * OpenAI takes null for "not given", and what is not given is not sent on: a function's optional
 * fields are removed when null, from the parsed body's own objects (no copy is made).
 */

/** Removes a tool function's optional fields that are null. */
function dropNullFunctionFields(fn: Obj): void {
  if (fn.description === null) delete fn.description;
  if (fn.parameters === null) delete fn.parameters;
  if (fn.strict === null) delete fn.strict;
}

/**
 * A tool function's `description` (a string) and `strict` (a boolean), as OpenAI checks them.
 * Before, one of another kind went to the provider as sent (a `strict` was dropped unchecked for
 * a provider without strict mode), where OpenAI refuses it with a 400 naming the field.
 */
function checkFunctionFields(fn: Obj, at: string): void {
  if (fn.description !== undefined && typeof fn.description !== "string") {
    throw badRequest(
      `${at}.description must be a string, got ${describe(fn.description)}`,
      `${at}.description`,
      "invalid_type",
    );
  }
  if (fn.strict !== undefined && typeof fn.strict !== "boolean") {
    throw badRequest(
      `${at}.strict must be a boolean, got ${describe(fn.strict)}`,
      `${at}.strict`,
      "invalid_type",
    );
  }
}

/** The deprecated `functions`: each entry is a tool's function. */
export function legacyTools(value: unknown): CheckedTools {
  if (!Array.isArray(value))
    throw badRequest("functions must be an array", "functions", "invalid_type");
  const functions = value.map((fn: unknown, i) => {
    const at = `functions[${i}]`;
    if (isRecord(fn)) dropNullFunctionFields(fn);
    if (!isRecord(fn) || typeof fn.name !== "string" || fn.name === "") {
      throw badRequest(`${at}.name must be a non-empty string`, `${at}.name`, "invalid_type");
    }
    if (fn.parameters !== undefined && !isRecord(fn.parameters)) {
      throw badRequest(`${at}.parameters must be an object`, `${at}.parameters`, "invalid_type");
    }
    checkFunctionFields(fn, at);
    return { type: "function", function: fn } as ToolDefinition;
  });
  const { repeats, notes } = checkUniqueToolNames(
    functions.map((tool) => toolParts(tool.function)),
    "functions",
    { name: ".name", description: ".description", parameters: ".parameters" },
  );
  return { tools: functions.filter((_, i) => !repeats.has(i)), notes };
}

/** What of a chat tool's function is compared with another of its name. */
function toolParts(fn: ToolDefinition["function"]): ToolParts {
  return { name: fn.name, description: fn.description, parameters: fn.parameters };
}

/** The deprecated `function_call` choice as a `tool_choice`. */
export function legacyToolChoice(value: unknown): ToolChoice {
  if (value === "auto" || value === "none") return value;
  if (isRecord(value) && typeof value.name === "string")
    return { type: "function", function: { name: value.name } };
  throw badRequest(`function_call must be "auto", "none" or {"name": …}`, "function_call");
}

/**
 * Refuses a function named `$web_search` (in `tools`, or the deprecated `functions` when
 * `legacy`) beside `web_search_options`: upstream it would share its name with Moonshot's search,
 * which the gateway adds for it (see search-name-clash). Alone it goes under a name Moonshot takes.
 */
export function checkSearchNameApart(given: unknown, legacy: boolean): void {
  if (!Array.isArray(given)) return;
  const nameOf = (entry: unknown) => {
    const fn = legacy
      ? entry
      : isRecord(entry) && entry.type === "function"
        ? entry.function
        : undefined;
    return isRecord(fn) ? fn.name : undefined;
  };
  const clash = given.findIndex((entry) => isMoonshotSearchName(nameOf(entry)));
  if (clash < 0) return;
  const at = legacy ? `functions[${clash}].name` : `tools[${clash}].function.name`;
  throw searchNameClash(String(nameOf(given[clash])), at, "web_search_options");
}

/** A request's tools as sent upstream, and notes for those left out as given twice. */
interface CheckedTools {
  tools: ToolDefinition[];
  notes: string[];
}

export function checkTools(value: unknown): CheckedTools {
  if (!Array.isArray(value)) throw badRequest("tools must be an array", "tools", "invalid_type");
  for (let i = 0; i < value.length; i++) {
    const tool = value[i];
    const at = `tools[${i}]`;
    const otherShape = otherApiTool(tool, at) ?? chatSearchToolShape(tool, at);
    if (otherShape) throw otherShape;
    if (!isRecord(tool) || (tool.type !== "function" && tool.type !== "builtin_function")) {
      if (isRecord(tool) && tool.type === "custom") throw customToolRefusal(tool, at);
      throw badRequest(
        `${at}.type must be "function" (or "builtin_function" for Moonshot's $web_search)`,
        `${at}.type`,
      );
    }
    const fn = tool.function;
    if (isRecord(fn)) dropNullFunctionFields(fn);
    if (!isRecord(fn) || typeof fn.name !== "string" || fn.name === "") {
      throw badRequest(
        `${at}.function.name must be a non-empty string`,
        `${at}.function.name`,
        "invalid_type",
      );
    }
    if (fn.parameters !== undefined && !isRecord(fn.parameters)) {
      throw badRequest(
        `${at}.function.parameters must be an object`,
        `${at}.function.parameters`,
        "invalid_type",
      );
    }
    checkFunctionFields(fn, `${at}.function`);
  }
  const tools = value as ToolDefinition[];
  const { repeats, notes } = checkUniqueToolNames(
    tools.map((tool) => toolParts(tool.function)),
    "tools",
    {
      name: ".function.name",
      description: ".function.description",
      parameters: ".function.parameters",
    },
  );
  return { tools: tools.filter((_, i) => !repeats.has(i)), notes };
}

/**
 * OpenAI's custom tool on chat completions (`{"type": "custom", "custom": {"name": …}}`, free-form
 * text in place of JSON arguments), which the gateway answers on /v1/responses alone (as a
 * function whose one string argument is the text); before, the refusal said only that the type
 * must be "function", as if the client had misspelt it.
 */
function customToolRefusal(tool: Obj, at: string): GatewayHttpError {
  const custom = tool.custom;
  const name = isRecord(custom) && typeof custom.name === "string" ? ` ${quoted(custom.name)}` : "";
  return badRequest(
    `${at} is a custom tool${name} (free-form text input), which chat completions here do not take: send the request to POST /v1/responses, which takes custom tools, or define the tool as a function whose one string parameter holds the text`,
    `${at}.type`,
    "unsupported_value",
  );
}

/**
 * A tool written as another API writes one, with a name and no `function`: the Responses API's
 * `{"type": "function", "name", "parameters"}`, or the Anthropic Messages API's `{"name",
 * "input_schema"}`. Their refusal said only that `function.name` or `type` was wrong, which did
 * not tell a client written for the other API what shape chat completions want.
 */
function otherApiTool(tool: unknown, at: string): GatewayHttpError | undefined {
  if (!isRecord(tool) || isGiven(tool.function) || typeof tool.name !== "string") return undefined;
  const name = quoted(tool.name);
  if (tool.type === "function")
    return badRequest(
      `${at}.function is required: ${at} has its name at the top level, as the Responses API writes a tool; chat completions take it inside function: {"type": "function", "function": {"name": ${name}, "description": …, "parameters": {…}}}`,
      `${at}.function`,
      "missing_required_parameter",
    );
  if (tool.type === undefined && "input_schema" in tool)
    return badRequest(
      `${at}.type is required: ${at} is written as the Anthropic Messages API writes a tool (name, input_schema); chat completions take {"type": "function", "function": {"name": ${name}, "description": …, "parameters": <its input_schema>}}, and /v1/messages takes it as it is`,
      `${at}.type`,
      "missing_required_parameter",
    );
  return undefined;
}

export function checkToolChoice(value: unknown): ToolChoice {
  if (value === "auto" || value === "none" || value === "required") return value;
  // The Responses API names the function beside the type; chat completions nest it.
  if (
    isRecord(value) &&
    value.type === "function" &&
    !isGiven(value.function) &&
    typeof value.name === "string"
  )
    throw badRequest(
      `tool_choice.function is required: {"type": "function", "name": …} is the Responses API's form; chat completions take {"type": "function", "function": {"name": ${quoted(value.name)}}}`,
      "tool_choice.function",
      "missing_required_parameter",
    );
  if (isRecord(value) && value.type === "function" && isRecord(value.function)) {
    if (typeof value.function.name === "string") return value as ToolChoice;
  }
  throw badRequest(
    `tool_choice must be "auto", "none", "required", {"type":"function","function":{"name":…}} or {"type":"allowed_tools","allowed_tools":{…}}`,
    "tool_choice",
  );
}

/** A deprecated field sent beside the one that replaced it. */
export function bothSent(legacy: string, current: string): GatewayHttpError {
  return badRequest(
    `${legacy} and ${current} were both sent: ${legacy} is the deprecated form of ${current}; send one of them`,
    legacy,
  );
}

/** A `tool_choice` that names a function must name one of `tools`, as OpenAI requires. */
export function checkChoiceOffered(
  choice: ToolChoice,
  tools: readonly ToolDefinition[] | undefined,
  param: string,
): void {
  if (typeof choice !== "object") return;
  const name = choice.function.name;
  if (tools?.some((tool) => tool.function.name === name)) return;
  const offered = tools?.map((tool) => tool.function.name) ?? [];
  throw badRequest(
    `${param} names function ${quoted(name)}, which is not among ${param === "tool_choice" ? "tools" : "functions"} (${listedNames(offered, "none were sent")})`,
    param,
  );
}

/**
 * A forced tool call needs a tool to call: OpenAI refuses `tool_choice: "required"` without
 * `tools`, and the provider, sent no tools, would answer in text the client did not ask for.
 * `web_search_options` counts, as the gateway gives the model its web search tool for it.
 */
export function checkSomethingToCall(request: ChatRequest, webSearch: boolean): void {
  if (request.toolChoice !== "required" || webSearch) return;
  if (request.tools !== undefined && request.tools.length > 0) return;
  throw badRequest(
    "tool_choice asks for a tool call, but the request has no tools: send the tools the model must choose from, or leave tool_choice out",
    "tool_choice",
    "invalid_value",
  );
}

/**
 * `parallel_tool_calls` is about calling tools: in a request without `tools` there is nothing it
 * could change, so it is not sent upstream and the request is answered. OpenAI refuses it there,
 * but Roo Code (versions that default it to true) sends it with its context condensing's
 * request, which has no tools: refused, that condensing failed each time. The deprecated `functions`
 * and `web_search_options` count as tools (the gateway offers the model its search tool for the
 * latter). Takes the field out of the parsed body, which is the client's own.
 */
export function dropParallelCallsWithoutTools(body: Obj): void {
  if (!isGiven(body.parallel_tool_calls)) return;
  if (isGiven(body.tools) || isGiven(body.functions) || isGiven(body.web_search_options)) return;
  delete body.parallel_tool_calls;
}
