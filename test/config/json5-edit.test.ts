/** Rewriting a hand-written JSON5 config in place: comments and layout survive the change. */
import fc from "fast-check";
import JSON5 from "json5";
import { describe, expect, it } from "vitest";
import { rewriteJson5 } from "../../src/config/json5-edit.js";

const SNIPPET = `{
  // Moonshot, as the docs show it
  env: { MOONSHOT_API_KEY: "sk-..." },
  agents: {
    defaults: {
      model: { primary: "moonshot/kimi-k2.5" }, // the default
      models: {
        "moonshot/kimi-k2.5": { alias: "Kimi K2.5" },
      },
    },
  },
  /* providers below */
  models: {
    mode: "merge",
    providers: {
      moonshot: {
        baseUrl: "https://api.moonshot.ai/v1",
        apiKey: "\${MOONSHOT_API_KEY}",
      },
    },
  },
}
`;

function edit(text: string, change: (value: Record<string, unknown>) => void): string | undefined {
  const before = JSON5.parse(text) as Record<string, unknown>;
  const after = structuredClone(before);
  change(after);
  return rewriteJson5(text, before, after);
}

describe("rewriteJson5", () => {
  it("changes one value where it stands and leaves every comment and line around it", () => {
    const out = edit(SNIPPET, (c) => {
      (
        c as { agents: { defaults: { model: { primary: string } } } }
      ).agents.defaults.model.primary = "kimi-code/kimi-for-coding";
    });
    expect(out).toBe(
      SNIPPET.replace('"moonshot/kimi-k2.5" }, //', '"kimi-code/kimi-for-coding" }, //'),
    );
  });

  it("adds a new section at the end of its object, in the file's style, comments kept", () => {
    const out = edit(SNIPPET, (c) => {
      c.gateway = { auth: { mode: "token", token: "tok" } };
    });
    expect(out).toBe(
      SNIPPET.replace(
        "    },\n  },\n}\n",
        '    },\n  },\n  gateway: {\n    auth: {\n      mode: "token",\n      token: "tok",\n    },\n  },\n}\n',
      ),
    );
  });

  it("removes a key with its line", () => {
    const out = edit(SNIPPET, (c) => {
      delete (c as { models: { mode?: string } }).models.mode;
    });
    expect(out).toBe(SNIPPET.replace('    mode: "merge",\n', ""));
  });

  it("keeps strict JSON strict (no trailing comma added) and a comment with the member it ends", () => {
    const json = '{\n  "a": 1, // one\n  "b": 2 // two\n}\n';
    const out = edit(json, (c) => {
      c.c = 3;
    });
    expect(out).toBe('{\n  "a": 1, // one\n  "b": 2, // two\n  "c": 3\n}\n');
  });

  it("keeps strict JSON strict when the last key of an object is removed", () => {
    const json =
      '{\n  "gateway": {\n    "port": 21201,\n    "bind": "loopback"\n  },\n  "x": {"a": 1, "b": 2}\n}\n';
    const out = edit(json, (c) => {
      delete (c.gateway as { bind?: string }).bind;
      delete (c.x as { b?: number }).b;
    });
    expect(out).toBe('{\n  "gateway": {\n    "port": 21201\n  },\n  "x": {"a": 1}\n}\n');
    // A file that uses trailing commas keeps them.
    expect(edit("{ a: 1, b: 2, }", (c) => delete c.b)).toMatch(/^\{ a: 1, +\}$/);
  });

  it("adds to an object written on one line, on that line", () => {
    const out = edit('{ env: { A: "1" }, x: 1 }', (c) => {
      (c.env as Record<string, string>).B = "2";
    });
    expect(out).toBe('{ env: { A: "1", B: "2" }, x: 1 }');
  });

  it("turns down what it cannot keep safely, so the caller writes the file out whole", () => {
    expect(rewriteJson5("{ a: 1 ", { a: 1 }, { a: 2 })).toBeUndefined();
    expect(rewriteJson5("{ a: 1, a: 2 }", { a: 2 }, { a: 3 })).toBeUndefined();
  });

  it("always yields a text that parses to the value asked for, or nothing", () => {
    const json = fc.jsonValue({ maxDepth: 3 });
    const object = fc.dictionary(fc.string({ maxLength: 6 }), json, { maxKeys: 5 });
    fc.assert(
      fc.property(object, object, fc.boolean(), (before, after, pretty) => {
        const text = pretty
          ? `// head\n${JSON.stringify(before, null, 2)}\n`
          : JSON.stringify(before);
        const out = rewriteJson5(text, before, after);
        if (out !== undefined) expect(JSON5.parse(out)).toEqual(JSON5.parse(JSON.stringify(after)));
      }),
      { numRuns: 300 },
    );
    // A strict JSON file stays strict JSON, whatever is added, changed or removed.
    fc.assert(
      fc.property(object, object, fc.boolean(), (before, after, pretty) => {
        const text = pretty ? JSON.stringify(before, null, 2) : JSON.stringify(before);
        const out = rewriteJson5(text, JSON.parse(text), JSON.parse(JSON.stringify(after)));
        if (out !== undefined) expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(after)));
      }),
      { numRuns: 300 },
    );
    // And it does not get there by giving up: a key added to or changed in a non-empty object
    // of pretty JSON is always done in place.
    const nonEmpty = fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), json, {
      minKeys: 1,
      maxKeys: 5,
    });
    fc.assert(
      fc.property(
        nonEmpty,
        fc.string({ minLength: 1, maxLength: 6 }),
        json,
        (before, key, value) => {
          const text = `${JSON.stringify(before, null, 2)}\n`;
          const after = JSON.parse(JSON.stringify({ ...before, [key]: value })) as object;
          const out = rewriteJson5(text, JSON.parse(text), after);
          expect(out).toBeDefined();
          expect(JSON5.parse(out as string)).toEqual(after);
        },
      ),
      { numRuns: 300 },
    );
  });
});
