import type { FinishReason } from "./types.js";

/** Provider finish reasons to ours. A missing reason after tool calls means the model wants them run. */
export function mapFinishReason(reason: unknown, hasToolCalls: boolean): FinishReason {
  switch (reason) {
    case "stop":
    case "eos":
    case "end_turn":
      return hasToolCalls ? "tool_calls" : "stop";
    case "length":
    case "max_tokens":
      return "length";
    case "tool_calls":
    case "function_call":
      return "tool_calls";
    case "content_filter":
    case "sensitive":
      return "content_filter";
    case null:
    case undefined:
      return hasToolCalls ? "tool_calls" : "stop";
    default:
      return "other";
  }
}
