/**
 * Which names messages show masked: a key's prefix with a long run after it, cut at the `.`, `/`
 * or quote that ends it, so the rest of a dotted path or a ref stays readable. Ordinary names
 * (provider ids, model ids, words that end in `sk-`) are shown as they are.
 */
import { describe, expect, it } from "vitest";
import { maskKeyShapedNames } from "../../src/config/index.js";

describe("maskKeyShapedNames", () => {
  it("masks a pasted key in a path, a ref and a bracketed key, keeping what follows", () => {
    expect(maskKeyShapedNames("models.providers.sk-kimi-Zq8RtYv3Wx7Lm2Np5.baseUrl")).toBe(
      "models.providers.sk-kimi-***.baseUrl",
    );
    expect(maskKeyShapedNames('agents.defaults.models["sk-Zq8RtYv3Wx7Lm2/kimi-k2.5"]')).toBe(
      'agents.defaults.models["sk-***/kimi-k2.5"]',
    );
    expect(maskKeyShapedNames("provider ak-Zq8RtYv3Wx7L and msk-Zq8RtYv3Wx7L")).toBe(
      "provider ak-*** and msk-***",
    );
  });

  it("leaves ordinary names and masked keys as they are", () => {
    for (const text of [
      "models.providers.kimi-code.baseUrl",
      "moonshot/kimi-k2-0905-preview",
      "task-Zq8RtYv3Wx7Lm2",
      "sk-test",
      "sk-…0001",
      "sk-***",
      "ocg_Zq8RtYv3Wx7Lm2Np5Kd9",
    ])
      expect(maskKeyShapedNames(text)).toBe(text);
  });
});
