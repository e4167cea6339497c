import type { FinishReason } from "./types.js";

/**
 * Provider finish reasons to ours. A missing or unknown reason after tool calls means the model
 * wants them run: a client's tool loop runs calls only on "tool_calls" and drops them on anything
 * else, so an upstream's own word for it (a proxy relaying Anthropic's "tool_use") must not lose them.
 */
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
      return hasToolCalls ? "tool_calls" : "other";
  }
}
