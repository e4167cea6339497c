/**
 * `reasoning: {"effort": …}` on a chat request: OpenRouter's reasoning setting, which clients built
 * for many providers send on every OpenAI-compatible endpoint they do not recognise (Qwen Code
 * 0.24's `/effort`, its `model.reasoningEffort` setting). Moonshot does not read it: passed on, the
 * model thought as it does by default and the effort the user picked did nothing. For a model on
 * Moonshot's thinking format it is the thinking level the client meant, and it is not sent; any
 * other provider may read it (OpenRouter does), so it goes on there as the client sent it.
 */
import type { ThinkingLevel } from "../providers/types.js";
import { clippedJson, describe } from "../util/client-value.js";
import { isRecord } from "../util/is-record.js";
import { foreignThinkingValue, withForeignThinking } from "./foreign-thinking-field.js";
import { badRequest } from "./http-error.js";
import type { GatewayModel } from "./model-directory.js";
import { EFFORTS, levelOfEffort } from "./thinking-level.js";
import type { ParsedChatRequest } from "./validate-request.js";

const FIELD = "reasoning";
const OWN_NAME = "OpenRouter's reasoning setting";

/**
 * The level the object asks for, as OpenRouter reads it: an `effort` says it, `enabled: false`
 * turns reasoning off, and anything else (`enabled: true`, a `max_tokens` budget, `{}`) turns it
 * on at the model's own depth. A value OpenRouter would refuse is refused here too (400).
 */
function levelAsked(value: unknown, ref: string): ThinkingLevel {
  const what = `${ref} takes no ${FIELD} object of its own (${OWN_NAME}); the gateway reads it as Moonshot's thinking setting`;
  if (!isRecord(value)) {
    throw badRequest(
      `${FIELD} must be an object such as {"effort": "low"}, got ${describe(value)}: ${what} (or leave it out and send reasoning_effort)`,
      FIELD,
      "invalid_type",
    );
  }
  const { effort, enabled, max_tokens: budget } = value;
  if (enabled !== undefined && enabled !== null && typeof enabled !== "boolean") {
    throw badRequest(
      `${FIELD}.enabled must be true or false, got ${describe(enabled)}: ${what}`,
      `${FIELD}.enabled`,
      "invalid_type",
    );
  }
  if (
    budget !== undefined &&
    budget !== null &&
    !(typeof budget === "number" && Number.isInteger(budget) && budget >= 0)
  ) {
    throw badRequest(
      `${FIELD}.max_tokens must be a whole number of tokens, got ${describe(budget)}: ${what}`,
      `${FIELD}.max_tokens`,
      "invalid_type",
    );
  }
  if (effort !== undefined && effort !== null) {
    const level = levelOfEffort(effort);
    if (level === undefined) {
      throw badRequest(
        `${FIELD}.effort must be one of ${EFFORTS}, got ${describe(effort)}: ${what}`,
        `${FIELD}.effort`,
      );
    }
    return level;
  }
  return enabled === false ? "off" : "on";
}

/**
 * `parsed` with a `reasoning` object taken as its thinking level when `target` (for `openclaw`,
 * its primary) uses Moonshot's thinking format, unless the request set the level itself
 * (`thinking`, `reasoning_effort`, `enable_thinking`): then those win. Either way the field
 * leaves the upstream request and a note says what became of it. `parsed` is returned as it is
 * otherwise.
 */
export function withReasoningObject<Parsed extends ParsedChatRequest>(
  parsed: Parsed,
  target: GatewayModel,
): Parsed {
  const found = foreignThinkingValue(parsed, target, FIELD);
  if (found === undefined) return parsed;
  const { value, ref } = found;
  const level = levelAsked(value, ref);
  return withForeignThinking(parsed, {
    field: FIELD,
    ownName: OWN_NAME,
    ref,
    asked: `${FIELD} ${clippedJson(value)}`,
    level,
    // OpenRouter's `exclude` hides the reasoning from the answer; the gateway still returns it.
    ...(isRecord(value) && value.exclude === true
      ? { aside: "; exclude is not done here: the reasoning still comes back as reasoning_content" }
      : {}),
  });
}
