/**
 * The types of OpenAI platform fields no provider here acts on, checked as OpenAI checks them
 * on chat completions and /v1/responses: `verbosity` (`text.verbosity` on /v1/responses), the
 * answer length (its value too); `safety_identifier`, the end-user id its abuse monitoring reads
 * (the ledger's client here when `user` is absent); `service_tier`; and `prediction` (Predicted
 * Outputs). Before, a wrong type was
 * taken without a word: a number for safety_identifier named no client, and a verbosity of 5
 * went to a provider that would refuse it as if the gateway's config were wrong. Pure; nothing
 * is read when absent.
 */
import { describe, quoted } from "../util/client-value.js";
import { isRecord } from "../util/is-record.js";
import { badRequest } from "./http-error.js";

/**
 * A 400 naming `param` when `verbosity` is given and is not one of OpenAI's values ("low",
 * "medium", "high"); absent or null is not given. Before, any string was taken: a misspelt one
 * was noted as not sent to Moonshot (or sent on to a provider that would refuse it), where
 * OpenAI answers it with a 400.
 */
export function checkVerbosity(verbosity: unknown, param: string): void {
  if (verbosity === undefined || verbosity === null) return;
  if (verbosity === "low" || verbosity === "medium" || verbosity === "high") return;
  if (typeof verbosity === "string")
    throw badRequest(
      `${param} must be "low", "medium" or "high", got ${quoted(verbosity)}`,
      param,
      "invalid_value",
    );
  throw badRequest(
    `${param} must be a string ("low", "medium" or "high"), got ${describe(verbosity)}`,
    param,
    "invalid_type",
  );
}

/**
 * A 400 when `service_tier` is given and is no string; absent or null is not given. Its value is
 * not held to OpenAI's (`auto`, `default`, `flex`, `scale`, `priority`): a provider of the
 * user's own may have tiers of its own names (Groq's `on_demand`), and gets the tier as sent.
 * Before, a number went on unchecked, to be noted as a tier Moonshot has not, or refused by
 * another provider as if the gateway's config were wrong.
 */
export function checkServiceTier(tier: unknown): void {
  if (tier === undefined || tier === null || typeof tier === "string") return;
  throw badRequest(
    `service_tier must be a string such as "auto", "default", "flex" or "priority", got ${describe(tier)}`,
    "service_tier",
    "invalid_type",
  );
}

/** A 400 when `safety_identifier` is given and is no string; absent or null is not given. */
export function checkSafetyIdentifier(id: unknown): void {
  if (id === undefined || id === null || typeof id === "string") return;
  throw badRequest(
    `safety_identifier must be a string (a stable id of the end user, such as a hash of their username), got ${describe(id)}`,
    "safety_identifier",
    "invalid_type",
  );
}

const PREDICTION_FORM = '{"type": "content", "content": "…"}';

/**
 * A 400 when `prediction` is given in another form than OpenAI's, `{"type": "content",
 * "content": …}` with the content a string or an array of text parts; absent or null is not
 * given. Before, any value went on: noted as not sent to a Moonshot model, or sent to a provider
 * of the user's own to be refused there.
 */
export function checkPrediction(prediction: unknown): void {
  if (prediction === undefined || prediction === null) return;
  if (!isRecord(prediction))
    throw badRequest(
      `prediction must be an object such as ${PREDICTION_FORM}, got ${describe(prediction)}`,
      "prediction",
      "invalid_type",
    );
  const type = prediction.type;
  if (type !== "content")
    throw badRequest(
      `prediction.type must be "content", ${type === undefined ? "and is missing" : `got ${quoted(type)}`} (the form is ${PREDICTION_FORM})`,
      "prediction.type",
      type === undefined
        ? "missing_required_parameter"
        : typeof type === "string"
          ? "invalid_value"
          : "invalid_type",
    );
  const content = prediction.content;
  if (typeof content === "string") return;
  if (content === undefined)
    throw badRequest(
      "prediction.content is required: the text the answer is expected to repeat, as a string or an array of text parts",
      "prediction.content",
      "missing_required_parameter",
    );
  if (!Array.isArray(content))
    throw badRequest(
      `prediction.content must be a string or an array of text parts, got ${describe(content)}`,
      "prediction.content",
      "invalid_type",
    );
  for (let i = 0; i < content.length; i++) {
    const part = content[i];
    if (isRecord(part) && part.type === "text" && typeof part.text === "string") continue;
    throw badRequest(
      `prediction.content[${i}] must be a text part, {"type": "text", "text": "…"}, got ${describe(part)}`,
      `prediction.content[${i}]`,
      "invalid_type",
    );
  }
}
