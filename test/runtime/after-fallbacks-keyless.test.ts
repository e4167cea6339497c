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
});
