/**
 * The hint of a chain whose other models were passed over for a missing key: those are asked a
 * key for, not said to have failed; the others that were sent the request still failed too.
 */
import { describe, expect, it } from "vitest";
import { ProviderError } from "../../src/providers/errors.js";
import { afterFallbacks } from "../../src/runtime/after-fallbacks.js";

const rateLimited = new ProviderError({
  errorClass: "rate_limit",
  message: "too many requests",
  provider: "moonshot",
  model: "kimi-k2.5",
  status: 429,
  hint: "retry later, or configure a fallback model",
});

const hintOf = (told: unknown) => (told as ProviderError).hint;

describe("afterFallbacks with keyless models in the chain", () => {
  it("names the failed and the keyless apart", () => {
    const told = afterFallbacks(rateLimited, true, [], {
      refs: ["kimi-code/kimi-for-coding", "openrouter/a", "openrouter/b"],
      keyless: ["openrouter/a", "openrouter/b"],
    });
    expect(hintOf(told)).toBe(
      "retry later, or add a fallback on another provider, or give openrouter/a and openrouter/b an API key (kimi-code/kimi-for-coding failed too; openrouter/a and openrouter/b had none, so nothing was sent to them)",
    );
  });

  it("keeps the old words when none was keyless", () => {
    const told = afterFallbacks(rateLimited, true, [], {
      refs: ["kimi-code/kimi-for-coding"],
      keyless: [],
    });
    expect(hintOf(told)).toBe(
      "retry later, or add a fallback on another provider (the configured fallbacks failed too)",
    );
  });

  it("an image turn: the others passed over for a key are asked a key for, not said to have failed", () => {
    const told = afterFallbacks(rateLimited, true, ["moonshot/kimi-k2-turbo-preview"], {
      refs: ["kimi-code/kimi-for-coding"],
      keyless: ["kimi-code/kimi-for-coding"],
    });
    expect(hintOf(told)).toBe(
      "retry later, or add a fallback model that takes images, or give kimi-code/kimi-for-coding an API key (the configured fallback moonshot/kimi-k2-turbo-preview does not take images; kimi-code/kimi-for-coding has none, so nothing was sent to it)",
    );
  });

  it("an image turn: the failed and the keyless others named apart", () => {
    const told = afterFallbacks(rateLimited, true, ["moonshot/kimi-k2-turbo-preview"], {
      refs: ["kimi-code/kimi-for-coding", "openrouter/a", "openrouter/b"],
      keyless: ["openrouter/a", "openrouter/b"],
    });
    expect(hintOf(told)).toBe(
      "retry later, or add a fallback model that takes images, or give openrouter/a and openrouter/b an API key (the configured fallback moonshot/kimi-k2-turbo-preview does not take images; kimi-code/kimi-for-coding failed too; openrouter/a and openrouter/b had none, so nothing was sent to them)",
    );
  });

  it("an image turn whose others all failed keeps the old words", () => {
    const told = afterFallbacks(rateLimited, true, ["moonshot/kimi-k2-turbo-preview"], {
      refs: ["kimi-code/kimi-for-coding"],
      keyless: [],
    });
    expect(hintOf(told)).toBe(
      "retry later, or add a fallback model that takes images (the configured fallback moonshot/kimi-k2-turbo-preview does not take images; the others failed too)",
    );
  });
});
