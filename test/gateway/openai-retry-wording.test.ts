/** The wait sentence OpenAI clients read, added once after the provider's own words. */
import { describe, expect, it } from "vitest";
import { withOpenAiRetryWait } from "../../src/gateway/openai-retry-wording.js";

describe("withOpenAiRetryWait", () => {
  it("adds OpenAI's sentence after the provider's words, as a sentence of its own", () => {
    expect(withOpenAiRetryWait("rate-limited (hint: retry later)", 2)).toBe(
      "rate-limited (hint: retry later). Please try again in 2s.",
    );
    expect(withOpenAiRetryWait("retry shortly.", 1)).toBe("retry shortly. Please try again in 1s.");
  });

  it("does not say it twice when an OpenAI-compatible upstream said it already", () => {
    const said = "Rate limit reached for requests. Please try again in 1.5s. Visit the docs.";
    expect(withOpenAiRetryWait(said, 2)).toBe(said);
  });
});
