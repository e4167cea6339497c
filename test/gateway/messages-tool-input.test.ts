/**
 * A tool call's arguments as a tool_use block's `input` when the call was cut by max_tokens: the
 * members that arrived whole are kept, as the Anthropic SDK rebuilds them from a stream, however
 * long the argument is.
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

  it("keeps every number of a long array cut after its last one (50,000 of them)", () => {
    const count = 50_000;
    const numbers = Array.from({ length: count }, (_, i) => i).join(", ");
    const input = toolInput(`{"values": [${numbers}, 12`);
    const values = input.values as number[];
    expect(values).toHaveLength(count + 1);
    expect(values[count - 1]).toBe(count - 1);
    expect(values.at(-1)).toBe(12);
  });

  it("reads whole arguments as they are, and empty ones as no input", () => {
    expect(toolInput('{"path": "a, b", "n": [1, 2]}')).toEqual({ path: "a, b", n: [1, 2] });
    expect(toolInput("")).toEqual({});
  });
});
