/**
 * `enable_thinking`, the thinking switch of Alibaba Bailian's Qwen models, which some SDKs and
 * frameworks send for every "thinking off" whatever the provider (mastra-ai/mastra#12592).
 * Moonshot ignores the field: sent on, the model thought anyway, and the next tool-call turn then
 * lacked the reasoning_content Moonshot wants back. For a model on Moonshot's thinking format it
 * is the thinking level the client meant, and it is not sent; any other provider may read it
 * (Qwen's does), so it goes on there as the client sent it.
 */
import { describe } from "../util/client-value.js";
import { foreignThinkingValue, withForeignThinking } from "./foreign-thinking-field.js";
import { badRequest } from "./http-error.js";
import type { GatewayModel } from "./model-directory.js";
import type { ParsedChatRequest } from "./validate-request.js";

const FIELD = "enable_thinking";
const OWN_NAME = "Qwen's thinking switch";

/**
 * `parsed` with a boolean `enable_thinking` taken as its thinking level ("on" or "off") when
 * `target` (for `openclaw`, its primary) uses Moonshot's thinking format, unless the request set
 * the level itself (`thinking`, `reasoning_effort`): then those win. Either way the field leaves
 * the upstream request and a note says what became of it. A value that is not a boolean is
 * refused (400) for such a model. `parsed` is returned as it is otherwise.
 */
export function withEnableThinking<Parsed extends ParsedChatRequest>(
  parsed: Parsed,
  target: GatewayModel,
): Parsed {
  const found = foreignThinkingValue(parsed, target, FIELD);
  if (found === undefined) return parsed;
  const { value, ref } = found;
  if (typeof value !== "boolean") {
    throw badRequest(
      `${FIELD} must be true or false, got ${describe(value)}: ${ref} takes no ${FIELD} of its own (${OWN_NAME}); the gateway sends a boolean as Moonshot's thinking switch (or leave it out and send reasoning_effort, or thinking {"type": "enabled"|"disabled"})`,
      FIELD,
      "invalid_type",
    );
  }
  return withForeignThinking(parsed, {
    field: FIELD,
    ownName: OWN_NAME,
    ref,
    asked: `${FIELD} ${value}`,
    level: value ? "on" : "off",
  });
}
