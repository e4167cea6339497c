import { chmodSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { loadCatalog, resolveModel } from "../../src/catalog/index.js";
import { ConfigError, loadConfig, readConfigFileForEdit } from "../../src/config/index.js";
import { unreadableHint } from "../../src/config/read.js";
import { permissionsBindUnder, runCli } from "../helpers/cli.js";
import { tempDir, tempFiles } from "../helpers/tmp.js";

const seed = (name: string) =>
  readFileSync(join(import.meta.dirname, "../fixtures/seed", name), "utf8");

function loadText(text: string, env: Record<string, string> = {}) {
  const dir = tempFiles({ "openclaw.json": text });
  return loadConfig({ path: join(dir, "openclaw.json"), env });
}

function loadError(text: string): ConfigError {
  try {
    loadText(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected the config to be rejected");
}

describe("loading the spec's snippets", () => {
  it("accepts the Moonshot snippet verbatim", () => {
    const loaded = loadText(seed("moonshot.json5"));
    expect(loaded.config.agents?.defaults?.model).toEqual({ primary: "moonshot/kimi-k2.5" });
    expect(loaded.config.models?.providers?.moonshot?.models).toHaveLength(5);
    expect(loaded.ignoredSections).toEqual([]);
  });

  it("accepts the Kimi Code snippet verbatim", () => {
    const loaded = loadText(seed("kimi-code.json5"));
    const model = loaded.config.models?.providers?.["kimi-code"]?.models?.[0];
    expect(model?.headers).toEqual({ "User-Agent": "KimiCLI/0.77" });
    expect(model?.compat).toEqual({ supportsDeveloperRole: false });
  });

  it("fills MOONSHOT_API_KEY from the env block only when the process lacks it", () => {
    expect(loadText(seed("moonshot.json5")).env.MOONSHOT_API_KEY).toBe("sk-...");
    const fromProcess = loadText(seed("moonshot.json5"), {
      MOONSHOT_API_KEY: "sk-test-from-shell",
    });
    expect(fromProcess.env.MOONSHOT_API_KEY).toBe("sk-test-from-shell");
  });

  it("treats a missing file at the default path as an empty config (not configured yet)", () => {
    const loaded = loadConfig({ env: { OPENCLAW_STATE_DIR: "/nonexistent/dir" } });
    expect(loaded.exists).toBe(false);
    expect(loaded.config).toEqual({});
  });

  it("refuses a config path given on purpose that does not exist, naming it", () => {
    const dir = tempDir();
    const typo = join(dir, "openclw.json");
    try {
      loadConfig({ path: typo, env: { OPENCLAW_STATE_DIR: dir } });
      expect.unreachable();
    } catch (error) {
      // The commands write the default file, not this one, unless told where.
      expect(error).toMatchObject({
        code: "config.not_found",
        message: `config file ${typo} does not exist (named by the config path given)`,
        hint: `check the path for a typo (the default config is ${join(dir, "openclaw.json")}); to create this file, run OPENCLAW_CONFIG_PATH=${typo} openclaw onboard (config set and models set write it the same way)`,
      });
    }
    const fromEnv = { OPENCLAW_STATE_DIR: dir, OPENCLAW_CONFIG_PATH: typo };
    try {
      loadConfig({ env: fromEnv });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({
        code: "config.not_found",
        message: `config file ${typo} does not exist (named by OPENCLAW_CONFIG_PATH)`,
        hint: `check OPENCLAW_CONFIG_PATH for a typo, or unset it to use ${join(dir, "openclaw.json")}; openclaw onboard, config set and models set create the file OPENCLAW_CONFIG_PATH names`,
      });
    }
    // A command about to create the file asks for an empty config instead.
    expect(loadConfig({ env: fromEnv, ifMissing: "empty" }).exists).toBe(false);
  });
});

describe("schema errors a person can act on", () => {
  it("names the dotted path, the expected type and the found value for a cost given as a string", () => {
    const error =
      loadError(`{ models: { providers: { moonshot: { baseUrl: "https://api.moonshot.ai/v1",
      models: [ { id: "a", name: "A" }, { id: "b", name: "B" }, { id: "c", name: "C", cost: { input: "0.5" } } ] } } } }`);
    expect(error.message).toContain("models.providers.moonshot.models[2].cost.input");
    expect(error.message).toContain('expected a number ≥ 0, found the string "0.5"');
    expect(error.hint).toContain("without quotes");
    expect(error.line).toBe(2);
  });

  it("suggests the closest key for a typo", () => {
    const error = loadError(
      `{ models: { providers: { moonshot: { baseURL: "https://x.test/v1" } } } }`,
    );
    expect(error.message).toContain("models.providers.moonshot.baseURL: is not a known key");
    expect(error.hint).toBe('did you mean "baseUrl"?');
    expect(error.message).not.toContain("did you mean");
  });

  it("rejects an unknown api kind and suggests a valid one", () => {
    const error = loadError(
      `{ models: { providers: { x: { baseUrl: "https://x.test/v1", api: "openai-completion" } } } }`,
    );
    expect(error.message).toContain('expected one of "openai-completions"');
    expect(error.hint).toBe('did you mean "openai-completions"?');
  });

  it("rejects a base URL that is not a URL", () => {
    const error = loadError(`{ models: { providers: { x: { baseUrl: "api.moonshot.ai" } } } }`);
    expect(error.message).toContain("models.providers.x.baseUrl: expected an http(s) URL");
    expect(error.hint).toBe('write the URL with its scheme: "https://api.moonshot.ai/v1"');
  });

  it("gives Kimi Code's and Moonshot China's own URL as the example for their base URL", () => {
    for (const [provider, example] of [
      ["kimi-code", "https://api.kimi.com/coding/v1"],
      ["moonshot-cn", "https://api.moonshot.cn/v1"],
    ]) {
      const error = loadError(
        `{ models: { providers: { "${provider}": { baseUrl: "api.kimi" } } } }`,
      );
      expect(error.hint, provider).toBe(`write the full URL, for example "${example}"`);
    }
  });

  it("lists every problem, not just the first", () => {
    const error = loadError(`{ gateway: { port: "18789" }, models: { mode: "mix" } }`);
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(["gateway.port", "models.mode"]);
    expect(error.message).toContain("2 problems");
    // Each problem's own hint is in the list; the error's hint says what to do about them all.
    expect(error.hint).toBe("fix gateway.port (and 1 more), then run: openclaw config validate");
  });

  it("accepts OpenClaw's own sections and reports them as ignored", () => {
    const loaded = loadText(`{ meta: { lastTouchedVersion: "2026.2.1" }, channels: { telegram: {} },
      wizard: {}, agents: { defaults: { workspace: "~/clawd", model: "moonshot/kimi-k2.5" } } }`);
    expect(loaded.ignoredSections).toEqual([
      "meta",
      "channels",
      "wizard",
      "agents.defaults.workspace",
    ]);
  });

  it("rejects a top level that is not an object", () => {
    expect(loadError("[1, 2]").code).toBe("config.not_object");
  });
});

describe("JSON5 syntax errors", () => {
  it("gives file, line, column and the offending line for trailing garbage", () => {
    const error = loadError('{\n  env: { A: "1" },\n}\nrubbish');
    expect(error.code).toBe("config.syntax");
    expect(error.message).toMatch(/openclaw\.json:4:1: invalid character 'r'/);
    expect(error.message).toContain("    rubbish\n    ^");
    expect(error.line).toBe(4);
  });

  it("stars out a token or key on the line it quotes, keeping the caret on the error's column", () => {
    const token = "ocg_test-gateway-token-in-a-typo-0001";
    const error = loadError(
      `{\n  gateway: { auth: { token: "${token}" x } },\n  models: { mode: "merge" },\n}`,
    );
    expect(error.code).toBe("config.syntax");
    expect(error.message).not.toContain("gateway-token");
    const [, shown, caret] = error.message.split("\n");
    expect(shown).toBe(`      gateway: { auth: { token: "${"*".repeat(token.length)}" x } },`);
    expect(shown?.[caret?.indexOf("^") ?? -1]).toBe("x");
    const key = loadError(
      '{\n  apiKey: "local-llm-key-0001", baseUrl: "http://127.0.0.1:1/v1" oops\n}',
    );
    expect(key.message).not.toContain("local-llm-key");
    expect(key.message).toContain('baseUrl: "http://127.0.0.1:1/v1" oops');
    const proxy = loadError(
      '{\n  env: { HTTPS_PROXY: "http://alice:S3cretPw@proxy.corp:3128" y }\n}',
    );
    expect(proxy.message).not.toContain("S3cretPw");
    expect(proxy.message).toContain('"http://alice:********@proxy.corp:3128" y');
    const [, line, mark] = proxy.message.split("\n");
    expect(line?.[mark?.indexOf("^") ?? -1]).toBe("y");
  });

  it("reports an unclosed brace at the end of input", () => {
    const error = loadError('{ env: { A: "1" }');
    expect(error.code).toBe("config.syntax");
    // The bracket left open is named, at its line and column, not the end of the file.
    expect(error.message).toContain(':1:1: this "{" is never closed: the file ends first');
  });
});

describe("a config file that holds nothing", () => {
  it.each([
    ["empty", ""],
    ["whitespace only", "  \n\t\n"],
    ["a byte-order mark only", "\ufeff\n"],
    ["comments only", "// settings go here\n/* later */\n"],
  ])("is an empty config when %s, as a missing file is", (_name, text) => {
    const loaded = loadText(text);
    expect(loaded.exists).toBe(true);
    expect(loaded.config).toEqual({});
    const dir = tempFiles({ "openclaw.json": text });
    expect(readConfigFileForEdit(join(dir, "openclaw.json"))).toEqual({});
  });

  it("still reports a string holding // as the syntax error it is", () => {
    expect(loadError('"https://x.test/v1"').code).toBe("config.not_object");
    expect(loadError("{ a: 'http://x' ").code).toBe("config.syntax");
  });
});

describe("a config file that cannot be read", () => {
  it("says a directory is one, and how to get it out of the way", () => {
    const dir = tempDir();
    const path = join(dir, "openclaw.json");
    mkdirSync(path);
    const error = (() => {
      try {
        loadConfig({ path, env: {} });
      } catch (caught) {
        return caught as ConfigError;
      }
      throw new Error("expected the directory to be refused");
    })();
    expect(error.code).toBe("config.unreadable");
    expect(error.message).toBe(`cannot read config file ${path}: it is a directory`);
    // The caller named the directory (not OPENCLAW_CONFIG_PATH): the hint says so.
    expect(error.hint).toBe(
      `move the directory away (mv ${path} ${path}.d), or give the path of a config file, not of a directory`,
    );
    expect(error.where).toBe(path);
    expect(() => loadConfig({ env: { OPENCLAW_CONFIG_PATH: path } })).toThrow(
      expect.objectContaining({
        hint: `move the directory away (mv ${path} ${path}.d), or point OPENCLAW_CONFIG_PATH at a file`,
      }),
    );
    expect(() => readConfigFileForEdit(path)).toThrow(/it is a directory/);
  });

  it("says an $include'd directory should be a file", () => {
    const dir = tempFiles({ "openclaw.json": '{ $include: "./more" }' });
    mkdirSync(join(dir, "more"));
    const error = (() => {
      try {
        loadConfig({ path: join(dir, "openclaw.json"), env: {} });
      } catch (caught) {
        return caught as ConfigError;
      }
      throw new Error("expected the include to be refused");
    })();
    expect(error.hint).toBe("point the $include at a file, not a directory");
  });

  it("gives the chmod, or the chown for another user's file, that lets it be read", () => {
    expect(
      unreadableHint("/c/openclaw.json", "EACCES", "main", { fileUid: 1000, processUid: 1000 }),
    ).toBe(
      "let yourself read it: chmod 600 /c/openclaw.json (and make sure you may enter the directories above it)",
    );
    expect(
      unreadableHint("/c/openclaw.json", "EACCES", "main", { fileUid: 0, processUid: 1000 }),
    ).toBe(
      'it belongs to another user: take it over with sudo chown "$(id -un)" /c/openclaw.json, then chmod 600 /c/openclaw.json',
    );
  });

  // root reads any file: as root the file is handed to nobody, who runs the command.
  it("refuses a file without read permission with the chmod", async () => {
    const dir = tempFiles({ "openclaw.json": "{}" });
    const path = join(dir, "openclaw.json");
    const user = permissionsBindUnder(dir);
    chmodSync(path, 0o000);
    const result = await runCli(["config", "validate"], {
      env: { OPENCLAW_STATE_DIR: dir, HOME: dir },
      user,
    });
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: `error: cannot read config file ${path}: permission denied\nhint: let yourself read it: chmod 600 ${path} (and make sure you may enter the directories above it)\n`,
    });
  });
});

describe("secrets in what a loaded config prints", () => {
  const pasted = "sk-test-pasted-into-baseurl-0001";

  it("does not show a key pasted into the wrong field in the error", () => {
    const error = loadError(
      `{ models: { providers: { moonshot: { baseUrl: "${pasted}", models: [] } } } }`,
    );
    expect(error.message).toContain(
      "models.providers.moonshot.baseUrl: expected an http(s) URL, found a string that looks like a key (not shown)",
    );
    for (const shown of [error.message, inspect(error), JSON.stringify(error)])
      expect(shown).not.toContain("pasted-into");
  });

  it("prints a loaded config and a catalog without the environment or a key", () => {
    const dir = tempFiles({
      "openclaw.json": `{ env: { TEAM_KEY: "sk-test-written-in-config-0002" },
        models: { providers: { moonshot: { apiKey: "\${MOONSHOT_API_KEY}" } } } }`,
    });
    const env = {
      OPENCLAW_STATE_DIR: dir,
      MOONSHOT_API_KEY: "sk-test-from-the-shell-0003",
      AWS_SECRET_ACCESS_KEY: "cloud-secret-value-0004",
    };
    const loaded = loadConfig({ env });
    const catalog = loadCatalog({ env });
    const printed = [
      inspect(loaded, { depth: 8 }),
      JSON.stringify(loaded),
      inspect(catalog, { depth: 8 }),
      JSON.stringify(catalog.source),
      inspect(loaded.env),
    ].join("\n");
    for (const secret of ["written-in-config", "from-the-shell", "cloud-secret", "AWS_SECRET"])
      expect(printed).not.toContain(secret);
    expect(inspect(loaded)).toContain("[environment: ");
    // For code, nothing changed: the values are there.
    expect(loaded.env.MOONSHOT_API_KEY).toBe(env.MOONSHOT_API_KEY);
    expect(catalog.source.config.models?.providers?.moonshot?.apiKey).toBe(env.MOONSHOT_API_KEY);
    expect(Object.keys({ ...loaded })).toContain("env");
  });

  it("prints a catalog and a resolved model without a key written as it is in the config", () => {
    const key = "sk-test-written-as-is-0005";
    const dir = tempFiles({
      "openclaw.json": `{ models: { providers: { moonshot: { apiKey: "${key}",
        headers: { Authorization: "Bearer sk-test-header-token-0006", "X-Team": "blue" },
        models: [{ id: "kimi-k2.6", name: "K2.6", headers: { "X-Api-Key": "sk-test-model-header-0007" } }] } } } }`,
    });
    const catalog = loadCatalog({ env: { OPENCLAW_STATE_DIR: dir } });
    const model = resolveModel(catalog, "moonshot/kimi-k2.5");
    const provider = catalog.providers.get("moonshot");
    const printed = [
      inspect(catalog, { depth: 8 }),
      inspect(model, { depth: 8 }),
      JSON.stringify(provider),
      JSON.stringify(model),
    ].join("\n");
    for (const secret of ["written-as-is", "header-token", "model-header"])
      expect(printed).not.toContain(secret);
    // A model's own headers, printed with the catalog, are masked as the provider's are.
    expect(inspect(provider, { depth: 8 })).toContain("'X-Api-Key': 'sk-…0007'");
    expect(inspect(provider)).toContain("'X-Team': 'blue'");
    // For code, nothing changed: the key is found where the config put it.
    expect(provider?.apiKeyTemplate).toBe(key);
    expect(model.keySources.at(-1)).toMatchObject({ kind: "config", template: key });
  });
});
