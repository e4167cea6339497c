/** The request checks the real endpoints perform, with their error messages. */
import type { SimError } from "./errors.js";
import type { SimModel } from "./models.js";
import { estimateMessagesTokens } from "./tokens.js";

function bad(message: string): SimError {
  return { status: 400, type: "invalid_request_error", message };
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
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
  if (model.thinking === "always") {
    if (thinking.type === "disabled") {
      return bad(`Invalid request: thinking cannot be disabled for model ${model.id}`);
    }
    return true;
  }
  if (model.thinking === "never") return false;
  return thinking.type === "enabled";
}

function checkSchema(schema: unknown, path: string): SimError | undefined {
  if (!isObject(schema)) return bad(`Invalid request: ${path} must be an object`);
  const properties = schema.properties;
  if (isObject(properties)) {
    for (const [name, property] of Object.entries(properties)) {
      if (!isObject(property)) return bad(`Invalid request: ${path}.properties.${name} is invalid`);
      const typed =
        "type" in property ||
        "anyOf" in property ||
        "oneOf" in property ||
        "enum" in property ||
        "$ref" in property;
      if (!typed) {
        return bad(`Invalid request: ${path}.properties.${name} must have a type`);
      }
      if (property.type === "object") {
        const nested = checkSchema(property, `${path}.properties.${name}`);
        if (nested) return nested;
      }
    }
  }
  return undefined;
}

function hasEmptyText(content: unknown): boolean {
  if (content === "") return true;
  if (Array.isArray(content)) {
    if (content.length === 0) return true;
    return content.some((part) => isObject(part) && part.type === "text" && part.text === "");
  }
  return false;
}

function hasImage(content: unknown): boolean {
  return Array.isArray(content) && content.some((part) => isObject(part) && part.type !== "text");
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
  const thinking = thinkingState(model, body);
  if (typeof thinking !== "boolean") return thinking;

  if (body.tool_choice === "required" && thinking) {
    return bad(
      "Invalid request: tool_choice 'required' is incompatible with thinking enabled, use 'auto' or 'none'",
    );
  }

  if (body.temperature !== undefined) {
    const t = body.temperature;
    if (typeof t !== "number") return bad("invalid temperature: must be a number");
    if (model.fixedTemperature !== undefined && t !== model.fixedTemperature) {
      return bad(`invalid temperature: only ${model.fixedTemperature} is allowed for this model`);
    }
    if (model.fixedTemperature === undefined && (t < 0 || t > 1)) {
      return bad("invalid temperature: must be in [0, 1]");
    }
  }

  if (body.tools !== undefined) {
    if (!Array.isArray(body.tools)) return bad("Invalid request: tools must be an array");
    for (const [i, tool] of body.tools.entries()) {
      if (!isObject(tool) || !isObject(tool.function) || typeof tool.function.name !== "string") {
        return bad(`Invalid request: tools[${i}] must be a function tool with a name`);
      }
      const parameters = tool.function.parameters;
      if (parameters === undefined) continue;
      if (!isObject(parameters) || parameters.type !== "object") {
        return bad(
          `Invalid request: tools[${i}].function.parameters root must be of type "object"`,
        );
      }
      const schemaError = checkSchema(parameters, `tools[${i}].function.parameters`);
      if (schemaError) return schemaError;
    }
  }

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
    if (hasImage(message.content) && !model.supportsImageIn) {
      return bad(`Invalid request: model ${model.id} does not support image input`);
    }
    // Text-only models take plain string content only (moonshot-api.md, Requests).
    if (Array.isArray(message.content) && !model.supportsImageIn) {
      return bad(`Invalid request: content must be a string for text-only model ${model.id}`);
    }
    if (role === "assistant" && Array.isArray(message.tool_calls) && message.tool_calls.length) {
      if (thinking && typeof message.reasoning_content !== "string") {
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

  const promptTokens = estimateMessagesTokens(messages);
  const maxTokens =
    typeof body.max_tokens === "number"
      ? body.max_tokens
      : typeof body.max_completion_tokens === "number"
        ? body.max_completion_tokens
        : 1024;
  if (promptTokens + maxTokens > model.contextLength) {
    return bad(`Invalid request: Your request exceeded model token limit: ${model.contextLength}`);
  }
  return { model, thinking, promptTokens };
}
