/**
 * Token log probabilities on the Responses API: `include: ["message.output_text.logprobs"]` asks
 * for them, `top_logprobs` (0 to 20) for that many alternatives per token. They go upstream as
 * the chat request's `logprobs` and `top_logprobs`, which Moonshot's OpenAI-compatible API takes
 * (chat completions pass them through), and come back in each `output_text` part's `logprobs`,
 * whose entries have the shape of chat completions' `logprobs.content` entries.
 */
import type { ChoiceLogprobs } from "../providers/types.js";
import { quoted } from "../util/client-value.js";
import { badRequest } from "./http-error.js";
import { TOP_LOGPROBS_MAX } from "./sampling-fields.js";

/** The chat request's log-probability fields a Responses request asks for (none: empty). */
export function chatLogprobFields(body: Record<string, unknown>): Record<string, unknown> {
  const top = body.top_logprobs;
  if (top !== undefined && top !== null) {
    if (typeof top !== "number" || !Number.isInteger(top) || top < 0 || top > TOP_LOGPROBS_MAX) {
      throw badRequest(
        `top_logprobs must be an integer from 0 to ${TOP_LOGPROBS_MAX}; got ${quoted(top)}`,
        "top_logprobs",
        "invalid_value",
      );
    }
  }
  const include = body.include;
  if (!Array.isArray(include) || !include.includes("message.output_text.logprobs")) return {};
  return typeof top === "number" ? { logprobs: true, top_logprobs: top } : { logprobs: true };
}

/** The per-token entries of a choice's `logprobs` (its `content`), as `output_text` holds them. */
export function tokenLogprobs(logprobs: ChoiceLogprobs | undefined): unknown[] {
  const content = logprobs?.content;
  return Array.isArray(content) ? content : [];
}
