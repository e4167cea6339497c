import { describe, expect, it } from "vitest";
import { extendableCopy } from "../../src/util/extendable-copy.js";

describe("extendableCopy", () => {
  it("copies like spread: later sources win, missing ones are skipped, the base is untouched", () => {
    const base = { a: 1, b: 2 };
    const copy = extendableCopy<Record<string, number>>(base, { b: 3, c: 4 }, undefined);
    expect(copy).toEqual({ a: 1, b: 3, c: 4 });
    copy.d = 5;
    expect(base).toEqual({ a: 1, b: 2 });
  });

  it("keeps a __proto__ key from JSON as data, as spread does, without changing the prototype", () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "model": "x"}') as Record<
      string,
      unknown
    >;
    const copy = extendableCopy<Record<string, unknown>>(hostile, { stream: false });
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect((copy as { polluted?: unknown }).polluted).toBeUndefined();
    expect(JSON.stringify(copy)).toBe(JSON.stringify({ ...hostile, stream: false }));
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
