/**
 * A chat-completions request's numbers with a range: the answer's token limit (`max_tokens`,
 * `max_completion_tokens`), `temperature` and `top_p`, each refused naming the field. Pure.
 */
import { badRequest } from "./http-error.js";
import { sentValue } from "./sampling-fields.js";

type Obj = Record<string, unknown>;

function positiveInteger(body: Obj, field: string): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw badRequest(`${field} must be a positive integer, got ${sentValue(value)}`, field);
  }
  return value;
}

/**
 * The most an answer's token limit may be: the runtime refuses more (check-request.ts), and its
 * refusal named its own field (`request.maxTokens`) with no param, not the one the client sent.
 */
const MAX_TOKEN_LIMIT = 2 ** 31;

/** `max_tokens` (or `max_completion_tokens`): a positive integer up to MAX_TOKEN_LIMIT. */
function tokenLimit(body: Obj, field: string): number | undefined {
  const value = positiveInteger(body, field);
  if (value !== undefined && value > MAX_TOKEN_LIMIT) {
    throw badRequest(
      `${field} must be at most ${MAX_TOKEN_LIMIT}, got ${value}: a model answers with far fewer tokens (one above its own limit is lowered to it), so send the most the answer may use, or leave ${field} out for the model's default`,
      field,
    );
  }
  return value;
}

/**
 * The answer's token limit: `max_completion_tokens`, or `max_tokens`, its deprecated form. OpenAI
 * refuses the two together. The same number in both is one limit (clients written for several
 * servers send both); two different ones are refused, as taking either would change the answer.
 */
export function answerTokenLimit(body: Obj): number | undefined {
  const current = tokenLimit(body, "max_completion_tokens");
  const deprecated = tokenLimit(body, "max_tokens");
  if (current !== undefined && deprecated !== undefined && current !== deprecated) {
    throw badRequest(
      `max_tokens (${deprecated}) and max_completion_tokens (${current}) were both sent, with different limits: max_tokens is the deprecated form of max_completion_tokens; send one of them`,
      "max_tokens",
      "invalid_parameter_combination",
    );
  }
  return current ?? deprecated;
}

export function numberInRange(
  body: Obj,
  field: string,
  min: number,
  max: number,
): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw badRequest(
      `${field} must be a number between ${min} and ${max}, got ${sentValue(value)}`,
      field,
      typeof value === "number" ? "invalid_value" : "invalid_type",
    );
  }
  return value;
}
