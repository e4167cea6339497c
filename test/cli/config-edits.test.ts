import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import JSON5 from "json5";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

function stateWith(
  text?: string,
  others: Record<string, string> = {},
): { env: Record<string, string>; path: string; dir: string } {
  const dir = tempDir();
  const path = join(dir, "openclaw.json");
  if (text !== undefined) writeFileSync(path, text);
  for (const [name, content] of Object.entries(others)) writeFileSync(join(dir, name), content);
  return { env: { OPENCLAW_STATE_DIR: dir }, path, dir };
}

describe("config set/get below a value written in its short form", () => {
  it('setting the fallbacks of `model: "ref"` keeps the ref as the primary', async () => {
    const { env, path } = stateWith(
      '{\n  agents: { defaults: { model: "moonshot/kimi-k2-thinking" } },\n}\n',
    );
    const set = await runCli(
      ["config", "set", "agents.defaults.model.fallbacks", '["moonshot/kimi-k2.5"]'],
      { env },
    );
    expect(set.code).toBe(0);
    expect(JSON5.parse(readFileSync(path, "utf8")).agents.defaults.model).toEqual({
      primary: "moonshot/kimi-k2-thinking",
      fallbacks: ["moonshot/kimi-k2.5"],
    });
    const status = await runCli(["models", "status", "--json"], { env });
    expect(JSON.parse(status.stdout)).toMatchObject({
      default: "moonshot/kimi-k2-thinking",
      fallbacks: ["moonshot/kimi-k2.5"],
    });
  });

  it('get of model.primary finds the ref of `model: "ref"`', async () => {
    const { env } = stateWith('{ agents: { defaults: { model: "moonshot/kimi-k2-thinking" } } }');
    const got = await runCli(["config", "get", "agents.defaults.model.primary"], { env });
    expect(got).toMatchObject({ code: 0, stdout: "moonshot/kimi-k2-thinking\n" });
    const fallbacks = await runCli(["config", "get", "agents.defaults.model.fallbacks"], { env });
    expect(fallbacks.code).toBe(1);
    expect(fallbacks.stderr).toContain("agents.defaults.model.fallbacks is not set");
  });

  it('a second file added to `$include: "./a.json5"` keeps the first', async () => {
    const { env, path } = stateWith('{ $include: "./a.json5" }', {
      "a.json5": "{ gateway: { port: 18801 } }",
      "b.json5": '{ gateway: { bind: "loopback" } }',
    });
    const set = await runCli(["config", "set", "$include[1]", "./b.json5"], { env });
    expect(set.code).toBe(0);
    expect(JSON5.parse(readFileSync(path, "utf8"))).toEqual({
      $include: ["./a.json5", "./b.json5"],
    });
    const got = await runCli(["config", "get", "gateway", "--json"], { env });
    expect(JSON.parse(got.stdout)).toEqual({ port: 18801, bind: "loopback" });
  });
});

describe("config set of a value an $include'd file holds", () => {
  const providers = `{ models: { providers: { mylab: { baseUrl: "http://127.0.0.1:9/v1",
    models: [ { id: "a", name: "A" }, { id: "b", name: "B" }, { id: "c", name: "C" } ] } } },
  agents: { defaults: { model: "mylab/a" } } }
`;
  const included = () =>
    stateWith('{ $include: "./providers.json5" }\n', { "providers.json5": providers });

  it.each([
    ["an element", "models.providers.mylab.models[0]", '{id: "a", name: "Model A"}'],
    ["a field of an element", "models.providers.mylab.models[0].name", "Model A"],
    ["a new element", "models.providers.mylab.models[3]", '{id: "d", name: "D"}'],
  ])(
    "inside an included list (%s) is refused, naming the file and line to edit",
    async (_what, key, value) => {
      const { env, path, dir } = included();
      const set = await runCli(["config", "set", key, value], { env });
      expect(set.code).toBe(2);
      expect(set.stdout).toBe("");
      expect(set.stderr).toContain(
        `error: ${key} is in the list models.providers.mylab.models, which is set in ${join(dir, "providers.json5")}:2`,
      );
      expect(set.stderr).toContain(`hint: change it in ${join(dir, "providers.json5")} (line 2)`);
      expect(set.stderr).not.toContain("is required but missing");
      expect(readFileSync(path, "utf8")).toBe('{ $include: "./providers.json5" }\n');
      const list = await runCli(["models", "list", "--plain", "--provider", "mylab"], { env });
      expect(list.stdout).toBe("mylab/a\nmylab/b\nmylab/c\n");
    },
  );

  it("a value an included file sets is overridden in the main file, and the output says the old one is shadowed", async () => {
    const { env, path, dir } = included();
    const set = await runCli(
      ["config", "set", "models.providers.mylab.baseUrl", "http://127.0.0.1:10/v1"],
      { env },
    );
    expect(set.code).toBe(0);
    expect(set.stdout).toContain(
      `the old value is set in ${join(dir, "providers.json5")}:1 (included with $include), which openclaw.json now overrides`,
    );
    expect(JSON5.parse(readFileSync(path, "utf8")).models.providers.mylab).toEqual({
      baseUrl: "http://127.0.0.1:10/v1",
    });
    const json = await runCli(
      ["config", "set", "models.providers.mylab.baseUrl", "http://127.0.0.1:11/v1", "--json"],
      {
        env: stateWith('{ $include: "./providers.json5" }\n', { "providers.json5": providers }).env,
      },
    );
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: true,
      changed: true,
      overrides: { line: 1, merges: false },
    });
  });

  it("the fallbacks of a model an included file writes as a ref keep that ref as the primary", async () => {
    const { env, path } = included();
    const set = await runCli(["config", "set", "agents.defaults.model.fallbacks", '["mylab/b"]'], {
      env,
    });
    expect(set.code).toBe(0);
    expect(JSON5.parse(readFileSync(path, "utf8")).agents.defaults.model).toEqual({
      primary: "mylab/a",
      fallbacks: ["mylab/b"],
    });
    const got = await runCli(["config", "get", "agents.defaults.model.primary"], { env });
    expect(got.stdout).toBe("mylab/a\n");
  });
});

describe("one rule for the default model and its fallbacks, whichever command writes them", () => {
  const seed = readFileSync(join(import.meta.dirname, "../fixtures/seed/moonshot.json5"), "utf8");

  it("models set of a fallback makes it the default and takes it out of the fallbacks", async () => {
    const { env, path } = stateWith(seed);
    await runCli(["models", "fallbacks", "add", "moonshot/kimi-k2-thinking"], { env });
    await runCli(["models", "fallbacks", "add", "moonshot/kimi-k2-turbo-preview"], { env });
    const set = await runCli(["models", "set", "Kimi K2 Thinking"], { env });
    expect(set.code).toBe(0);
    expect(set.stdout).toContain(
      "default model: moonshot/kimi-k2-thinking (was moonshot/kimi-k2.5); it is no longer fallback #1",
    );
    expect(JSON5.parse(readFileSync(path, "utf8")).agents.defaults.model).toEqual({
      primary: "moonshot/kimi-k2-thinking",
      fallbacks: ["moonshot/kimi-k2-turbo-preview"],
    });
    expect((await runCli(["config", "validate"], { env })).code).toBe(0);
  });

  it("models fallbacks add of the default model is refused with exit 2", async () => {
    const { env, path } = stateWith(seed);
    const add = await runCli(["models", "fallbacks", "add", "moonshot/kimi-k2.5"], { env });
    expect(add.code).toBe(2);
    expect(add.stderr).toContain("cannot also be its fallback");
    expect(readFileSync(path, "utf8")).toBe(seed);
  });

  it("config set refuses a fallback listed twice, or the default model among them (exit 2)", async () => {
    const { env, path } = stateWith(seed);
    const twice = await runCli(
      [
        "config",
        "set",
        "agents.defaults.model.fallbacks",
        '["moonshot/kimi-k2-thinking", "Kimi K2 Thinking"]',
      ],
      { env },
    );
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain(
      "agents.defaults.model.fallbacks[1]: fallback 2 is moonshot/kimi-k2-thinking, which is already fallback 1: a model is listed once (the value given on the command line)",
    );
    const self = await runCli(
      ["config", "set", "agents.defaults.model.fallbacks", '["moonshot/kimi-k2.5"]'],
      { env },
    );
    expect(self.code).toBe(2);
    expect(self.stderr).toContain(
      "agents.defaults.model.fallbacks[0]: fallback 1 is moonshot/kimi-k2.5, the default model: it cannot also be its fallback",
    );
    // It is the default already: the hint does not offer to make it the default.
    expect(self.stderr).toContain("list the fallbacks without moonshot/kimi-k2.5");
    expect(self.stderr).not.toContain("openclaw models set moonshot/kimi-k2.5");
    expect(readFileSync(path, "utf8")).toBe(seed);
    // Making a fallback the primary by hand: blamed on the value set, with the command that does it.
    await runCli(["models", "fallbacks", "add", "moonshot/kimi-k2-thinking"], { env });
    const primary = await runCli(
      ["config", "set", "agents.defaults.model.primary", "moonshot/kimi-k2-thinking"],
      { env },
    );
    expect(primary.code).toBe(2);
    expect(primary.stderr).toContain(
      "error: the change would make the config invalid: agents.defaults.model.primary: fallback 1 is moonshot/kimi-k2-thinking, the default model",
    );
    expect(primary.stderr).toContain("openclaw models set moonshot/kimi-k2-thinking");
  });

  it("config validate fails a config written so by hand, at the entry that repeats", async () => {
    const { env } = stateWith(
      seed.replace(
        'primary: "moonshot/kimi-k2.5"',
        'primary: "moonshot/kimi-k2.5", fallbacks: ["moonshot/kimi-k2-thinking", "moonshot/kimi-k2.5", "moonshot/kimi-k2-thinking"]',
      ),
    );
    const validate = await runCli(["config", "validate", "--json"], { env });
    expect(validate.code).toBe(1);
    const report = JSON.parse(validate.stdout);
    expect(report.valid).toBe(false);
    expect(report.problems.map((problem: { path: string }) => problem.path)).toEqual([
      "agents.defaults.model.fallbacks[1]",
      "agents.defaults.model.fallbacks[2]",
    ]);
  });
});

describe("gateway.bind", () => {
  it("takes loopback, lan or an IP address; set and validate refuse anything else with a hint", async () => {
    const { env, path } = stateWith("{ gateway: { port: 18789 } }\n");
    for (const bind of ["loopback", "lan", "127.0.0.1", "::1"]) {
      expect((await runCli(["config", "set", "gateway.bind", bind], { env })).code, bind).toBe(0);
    }
    const typo = await runCli(["config", "set", "gateway.bind", "lann"], { env });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain(
      'gateway.bind: expected "loopback", "lan" or an IP address, found the string "lann" (the value given on the command line)',
    );
    // The question ends its sentence: no "?;" before what the command did not do.
    expect(typo.stderr).toContain('hint: did you mean "lan"? (nothing was written)\n');
    const words = await runCli(["config", "set", "gateway.bind", "not an ip"], { env });
    expect(words.code).toBe(2);
    expect(JSON5.parse(readFileSync(path, "utf8")).gateway.bind).toBe("::1");
    writeFileSync(path, '{ gateway: { bind: "lann" } }\n');
    const validate = await runCli(["config", "validate"], { env });
    expect(validate.code).toBe(1);
    expect(validate.stderr).toContain(`gateway.bind: expected "loopback", "lan" or an IP address`);
    expect(validate.stderr).toContain('did you mean "lan"?');
  });

  it("refuses an empty one (every interface to Node) with loopback, the default, in the hint first", async () => {
    const { env, path } = stateWith('{ gateway: { bind: "loopback" } }\n');
    for (const empty of ['""', '"  "']) {
      const set = await runCli(["config", "set", "gateway.bind", empty], { env });
      expect(set.code, empty).toBe(2);
      expect(set.stderr).toContain(
        'hint: leave gateway.bind out for loopback, the default (this machine only), or write "loopback"',
      );
      expect(set.stderr).not.toContain("did you mean");
    }
    expect(JSON5.parse(readFileSync(path, "utf8")).gateway.bind).toBe("loopback");
    writeFileSync(path, '{\n  gateway: {\n    bind: "",\n  },\n}\n');
    const validate = await runCli(["config", "validate"], { env });
    expect(validate.code).toBe(1);
    expect(validate.stderr).toContain(
      `gateway.bind: expected "loopback", "lan" or an IP address, found the string "" (${path}:3)`,
    );
    expect(validate.stderr).toContain("hint: leave gateway.bind out for loopback, the default");
    expect(validate.stderr).not.toContain("did you mean");
  });
});

describe("--json of the config commands", () => {
  it("set and unset say ok: true, as the other commands' successes do", async () => {
    const { env } = stateWith("{ gateway: { port: 18789 } }\n");
    const set = await runCli(["config", "set", "gateway.port", "18790", "--json"], { env });
    expect(JSON.parse(set.stdout)).toMatchObject({
      ok: true,
      key: "gateway.port",
      value: 18790,
      changed: true,
    });
    const unset = await runCli(["config", "unset", "gateway.port", "--json"], { env });
    expect(JSON.parse(unset.stdout)).toMatchObject({
      ok: true,
      key: "gateway.port",
      removed: true,
      changed: true,
    });
  });

  it("validate has one shape for a valid config, a schema error, a catalog error and a syntax error", async () => {
    const seed = readFileSync(join(import.meta.dirname, "../fixtures/seed/moonshot.json5"), "utf8");
    const keys = [
      "configuredProviders",
      "exists",
      "files",
      "ignored",
      "path",
      "problems",
      "providers",
      "valid",
      "warnings",
    ];
    const report = async (text: string) => {
      const { env, path } = stateWith(text);
      const result = await runCli(["config", "validate", "--json"], { env });
      const parsed = JSON.parse(result.stdout);
      // `ledger` is there when the config names one it can resolve.
      expect(
        Object.keys(parsed)
          .filter((key) => key !== "ledger")
          .sort(),
      ).toEqual(keys);
      return { code: result.code, parsed, path };
    };
    expect((await report(seed)).parsed).toMatchObject({ valid: true, problems: [] });
    const schema = await report(seed.replace('mode: "merge"', 'mode: "merge", modes: 1'));
    expect(schema.code).toBe(1);
    expect(schema.parsed.problems).toEqual([
      {
        path: "models.modes",
        message: "is not a known key",
        file: schema.path,
        line: expect.any(Number),
        hint: 'did you mean "mode"?',
        code: "config.invalid",
      },
    ]);
    const catalog = await report(
      seed.replace('primary: "moonshot/kimi-k2.5"', 'primary: "moonshot/kimi-k9"'),
    );
    expect(catalog.code).toBe(1);
    expect(catalog.parsed.problems[0]).toMatchObject({
      path: "agents.defaults.model.primary",
      file: catalog.path,
      line: 5,
    });
    const syntax = await report("{ gateway: ");
    expect(syntax.parsed.problems[0]).toMatchObject({
      code: "config.syntax",
      file: syntax.path,
      line: 1,
    });
    expect(syntax.parsed.problems[0].path).toBeUndefined();
  });
});

describe("catalog problems say in which file and on which line they are written", () => {
  it("in config validate and models status, text and --json, an included file's too", async () => {
    const { env, path, dir } = stateWith(
      `{\n  $include: "./aliases.json5",\n  agents: { defaults: {\n    model: "moonshot/kimi-k9",\n  } },\n}\n`,
      {
        "aliases.json5": `{ agents: { defaults: { models: {\n  "moonshot/kimi-k2.5": { alias: "K" },\n  "moonshot/kimi-k2-thinking": { alias: "K" },\n} } } }\n`,
      },
    );
    const included = join(dir, "aliases.json5");
    const validate = await runCli(["config", "validate"], { env });
    expect(validate.code).toBe(1);
    expect(validate.stdout).toContain(
      `✗ agents.defaults.models["moonshot/kimi-k2-thinking"].alias: alias "K" is used for both moonshot/kimi-k2.5 and moonshot/kimi-k2-thinking (${included}:3)`,
    );
    expect(validate.stdout).toMatch(
      new RegExp(
        `✗ agents\\.defaults\\.model: the default model cannot be used: .* \\(${path}:4\\)`,
      ),
    );
    const json = JSON.parse((await runCli(["config", "validate", "--json"], { env })).stdout);
    expect(json.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "agents.defaults.model", file: path, line: 4 }),
        expect.objectContaining({
          path: 'agents.defaults.models["moonshot/kimi-k2-thinking"].alias',
          file: included,
          line: 3,
        }),
      ]),
    );
    const status = await runCli(["models", "status"], { env });
    expect(status.stdout).toContain(
      `problem: agents.defaults.models["moonshot/kimi-k2-thinking"].alias: alias "K" is used for both moonshot/kimi-k2.5 and moonshot/kimi-k2-thinking (${included}:3)`,
    );
    const statusJson = JSON.parse((await runCli(["models", "status", "--json"], { env })).stdout);
    expect(statusJson.problems[0]).toMatchObject({ file: included, line: 3 });
  });
});

describe("config set: what to type instead", () => {
  it("a number or true/false where text goes: how to quote it, never repeating a secret", async () => {
    const { env } = stateWith("{ gateway: { port: 18789 } }\n");
    const number = await runCli(
      ["config", "set", 'agents.defaults.models["moonshot/kimi-k2.5"].alias', "2.5"],
      { env },
    );
    expect(number.code).toBe(2);
    expect(number.stderr).toContain(
      `hint: the command line read it as a number; to give it as text, quote it: openclaw config set 'agents.defaults.models["moonshot/kimi-k2.5"].alias' '"2.5"'`,
    );
    const token = await runCli(["config", "set", "gateway.auth.token", "98765432123"], { env });
    expect(token.code).toBe(2);
    expect(token.stderr).toContain(
      `hint: the command line read it as a number; to give it as text, quote it: openclaw config set gateway.auth.token '"…"' (your value between the double quotes)`,
    );
    expect(token.stderr).not.toContain("98765432123");
    const quoted = await runCli(["config", "set", "gateway.auth.token", '"98765432123"'], {
      env,
    });
    expect(quoted.code).toBe(0);
  });

  it("a path mistake gets config get's hints and is said to be the path given", async () => {
    const { env, path } = stateWith(
      '{ models: { providers: { moonshot: { models: [{ id: "kimi-k2.5", name: "K" }] } } } }\n',
    );
    const before = readFileSync(path, "utf8");
    const dotted = await runCli(
      ["config", "set", "agents.defaults.models.moonshot/kimi-k2.5.alias", "K"],
      { env },
    );
    expect(dotted.code).toBe(2);
    expect(dotted.stderr).toContain("(the path given on the command line)");
    expect(dotted.stderr).toContain(
      `"moonshot/kimi-k2.5" is probably one key with a dot in its name, so it goes in brackets; type the path quoted for the shell: openclaw config set 'agents.defaults.models["moonshot/kimi-k2.5"].alias' <value>`,
    );
    const index = await runCli(
      ["config", "set", "models.providers.moonshot.models.0.maxTokens", "100"],
      { env },
    );
    expect(index.code).toBe(2);
    expect(index.stderr).toContain(
      "openclaw config set 'models.providers.moonshot.models[0].maxTokens' <value>",
    );
    const typo = await runCli(
      ["config", "set", "models.providers.moonshot.models[0].contextWindw", "100"],
      { env },
    );
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain(
      "error: models.providers.moonshot.models[0].contextWindw is not a key of the config (the path given on the command line)",
    );
    expect(typo.stderr).toContain('did you mean "contextWindow"?');
    const unknown = await runCli(
      ["config", "set", "models.providers.moonshot.models[0].foo", "1"],
      { env },
    );
    expect(unknown.stderr).toContain("(the path given on the command line)");
    expect(readFileSync(path, "utf8")).toBe(before);
  });
});

describe("config get '$include'", () => {
  it("shows the files the main file includes, as set writes them", async () => {
    const { env } = stateWith('{ $include: "./a.json5" }\n', {
      "a.json5": "{ gateway: { port: 18801 } }",
    });
    const got = await runCli(["config", "get", "$include"], { env });
    expect(got).toMatchObject({ code: 0, stdout: "./a.json5\n" });
    const first = await runCli(["config", "get", "$include[0]", "--json"], { env });
    expect(JSON.parse(first.stdout)).toBe("./a.json5");
    const none = await runCli(["config", "get", "$include"], { env: stateWith("{}\n").env });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(
      "hint: no file is included here; include one with: openclaw config set '$include' ./other.json5",
    );
    const unset = await runCli(["config", "unset", "$include"], { env: stateWith("{}\n").env });
    expect(unset.code).toBe(1);
    expect(unset.stderr).toContain(
      "hint: no file is included here, so there is nothing to remove\n",
    );
  });
});

describe("a misspelled key in the config", () => {
  it("is named with the key it is one typo from: swapped letters, or the last word of a key", async () => {
    const { env } = stateWith(
      '{\n  models: { providers: { moonshot: { kye: "sk-test-moonshot-ai-0001" } } },\n  agents: { defualts: {} },\n}\n',
    );
    const validate = await runCli(["config", "validate", "--json"], { env });
    expect(validate.code).toBe(1);
    const report = JSON.parse(validate.stdout) as {
      problems: { path: string; hint?: string; line?: number }[];
    };
    expect(report.problems).toEqual([
      expect.objectContaining({
        path: "models.providers.moonshot.kye",
        line: 2,
        hint: 'did you mean "apiKey"?',
      }),
      expect.objectContaining({
        path: "agents.defualts",
        line: 3,
        hint: 'did you mean "defaults"?',
      }),
    ]);
    // Every command that loads the config says the same.
    const list = await runCli(["models", "list"], { env });
    expect(list.code).toBe(1);
    expect(list.stderr).toContain("models.providers.moonshot.kye: is not a known key");
    expect(list.stderr).toContain('did you mean "apiKey"?');
    expect(list.stderr).not.toContain("sk-test-moonshot-ai-0001");
  });
});

describe("a placeholder key in the config", () => {
  it("is a warning of config validate, at its line, as doctor and requests call it", async () => {
    const { env, path } = stateWith(
      '{\n  env: { MOONSHOT_API_KEY: "sk-..." },\n  models: { providers: { mylab: { baseUrl: "http://127.0.0.1:11/v1", apiKey: "YOUR_API_KEY", models: [{ id: "m", name: "M" }] } } },\n}\n',
    );
    const validate = await runCli(["config", "validate", "--json"], { env });
    expect(validate.code).toBe(0);
    const report = JSON.parse(validate.stdout) as { valid: boolean; warnings: unknown[] };
    expect(report.valid).toBe(true);
    const hint = "replace it with your own key, or run: openclaw onboard";
    expect(report.warnings).toEqual([
      {
        path: "env.MOONSHOT_API_KEY",
        message: "is a placeholder from the docs, not a real key",
        file: path,
        line: 2,
        hint,
      },
      {
        path: "models.providers.mylab.apiKey",
        message: "is a placeholder from the docs, not a real key",
        file: path,
        line: 3,
        hint,
      },
    ]);
    // A real key is no placeholder.
    writeFileSync(path, '{ env: { MOONSHOT_API_KEY: "sk-test-moonshot-ai-0001" } }\n');
    const real = await runCli(["config", "validate", "--json"], { env });
    expect(JSON.parse(real.stdout)).toMatchObject({ valid: true, warnings: [] });
  });
});

describe("config set of a list or an object", () => {
  it("echoes the value on one line, as compact JSON, cut to the terminal", async () => {
    const { env } = stateWith();
    const wide = await runCli(
      ["config", "set", "agents.defaults.model.fallbacks", '["kimi-code/kimi-for-coding"]'],
      { env },
    );
    expect(wide.code).toBe(0);
    expect(wide.stdout).toMatch(
      /^✓ agents\.defaults\.model\.fallbacks = \["kimi-code\/kimi-for-coding"\] {2}\(.+openclaw\.json\)\n$/,
    );
    const narrow = await runCli(
      [
        "config",
        "set",
        "agents.defaults.model.fallbacks",
        '["kimi-code/kimi-for-coding", "moonshot/kimi-k2-thinking"]',
      ],
      { env: { ...env, COLUMNS: "60" } },
    );
    expect(narrow.code).toBe(0);
    const [first, ...rest] = narrow.stdout.trimEnd().split("\n");
    expect(first).toMatch(/^✓ agents\.defaults\.model\.fallbacks = \["kimi-code\/.*…$/);
    expect([...(first ?? "")].length).toBeLessThanOrEqual(60);
    // The file goes on the line under it; no line of the JSON is left in between.
    expect(rest).toHaveLength(1);
    expect(rest[0]).toMatch(/^ {2}\(.+openclaw\.json\)$/);
  });
});
