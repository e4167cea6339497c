/**
 * An upstream's finish reason the project does not know: after tool calls it is "tool_calls"
 * (a client runs the calls on nothing else), on an answer without them "other", from an
 * OpenAI-compatible upstream and from an Anthropic one alike.
 */
import { describe, expect, it } from "vitest";
import { anthropicFinishReason } from "../../src/providers/anthropic-answer.js";
import { mapFinishReason } from "../../src/providers/map-finish-reason.js";

describe.each([
  ["OpenAI-compatible", mapFinishReason, "length"],
  ["Anthropic", anthropicFinishReason, "max_tokens"],
])("an unknown %s finish reason", (_api, map, cutReason) => {
  it.each(["tool_use", "abort", "recitation", 7])("%s is tool_calls after tool calls", (reason) => {
    expect(map(reason, true)).toBe("tool_calls");
  });

  it("is other without tool calls", () => {
    expect(map("recitation", false)).toBe("other");
  });

  it("leaves a known reason as it was: a cut answer with tool calls is still length", () => {
    expect(map(cutReason, true)).toBe("length");
  });
});
