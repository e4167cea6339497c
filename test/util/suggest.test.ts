import { describe, expect, it } from "vitest";
import {
  closestMatches,
  didYouMean,
  editDistance,
  editDistanceWithin,
  PreparedNames,
} from "../../src/util/suggest.js";

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

describe("edit distance within a limit", () => {
  it("agrees with the whole table wherever the distance is within the limit, and says past it otherwise", () => {
    // Short words of three letters give every case: shared starts and ends, swaps, repeats.
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const word = () =>
      Array.from({ length: Math.floor(next() * 8) }, () => "abc"[Math.floor(next() * 3)]).join("");
    for (let i = 0; i < 20000; i++) {
      const [a, b, limit] = [word(), word(), Math.floor(next() * 6)];
      const full = editDistance(a, b);
      expect(editDistanceWithin(a, b, limit), `${a} ${b} ${limit}`).toBe(
        full <= limit ? full : limit + 1,
      );
    }
  });

  it("sees past names that share a long start and end", () => {
    expect(editDistanceWithin("provider-12/modle-34", "provider-12/model-34", 2)).toBe(1);
    expect(editDistanceWithin("provider-12/model-34", "provider-37/model-99", 2)).toBe(3);
  });
});

describe("closest matches among thousands of near names", () => {
  const names = Array.from(
    { length: 5000 },
    (_, i) => `provider-${Math.floor(i / 100)}/model-${i % 100}`,
  );

  it("give the closest first and ties in name order, prepared once or not", () => {
    const expected = [
      "provider-12/model-34",
      "provider-1/model-34",
      "provider-10/model-34",
      "provider-11/model-34",
      "provider-12/model-14",
    ];
    expect(closestMatches("provider-12/modle-34", names, 5)).toEqual(expected);
    expect(closestMatches("provider-12/modle-34", new PreparedNames(names), 5)).toEqual(expected);
  });
});
