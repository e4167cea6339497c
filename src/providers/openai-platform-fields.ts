/**
 * Fields of OpenAI's chat API that ask for something only OpenAI's platform does: a service tier
 * (`service_tier`), Predicted Outputs (`prediction`), an answer length setting (`verbosity`), and
 * the end-user id its abuse monitoring reads (`safety_identifier`). Moonshot's chat API documents
 * none of them, so to a Moonshot or Kimi Code endpoint they are not sent, and what the caller
 * would otherwise take as done is said in `adjustments` (an x-openclaw-notes line through the
 * gateway); over `api: "anthropic-messages"` the end-user id stays, to go as
 * `metadata.user_id`. Other endpoints get them as sent: some OpenAI-compatible hosts take a
 * service tier.
 * Pure: edits the request body being built.
 */
import type { ResolvedModel } from "../catalog/types.js";
import { clippedJson } from "../util/client-value.js";

/** Tiers that mean "as usual": leaving them out changes nothing worth a note. */
const USUAL_TIERS = new Set(["auto", "default"]);

/** Removes OpenAI-platform fields from `body` bound for a Moonshot endpoint, noting each that matters. */
export function dropOpenAIPlatformFields(
  model: ResolvedModel,
  body: Record<string, unknown>,
  adjustments: string[],
): void {
  const tier = body.service_tier;
  if (tier !== undefined) {
    delete body.service_tier;
    if (typeof tier !== "string" || !USUAL_TIERS.has(tier)) {
      adjustments.push(
        `service_tier ${clippedJson(tier)} not sent: ${model.ref} has no service tiers (Moonshot's API takes no such field)`,
      );
    }
  }
  if (body.prediction !== undefined) {
    delete body.prediction;
    adjustments.push(
      `prediction not sent: ${model.ref} has no Predicted Outputs; the answer is written in full, only not sped up`,
    );
  }
  const verbosity = body.verbosity;
  if (verbosity !== undefined) {
    delete body.verbosity;
    adjustments.push(
      `verbosity ${clippedJson(verbosity)} not sent: ${model.ref} takes no verbosity setting; ask for the length you want in the prompt`,
    );
  }
  // OpenAI's id of the end user, for its abuse monitoring: nothing Moonshot's chat API acts on.
  // Anthropic's Messages format has a place for it (metadata.user_id, anthropic-extra-fields.ts).
  if (model.api !== "anthropic-messages") delete body.safety_identifier;
}
