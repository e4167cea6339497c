/** Whether streamed tool-call arguments have closed, piece by piece. */
import { describe, expect, it } from "vitest";
import { JsonCloseWatch } from "../../src/util/json-close.js";

/** Feeds `pieces` one after the other; the answer after each. */
function closedAfterEach(pieces: string[]): boolean[] {
  const watch = new JsonCloseWatch();
  let text = "";
  return pieces.map((piece) => {
    text += piece;
    return watch.closedIn(text);
  });
}

describe("JsonCloseWatch", () => {
  it("closes at the outermost brace, not at braces or quotes inside strings", () => {
    expect(closedAfterEach(['{"a": "}', '\\"}', '", "b": [1, {"c":', " 2}]", "}"])).toEqual([
      false,
      false,
      false,
      false,
      true,
    ]);
  });

  it("keeps a backslash that ends a piece escaping the first character of the next", () => {
    expect(closedAfterEach(['{"a": "x\\', '"}', '"}'])).toEqual([false, false, true]);
  });

  it("closes an array, with whitespace before it", () => {
    expect(closedAfterEach(["  [", "[]", "]"])).toEqual([false, false, true]);
  });

  it("never calls empty arguments closed", () => {
    expect(closedAfterEach(["", " ", "\n"])).toEqual([false, false, false]);
  });

  it("closes a bare string at its closing quote, not at an escaped one or braces inside", () => {
    expect(closedAfterEach(['"{}', '\\"', 'x"', "}"])).toEqual([false, false, true, true]);
  });

  it("closes true, false and null once spelt out, a number only once whitespace follows", () => {
    expect(closedAfterEach(["tr", "ue"])).toEqual([false, true]);
    expect(closedAfterEach([" nul", "l"])).toEqual([false, true]);
    // 42 may be the first digits of 423: whole only when something ends it.
    expect(closedAfterEach(["4", "2", "3", " "])).toEqual([false, false, false, true]);
  });
});
