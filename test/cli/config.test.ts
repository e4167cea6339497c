import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import JSON5 from "json5";
import { describe, expect, it, vi } from "vitest";
import { COMPAT_KEYS } from "../../src/catalog/types.js";
import { CLI, runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

// A test here runs the built CLI up to about ten times in turn. On two cores at a load average
// of 15, one run took 7-17 s (0.5 s of CPU, 0.5 s alone) and the slowest tests took 51-57 s of
// the 60 s default: a busy machine, not a hang, was failing them. The work is bounded (runCli
// kills a process after 50 s), so this limit only has to outlast it.
vi.setConfig({ testTimeout: 240_000 });

const seed = (name: string) =>
  readFileSync(join(import.meta.dirname, "../fixtures/seed", name), "utf8");

function stateWith(text?: string): { env: Record<string, string>; path: string } {
  const dir = tempDir();
  const path = join(dir, "openclaw.json");
  if (text !== undefined) writeFileSync(path, text);
  return { env: { OPENCLAW_STATE_DIR: dir }, path };
}

describe("openclaw config set next to another openclaw process", () => {
  it("says it waits for the other process's lock, then writes once it is let go", async () => {
    const { env, path } = stateWith("{ gateway: { port: 18789 } }");
    // A live holder (this test's own process), as another openclaw writing the file would be.
    const lock = `${path}.lock`;
    writeFileSync(
      lock,
      JSON.stringify({
        pid: process.pid,
        host: hostname(),
        since: "2026-01-01T00:00:00Z",
        token: "t",
      }),
    );
    const child = spawn(process.execPath, [CLI, "config", "set", "gateway.port", "18800"], {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        NO_COLOR: "1",
        ...env,
      },
    });
    let stderr = "";
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      // Let go once it says it waits (it gives up after 10 s if it never does).
      if (stderr.includes("waiting for it")) rmSync(lock, { force: true });
    });
    expect(await exited).toBe(0);
    expect(stderr).toContain(
      `another openclaw process (pid ${process.pid}) is changing ${path}; waiting for it (up to 10 s; Ctrl-C stops, nothing written)`,
    );
    expect(JSON5.parse(readFileSync(path, "utf8"))).toEqual({ gateway: { port: 18800 } });
  });

  it("stopped with Ctrl-C while it waits, writes nothing and leaves the other process's lock alone", async () => {
    const { env, path } = stateWith("{ gateway: { port: 18789 } }");
    const lock = `${path}.lock`;
    const holder = JSON.stringify({
      pid: process.pid,
      host: hostname(),
      since: "2026-01-01T00:00:00Z",
      token: "t",
    });
    writeFileSync(lock, holder);
    const child = spawn(process.execPath, [CLI, "config", "set", "gateway.port", "18800"], {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        NO_COLOR: "1",
        ...env,
      },
    });
    let stderr = "";
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("close", (_code, signal) => resolve(signal)),
    );
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      if (stderr.includes("Ctrl-C stops")) child.kill("SIGINT");
    });
    expect(await exited).toBe("SIGINT");
    expect(readFileSync(path, "utf8")).toBe("{ gateway: { port: 18789 } }");
    expect(readFileSync(lock, "utf8")).toBe(holder);
    rmSync(lock, { force: true });
  });
});

describe("openclaw config", () => {
  it("validates the spec's snippets", async () => {
    for (const name of ["moonshot.json5", "kimi-code.json5"]) {
      const { env } = stateWith(seed(name));
      const result = await runCli(["config", "validate", "--json"], { env });
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout);
      expect(report.valid).toBe(true);
      expect(report.providers).toEqual(expect.arrayContaining(["moonshot", "kimi-code"]));
    }
  });

  it.each([
    ["trailing garbage", "{ gateway: { port: 1 } } x", "config.syntax", /openclaw\.json:1:26/],
    [
      "a wrong type",
      "{ agents: { defaults: { model: 5 } } }",
      "config.invalid",
      /agents\.defaults\.model: expected a model ref or \{primary, fallbacks\}, found the number 5/,
    ],
    [
      "a cost as a string",
      '{ models: { providers: { m: { baseUrl: "https://m.test/v1", models: [{ id: "a", name: "A", cost: { input: "1" } }] } } } }',
      "config.invalid",
      /models\.providers\.m\.models\[0\]\.cost\.input/,
    ],
    [
      "an unknown api",
      '{ models: { providers: { m: { baseUrl: "https://m.test/v1", api: "grpc" } } } }',
      "config.invalid",
      /models\.providers\.m\.api: expected one of/,
    ],
  ])(
    "reports %s with one clear error, exit 1 and no stack trace",
    async (_name, text, code, pattern) => {
      const { env } = stateWith(text);
      const human = await runCli(["config", "validate"], { env });
      expect(human.code).toBe(1);
      expect(human.stderr).toMatch(pattern);
      expect(human.stderr).toMatch(/^error: /);
      expect(human.stderr).not.toMatch(/\n\s+at .*\.js:\d+/);
      const json = await runCli(["config", "validate", "--json"], { env });
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout).problems[0].code).toBe(code);
    },
  );

  it("sets, gets and unsets values; JSON5 values are parsed", async () => {
    const { env, path } = stateWith();
    expect(
      (
        await runCli(
          ["config", "set", "agents.defaults.model", '{primary: "moonshot/kimi-k2.5"}'],
          { env },
        )
      ).code,
    ).toBe(0);
    expect(
      (
        await runCli(
          [
            "config",
            "set",
            'models.providers["kimi-code"].models',
            '[{id: "kimi-for-coding", name: "K", maxTokens: 16384}]',
          ],
          { env },
        )
      ).code,
    ).toBe(0);
    const got = await runCli(["config", "get", "agents.defaults.model.primary"], { env });
    expect(got.stdout).toBe("moonshot/kimi-k2.5\n");
    const json = await runCli(
      ["config", "get", 'models.providers["kimi-code"].models[0].maxTokens', "--json"],
      { env },
    );
    expect(JSON.parse(json.stdout)).toBe(16384);
    expect((await runCli(["config", "unset", "agents.defaults.model"], { env })).code).toBe(0);
    expect(JSON.parse(readFileSync(path, "utf8")).agents.defaults).toEqual({});
  });

  it("masks keys on the way out and never prints them", async () => {
    const { env } = stateWith(
      '{ models: { providers: { moonshot: { apiKey: "sk-test-plaintext-key-9876" } } } }',
    );
    const result = await runCli(["config", "get", "models.providers.moonshot"], { env });
    expect(result.stdout).toContain("sk-…9876");
    expect(result.stdout).not.toContain("plaintext");
  });

  it("prints a secret as it is only when asked with --reveal (to hand the gateway token to a client)", async () => {
    const token = "ocg_test-gateway-token-reveal-0001";
    const { env } = stateWith(`{ gateway: { auth: { mode: "token", token: "${token}" } } }`);
    const masked = await runCli(["config", "get", "gateway.auth.token"], { env });
    expect(masked.code).toBe(0);
    expect(masked.stdout).not.toContain(token);
    const revealed = await runCli(["config", "get", "gateway.auth.token", "--reveal"], { env });
    expect(revealed).toMatchObject({ code: 0, stdout: `${token}\n` });
    const json = await runCli(["config", "get", "gateway.auth", "--reveal", "--json"], { env });
    expect(JSON.parse(json.stdout)).toEqual({ mode: "token", token });
  });

  it("--reveal prints a token written as ${VAR} as the gateway uses it; unset, it says which variable", async () => {
    const token = "ocg_test-gateway-token-env-0002";
    const { env } = stateWith(
      '{ gateway: { auth: { mode: "token", token: "${GW_TEST_TOKEN}" } } }',
    );
    const asWritten = await runCli(["config", "get", "gateway.auth.token"], { env });
    expect(asWritten).toMatchObject({ code: 0, stdout: "${GW_TEST_TOKEN}\n" });
    const withVar = { ...env, GW_TEST_TOKEN: token };
    const revealed = await runCli(["config", "get", "gateway.auth.token", "--reveal"], {
      env: withVar,
    });
    expect(revealed).toMatchObject({ code: 0, stdout: `${token}\n` });
    const unset = await runCli(["config", "get", "gateway.auth.token", "--reveal"], { env });
    expect(unset.code).toBe(1);
    expect(unset.stdout).toBe("");
    expect(unset.stderr).toContain("GW_TEST_TOKEN is not set");
  });

  it("prints the file's path even when the config is broken", async () => {
    const invalid = stateWith('{ $include: "./gateway.json5", gateway: { port: "abc" } }');
    writeFileSync(join(invalid.path, "..", "gateway.json5"), "{ gateway: { bind: 'loopback' } }");
    const plain = await runCli(["config", "file"], { env: invalid.env });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe(`${invalid.path}\n`);
    expect(plain.stderr).toContain("openclaw config validate");
    const json = await runCli(["config", "file", "--json"], { env: invalid.env });
    expect(json.code).toBe(0);
    // The object says it (valid: false): no warning copied to stderr, as --json promises.
    expect(json.stderr).toBe("");
    expect(JSON.parse(json.stdout)).toMatchObject({
      path: invalid.path,
      exists: true,
      valid: false,
      files: [invalid.path, join(invalid.path, "..", "gateway.json5")],
    });

    // Not even JSON5: still the path, without a files list.
    const unreadable = stateWith("{ gateway: ");
    const broken = await runCli(["config", "file", "--json"], { env: unreadable.env });
    expect(broken.code).toBe(0);
    expect(broken.stderr).toBe("");
    const parsed = JSON.parse(broken.stdout);
    expect(parsed).toMatchObject({ path: unreadable.path, exists: true, valid: false });
    expect(parsed.files).toBeUndefined();
    expect(parsed.error.code).toBe("config.syntax");
  });

  it("shows a single problem's hint once", async () => {
    const { env } = stateWith(
      `{ models: { providers: { moonshot: { baseURL: "https://x.test/v1" } } } }`,
    );
    const result = await runCli(["config", "validate"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("models.providers.moonshot.baseURL: is not a known key");
    expect(result.stderr.split('did you mean "baseUrl"?')).toHaveLength(2);
    expect(result.stderr).toMatch(/^hint: did you mean "baseUrl"\?$/m);
  });

  it("refuses a port above 65535 when set, and validate reports one written by hand", async () => {
    const { env, path } = stateWith('{ gateway: { bind: "loopback" } }');
    const set = await runCli(["config", "set", "gateway.port", "99999"], { env });
    // A bad value typed is a usage mistake, blamed on the command line, not on a line of the file.
    expect(set.code).toBe(2);
    expect(set.stderr).toContain(
      "gateway.port: expected an integer from 1 to 65535, found the number 99999 (the value given on the command line)",
    );
    expect(set.stderr).not.toContain("openclaw.json:");
    expect(set.stderr).not.toContain("openclaw config validate");
    expect(readFileSync(path, "utf8")).not.toContain("99999");
    writeFileSync(path, "{ gateway: { port: 70000, limits: { drainTimeoutMs: 3000000000 } } }");
    const validate = await runCli(["config", "validate"], { env });
    expect(validate.code).toBe(1);
    expect(validate.stderr).toContain("gateway.port: expected an integer from 1 to 65535");
    expect(validate.stderr).toContain(
      "gateway.limits.drainTimeoutMs: expected an integer from 0 to 2147483647",
    );
    expect(validate.stdout).not.toContain("config is valid");
  });

  it("set of a value already there says nothing was written, and in a broken config fails as any set would", async () => {
    const { env, path } = stateWith("{ gateway: { port: 18800 } }");
    const same = await runCli(["config", "set", "gateway.port", "18800"], { env });
    expect(same.code).toBe(0);
    expect(same.stdout).toContain("already so, nothing written");
    const json = await runCli(["config", "set", "gateway.port", "18801", "--json"], { env });
    expect(JSON.parse(json.stdout)).toMatchObject({ key: "gateway.port", changed: true });
    const broken = "{ gateway: { port: 18801, bind: 5 } }";
    writeFileSync(path, broken);
    const again = await runCli(["config", "set", "gateway.port", "18801"], { env });
    // The config stays broken: no ✓, the same refusal a set that changed something would get.
    expect(again.code).toBe(1);
    expect(again.stdout).not.toContain("✓");
    expect(again.stderr).toContain("gateway.bind");
    expect(again.stderr).toContain("the config already had this problem");
    expect(readFileSync(path, "utf8")).toBe(broken);
  });

  it("set of the docs' placeholder key (sk-...) writes it and warns, as validate does, at the path it sits", async () => {
    const { env } = stateWith("{ gateway: { port: 18800 } }");
    const placeholder = await runCli(["config", "set", "env.MOONSHOT_API_KEY", "sk-..."], { env });
    expect(placeholder.code).toBe(0);
    expect(placeholder.stdout).toContain("✓ env.MOONSHOT_API_KEY");
    expect(placeholder.stderr).toBe(
      "warning: env.MOONSHOT_API_KEY: is a placeholder from the docs, not a real key; replace it with your own key, or run: openclaw onboard\n",
    );
    // Inside an object set whole, the key's own path; with --json, in `warnings` only.
    const provider = await runCli(
      [
        "config",
        "set",
        'models.providers["kimi-code"]',
        '{baseUrl: "https://api.kimi.com/coding/v1", apiKey: "sk-..."}',
        "--json",
      ],
      { env },
    );
    expect(provider.code).toBe(0);
    expect(provider.stderr).toBe("");
    expect(JSON.parse(provider.stdout).warnings).toEqual([
      // The onboarding that stores kimi-code's key (the env variable above, read by no provider
      // configured yet, has no one command: the bare one).
      "models.providers.kimi-code.apiKey: is a placeholder from the docs, not a real key; replace it with your own key, or run: openclaw onboard --auth-choice kimi-code-api-key",
    ]);
    // A key that is not the docs' placeholder (the simulator's fake one): nothing said.
    const real = await runCli(
      ["config", "set", "env.MOONSHOT_API_KEY", "sk-test-moonshot-ai-0001"],
      { env },
    );
    expect(real.stderr).toBe("");
  });

  it("takes an empty config file as an empty config: validate passes, set writes into it", async () => {
    const { env, path } = stateWith("\n");
    const validate = await runCli(["config", "validate"], { env });
    expect(validate).toMatchObject({ code: 0, stderr: "" });
    expect(validate.stdout).toContain("config is valid");
    expect((await runCli(["config", "set", "gateway.port", "18790"], { env })).code).toBe(0);
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual({ gateway: { port: 18790 } });
  });

  it("says a directory in the config's place is one, and how to move it away", async () => {
    const { env, path } = stateWith();
    mkdirSync(path);
    for (const args of [
      ["config", "validate"],
      ["config", "set", "gateway.port", "1"],
    ]) {
      const result = await runCli(args, { env });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `error: cannot read config file ${path}: it is a directory\nhint: move the directory away (mv ${path} ${path}.d), or point OPENCLAW_CONFIG_PATH at a file\n`,
      );
    }
  });

  it("fails a default model, a fallback or a model listed twice that other commands would refuse", async () => {
    const { env } = stateWith(`{ agents: { defaults: {
      model: { primary: "ghost/model-x", fallbacks: ["moonshot/kimi-k9"] },
      models: { "nope/x": { alias: "N" } } } },
      models: { providers: { m: { baseUrl: "https://m.test/v1",
        models: [ { id: "a", name: "A" }, { id: "a", name: "A again" } ] } } } }`);
    const human = await runCli(["config", "validate"], { env });
    expect(human.code).toBe(1);
    expect(human.stdout).toContain(
      '✗ agents.defaults.model.primary: the default model cannot be used: unknown provider "ghost" in "ghost/model-x"',
    );
    expect(human.stdout).toContain(
      "✗ agents.defaults.model.fallbacks[0]: fallback 1 cannot be used",
    );
    expect(human.stdout).toContain(
      '✗ models.providers.m.models[1].id: model id "a" is listed twice, at models[0] and models[1]',
    );
    expect(human.stdout).toContain('! agents.defaults.models["nope/x"]: unknown provider "nope"');
    expect(human.stdout).not.toContain("config is valid");
    const json = JSON.parse((await runCli(["config", "validate", "--json"], { env })).stdout);
    expect(json.valid).toBe(false);
    expect(json.problems.map((problem: { path: string }) => problem.path)).toEqual([
      "models.providers.m.models[1].id",
      "agents.defaults.model.primary",
      "agents.defaults.model.fallbacks[0]",
    ]);
    expect(json.warnings.map((warning: { path: string }) => warning.path)).toEqual([
      'agents.defaults.models["nope/x"]',
    ]);
  });

  it("passes a config with only warnings, and counts the providers configured", async () => {
    const one = stateWith(
      '{ agents: { defaults: { models: { "moonshot/kimi-k9": {} } } }, models: { providers: { moonshot: { apiKey: "${MOONSHOT_API_KEY}" } } } }',
    );
    const warned = await runCli(["config", "validate"], { env: one.env });
    expect(warned.code).toBe(0);
    expect(warned.stdout).toContain('! agents.defaults.models["moonshot/kimi-k9"]');
    expect(warned.stdout).toContain(
      `✓ config is valid: ${one.path} (1 provider configured, 1 warning)`,
    );
    const two = stateWith(
      '{ models: { providers: { moonshot: { apiKey: "${MOONSHOT_API_KEY}" }, m: { baseUrl: "https://m.test/v1", models: [ { id: "a", name: "A" } ] } } } }',
    );
    expect((await runCli(["config", "validate"], { env: two.env })).stdout).toBe(
      `✓ config is valid: ${two.path} (2 providers configured)\n`,
    );
  });

  it("get prints what the file says (${VAR} as written), which is what set and unset edit", async () => {
    const { env } = stateWith(
      '{ models: { providers: { custom: { baseUrl: "${CUSTOM_BASE}/v1", models: [] } } } }',
    );
    const run = (args: string[]) =>
      runCli(args, { env: { ...env, CUSTOM_BASE: "https://c.test" } });
    const got = await run(["config", "get", "models.providers.custom.baseUrl"]);
    expect(got).toMatchObject({ code: 0, stdout: "${CUSTOM_BASE}/v1\n" });
    const json = await run(["config", "get", "models.providers.custom", "--json"]);
    expect(JSON.parse(json.stdout)).toEqual({ baseUrl: "${CUSTOM_BASE}/v1", models: [] });
  });

  it("exits 2 for a key that does not exist, with get and unset alike, naming it the same way", async () => {
    const { env } = stateWith("{ gateway: { port: 18790 } }");
    for (const verb of ["get", "unset"]) {
      const result = await runCli(["config", verb, "gatway.port"], { env });
      expect(result.code, verb).toBe(2);
      expect(result.stderr, verb).toContain("error: gatway is not a key of the config");
      expect(result.stderr, verb).toContain('did you mean "gateway"?');
    }
  });

  it("exits 1 for a path that is not set, with get and unset alike: get names the default, unset that nothing is to remove", async () => {
    const { env, path } = stateWith("{ gateway: { port: 18790 } }");
    const get = await runCli(["config", "get", "gateway.bind"], { env });
    const unset = await runCli(["config", "unset", "gateway.bind"], { env });
    expect(get.code).toBe(1);
    expect(get.stderr).toBe(
      `error: gateway.bind is not set in ${path}\nhint: it is a valid key with no value here, and its default applies ("loopback"); set it with: openclaw config set gateway.bind <value>\n`,
    );
    expect(unset.code).toBe(1);
    expect(unset.stderr).toBe(
      `error: gateway.bind is not set in ${path}\nhint: it is a valid key with no value here, so there is nothing to remove; its default applies ("loopback")\n`,
    );
    expect(readFileSync(path, "utf8")).toBe("{ gateway: { port: 18790 } }");
  });

  it("get and unset of a key with no default say it has none, and unset is not told to set it", async () => {
    const { env, path } = stateWith("{ gateway: { port: 18790 } }");
    const get = await runCli(["config", "get", "agents.defaults.model.primary"], { env });
    expect(get.code).toBe(1);
    expect(get.stderr).toBe(
      `error: agents.defaults.model.primary is not set in ${path}\nhint: it is a valid key with no value here, and it has no default; set it with: openclaw config set agents.defaults.model.primary <value>\n`,
    );
    const unset = await runCli(["config", "unset", "agents.defaults.model.primary"], { env });
    expect(unset.code).toBe(1);
    expect(unset.stderr).toBe(
      `error: agents.defaults.model.primary is not set in ${path}\nhint: it is a valid key with no value here, so there is nothing to remove\n`,
    );
  });

  it("get of a key not set names the default the Config keys table gives it: no fallbacks, the key sent, every origin with a token", async () => {
    const { env, path } = stateWith(
      '{ models: { providers: { moonshot: { baseUrl: "https://api.moonshot.ai/v1" } } } }',
    );
    const hintOf = async (key: string) => {
      const get = await runCli(["config", "get", key], { env });
      expect(get.code).toBe(1);
      return get.stderr.split("\n")[1];
    };
    expect(await hintOf("agents.defaults.model.fallbacks")).toBe(
      "hint: it is a valid key with no value here, and its default applies ([]); set it with: openclaw config set agents.defaults.model.fallbacks <value>",
    );
    expect(await hintOf("models.providers.moonshot.authHeader")).toBe(
      "hint: it is a valid key with no value here, and its default applies (true); set it with: openclaw config set models.providers.moonshot.authHeader <value>",
    );
    expect(await hintOf("gateway.cors.origins")).toBe(
      "hint: it is a valid key with no value here, and its default applies (any origin with a token, none without); set it with: openclaw config set gateway.cors.origins <value>",
    );
    expect(readFileSync(path, "utf8")).toContain("api.moonshot.ai");
  });

  it("get and unset on a state dir with no config yet both say the file is not created yet, and create none", async () => {
    const { env, path } = stateWith();
    const get = await runCli(["config", "get", "gateway.port"], { env });
    const unset = await runCli(["config", "unset", "gateway.port"], { env });
    expect(get.code).toBe(1);
    expect(unset.code).toBe(1);
    const said = `error: gateway.port is not set in ${path} (not created yet)\n`;
    expect(get.stderr.startsWith(said)).toBe(true);
    expect(unset.stderr).toBe(
      `${said}hint: it is a valid key with no value here, so there is nothing to remove; its default applies (18789)\n`,
    );
    expect(existsSync(path)).toBe(false);
  });

  it("get and unset offer the same close key the config has for a misspelt provider id", async () => {
    const { env, path } = stateWith(
      '{ models: { providers: { moonshot: { baseUrl: "http://x" } } } }',
    );
    for (const verb of ["get", "unset"]) {
      const result = await runCli(["config", verb, "models.providers.moonshto.baseUrl"], { env });
      expect(result.code, verb).toBe(1);
      expect(result.stderr, verb).toBe(
        `error: models.providers.moonshto.baseUrl is not set in ${path}\nhint: did you mean "moonshot"? openclaw config ${verb} models.providers.moonshot.baseUrl\n`,
      );
    }
  });

  it("get tells a misspelt key from one not set, and shows the bracket form that finds a value", async () => {
    const { env } = stateWith(`{
      agents: { defaults: { models: { "moonshot/kimi-k2.5": { alias: "K2" } } } },
      models: { providers: { moonshot: { models: [{ id: "kimi-k2.5", name: "K" }] } } },
    }`);
    const typo = await runCli(["config", "get", "gatway.port"], { env });
    // A key that does not exist is a usage mistake (2); one that exists but is not set, a failure (1).
    expect(typo).toMatchObject({ code: 2, stdout: "" });
    expect(typo.stderr).toBe(
      'error: gatway is not a key of the config\nhint: did you mean "gateway"? openclaw config get gateway.port\n',
    );
    const dotted = await runCli(["config", "get", "agents.defaults.models.moonshot/kimi-k2.5"], {
      env,
    });
    expect(dotted.code).toBe(1);
    expect(dotted.stderr).toContain(
      `openclaw config get 'agents.defaults.models["moonshot/kimi-k2.5"]'`,
    );
    const index = await runCli(["config", "get", "models.providers.moonshot.models.0.id"], {
      env,
    });
    expect(index.stderr).toContain("openclaw config get 'models.providers.moonshot.models[0].id'");
    const bracketed = await runCli(
      ["config", "get", 'agents.defaults.models["moonshot/kimi-k2.5"].alias'],
      { env },
    );
    expect(bracketed).toMatchObject({ code: 0, stdout: "K2\n" });
  });

  it("get and unset of a ref typed with dots and not set offer its bracketed form, as set does", async () => {
    const { env } = stateWith("{ gateway: { port: 18790 } }");
    for (const verb of ["get", "unset"]) {
      const result = await runCli(["config", verb, "agents.defaults.models.moonshot/kimi-k2.6"], {
        env,
      });
      expect(result.code, verb).toBe(2);
      const after =
        verb === "get"
          ? `not set yet; set it with: openclaw config set 'agents.defaults.models["moonshot/kimi-k2.6"]' <value>`
          : "but that is not set either, so there is nothing to remove";
      expect(result.stderr, verb).toBe(
        `error: agents.defaults.models.moonshot/kimi-k2.6 is not a key of the config\nhint: "moonshot/kimi-k2.6" is probably one key with a dot in its name, so it goes in brackets; read so, it is 'agents.defaults.models["moonshot/kimi-k2.6"]', a key the config takes, ${after}\n`,
      );
    }
  });

  it("unset of a word a provider set in the file does not take names the provider's keys, the provider kept as it is", async () => {
    const key = "sk-kimi-abcdefghijklmnopqrstuvwxyz0123456789ABCD";
    const { env, path } = stateWith(
      JSON.stringify({
        models: { providers: { [key]: { baseUrl: "https://a.example.test", models: [] } } },
      }),
    );
    const before = readFileSync(path, "utf8");
    for (const verb of ["unset", "get"]) {
      const result = await runCli(["config", verb, `models.providers.${key}.nothere`], { env });
      expect(result.code, verb).toBe(2);
      // Before: 'models.providers["sk-kimi-***.nothere"]' is a key of the config with no value here.
      const nothing = verb === "unset" ? "there is nothing to remove; " : "";
      expect(result.stderr, verb).toBe(
        `error: models.providers.sk-kimi-***.nothere is not a key of the config\nhint: ${nothing}the keys models.providers.sk-kimi-*** takes are baseUrl, apiKey, api, headers, authHeader, compat, auth, models\n`,
      );
    }
    expect(readFileSync(path, "utf8")).toBe(before);
  });

  it("exits 2 on a usage mistake", async () => {
    const { env } = stateWith();
    expect((await runCli(["config", "get"], { env })).code).toBe(2);
    expect((await runCli(["config", "get", "a[b"], { env })).code).toBe(2);
    const empty = await runCli(["config", "set", "gateway..port", "1"], { env });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('error: invalid path "gateway..port"');
    expect(existsSync(join(env.OPENCLAW_STATE_DIR as string, "openclaw.json"))).toBe(false);
  });

  it("prints a JSON Schema covering every compat key", async () => {
    const result = await runCli(["config", "schema"], {});
    const schema = JSON.parse(result.stdout);
    const compat =
      schema.properties.models.properties.providers.additionalProperties.properties.models.items
        .properties.compat;
    expect(Object.keys(compat.properties).sort()).toEqual([...COMPAT_KEYS].sort());
    expect(compat.properties.maxTemperature).toEqual({ type: "number", minimum: 0 });
  });

  it("five config set run at once all land (each holds the file's lock while it edits)", async () => {
    const { env, path } = stateWith("{\n  // mine\n  gateway: { port: 18789 },\n}\n");
    const ids = ["kimi-k2.5", "kimi-k2-thinking", "kimi-k2-turbo-preview", "m4", "m5"];
    const results = await Promise.all(
      ids.map((id, index) =>
        runCli(["config", "set", `agents.defaults.models["moonshot/${id}"].alias`, `A${index}`], {
          env,
        }),
      ),
    );
    expect(results.map((result) => result.code)).toEqual([0, 0, 0, 0, 0]);
    const text = readFileSync(path, "utf8");
    expect(text).toContain("// mine");
    const models = JSON5.parse(text).agents.defaults.models;
    expect(Object.keys(models).sort()).toEqual(ids.map((id) => `moonshot/${id}`).sort());
  });

  it("set refuses what validate would fail (an alias used twice), and writes nothing", async () => {
    const text = `{ agents: { defaults: { models: {
      "moonshot/kimi-k2.5": { alias: "kimi k2" }, "moonshot/kimi-k2-thinking": {} } } } }`;
    const { env, path } = stateWith(text);
    const set = await runCli(
      ["config", "set", 'agents.defaults.models["moonshot/kimi-k2-thinking"].alias', "Kimi K2"],
      { env },
    );
    expect(set.code).toBe(2);
    expect(set.stderr).toBe(
      'error: the change would make the config invalid: agents.defaults.models["moonshot/kimi-k2-thinking"].alias: alias "Kimi K2" is used for both moonshot/kimi-k2.5 and moonshot/kimi-k2-thinking (the value given on the command line)\nhint: give each model its own alias; nothing was written\n',
    );
    expect(readFileSync(path, "utf8")).toBe(text);
    // The entry set comes first in the file: the clash is still blamed on it, not on the entry
    // that already had the alias.
    const earlier = await runCli(
      ["config", "set", 'agents.defaults.models["moonshot/kimi-k2.5"].alias', "K2 Thinking"],
      {
        env: stateWith(`{ agents: { defaults: { models: {
      "moonshot/kimi-k2.5": {}, "moonshot/kimi-k2-thinking": { alias: "k2 thinking" } } } } }`).env,
      },
    );
    expect(earlier.code).toBe(2);
    expect(earlier.stderr).toContain(
      'agents.defaults.models["moonshot/kimi-k2.5"].alias: alias "k2 thinking" is used for both moonshot/kimi-k2.5 and moonshot/kimi-k2-thinking (the value given on the command line)',
    );
  });

  it("set refuses a value validate would fail with a hint for a value not in the file: nothing to unset or rename", async () => {
    const text = "{ agents: { defaults: { model: { primary: 'moonshot/kimi-k2.5' } } } }";
    const { env, path } = stateWith(text);
    const refused = async (args: string[]) => {
      const set = await runCli(["config", "set", ...args], { env });
      expect(set.code).toBe(2);
      expect(readFileSync(path, "utf8")).toBe(text);
      return set.stderr;
    };
    const stop = 'agents.defaults.models["moonshot/kimi-k2.5"].params.stop';
    const tooMany = await refused([stop, '["a","b","c","d","e","f"]']);
    expect(tooMany).toContain(
      `error: the change would make the config invalid: ${stop}: 6 entries, and moonshot/kimi-k2.5 takes at most 5: keep 5 or fewer;`,
    );
    expect(tooMany).toContain(
      `\nhint: set a stop moonshot/kimi-k2.5 takes (at most 5 entries, each at most 32 bytes), or leave ${stop} out; nothing was written\n`,
    );
    expect(tooMany).not.toContain("config unset");
    const twice = await refused([
      "agents.defaults.model.fallbacks",
      '["moonshot/kimi-k2-thinking","moonshot/kimi-k2-thinking"]',
    ]);
    expect(twice).toContain(
      "\nhint: list each model once: leave fallback 2 out, or make it a model not in the chain yet; nothing was written\n",
    );
    expect(twice).not.toContain("config unset");
    const reserved = await refused([
      "models.providers.openclaw",
      '{"baseUrl":"http://127.0.0.1:43301/v1","models":[{"id":"m1","name":"M1"}]}',
    ]);
    expect(reserved).toContain(
      "\nhint: give it another id, e.g. models.providers.my-llm, whose models are then my-llm/m1; nothing was written\n",
    );
    expect(reserved).not.toContain("config file");
  });

  it("set and unset --json: a refusal is one object, its message one line, with where it is", async () => {
    const text = '{ agents: { defaults: { models: { "moonshot/kimi-k2.5": { alias: "k25" } } } } }';
    const { env, path } = stateWith(text);
    const failure = async (args: string[]) => {
      const result = await runCli(args, { env });
      const parsed = JSON.parse(result.stdout) as {
        ok: boolean;
        error: { code: string; message: string; hint: string; where?: string };
      };
      expect(parsed.ok).toBe(false);
      expect(parsed.error.message).not.toContain("\n");
      expect(parsed.error.message).not.toContain("nothing was written");
      return { code: result.code, error: parsed.error };
    };
    const badValue = await failure(["config", "set", "gateway.port", '"abc"', "--json"]);
    expect(badValue).toMatchObject({
      code: 2,
      error: {
        code: "config.invalid",
        where: "gateway.port",
        hint: "give gateway.port a value of the kind it takes (openclaw config schema lists them); nothing was written",
      },
    });
    const alias = 'agents.defaults.models["moonshot/kimi-k2-thinking"].alias';
    const clash = await failure(["config", "set", alias, "K25", "--json"]);
    expect(clash).toMatchObject({
      code: 2,
      error: {
        code: "config.invalid",
        where: alias,
        hint: "give each model its own alias; nothing was written",
      },
    });
    expect(clash.error.message).toMatch(/\(the value given on the command line\)$/);
    expect(await failure(["config", "unset", "gateway.port", "--json"])).toMatchObject({
      code: 1,
      error: { code: "config.not_set", where: "gateway.port" },
    });
    expect(await failure(["config", "unset", "gatewy.port", "--json"])).toMatchObject({
      code: 2,
      error: { code: "config.unknown_key", where: "gatewy" },
    });
    expect(readFileSync(path, "utf8")).toBe(text);
  });

  it("masks key-shaped values and env block values in get and in set's echo", async () => {
    const { env } = stateWith(
      '{ env: { MOONSHOT: "sk-test-moonshot-ai-0001", BASE: "https://x.test/v1", OTHER: "opaque-value-1234" } }',
    );
    const set = await runCli(["config", "set", "env.MOONSHOT_SK", "sk-test-moonshot-ai-0002"], {
      env,
    });
    expect(set.code).toBe(0);
    expect(set.stdout).toContain("env.MOONSHOT_SK = sk-…0002");
    const got = await runCli(["config", "get", "env", "--json"], { env });
    expect(JSON.parse(got.stdout)).toEqual({
      MOONSHOT: "sk-…0001",
      BASE: "https://x.test/v1",
      OTHER: "…1234",
      MOONSHOT_SK: "sk-…0002",
    });
    expect(`${set.stdout}${got.stdout}`).not.toContain("moonshot-ai");
  });

  it("validate warns about a key written twice and a ${VAR} that is not set, with file and line", async () => {
    const { env, path } = stateWith(`{
  gateway: { port: 1 },
  models: { providers: { kc: { baseUrl: "\${KC_BASE}/coding/v1", models: [] } } },
  gateway: { port: 2 },
}`);
    const result = await runCli(["config", "validate"], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `! gateway: is written 2 times in one object (lines 2 and 4): only the last counts, the others are ignored (${path}:2)`,
    );
    expect(result.stdout).toContain(
      `! models.providers.kc.baseUrl: uses KC_BASE, which is not set: this value cannot be used until it is (${path}:3)`,
    );
    // An object written on one line: the line once, not "lines 1 and 1".
    const oneLine = stateWith("{ gateway: { port: 1, port: 2 } }");
    const onOneLine = await runCli(["config", "validate"], { env: oneLine.env });
    expect(onOneLine.stdout).toContain(
      `! gateway.port: is written 2 times in one object (both on line 1): only the last counts, the others are ignored (${oneLine.path}:1)`,
    );
    const lower = stateWith('{ models: { providers: { kc: { baseUrl: "${kc_base}/v1" } } } }');
    const wrongCase = await runCli(["config", "validate"], { env: lower.env });
    expect(wrongCase.code).toBe(1);
    expect(wrongCase.stderr).toContain(
      "hint: ${kc_base} is not expanded: variable names in ${...} are uppercase letters, digits and _: write ${KC_BASE} (and set KC_BASE)",
    );
  });

  it("set of one element of a list keeps the comments around it", async () => {
    const text = `{
  models: { providers: { moonshot: { models: [
    // tuned
    { id: "kimi-k2.5", name: "K", contextWindow: 1000 }, // by hand
  ] } } },
}
`;
    const { env, path } = stateWith(text);
    const set = await runCli(
      ["config", "set", "models.providers.moonshot.models[0].contextWindow", "200000"],
      { env },
    );
    expect(set).toMatchObject({ code: 0, stderr: "" });
    expect(readFileSync(path, "utf8")).toBe(text.replace("1000 }", "200000 }"));
  });

  it("set and unset keep the \\r\\n line endings of a file written on Windows", async () => {
    const text =
      "{\r\n  // written on Windows\r\n  gateway: {\r\n    port: 18789, // local\r\n  },\r\n}\r\n";
    const { env, path } = stateWith(text);
    // With a moonshot key: without one, the set warns that the default cannot answer.
    const set = await runCli(
      ["config", "set", "agents.defaults.model.primary", "moonshot/kimi-k2.5"],
      { env: { ...env, MOONSHOT_API_KEY: "sk-test-moonshot-ai-0001" } },
    );
    expect(set).toMatchObject({ code: 0, stderr: "" });
    const added = readFileSync(path, "utf8");
    expect(added).toBe(
      text.replace(
        "  },\r\n}",
        '  },\r\n  agents: {\r\n    defaults: {\r\n      model: {\r\n        primary: "moonshot/kimi-k2.5",\r\n      },\r\n    },\r\n  },\r\n}',
      ),
    );
    expect(JSON5.parse(added).agents.defaults.model.primary).toBe("moonshot/kimi-k2.5");
    const unset = await runCli(["config", "unset", "gateway.port"], { env });
    expect(unset).toMatchObject({ code: 0, stderr: "" });
    expect(readFileSync(path, "utf8")).toBe(added.replace("    port: 18789, // local\r\n", ""));
  });

  it("an OPENCLAW_CONFIG_PATH that does not exist is an error naming it", async () => {
    const { env } = stateWith();
    const typo = join(env.OPENCLAW_STATE_DIR as string, "openclw.json");
    const result = await runCli(["config", "get", "gateway"], {
      env: { ...env, OPENCLAW_CONFIG_PATH: typo },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: config file ${typo} does not exist`);
  });

  it("help says writes keep comments, within 80 columns", async () => {
    const help = await runCli(["config", "--help"], {});
    expect(help.stdout).toContain("comments, order and layout stay");
    expect(help.stdout).not.toContain("are not kept\n(the previous");
    for (const command of [[], ["get"], ["set"], ["unset"], ["validate"]]) {
      const sub = await runCli(["config", ...command, "--help"], {});
      // An empty or failed help would pass the width check below with no line to check.
      expect({ code: sub.code, usage: sub.stdout.split("\n")[0] }).toMatchObject({
        code: 0,
        usage: expect.stringMatching(new RegExp(`^Usage: openclaw config ${command.join(" ")}`)),
      });
      for (const line of sub.stdout.split("\n")) expect(line.length).toBeLessThanOrEqual(80);
    }
  });
});

describe("openclaw config set refused for what was typed", () => {
  it("a path below a key of one value names that key, what it takes, and that it is not a list", async () => {
    const { env, path } = stateWith("{ gateway: { port: 18790 } }");
    const result = await runCli(["config", "set", "gateway.port[0]", "1"], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "hint: gateway.port takes an integer from 1 to 65535, and is not a list: openclaw config set gateway.port <value>; nothing was written\n",
    );
    expect(readFileSync(path, "utf8")).toBe("{ gateway: { port: 18790 } }");
  });

  it("a list whose strings the shell unquoted is shown back quoted, in single quotes, as the command to type", async () => {
    const { env, path } = stateWith("{ gateway: { port: 18790 } }");
    // What the shell passes for: config set agents.defaults.model.fallbacks ["moonshot/kimi-k2.5"]
    const result = await runCli(
      ["config", "set", "agents.defaults.model.fallbacks", "[moonshot/kimi-k2.5]"],
      { env },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `hint: this list reached openclaw without the quotes around its strings (the shell removes them); quote the whole value in single quotes, its strings in double quotes: openclaw config set agents.defaults.model.fallbacks '["moonshot/kimi-k2.5"]'; nothing was written\n`,
    );
    expect(readFileSync(path, "utf8")).toBe("{ gateway: { port: 18790 } }");
    // The command the hint shows, as the shell hands it over, is taken.
    const fixed = await runCli(
      ["config", "set", "agents.defaults.model.fallbacks", '["moonshot/kimi-k2.5"]'],
      { env },
    );
    expect(fixed.code).toBe(0);
    expect(JSON5.parse(readFileSync(path, "utf8")).agents.defaults.model.fallbacks).toEqual([
      "moonshot/kimi-k2.5",
    ]);
  });
});
