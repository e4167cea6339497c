/** The request checks the real endpoints perform, with their error messages. */
import type { SimError } from "./errors.js";
import type { SimModel } from "./models.js";
import { estimatePromptTokens } from "./tokens.js";

function bad(message: string): SimError {
  return { status: 400, type: "invalid_request_error", message };
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A refusal of `reasoning_effort`, or of the thinking object beside it. Reported from the real
 * endpoints: a non-string effort ("the reasoning_effort field (expected type string) is illegal")
 * and both on K2.x ("cannot specify both 'thinking' and 'reasoning_effort'"). K3 refusing a
 * thinking object, or an effort it lacks, is reported without its text; the wording is ours.
 */
function reasoningEffortError(model: SimModel, body: Json): SimError | undefined {
  const effort = body.reasoning_effort;
  const hasThinking = body.thinking !== undefined && body.thinking !== null;
  if (model.reasoningEfforts) {
    if (hasThinking) {
      return bad(
        `Invalid request: thinking is not supported by ${model.id}; set reasoning_effort instead`,
      );
    }
  } else if (effort !== undefined && hasThinking) {
    return bad("Invalid request: cannot specify both 'thinking' and 'reasoning_effort'");
  }
  if (effort === undefined || effort === null) return undefined;
  if (typeof effort !== "string") {
    return bad("Invalid request: the reasoning_effort field (expected type string) is illegal");
  }
  if (model.reasoningEfforts && !model.reasoningEfforts.includes(effort)) {
    return bad(
      `Invalid request: reasoning_effort must be one of ${model.reasoningEfforts.join(", ")}`,
    );
  }
  return undefined;
}

/** Whether thinking is on for this request, or an error when `thinking` is malformed. */
export function thinkingState(model: SimModel, body: Json): boolean | SimError {
  const thinking = body.thinking;
  if (thinking === undefined || thinking === null) {
    return model.thinking === "always" || (model.thinking === "optional" && model.thinkingDefault);
  }
  if (!isObject(thinking)) {
    return bad('Invalid request: thinking must be an object like {"type": "enabled"}');
  }
  if (thinking.type !== "enabled" && thinking.type !== "disabled") {
    return bad('Invalid request: thinking.type must be "enabled" or "disabled"');
  }
  if (model.refusesThinkingKeep && thinking.keep !== undefined && thinking.keep !== null) {
    return bad(`thinking.keep is not supported by model "${model.id}"`);
  }
  if (model.thinking === "always") {
    if (thinking.type === "disabled") {
      // What Kimi K2.7 Code answers (oh-my-pi #3852).
      return bad("invalid thinking: only type=enabled is allowed for this model");
    }
    return true;
  }
  if (model.thinking === "never") return false;
  return thinking.type === "enabled";
}

/** Moonshot's built-in tools (`{"type": "builtin_function", "function": {"name": "$web_search"}}`). */
const BUILTIN_TOOLS = new Set(["$web_search"]);

/** Whether the request offers Moonshot's built-in `$web_search`. */
export function offersWebSearch(body: Json): boolean {
  return (
    Array.isArray(body.tools) &&
    body.tools.some(
      (tool) =>
        isObject(tool) &&
        tool.type === "builtin_function" &&
        isObject(tool.function) &&
        tool.function.name === "$web_search",
    )
  );
}

const JSON_TYPES = new Set(["null", "boolean", "object", "array", "number", "integer", "string"]);

/**
 * A keyword whose value is not of the form Moonshot's validator (MoonshotAI/walle, "lite", the
 * interface default) accepts, in its words; undefined when all are well formed.
 */
function malformedKeyword(node: Record<string, unknown>): string | undefined {
  const type = node.type;
  if (type !== undefined) {
    if (Array.isArray(type)) {
      if (type.length === 0) return "type array cannot be empty";
      if (type.some((entry) => typeof entry !== "string")) return "invalid type in type array";
      if (type.some((entry) => !JSON_TYPES.has(entry as string))) return "invalid type";
    } else if (typeof type !== "string") return "type must be string or array of strings";
    else if (!JSON_TYPES.has(type)) return "invalid type";
  }
  if (node.enum !== undefined) {
    if (!Array.isArray(node.enum)) return "enum must be an array";
    if (node.enum.length === 0) return "enum array cannot be empty";
  }
  if (node.anyOf !== undefined) {
    if (!Array.isArray(node.anyOf)) return "anyOf must be an array";
    if (node.anyOf.length === 0 || node.anyOf.length > 500) return "anyOf must have 1-500 items";
  }
  if (node.properties !== undefined && !isObject(node.properties))
    return "properties must be an object";
  if (node.required !== undefined && Array.isArray(node.required)) {
    if (node.required.some((name) => typeof name !== "string"))
      return "items in required array must be strings";
  }
  return undefined;
}

/**
 * Moonshot's "flavored" JSON Schema check on one tool's parameters, with the real error text:
 * `… is not a valid moonshot flavored json schema, details: <At path 'properties.x': …>`. Paths
 * name keys from the root ('properties.a.items', 'properties.b.anyOf.properties.c'); the root
 * itself is 'root'. What it refuses, as reported from the real endpoints: a node without `type`
 * (only `anyOf` or a `$ref` may stand in), `type` beside `anyOf`, an object without a `required`
 * list, a `$ref` outside `#/$defs/`, a `$ref` with a keyword beside it other than a
 * description its target lacks, a `default` beside `anyOf`, and keywords of the wrong form (a property or `items` that is
 * not a schema object, an empty `enum` or `anyOf`, an unknown type).
 */
export function checkToolParameters(parameters: Json): SimError | undefined {
  if (Array.isArray(parameters.anyOf) && parameters.type !== undefined)
    return checkFlavoredSchema(parameters, "tools.function.parameters");
  if (parameters.type !== "object") {
    return bad('Invalid request: tools.function.parameters.type is required and must be "object"');
  }
  return checkFlavoredSchema(parameters, "tools.function.parameters");
}

/**
 * The same check on a `response_format` json_schema answer's schema, which Moonshot refuses with
 * the same details under its own name: "Invalid request: response_format.json_schema is not a
 * valid moonshot flavored json schema, details: <At path '$defs.ModificationDetails.properties.
 * after_section_id': keyword 'default' is not allowed at the same level as anyOf>"
 * (murtaza-nasir/maestro#34). Its root need not be an object; `{}` (any value) passes.
 */
export function checkAnswerSchema(schema: Json): SimError | undefined {
  if (Object.keys(schema).length === 0) return undefined;
  return checkFlavoredSchema(schema, "response_format.json_schema");
}

/**
 * Moonshot's flavored JSON Schema rules on `schema` (its `$defs` first, then the root), refused
 * as `<field> is not a valid moonshot flavored json schema`.
 */
function checkFlavoredSchema(parameters: Json, field: string): SimError | undefined {
  const defs = isObject(parameters.$defs) ? parameters.$defs : {};
  const flavorError = (path: string, problem: string) =>
    bad(
      `Invalid request: ${field} is not a valid moonshot flavored json schema, details: <At path '${path || "root"}': ${problem}>`,
    );
  const under = (path: string, key: string) => (path ? `${path}.${key}` : key);

  const check = (node: unknown, path: string): SimError | undefined => {
    if (!isObject(node)) return flavorError(path, "schema must be an object");
    const malformed = malformedKeyword(node);
    if (malformed) return flavorError(path, malformed);
    const ref = node.$ref;
    if (typeof ref === "string") {
      if (!ref.startsWith("#/$defs/")) {
        return flavorError(under(path, "$ref"), "references must start with #/$defs/");
      }
      const target = defs[ref.slice("#/$defs/".length)];
      if (!isObject(target)) return flavorError(under(path, "$ref"), `reference ${ref} not found`);
      const clash = Object.keys(node).find((key) => key !== "$ref" && key in target);
      if (clash)
        return flavorError(path, `conflicting keywords found after $ref expansion: ${clash}`);
      // Only a description may stand beside a $ref.
      if (Object.keys(node).some((key) => key !== "$ref" && key !== "description")) {
        return flavorError(
          path,
          "when using $ref, type should be defined in the referenced schema instead of the parent schema",
        );
      }
      return undefined;
    }
    if (Array.isArray(node.anyOf)) {
      if (node.type !== undefined) {
        return flavorError(
          path,
          "when using anyOf, type should be defined in anyOf items instead of the parent schema",
        );
      }
      if (node.default !== undefined) {
        return flavorError(path, "keyword 'default' is not allowed at the same level as anyOf");
      }
      for (const branch of node.anyOf) {
        const error = check(branch, under(path, "anyOf"));
        if (error) return error;
      }
      return undefined;
    }
    if (node.type === undefined) return flavorError(path, "type is not defined");
    if (node.type === "object") {
      if (!Array.isArray(node.required)) {
        return flavorError(under(path, "required"), "required must be an array");
      }
      if (isObject(node.properties)) {
        for (const [name, property] of Object.entries(node.properties)) {
          if (!isObject(property)) {
            return flavorError(
              under(path, "properties"),
              `property schema for '${name}' must be an object`,
            );
          }
          const error = check(property, under(path, `properties.${name}`));
          if (error) return error;
        }
      }
      if (isObject(node.additionalProperties)) {
        const error = check(node.additionalProperties, under(path, "additionalProperties"));
        if (error) return error;
      }
    }
    if (node.items !== undefined && !isObject(node.items))
      return flavorError(under(path, "items"), "items must be an object");
    if (node.type === "array" && isObject(node.items))
      return check(node.items, under(path, "items"));
    return undefined;
  };

  for (const [name, def] of Object.entries(defs)) {
    const error = check(def, `$defs.${name}`);
    if (error) return error;
  }
  return check(parameters, "");
}

/** No text at all: absent, null, "" or only empty text parts. */
function isBlank(content: unknown): boolean {
  if (content === undefined || content === null || content === "") return true;
  return (
    Array.isArray(content) &&
    content.every((part) => isObject(part) && part.type === "text" && part.text === "")
  );
}

/** The ids of `calls` that no tool message in the run right after `index` answers. */
function unansweredToolCalls(messages: unknown[], index: number, calls: unknown[]): string[] {
  const answered = new Set<unknown>();
  for (let next = index + 1; next < messages.length; next++) {
    const message = messages[next];
    if (!isObject(message) || message.role !== "tool") break;
    answered.add(message.tool_call_id);
  }
  return calls
    .map((call) => (isObject(call) && typeof call.id === "string" ? call.id : ""))
    .filter((id) => !answered.has(id));
}

function hasEmptyText(content: unknown): boolean {
  if (content === "") return true;
  if (Array.isArray(content)) {
    if (content.length === 0) return true;
    return content.some((part) => isObject(part) && part.type === "text" && part.text === "");
  }
  return false;
}

/** Any part but text and video counts as an image (an unknown part type is refused as one). */
function hasImage(content: unknown): boolean {
  return (
    Array.isArray(content) &&
    content.some((part) => isObject(part) && part.type !== "text" && part.type !== "video_url")
  );
}

/**
 * Moonshot's video parts (platform docs, chat API: `{"type": "video_url", "video_url": {"url":
 * "data:video/mp4;base64,…"}}`, or `ms://<file id>` for an uploaded file), taken only by a model
 * that lists supports_video_in (kimi-k2.5). The wording of these refusals is the simulator's own.
 */
function videoPartProblem(content: unknown, model: SimModel): string | undefined {
  if (!Array.isArray(content)) return undefined;
  for (const part of content) {
    if (!isObject(part) || part.type !== "video_url") continue;
    if (!model.supportsVideoIn)
      return `Invalid request: model ${model.id} does not support video input`;
    const url = isObject(part.video_url) ? part.video_url.url : undefined;
    if (typeof url !== "string" || !/^(?:data:video\/[\w.+-]+;base64,.|ms:\/\/.)/.test(url)) {
      return "Invalid request: video_url.url must be a base64 data URL (data:video/mp4;base64,...) or ms://<file_id>";
    }
  }
  return undefined;
}

export interface ValidatedChat {
  model: SimModel;
  thinking: boolean;
  promptTokens: number;
}

export function validateChat(
  body: unknown,
  models: ReadonlyMap<string, SimModel>,
  surface: SimModel["surface"],
  tokenFactor = 1,
  tokenLimitWording: "requested" | "short" = "requested",
): ValidatedChat | SimError {
  if (!isObject(body)) return bad("Invalid request: body must be a JSON object");
  if (typeof body.model !== "string") return bad("Invalid request: model is required");
  const model = models.get(body.model);
  if (!model || model.surface !== surface) {
    return {
      status: 404,
      type: "resource_not_found_error",
      message: `Not found the model ${body.model} or Permission denied`,
    };
  }
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) {
    return bad("Invalid request: messages must be a non-empty array");
  }
  const effortError = reasoningEffortError(model, body);
  if (effortError) return effortError;
  const thinking = thinkingState(model, body);
  if (typeof thinking !== "boolean") return thinking;

  if (thinking && offersWebSearch(body)) {
    // Moonshot's guide says $web_search does not work with thinking on; this wording is ours.
    return bad(
      'Invalid request: the builtin function $web_search is not supported with thinking enabled; set thinking to {"type": "disabled"}',
    );
  }
  if (body.tool_choice === "required" && thinking) {
    return bad(
      "Invalid request: tool_choice 'required' is incompatible with thinking enabled, use 'auto' or 'none'",
    );
  }
  // A named function is forced too (oh-my-pi#827, #1077 quote "tool_choice 'specified' …").
  if (isObject(body.tool_choice) && thinking) {
    return bad(
      "Invalid request: tool_choice 'specified' is incompatible with thinking enabled, use 'auto' or 'none'",
    );
  }

  if (body.temperature !== undefined) {
    const t = body.temperature;
    if (typeof t !== "number") return bad("invalid temperature: must be a number");
    const fixed = (thinking && model.fixedTemperatureThinking) || model.fixedTemperature;
    if (fixed !== undefined && t !== fixed) {
      return bad(`invalid temperature: only ${fixed} is allowed for this model`);
    }
    if (model.fixedTemperature === undefined && (t < 0 || t > 1)) {
      return bad("invalid temperature: must be in [0, 1]");
    }
  }

  const fixedValues: Array<[string, number | undefined]> = [
    ["top_p", model.fixedTopP],
    ["presence_penalty", model.fixedPenalty],
    ["frequency_penalty", model.fixedPenalty],
  ];
  for (const [param, fixed] of fixedValues) {
    const value = body[param];
    if (value === undefined || value === null || fixed === undefined) continue;
    if (typeof value !== "number") return bad(`invalid ${param}: must be a number`);
    if (value !== fixed) return bad(`invalid ${param}: only ${fixed} is allowed for this model`);
  }

  // Moonshot documents at most 5 stop words of at most 32 bytes each (its chat API's `stop`); the
  // wording of the refusal is ours.
  const stop = typeof body.stop === "string" ? [body.stop] : body.stop;
  if (stop !== undefined && stop !== null) {
    if (!Array.isArray(stop) || stop.some((entry) => typeof entry !== "string"))
      return bad("Invalid request: stop must be a string or a list of strings");
    if (stop.length > 5) return bad("Invalid request: too many stop words, at most 5 are allowed");
    if (stop.some((entry) => Buffer.byteLength(entry, "utf8") > 32))
      return bad("Invalid request: each stop word must not exceed 32 bytes");
  }

  if (body.tools !== undefined) {
    if (!Array.isArray(body.tools)) return bad("Invalid request: tools must be an array");
    for (const [i, tool] of body.tools.entries()) {
      if (isObject(tool) && tool.type === "builtin_function" && isObject(tool.function)) {
        // Moonshot's own tools; the refusal of an unknown one is worded by us.
        if (!BUILTIN_TOOLS.has(String(tool.function.name))) {
          return bad(`Invalid request: unknown builtin function ${String(tool.function.name)}`);
        }
        continue;
      }
      if (!isObject(tool) || !isObject(tool.function) || typeof tool.function.name !== "string") {
        return bad(`Invalid request: tools[${i}] must be a function tool with a name`);
      }
      if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(tool.function.name)) {
        return bad(
          "Invalid request: function name is invalid, must start with a letter and can contain letters, numbers, underscores, and dashes",
        );
      }
      const parameters = tool.function.parameters;
      if (parameters === undefined) continue;
      if (!isObject(parameters)) {
        return bad(
          'Invalid request: tools.function.parameters.type is required and must be "object"',
        );
      }
      const schemaError = checkToolParameters(parameters);
      if (schemaError) return schemaError;
    }
  }

  const format = body.response_format;
  if (isObject(format) && format.type === "json_schema" && isObject(format.json_schema)) {
    const schema = format.json_schema.schema;
    if (isObject(schema)) {
      const schemaError = checkAnswerSchema(schema);
      if (schemaError) return schemaError;
    }
  }

  // Preserved thinking: earlier turns' reasoning stays in view, so every assistant turn must bring
  // its own (MoonshotAI/kimi-cli#2498, with this text). An empty string counts as given: reports
  // differ on that (nanobot#2598: accepted; earendil-works/pi#4251: K2.6 treats it as missing),
  // so only a model with refusesEmptyReasoning refuses it on a tool-call turn.
  const keepsAll = thinking && isObject(body.thinking) && body.thinking.keep === "all";
  const knownToolCallIds = new Set<string>();
  for (const [index, message] of messages.entries()) {
    if (!isObject(message)) return bad(`Invalid request: messages[${index}] must be an object`);
    const role = message.role;
    if (role === "developer") {
      return bad(`Invalid request: unsupported role 'developer' at message index ${index}`);
    }
    if (role !== "system" && role !== "user" && role !== "assistant" && role !== "tool") {
      return bad(`Invalid request: unknown role '${String(role)}' at message index ${index}`);
    }
    if (surface === "kimi-code" && "content" in message && hasEmptyText(message.content)) {
      return bad("Invalid request: text content is empty");
    }
    const videoProblem = videoPartProblem(message.content, model);
    if (videoProblem) return bad(videoProblem);
    if (hasImage(message.content) && !model.supportsImageIn) {
      return bad(`Invalid request: model ${model.id} does not support image input`);
    }
    // Text-only models take plain string content only (moonshot-api.md, Requests).
    if (Array.isArray(message.content) && !model.supportsImageIn) {
      return bad(`Invalid request: content must be a string for text-only model ${model.id}`);
    }
    const hasToolCalls = Array.isArray(message.tool_calls) && message.tool_calls.length > 0;
    if (role === "assistant" && !hasToolCalls && !message.partial && isBlank(message.content)) {
      return bad(
        `Invalid request: the message at position ${index} with role 'assistant' must not be empty`,
      );
    }
    // A partial-mode prefill is the answer being written, not an earlier turn: its reasoning is
    // the one the model is about to make, so it needs none (assumed; no report says otherwise).
    if (
      keepsAll &&
      role === "assistant" &&
      message.partial !== true &&
      typeof message.reasoning_content !== "string"
    ) {
      return bad(
        `Invalid request: preserved thinking (thinking.keep=all) requires reasoning_content on every assistant message, but assistant message at index ${index} is missing reasoning_content`,
      );
    }
    if (role === "assistant" && hasToolCalls && Array.isArray(message.tool_calls)) {
      const unanswered = unansweredToolCalls(messages, index, message.tool_calls);
      if (unanswered.length > 0) {
        return bad(
          `an assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${unanswered.join(", ")}`,
        );
      }
      const reasoning = message.reasoning_content;
      if (
        thinking &&
        (typeof reasoning !== "string" || (reasoning === "" && model.refusesEmptyReasoning))
      ) {
        return bad(
          `Invalid request: thinking is enabled but reasoning_content is missing in assistant tool call message at index ${index}`,
        );
      }
      for (const call of message.tool_calls) {
        if (isObject(call) && typeof call.id === "string") knownToolCallIds.add(call.id);
      }
    }
    if (role === "tool") {
      const id = message.tool_call_id;
      if (typeof id !== "string" || !knownToolCallIds.has(id)) {
        return bad(
          `Invalid request: tool_call_id ${JSON.stringify(id)} at message index ${index} does not match any earlier tool call`,
        );
      }
    }
  }

  const promptTokens = Math.ceil(estimatePromptTokens(body) * tokenFactor);
  const maxTokens =
    typeof body.max_tokens === "number"
      ? body.max_tokens
      : typeof body.max_completion_tokens === "number"
        ? body.max_completion_tokens
        : 1024;
  if (promptTokens + maxTokens > model.contextLength) {
    const requested =
      tokenLimitWording === "short" ? "" : ` (requested: ${promptTokens + maxTokens})`;
    return bad(
      `Invalid request: Your request exceeded model token limit: ${model.contextLength}${requested}`,
    );
  }
  return { model, thinking, promptTokens };
}
