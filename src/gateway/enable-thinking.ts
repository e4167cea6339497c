/**
 * `enable_thinking`, the thinking switch of Alibaba Bailian's Qwen models, which some SDKs and
 * frameworks send for every "thinking off" whatever the provider (mastra-ai/mastra#12592).
 * Moonshot ignores the field: sent on, the model thought anyway, and the next tool-call turn then
 * lacked the reasoning_content Moonshot wants back. For a model on Moonshot's thinking format it
 * is the thinking level the client meant, and it is not sent; any other provider may read it
 * (Qwen's does), so it goes on there as the client sent it.
 */
import type { ThinkingFormat } from "../catalog/types.js";
import { describe } from "../util/client-value.js";
import { badRequest } from "./http-error.js";
import type { GatewayModel } from "./model-directory.js";
import type { ParsedChatRequest } from "./validate-request.js";

const FIELD = "enable_thinking";

/** The thinking formats that read Moonshot's switch or effort, not `enable_thinking`. */
function readsMoonshotThinking(format: ThinkingFormat | undefined): boolean {
  return format === "moonshot" || format === "moonshot-effort";
}

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
  const extraBody = parsed.request.extraBody;
  if (extraBody === undefined || !(FIELD in extraBody)) return parsed;
  if (!readsMoonshotThinking(target.thinkingFormat)) return parsed;
  const value = extraBody[FIELD];
  const ref = target.chain?.[0] ?? target.id;
  if (typeof value !== "boolean") {
    throw badRequest(
      `${FIELD} must be true or false, got ${describe(value)}: ${ref} takes no ${FIELD} of its own (Qwen's thinking switch); the gateway sends a boolean as Moonshot's thinking switch (or leave it out and send reasoning_effort, or thinking {"type": "enabled"|"disabled"})`,
      FIELD,
      "invalid_type",
    );
  }
  const { [FIELD]: _taken, ...rest } = extraBody;
  const request = { ...parsed.request };
  if (Object.keys(rest).length > 0) request.extraBody = rest;
  else delete request.extraBody;
  const asked = `${FIELD} ${value}`;
  let note: string;
  if (request.thinking !== undefined) {
    note = `${asked} not used: ${request.thinkingAsked ?? "the request's thinking"} sets the thinking level, and ${ref} does not read ${FIELD} (Qwen's thinking switch), so it is not sent`;
  } else {
    request.thinking = value ? "on" : "off";
    request.thinkingAsked = asked;
    note = `${asked} read as thinking ${request.thinking}, and not sent: ${ref} does not read ${FIELD} (Qwen's thinking switch), only Moonshot's own thinking setting`;
  }
  return { ...parsed, request, leftOut: [...(parsed.leftOut ?? []), note] };
}
