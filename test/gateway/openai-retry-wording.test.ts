/** The wait sentence OpenAI clients read, added once after the provider's own words. */
import { describe, expect, it } from "vitest";
import { openAiWaitWords, withOpenAiRetryWait } from "../../src/gateway/openai-retry-wording.js";

describe("withOpenAiRetryWait", () => {
  it("adds OpenAI's sentence after the provider's words, as a sentence of its own", () => {
    expect(withOpenAiRetryWait("rate-limited (hint: retry later)", 2000)).toBe(
      "rate-limited (hint: retry later). Please try again in 2s.",
    );
    expect(withOpenAiRetryWait("retry shortly.", 1000)).toBe(
      "retry shortly. Please try again in 1s.",
    );
  });

  it("does not say it twice when an OpenAI-compatible upstream said it already", () => {
    const said = "Rate limit reached for requests. Please try again in 1.5s. Visit the docs.";
    expect(withOpenAiRetryWait(said, 2000)).toBe(said);
  });
});

describe("openAiWaitWords", () => {
  it("says a wait as OpenAI's 429s do: milliseconds under a second, else seconds with a fraction", () => {
    expect(openAiWaitWords(20)).toBe("20ms");
    expect(openAiWaitWords(999)).toBe("999ms");
    expect(openAiWaitWords(1000)).toBe("1s");
    expect(openAiWaitWords(1500)).toBe("1.5s");
    expect(openAiWaitWords(1898)).toBe("1.898s");
    expect(openAiWaitWords(383_040)).toBe("383.04s");
  });

  it("never says a wait of nothing, which a client would take as no wait at all", () => {
    expect(openAiWaitWords(0)).toBe("1ms");
    expect(openAiWaitWords(0.4)).toBe("1ms");
  });
});
