/**
 * The line a dotted path is written on: inside a list it is the element's own line, not the
 * line of the list's `[` (every `file:line` a person is shown comes from here).
 */
import { join } from "node:path";
import fc from "fast-check";
import JSON5 from "json5";
import { describe, expect, it } from "vitest";
import { lineIndex, locateLine, pathLocator } from "../../src/config/locate.js";
import type { PathSegment } from "../../src/config/schema-dsl.js";
import { lineWith, loadError } from "../helpers/config-lines.js";

const FALLBACKS = `{
  agents: { defaults: { model: { primary: "moonshot/kimi-k2.5",
    fallbacks: [
      "moonshot/kimi-k2.6",
      "moonshot/no-such-model",
    ],
  } } },
}
`;

const MODELS = `{
  models: {
    providers: {
      moonshot: {
        models: [
          { id: "kimi-k2.5", name: "K2.5", cost: { input: 1, output: 2 } },
          {
            id: "kimi-k2-extra",
            name: "extra",
            // what it costs
            cost: {
              output: 3,
              input: "cheap",
            },
          },
        ],
      },
    },
  },
}
`;

describe("locateLine", () => {
  it("puts each element of a list on its own line", () => {
    const base = ["agents", "defaults", "model", "fallbacks"];
    expect(locateLine(FALLBACKS, [...base, 0])).toBe(lineWith(FALLBACKS, "kimi-k2.6"));
    expect(locateLine(FALLBACKS, [...base, 1])).toBe(lineWith(FALLBACKS, "no-such-model"));
    expect(locateLine(FALLBACKS, base)).toBe(lineWith(FALLBACKS, "fallbacks: ["));
  });

  it("follows a path into an object inside a list, past the same keys in earlier elements", () => {
    const path = ["models", "providers", "moonshot", "models", 1, "cost", "input"];
    expect(locateLine(MODELS, path)).toBe(lineWith(MODELS, '"cheap"'));
    expect(locateLine(MODELS, path.slice(0, 5))).toBe(lineWith(MODELS, 'id: "kimi-k2-extra"') - 1);
    expect(locateLine(MODELS, [...path.slice(0, 5), "name"])).toBe(lineWith(MODELS, '"extra"'));
    expect(locateLine(MODELS, [...path.slice(0, 4), 0, "cost", "input"])).toBe(
      lineWith(MODELS, '"K2.5"'),
    );
  });

  it("finds elements of nested lists", () => {
    const text = `{\n  grid: [\n    [1,\n     2],\n    [\n      3,\n      4,\n    ],\n  ],\n}\n`;
    expect(locateLine(text, ["grid", 0, 1])).toBe(4);
    expect(locateLine(text, ["grid", 1])).toBe(5);
    expect(locateLine(text, ["grid", 1, 0])).toBe(6);
    expect(locateLine(text, ["grid", 1, 1])).toBe(7);
  });

  it("keeps elements written on one line on that line, and a wrapped list's on theirs", () => {
    const text = `{\n  a: ["x", "y"],\n  b: [\n    "p", "q",\n    "r",\n  ],\n}\n`;
    expect(locateLine(text, ["a", 1])).toBe(2);
    expect(locateLine(text, ["b", 1])).toBe(4);
    expect(locateLine(text, ["b", 2])).toBe(5);
  });

  it("skips comments and blank lines between elements, also ones that look like values", () => {
    const text = [
      "{",
      "  list: [",
      "    // first, then [the second], 'quoted'",
      '    "a",',
      "",
      '    /* "b", "c", */',
      "",
      '    "b",',
      "  ],",
      "}",
    ].join("\n");
    expect(locateLine(text, ["list", 0])).toBe(4);
    expect(locateLine(text, ["list", 1])).toBe(8);
  });

  it("is not misled by brackets, commas, quotes or key-like text inside strings", () => {
    const text = [
      "{",
      '  note: "cost: { input: 1 }, [x]",',
      "  list: [",
      '    "a], [b",',
      "    'it\\'s, \"so\" [',",
      '    "c\\" , ]",',
      '    { cost: { input: "here" } },',
      "  ],",
      "  cost: 5,",
      "}",
    ].join("\n");
    expect(locateLine(text, ["list", 1])).toBe(5);
    expect(locateLine(text, ["list", 2])).toBe(6);
    expect(locateLine(text, ["list", 3, "cost", "input"])).toBe(7);
    expect(locateLine(text, ["cost"])).toBe(9);
  });

  it("takes a key written twice where JSON5 takes it from: the later one", () => {
    const text = `{\n  gateway: { port: 1 },\n  gateway: {\n    port: 2,\n  },\n}\n`;
    expect(locateLine(text, ["gateway", "port"])).toBe(4);
  });

  it("blames a missing key on the deepest part of the path that is written", () => {
    expect(
      locateLine(MODELS, ["models", "providers", "moonshot", "models", 1, "contextWindow"]),
    ).toBe(lineWith(MODELS, 'id: "kimi-k2-extra"') - 1);
    expect(locateLine(FALLBACKS, ["agents", "defaults", "model", "fallbacks", 7])).toBe(
      lineWith(FALLBACKS, "fallbacks: ["),
    );
    expect(locateLine(FALLBACKS, ["gateway", "port"])).toBeUndefined();
    expect(locateLine(FALLBACKS, [])).toBeUndefined();
  });

  it("counts lines the same with CRLF line endings and a byte-order mark", () => {
    const text = `\uFEFF${FALLBACKS.replace(/\n/g, "\r\n")}`;
    expect(locateLine(text, ["agents", "defaults", "model", "fallbacks", 1])).toBe(5);
  });

  it("gives no line for text it cannot read, rather than a wrong one", () => {
    expect(locateLine(`{ list: [\n "a",\n`, ["list", 0])).toBeUndefined();
  });

  it("locates every element of a long list from one read of the text", () => {
    const count = 5000;
    const text = `{\n  list: [\n${Array.from({ length: count }, (_, i) => `    "m${i}",\n`).join("")}  ],\n}\n`;
    const locate = pathLocator(text);
    for (let index = 0; index < count; index += 499)
      expect(locate(["list", index])).toBe(index + 3);
    expect(locateLine(text, ["list", count - 1])).toBe(count + 2);
  });
});

/** A tree of objects and lists whose leaves are filled in later with unique markers. */
const shape = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.array(tie("node"), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom("a", "cost", "x:y", "[", "}, ", 'q"', "0"), tie("node"), {
      maxKeys: 4,
    }),
  ),
}));

/** `value` with each null leaf replaced by a unique string marker, and each marker's path. */
function marked(value: unknown): { value: unknown; leaves: [string, PathSegment[]][] } {
  const leaves: [string, PathSegment[]][] = [];
  const fill = (node: unknown, path: PathSegment[]): unknown => {
    if (node === null) {
      const marker = `L${leaves.length}`;
      leaves.push([marker, path]);
      return marker;
    }
    if (Array.isArray(node)) return node.map((item, index) => fill(item, [...path, index]));
    return Object.fromEntries(
      Object.entries(node as Record<string, unknown>).map(([key, item]) => [
        key,
        fill(item, [...path, key]),
      ]),
    );
  };
  return { value: fill(value, []), leaves };
}

describe("locateLine over any layout a tool writes", () => {
  it("puts every leaf on the line its value is printed on, comments between lines or not", () => {
    fc.assert(
      fc.property(shape.node, fc.boolean(), fc.boolean(), (tree, json5, comments) => {
        const { value, leaves } = marked({ root: tree });
        let text = json5
          ? JSON5.stringify(value, { space: 2, quote: '"' })
          : JSON.stringify(value, null, 2);
        // A comment that looks like values and brackets after each line that can take one.
        if (comments) text = text.replace(/([,[{])\n/g, '$1 // ], { "k": [\n');
        for (const [marker, path] of leaves)
          expect(locateLine(text, path)).toBe(lineWith(text, `"${marker}"`));
      }),
      { numRuns: 300 },
    );
  });
});

describe("lineIndex", () => {
  it("numbers lines from 1, a newline belonging to the line it ends", () => {
    const lineOf = lineIndex("ab\ncd\n\ne");
    expect([0, 2, 3, 5, 6, 7, 8].map(lineOf)).toEqual([1, 1, 2, 2, 3, 4, 4]);
  });
});

describe("a problem inside a list, as loading the config reports it", () => {
  it("names the line of the element's own key in the main file", () => {
    const { dir, error } = loadError({ "openclaw.json": MODELS });
    const line = lineWith(MODELS, '"cheap"');
    expect(error.line).toBe(line);
    expect(error.message).toContain(
      `models.providers.moonshot.models[1].cost.input: expected a number ≥ 0, found the string "cheap" (${join(dir, "openclaw.json")}:${line})`,
    );
  });

  it("follows an element that is itself an $include into that file", () => {
    const extra = `{\n  id: "x",\n  name: "X",\n  cost: {\n    output: 1,\n    input: "cheap",\n  },\n}\n`;
    const { dir, error } = loadError({
      "openclaw.json": `{\n  models: { providers: { moonshot: {\n    models: [\n      { id: "a", name: "A", cost: { input: 1 } },\n      { $include: "./extra.json5" },\n    ],\n  } } },\n}\n`,
      "extra.json5": extra,
    });
    expect(error.file).toBe(join(dir, "extra.json5"));
    expect(error.line).toBe(lineWith(extra, '"cheap"'));
  });

  it("names the included file and the element's line there", () => {
    const providers = `{\n  moonshot: {\n    models: [\n      { id: "kimi-k2.5", name: "K", cost: { input: 1 } },\n      {\n        id: "x",\n        name: "X",\n        cost: { input: "cheap" },\n      },\n    ],\n  },\n}\n`;
    const { dir, error } = loadError({
      "openclaw.json": `{\n  models: { providers: { $include: "./providers.json5" } },\n}\n`,
      "providers.json5": providers,
    });
    expect(error.file).toBe(join(dir, "providers.json5"));
    expect(error.line).toBe(8);
    expect(error.message).toContain(
      `models.providers.moonshot.models[1].cost.input: expected a number ≥ 0, found the string "cheap" (${join(dir, "providers.json5")}:8)`,
    );
  });
});
