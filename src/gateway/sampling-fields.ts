/**
 * OpenAI's chat fields the gateway passes on unmapped but whose type and range OpenAI's API
 * checks before a model sees them: `presence_penalty` and `frequency_penalty` (numbers from -2
 * to 2, the range Moonshot documents too), `seed` (a signed 64-bit integer), `logprobs` (a
 * boolean), `top_logprobs` (an integer from 0 to 20, above 0 only beside `logprobs: true`) and
 * `logit_bias` (an object of token ids, each with a number from -100 to 100). A
 * wrong one is refused here, naming the field and what it takes: passed on, the provider's 400
 * came back as a fault of the gateway's config ("check the model's params and compat settings"),
 * with no `param`. Pure.
 */
import { describe, shortened } from "../util/client-value.js";
import { isRecord } from "../util/is-record.js";
import { badRequest } from "./http-error.js";

type Obj = Record<string, unknown>;

/** How a refusal shows the value sent: a number as written, anything else by its kind. */
export function sentValue(value: unknown): string {
  return typeof value === "number" ? String(value) : describe(value);
}

/** The most alternatives per token `top_logprobs` asks for, as OpenAI allows. */
export const TOP_LOGPROBS_MAX = 20;

function checkPenalty(body: Obj, field: "presence_penalty" | "frequency_penalty"): void {
  const value = body[field];
  if (value === undefined || value === null) return;
  if (typeof value !== "number" || !Number.isFinite(value) || value < -2 || value > 2) {
    throw badRequest(
      `${field} must be a number between -2 and 2, got ${sentValue(value)}`,
      field,
      typeof value === "number" ? "invalid_value" : "invalid_type",
    );
  }
}

/**
 * Past this a seed is no signed 64-bit integer, OpenAI's range for it (2^63 itself is what the
 * largest one, 2^63 - 1, reads as). Seeds past 2^53 (a nanosecond clock's 1.7e18, a random
 * 63-bit draw) are integers OpenAI takes: JSON numbers that large come in rounded, which leaves
 * them integers, and the same seed on every request.
 */
const SEED_LIMIT = 2 ** 63;

function isSeed(value: unknown): boolean {
  return typeof value === "number" && Number.isInteger(value) && Math.abs(value) <= SEED_LIMIT;
}

function checkLogitBias(bias: unknown): void {
  if (bias === undefined || bias === null) return;
  if (!isRecord(bias)) {
    throw badRequest(
      `logit_bias must be an object of token ids and biases from -100 to 100, such as {"1734": -100}, got ${describe(bias)}`,
      "logit_bias",
      "invalid_type",
    );
  }
  for (const id of Object.keys(bias)) {
    const value = bias[id];
    if (typeof value !== "number" || !Number.isFinite(value) || value < -100 || value > 100) {
      throw badRequest(
        `logit_bias.${shortened(id)} must be a number from -100 to 100, got ${sentValue(value)}`,
        `logit_bias.${shortened(id)}`,
        typeof value === "number" ? "invalid_value" : "invalid_type",
      );
    }
  }
}

/**
 * Whether `key` of a chat body passed on is a `logit_bias` of no tokens (`{}`): it biases
 * nothing, so it is not sent upstream (and, meaning nothing, not told of either), as `stop: []`
 * is not. Asked only of fields the gateway does not map itself.
 */
export function isEmptyLogitBias(key: string, value: unknown): boolean {
  return key === "logit_bias" && isRecord(value) && Object.keys(value).length === 0;
}

/** Refuses a sampling field of `body` that OpenAI would refuse; null counts as not given. */
export function checkSamplingFields(body: Obj): void {
  checkPenalty(body, "presence_penalty");
  checkPenalty(body, "frequency_penalty");
  const seed = body.seed;
  if (seed !== undefined && seed !== null && !isSeed(seed)) {
    throw badRequest(
      `seed must be a signed 64-bit integer, got ${sentValue(seed)}`,
      "seed",
      typeof seed === "number" ? "invalid_value" : "invalid_type",
    );
  }
  const logprobs = body.logprobs;
  if (logprobs !== undefined && logprobs !== null && typeof logprobs !== "boolean") {
    throw badRequest(
      `logprobs must be a boolean (true asks for the answer's token log probabilities), got ${sentValue(logprobs)}`,
      "logprobs",
      "invalid_type",
    );
  }
  checkLogitBias(body.logit_bias);
  const top = body.top_logprobs;
  if (top === undefined || top === null) return;
  if (typeof top !== "number" || !Number.isInteger(top) || top < 0 || top > TOP_LOGPROBS_MAX) {
    throw badRequest(
      `top_logprobs must be an integer from 0 to ${TOP_LOGPROBS_MAX}, got ${sentValue(top)}`,
      "top_logprobs",
      typeof top === "number" ? "invalid_value" : "invalid_type",
    );
  }
  // OpenAI refuses alternatives asked for without the log probabilities they belong to; passed
  // on, the answer came back with logprobs null and no word why.
  if (top > 0 && logprobs !== true) {
    throw badRequest(
      `top_logprobs (${top}) asks for alternatives to each token's log probability, which an answer has only with "logprobs": true: add it, or leave top_logprobs out`,
      "top_logprobs",
    );
  }
}
