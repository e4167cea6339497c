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

  it("never calls empty arguments or a bare value closed", () => {
    expect(closedAfterEach(["", " "])).toEqual([false, false]);
    expect(closedAfterEach(['"{}"', "}"])).toEqual([false, false]);
  });
});
