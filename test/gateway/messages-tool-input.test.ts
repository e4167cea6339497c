/**
 * A tool call's arguments as a tool_use block's `input` when the call was cut by max_tokens: the
 * members that arrived whole are kept (not a number the cut ends in, which may go on), as the
 * Anthropic SDK rebuilds them from a stream, however long the argument is.
 */
import { describe, expect, it } from "vitest";
import { toolInput } from "../../src/gateway/messages-format.js";

describe("a cut tool call's input", () => {
  it("keeps the whole members and drops the one cut inside a string", () => {
    expect(toolInput('{"tz": "Europe/Paris", "note": "Eur')).toEqual({ tz: "Europe/Paris" });
    expect(toolInput('{"a": [1, 2, 3], "b": {"c": "x"}, "d": "unfinis')).toEqual({
      a: [1, 2, 3],
      b: { c: "x" },
    });
    expect(toolInput('{"tz": "Eur')).toEqual({});
  });

  it("drops a number the cut ends in, which may be the start of a longer one", () => {
    // [1, 2 may have been [1, 25]: the Anthropic SDK rebuilds [1] from the stream too.
    expect(toolInput('{"a": [1, 2')).toEqual({ a: [1] });
    expect(toolInput('{"tz": "UTC", "offset": -1')).toEqual({ tz: "UTC" });
    expect(toolInput('{"a": [1, 2.5e')).toEqual({ a: [1] });
    // Ended: by a space, or a word rather than a number.
    expect(toolInput('{"a": [1, 2 ')).toEqual({ a: [1, 2] });
    expect(toolInput('{"a": [1, true')).toEqual({ a: [1, true] });
  });

  it("keeps every whole number of a long array cut after its last one (50,000 of them)", () => {
    const count = 50_000;
    const numbers = Array.from({ length: count }, (_, i) => i).join(", ");
    const input = toolInput(`{"values": [${numbers}, 12`);
    const values = input.values as number[];
    expect(values).toHaveLength(count);
    expect(values.at(-1)).toBe(count - 1);
  });

  it("reads whole arguments as they are, and empty ones as no input", () => {
    expect(toolInput('{"path": "a, b", "n": [1, 2]}')).toEqual({ path: "a, b", n: [1, 2] });
    expect(toolInput("")).toEqual({});
  });
});
