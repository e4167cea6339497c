import { describe, expect, it } from "vitest";
import { jsonKeyLine, jsonSyntaxProblem } from "../../src/util/json-scan.js";

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe("jsonSyntaxProblem", () => {
  it.each([
    [
      '{\n  "version": 1,,\n  "profiles": {}\n}',
      2,
      16,
      "expected a property name in double quotes",
    ],
    ['{\n  "a": 1,\n}', 3, 1, "a comma before }"],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3, "expected ',' or '}' after a value"],
    ['{"a": "sk-open\n"}', 1, 15, "a control character"],
    ['{"a": "never closed}', 1, 7, "never closed"],
    ["{a: 1}", 1, 2, "expected a property name in double quotes"],
    ["{\"a\": 'x'}", 1, 7, "single quotes"],
    ['// note\n{"a": 1}', 1, 1, "a comment"],
    ['{"a": [1, 2,]}', 1, 13, "a comma before ]"],
    ['{"a": 1} x', 1, 10, "more text after the end"],
    ['{"a": {"b": 1}', 1, 15, "the text ends before the JSON does"],
    ["", 1, 1, "the text ends before the JSON does"],
    ['{"a": tru}', 1, 7, "expected a value"],
    ['{"a": "\\x"}', 1, 8, "unknown escape"],
  ])("finds where %j stops being JSON: line %i, column %i", (text, line, column, reason) => {
    const problem = jsonSyntaxProblem(text);
    expect(problem).toMatchObject({ line, column });
    expect(problem?.reason).toContain(reason);
  });

  it("agrees with JSON.parse on what is JSON", () => {
    const samples = [
      '{"version":1,"profiles":{"m:d":{"type":"api_key","provider":"m","key":"sk-1"}}}',
      "\ufeff{}",
      '[1, -2.5e+3, true, false, null, "\\u00e9\\n", {"": []}]',
      '  "just a string"  ',
      "-0",
      "01",
      "1.",
      ".5",
      "-",
      '{"a":1 , "b" : [ ] }',
      "[[[[[[]]]]]]",
      '{"a":"\\ud83d\\ude00"}',
    ];
    for (const text of samples) {
      // JSON.parse refuses a BOM, which editors add and the store reader strips.
      const body = text.replace(/^\ufeff/, "");
      expect(jsonSyntaxProblem(text) === undefined, text).toBe(parses(body));
    }
  });

  it("reads deep nesting without overflowing the stack", () => {
    const deep = `${"[".repeat(200_000)}${"]".repeat(200_000)}`;
    expect(jsonSyntaxProblem(deep)).toBeUndefined();
  });
});

describe("jsonKeyLine", () => {
  const text =
    '{\n  "version": 1,\n  "profiles": {\n    "m:default": {\n      "type": "api_key",\n      "kye": "x"\n    }\n  }\n}\n';
  it("finds the line a key is written on, by its path", () => {
    expect(jsonKeyLine(text, ["version"])).toBe(2);
    expect(jsonKeyLine(text, ["profiles", "m:default", "kye"])).toBe(6);
    expect(jsonKeyLine(text, ["profiles", "m:default", "key"])).toBeUndefined();
  });

  it("finds keys inside lists, written twice, or in text that stops being JSON", () => {
    const nested =
      '{\n  "a": [\n    {"b": 1},\n    {"b": 2,\n     "c": 3}\n  ],\n  "a": [{"d": 4}],\n  "0": {"e": 5}\n}';
    expect(jsonKeyLine(nested, ["a", 1, "c"])).toBe(5);
    expect(jsonKeyLine(nested, ["a", 0, "d"])).toBe(7);
    expect(jsonKeyLine(nested, ["a"])).toBe(7);
    expect(jsonKeyLine(nested, ["a", 1])).toBeUndefined();
    expect(jsonKeyLine(nested, ["0", "e"])).toBe(8);
    expect(jsonKeyLine(nested, [0, "e"])).toBeUndefined();
    expect(jsonKeyLine(nested, [])).toBeUndefined();
    expect(jsonKeyLine('{\n"x": 1,\n"y": ,\n"z": 2}', ["y"])).toBe(3);
    expect(jsonKeyLine('{\n"x": 1,\n"y": ,\n"z": 2}', ["z"])).toBeUndefined();
  });
});
