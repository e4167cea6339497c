/**
 * A body nested past a thousand levels is refused from its text, before JSON.parse: parsing 8 MB
 * of `[` took the gateway's event loop (every other client's stream with it) for about 5 s. The
 * refusal is the one a parsed body gets: the field where it nests too deep, and how deep.
 */
import { describe, expect, it } from "vitest";
import { checkNesting, checkNestingOfText } from "../../src/gateway/body-nesting.js";
import { nestingPastLimit } from "../../src/gateway/text-nesting.js";

const nested = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;

/** The message a body gets, or "passes". */
function refusal(check: () => void): string {
  try {
    check();
    return "passes";
  } catch (error) {
    return (error as Error).message;
  }
}

describe("checkNestingOfText", () => {
  it("refuses an 8 MB body of brackets unparsed, with the answer a parsed one gets", () => {
    const body = `{"model":"openclaw","messages":${nested(4_000_000)}}`;
    expect(refusal(() => checkNestingOfText(body))).toBe(
      "the request body nests objects and arrays 4000001 levels deep at messages[0][0][0]…: this gateway takes request bodies nested at most 100 levels",
    );
  });

  it("names a tool schema as a parsed body's refusal does", () => {
    const levels = 3000;
    const schema = `${'{"type":"object","properties":{"a":'.repeat(levels)}{"type":"string"}${"}}".repeat(levels)}`;
    const body = `{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"deep","parameters":${schema}}}]}`;
    const fromText = refusal(() => checkNestingOfText(body));
    expect(fromText).toContain("6005 levels deep at tools[0].function.parameters:");
    expect(fromText).toBe(refusal(() => checkNesting(JSON.parse(body))));
  });

  it("leaves a body nested up to a thousand levels to be parsed (its ledger row names its model)", () => {
    expect(refusal(() => checkNestingOfText(`{"model":"m","x":${nested(999)}}`))).toBe("passes");
    expect(refusal(() => checkNestingOfText(`{"model":"m","x":${nested(1000)}}`))).toContain(
      "1001 levels deep at x[0][0][0]…",
    );
  });
});

describe("nestingPastLimit", () => {
  it("counts no bracket inside a string, escaped quotes and backslashes included", () => {
    const body = `{"a\\"[[[":"]]]\\\\","b":"[[[[\\"{{{{","c":[1,2,{"d\\\\":${nested(3)}}]}`;
    expect(nestingPastLimit(body, 3)).toEqual({ steps: ["c", 2, "d\\"], depth: 6 });
    expect(nestingPastLimit(body, 6)).toBeUndefined();
  });

  it("names the first part past the limit whose levels go past refuseFrom, with all its levels", () => {
    const body = `{"a":[1,${nested(3)},${nested(50)}]}`;
    expect(nestingPastLimit(body, 2)).toEqual({ steps: ["a", 1], depth: 5 });
    expect(nestingPastLimit(body, 2, 10)).toEqual({ steps: ["a", 2], depth: 52 });
  });

  it("answers for text that is not JSON (cut short), and reads keys as JSON does", () => {
    expect(nestingPastLimit(`{"\\u0041": {"é": ${"[".repeat(10)}`, 2, 5)).toEqual({
      steps: ["A", "é"],
      depth: 12,
    });
  });
});
