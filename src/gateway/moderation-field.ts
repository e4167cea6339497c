/**
 * OpenAI's `moderation` (`{"model": "omni-moderation-latest", "policy": …}`): run moderation on
 * the request and the answer, whose results come back in the answer. No provider here moderates,
 * and an answer without the results it asked for would read to the client as nothing flagged, so
 * the request is refused, naming the field, on chat completions (where it went upstream unsaid)
 * and /v1/responses (where the refusal did not say why). Pure.
 */
import { badRequest } from "./http-error.js";

/** Refuses a request that asks for moderation; absent or null is not asking. */
export function refuseModeration(moderation: unknown): void {
  if (moderation === undefined || moderation === null) return;
  throw badRequest(
    "moderation is not supported: this gateway moderates neither the request nor the answer (no provider it serves runs OpenAI's moderation), so no results would come back; leave moderation out and moderate on the client's side (with OpenAI's own moderations endpoint, say)",
    "moderation",
    "unsupported_parameter",
  );
}
