/** Rewriting a hand-written JSON5 config in place: comments and layout survive the change. */
import fc from "fast-check";
import JSON5 from "json5";
import { describe, expect, it } from "vitest";
import { duplicateKeys, rewriteJson5 } from "../../src/config/json5-edit.js";

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

  it("writes a new section into a one-line file on that line, spaced as a person writes it", () => {
    const text = '{ agents: { defaults: { model: "moonshot/kimi-k2.5" } } }';
    const defaults = (c: Record<string, unknown>) =>
      (c.agents as { defaults: Record<string, unknown> }).defaults;
    expect(edit(text, (c) => Object.assign(defaults(c), { workspace: "/w" }))).toBe(
      '{ agents: { defaults: { model: "moonshot/kimi-k2.5", workspace: "/w" } } }',
    );
    const withGateway = edit(text, (c) => {
      c.gateway = { auth: { mode: "token" }, allow: ["a", "b"] };
    });
    expect(withGateway).toBe(
      '{ agents: { defaults: { model: "moonshot/kimi-k2.5" } }, gateway: { auth: { mode: "token" }, allow: ["a", "b"] } }',
    );
    expect(JSON5.parse(withGateway as string)).toEqual({
      agents: { defaults: { model: "moonshot/kimi-k2.5" } },
      gateway: { auth: { mode: "token" }, allow: ["a", "b"] },
    });
    // A value that becomes an object where it stands stays on the line too.
    expect(edit(text, (c) => Object.assign(defaults(c), { model: { primary: "m" } }))).toBe(
      '{ agents: { defaults: { model: { primary: "m" } } } }',
    );
  });

  it("ends a new block with a trailing comma only when the file's blocks end with one", () => {
    const section = { auth: { mode: "token", token: "tok" } };
    const withCommas = "{\n  a: 1,\n  b: { c: 2 },\n}\n";
    const added = edit(withCommas, (c) => {
      c.gateway = section;
    });
    expect(added).toBe(
      '{\n  a: 1,\n  b: { c: 2 },\n  gateway: {\n    auth: {\n      mode: "token",\n      token: "tok",\n    },\n  },\n}\n',
    );
    expect(JSON5.parse(added as string)).toEqual({ a: 1, b: { c: 2 }, gateway: section });
    const withoutCommas = "{\n  a: 1,\n  b: { c: 2 }\n}\n";
    expect(edit(withoutCommas, (c) => (c.gateway = section))).toBe(
      '{\n  a: 1,\n  b: { c: 2 },\n  gateway: {\n    auth: {\n      mode: "token",\n      token: "tok"\n    }\n  }\n}\n',
    );
  });

  it("indents new blocks by the file's own step: two spaces, four, or a tab", () => {
    const section = { auth: { mode: "token" }, fallbacks: ["a"] };
    for (const u of ["  ", "    ", "\t"]) {
      const text = `{\n${u}agents: {\n${u}${u}model: "m",\n${u}},\n}\n`;
      const out = edit(text, (c) => Object.assign(c.agents as object, { gateway: section }));
      expect(out).toBe(
        `{\n${u}agents: {\n${u}${u}model: "m",\n` +
          `${u}${u}gateway: {\n${u}${u}${u}auth: {\n${u}${u}${u}${u}mode: "token",\n${u}${u}${u}},\n` +
          `${u}${u}${u}fallbacks: [\n${u}${u}${u}${u}"a",\n${u}${u}${u}],\n${u}${u}},\n${u}},\n}\n`,
      );
      expect(JSON5.parse(out as string)).toEqual({ agents: { model: "m", gateway: section } });
    }
  });

  it("writes what it adds with the file's \\r\\n line endings, a comment ending a line kept there", () => {
    const text = "{\r\n  a: 1, // one\r\n  b: 2 // two\r\n}\r\n";
    const out = edit(text, (c) => {
      c.c = { x: [1] };
    });
    expect(out).toBe(
      "{\r\n  a: 1, // one\r\n  b: 2, // two\r\n  c: {\r\n    x: [\r\n      1\r\n    ]\r\n  }\r\n}\r\n",
    );
    expect(JSON5.parse(out as string)).toEqual({ a: 1, b: 2, c: { x: [1] } });
    // A removed key takes the comment ending its line, as in a file with \n endings.
    expect(edit(text, (c) => delete c.a)).toBe("{\r\n  b: 2 // two\r\n}\r\n");
  });

  it("fills an object written empty, keeping the comment in it, on its line or as a block", () => {
    const agents = (c: Record<string, unknown>) => c.agents as Record<string, unknown>;
    const add = (text: string) => edit(text, (c) => Object.assign(agents(c), { workspace: "/w" }));
    expect(add("{ agents: {  } }")).toBe('{ agents: { workspace: "/w" } }');
    expect(add("{ agents: { /* default */ } }")).toBe(
      '{ agents: { /* default */ workspace: "/w" } }',
    );
    expect(add("{\n  agents: { /* default */ },\n}\n")).toBe(
      '{\n  agents: { /* default */\n    workspace: "/w",\n  },\n}\n',
    );
    const block = "{\n  agents: {\n    // nothing yet\n  },\n}\n";
    const filled = add(block);
    expect(filled).toBe('{\n  agents: {\n    // nothing yet\n    workspace: "/w",\n  },\n}\n');
    expect(JSON5.parse(filled as string)).toEqual({ agents: { workspace: "/w" } });
    expect(edit("// head\n{ /* default */ }\n", (c) => Object.assign(c, { a: 1 }))).toBe(
      '// head\n{ /* default */\n  "a": 1\n}\n',
    );
    // A list written empty too.
    expect(edit("{ fallbacks: [ /* none */ ] }", (c) => (c.fallbacks as string[]).push("a"))).toBe(
      '{ fallbacks: [ /* none */ "a" ] }',
    );
  });

  it("adds beside closing brackets that share a line with a // comment, before the comment", () => {
    const text = '{\n  x: {\n    agents: { defaults: { model: "m" } } }, // str\n}\n';
    const x = (c: Record<string, unknown>) =>
      c.x as { agents: { defaults: Record<string, unknown> } } & Record<string, unknown>;
    const inner = edit(text, (c) => Object.assign(x(c).agents.defaults, { workspace: "/w" }));
    expect(inner).toBe(text.replace('"m" } } },', '"m", workspace: "/w" } } },'));
    expect(JSON5.parse(inner as string).x.agents.defaults.workspace).toBe("/w");
    expect(edit(text, (c) => Object.assign(x(c), { w: "v" }))).toBe(
      text.replace('"m" } } },', '"m" } }, w: "v" },'),
    );
    // No entry starts a line of its own: the new one goes one step inside the closing bracket.
    const root = edit("{ x: 1, // str\n}\n", (c) => Object.assign(c, { y: 2 }));
    expect(root).toBe("{ x: 1, // str\n  y: 2,\n}\n");
    expect(JSON5.parse(root as string)).toEqual({ x: 1, y: 2 });
    const nested = "{\n  x: { a: { b: 1,\n  } }, // str\n}\n";
    expect(edit(nested, (c) => Object.assign((c.x as { a: object }).a, { c: 2 }))).toBe(
      "{\n  x: { a: { b: 1,\n    c: 2,\n  } }, // str\n}\n",
    );
  });

  it("turns down what it cannot keep safely, so the caller writes the file out whole", () => {
    expect(rewriteJson5("{ a: 1 ", { a: 1 }, { a: 2 })).toBeUndefined();
  });

  it("edits one element of a list in place: comments in the list and the other elements stay", () => {
    const text = `{
  models: [
    // tuned by hand
    { id: "a", name: "A", contextWindow: 1 }, // the main one
    { id: "b", name: "B" },
  ],
}
`;
    const models = (c: Record<string, unknown>) => c.models as Record<string, unknown>[];
    expect(edit(text, (c) => Object.assign(models(c)[0]!, { contextWindow: 200000 }))).toBe(
      text.replace("contextWindow: 1 }", "contextWindow: 200000 }"),
    );
    expect(edit(text, (c) => models(c).push({ id: "c", name: "C" }))).toBe(
      text.replace(
        '{ id: "b", name: "B" },\n',
        '{ id: "b", name: "B" },\n    {\n      id: "c",\n      name: "C",\n    },\n',
      ),
    );
    // Removing the first element takes its line and the comments about it (the one above it and
    // the one ending its line); the rest stays as written.
    expect(edit(text, (c) => models(c).splice(0, 1))).toBe(
      text.replace(
        '    // tuned by hand\n    { id: "a", name: "A", contextWindow: 1 }, // the main one\n',
        "",
      ),
    );
  });

  it("removes a block comment ending a removed entry's line, and keeps the space before a closing brace", () => {
    const list = `{ fallbacks: [\n  "a",\n  "last", /* about it */\n] }`;
    expect(edit(list, (c) => (c.fallbacks as string[]).pop())).toBe(`{ fallbacks: [\n  "a",\n] }`);
    const auth = `{ auth: { mode: "none", x: 1 } }`;
    expect(edit(auth, (c) => delete (c.auth as Record<string, unknown>).x)).toBe(
      `{ auth: { mode: "none" } }`,
    );
  });

  it("removes the comments written before a removed element with it, and no other comment", () => {
    const text = `{
  fallbacks: [ // the fast one
    "turbo", /* thinking */ "thinking",
    "coding",
    // kept for later
    /* the old one */
    "old",

    // the rest, then a blank line

    "last", // the end
  ],
}
`;
    const fallbacks = (c: Record<string, unknown>) => c.fallbacks as string[];
    const without = (name: string) =>
      edit(text, (c) => fallbacks(c).splice(fallbacks(c).indexOf(name), 1));
    expect(without("turbo")).toBe(
      text.replace('[ // the fast one\n    "turbo", /* thinking */', "[\n    /* thinking */"),
    );
    expect(without("thinking")).toBe(text.replace(' /* thinking */ "thinking",', ""));
    expect(without("old")).toBe(
      text.replace('    // kept for later\n    /* the old one */\n    "old",\n', ""),
    );
    // A comment after a blank line heads what follows: it stays when the element goes.
    expect(without("last")).toBe(text.replace('    "last", // the end\n', ""));
    // Two neighbours at once.
    expect(edit(text, (c) => fallbacks(c).splice(0, 2))).toBe(
      text.replace('[ // the fast one\n    "turbo", /* thinking */ "thinking",\n', "[\n"),
    );
  });

  it("removes elements apart from each other, each with its comments; the ones between stay as written", () => {
    const text = `{
  models: [
    { id: "a" }, // mine
    // retired
    { id: "b" },
    // added by hand
    { id: "c", name: "C" }, // the new one
    { id: "d" }, /* retired too */
    { id: "e" },
  ],
}
`;
    const models = (c: Record<string, unknown>) => c.models as { id: string }[];
    expect(
      edit(text, (c) => {
        c.models = models(c).filter((model) => model.id !== "b" && model.id !== "d");
      }),
    ).toBe(
      text
        .replace('    // retired\n    { id: "b" },\n', "")
        .replace('    { id: "d" }, /* retired too */\n', ""),
    );
  });

  it("removes the comment written above a removed key, and keeps the object's own comments", () => {
    const text = `{
  gateway: { // local only
    // the port
    port: 18789,
    bind: "loopback", // not lan
    /* who may call */ auth: { mode: "token" },
  },
}
`;
    const gateway = (c: Record<string, unknown>) => c.gateway as Record<string, unknown>;
    expect(edit(text, (c) => delete gateway(c).port)).toBe(
      text.replace("    // the port\n    port: 18789,\n", ""),
    );
    expect(edit(text, (c) => delete gateway(c).auth)).toBe(
      text.replace('    /* who may call */ auth: { mode: "token" },\n', ""),
    );
    expect(edit(text, (c) => delete gateway(c).bind)).toBe(
      text.replace('    bind: "loopback", // not lan\n', ""),
    );
  });

  it("edits a key written twice where it takes effect (the later one), keeping every comment", () => {
    const text =
      "{\n  // first\n  gateway: { port: 1 },\n  // second\n  gateway: { port: 2 },\n}\n";
    expect(edit(text, (c) => Object.assign(c.gateway as object, { port: 3 }))).toBe(
      text.replace("port: 2", "port: 3"),
    );
    expect(rewriteJson5("{ a: 1, a: 2 }", { a: 2 }, { a: 3 })).toBe("{ a: 1, a: 3 }");
  });

  it("writes anew, in place, an object whose every member gives way to others; the rest of the file stays", () => {
    const text =
      '{\n  // the headers\n  headers: {\n    "X-Old": "1"\n  },\n  port: 1, // kept\n}\n';
    const out = rewriteJson5(
      text,
      { headers: { "X-Old": "1" }, port: 1 },
      { headers: { "X-New": "2", "X-Also": "3" }, port: 1 },
    );
    expect(out).toBe(
      '{\n  // the headers\n  headers: {\n    "X-New": "2",\n    "X-Also": "3",\n  },\n  port: 1, // kept\n}\n',
    );
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

  it("finds keys written twice, with their lines", () => {
    expect(
      duplicateKeys('{\n  gateway: { port: 1 },\n  list: [{ a: 1, a: 2 }],\n  "gateway": {},\n}'),
    ).toEqual([
      { path: ["gateway"], lines: [2, 4] },
      { path: ["list", 0, "a"], lines: [3, 3] },
    ]);
    expect(duplicateKeys("{ a: 1 ")).toEqual([]);
  });

  it("reads a key's escapes, and quotes inside strings, as JSON5 does", () => {
    expect(duplicateKeys("{ models: 1, \"mo\\u0064els\": 2, 'it\\'s': 3, \"it's\": 4 }")).toEqual([
      { path: ["models"], lines: [1, 1] },
      { path: ["it's"], lines: [1, 1] },
    ]);
    expect(duplicateKeys('{ a: "x\\\\", b: "y\\"z", a: 1 }')).toEqual([
      { path: ["a"], lines: [1, 1] },
    ]);
  });

  it("top level only: the root's keys, its values passed over whatever brackets their strings and comments hold", () => {
    const text = [
      "{",
      '  gateway: { s: "}", t: \'{[\', u: "\\"}", v: [1, { w: 2, w: 3 }] /* } ] */ },',
      "  // } a comment with a bracket",
      '  list: [{ a: 1, a: 2 }, "]"],',
      '  "gateway": {},',
      "}",
    ].join("\n");
    expect(duplicateKeys(text, true)).toEqual([{ path: ["gateway"], lines: [2, 5] }]);
    expect(duplicateKeys(text)).toEqual([
      { path: ["gateway"], lines: [2, 5] },
      { path: ["list", 0, "a"], lines: [4, 4] },
    ]);
    expect(duplicateKeys("{ a: { b: 1 }", true)).toEqual([]);
  });
});

describe("rewriteJson5: lists of plain values", () => {
  const MODELS = `{
  models: {
    providers: {
      moonshot: {
        models: [
          {
            id: "kimi-k2.5",
            input: ["text"],
          },
        ],
      },
    },
  },
}
`;
  const addK3 = (config: Record<string, unknown>) => {
    const providers = (config.models as { providers: Record<string, { models: unknown[] }> })
      .providers;
    providers.moonshot?.models.push({ id: "kimi-k3", input: ["text", "image"] });
  };

  it('a model added to a file that writes input: ["text"] on one line gets its list on one line', () => {
    const out = edit(MODELS, addK3);
    expect(out).toContain(
      `          {\n            id: "kimi-k3",\n            input: ["text", "image"],\n          },`,
    );
    expect(JSON5.parse(out ?? "")).toEqual(
      (() => {
        const value = JSON5.parse(MODELS) as Record<string, unknown>;
        addK3(value);
        return value;
      })(),
    );
  });

  it("a file that writes such lists item by item gets them item by item", () => {
    const blocks = MODELS.replace(
      'input: ["text"],',
      'input: [\n              "text",\n            ],',
    );
    const out = edit(blocks, addK3);
    expect(out).toContain(
      `input: [\n              "text",\n              "image",\n            ],`,
    );
  });
});
