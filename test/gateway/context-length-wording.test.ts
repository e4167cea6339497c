/**
 * The words a context overflow is told in on the OpenAI routes, for a refusal whose message
 * already says part of it (an OpenAI-compatible upstream's own "maximum context length").
 */
import { describe, expect, it } from "vitest";
import { maximumContextLengthMessage } from "../../src/gateway/context-length-wording.js";

describe("maximumContextLengthMessage", () => {
  it("puts both OpenAI sentences, with the counts, before the gateway's own message", () => {
    expect(
      maximumContextLengthMessage("moonshot says the request is too long", {
        by: "provider_tokens",
        limitTokens: 262_144,
        requestedTokens: 270_336,
      }),
    ).toBe(
      "This model's maximum context length is 262144 tokens. However, you requested 270336 tokens. Your input exceeds the context window of this model: moonshot says the request is too long",
    );
  });

  it("adds the Responses API's sentence to an upstream's message in OpenAI's chat words", () => {
    const upstream =
      "This model's maximum context length is 8192 tokens. However, you requested 9000 tokens.";
    expect(maximumContextLengthMessage(upstream)).toBe(
      `Your input exceeds the context window of this model: ${upstream}`,
    );
  });

  it("leaves a message that says both as it is", () => {
    const both =
      "Your input exceeds the context window of this model; its maximum context length is 8192 tokens";
    expect(maximumContextLengthMessage(both)).toBe(both);
  });
});
