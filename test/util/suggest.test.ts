import { describe, expect, it } from "vitest";
import { closestMatches, didYouMean } from "../../src/util/suggest.js";

const modelNames = ["Kimi K2", "Kimi K2 Thinking", "Kimi K2 Thinking Turbo", "Kimi K2.5"];

describe("closestMatches", () => {
  it("puts a one-letter typo of a longer name before a shorter name the input merely contains", () => {
    expect(closestMatches("Kimi K2 Thinkin", modelNames)[0]).toBe("Kimi K2 Thinking");
    expect(closestMatches("kimi k2 thinkng", modelNames)[0]).toBe("Kimi K2 Thinking");
    expect(didYouMean("Kimi K2 Thinkin", modelNames)).toBe('did you mean "Kimi K2 Thinking"?');
  });

  it("still offers names that contain the input, nearest in length first", () => {
    expect(closestMatches("Kimi K2 Thinkin", modelNames)).toEqual([
      "Kimi K2 Thinking",
      "Kimi K2 Thinking Turbo",
      "Kimi K2",
    ]);
    expect(closestMatches("thinking", ["kimi-k2-thinking-turbo", "kimi-k2-thinking"])).toEqual([
      "kimi-k2-thinking",
      "kimi-k2-thinking-turbo",
    ]);
  });

  it("puts an exact match (in any case) first and leaves out unrelated words", () => {
    expect(closestMatches("KIMI K2", modelNames)[0]).toBe("Kimi K2");
    expect(closestMatches("gpt-4o", modelNames)).toEqual([]);
  });

  it("breaks a tie between equally close names alphabetically", () => {
    expect(closestMatches("kimi-k2.6", ["kimi-k2.7", "kimi-k2.5"])).toEqual([
      "kimi-k2.5",
      "kimi-k2.7",
    ]);
  });
});

describe("typos of config keys", () => {
  const providerKeys = ["baseUrl", "apiKey", "api", "headers", "authHeader", "compat", "auth"];

  it("counts two letters swapped as one typo", () => {
    expect(didYouMean("defualts", ["defaults", "list"])).toBe('did you mean "defaults"?');
    expect(closestMatches("kye", ["key", "keyRef", "type", "provider"])[0]).toBe("key");
  });

  it("points a typo of a camelCase key's last word at the whole key", () => {
    expect(didYouMean("kye", providerKeys)).toBe('did you mean "apiKey"?');
    expect(didYouMean("ulr", providerKeys)).toBe('did you mean "baseUrl"?');
    expect(closestMatches("region", providerKeys)).toEqual([]);
  });
});
