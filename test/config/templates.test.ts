/**
 * `${VAR}` in every string value of a loaded config: expanded once at load, values naming unset
 * variables kept as written and refused only where they are used, messages that show templates as
 * written and never a secret's expansion.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type ConfigError,
  type Env,
  envBlockVariables,
  type LoadedConfig,
  loadConfig,
  MissingVariableError,
  requireVariables,
  requireVariablesWithin,
  validateEditedConfig,
} from "../../src/config/index.js";
import { tempFiles } from "../helpers/tmp.js";

/** A key that looks like one but is obviously fake. */
const FAKE_KEY = "sk-test-moonshot-ai-0001";

function load(text: string, env: Env = {}): LoadedConfig {
  const dir = tempFiles({ "openclaw.json": text });
  return loadConfig({ path: join(dir, "openclaw.json"), env });
}

function loadError(text: string, env: Env = {}): ConfigError {
  try {
    load(text, env);
  } catch (error) {
    return error as ConfigError;
  }
  throw new Error("expected the config to be refused");
}

describe("the env block", () => {
  it("takes env.vars over a top-level entry of the same name, for ${VAR} and for what is shown", () => {
    const loaded = load(`{
      env: { OPENCLAW_TEST_HOST: "top.example", vars: { OPENCLAW_TEST_HOST: "vars.example" } },
      models: { providers: { m: { baseUrl: "https://\${OPENCLAW_TEST_HOST}/v1", models: [] } } },
    }`);
    expect(loaded.env.OPENCLAW_TEST_HOST).toBe("vars.example");
    expect(loaded.config.models?.providers?.m?.baseUrl).toBe("https://vars.example/v1");
    expect(envBlockVariables(loaded.config).OPENCLAW_TEST_HOST).toBe("vars.example");
  });
});

describe("${VAR} in string values", () => {
  it("expands every string value, inline too, and keeps $${VAR} as a literal ${VAR}", () => {
    const loaded = load(
      `{
        agents: { defaults: { model: { primary: "\${PRIMARY}", fallbacks: ["\${FALLBACK}"] } } },
        models: { providers: { custom: {
          baseUrl: "\${BASE}/v1",
          api: "\${API_KIND}",
          headers: { "X-Team": "team-\${TEAM}" },
          models: [{ id: "\${MODEL_ID}", name: "K $\${LIT} for \${TEAM}" }],
        } } },
        gateway: { bind: "\${BIND}", ledger: { path: "\${HOME_DIR}/ledger.db" } },
      }`,
      {
        PRIMARY: "custom/k2",
        FALLBACK: "moonshot/kimi-k2.5",
        BASE: "https://proxy.example.test",
        API_KIND: "openai-completions",
        TEAM: "blue",
        MODEL_ID: "k2",
        BIND: "lan",
        HOME_DIR: "/srv/openclaw",
      },
    );
    expect(loaded.config.agents?.defaults?.model).toEqual({
      primary: "custom/k2",
      fallbacks: ["moonshot/kimi-k2.5"],
    });
    const provider = loaded.config.models?.providers?.custom;
    expect(provider?.baseUrl).toBe("https://proxy.example.test/v1");
    expect(provider?.api).toBe("openai-completions");
    expect(provider?.headers).toEqual({ "X-Team": "team-blue" });
    expect(provider?.models?.[0]).toEqual({ id: "k2", name: "K ${LIT} for blue" });
    expect(loaded.config.gateway).toEqual({
      bind: "lan",
      ledger: { path: "/srv/openclaw/ledger.db" },
    });
    expect(loaded.unresolved).toEqual([]);
    // What was written is still there, for showing and writing back.
    expect(loaded.written.models?.providers?.custom?.baseUrl).toBe("${BASE}/v1");
    expect(loaded.templates.get("models.providers.custom.models[0].name")?.raw).toBe(
      "K $${LIT} for ${TEAM}",
    );
  });

  it("leaves keys, lower-case names and unclosed braces alone", () => {
    const loaded = load(
      `{ agents: { defaults: { models: { "\${KEY_REF}": { alias: "\${lower} and \${UNCLOSED" } } } } }`,
      { KEY_REF: "x", lower: "y", UNCLOSED: "z" },
    );
    expect(loaded.config.agents?.defaults?.models).toEqual({
      "${KEY_REF}": { alias: "${lower} and ${UNCLOSED" },
    });
  });

  it("fills variables from the env block only where the process lacks them", () => {
    const loaded = load(
      `{ env: { PRIMARY: "moonshot/kimi-k2.5", vars: { BIND: "lan" }, EMPTY_IN_SHELL: "from-block" },
         agents: { defaults: { model: "\${PRIMARY}" } },
         gateway: { bind: "\${BIND}", ledger: { path: "/x/\${EMPTY_IN_SHELL}" } } }`,
      { BIND: "loopback", EMPTY_IN_SHELL: "" },
    );
    expect(loaded.config.agents?.defaults?.model).toBe("moonshot/kimi-k2.5");
    expect(loaded.config.gateway?.bind).toBe("loopback");
    expect(loaded.config.gateway?.ledger?.path).toBe("/x/from-block");
    expect(loaded.env.PRIMARY).toBe("moonshot/kimi-k2.5");
  });

  it("expands the env block's own values against the process environment", () => {
    const loaded = load(
      `{ env: { BASE: "\${HOST_URL}/v1", BROKEN: "\${NOT_SET}" },
         models: { providers: { p: { baseUrl: "\${BASE}" } } } }`,
      { HOST_URL: "https://h.example.test" },
    );
    expect(loaded.env.BASE).toBe("https://h.example.test/v1");
    expect(loaded.config.models?.providers?.p?.baseUrl).toBe("https://h.example.test/v1");
    // A block variable naming an unset variable is not defined: it is not "${NOT_SET}".
    expect(loaded.env.BROKEN).toBeUndefined();
    expect(loaded.unresolved).toEqual(["env.BROKEN"]);
  });
});

describe("a variable that is not set", () => {
  const text = `{
    agents: { defaults: { model: { primary: "\${PRIMARY}" } } },
    models: { providers: {
      "kimi-code": { apiKey: "\${KIMICODE_API_KEY}", api: "\${KIMI_API_KIND}" },
      custom: { baseUrl: "\${CUSTOM_BASE}/v1", headers: { "X-Team": "\${TEAM}" } },
    } },
  }`;

  it("does not stop loading: the value is kept as written and its path recorded", () => {
    const loaded = load(text, { PRIMARY: "moonshot/kimi-k2.5" });
    expect(loaded.config.models?.providers?.["kimi-code"]?.apiKey).toBe("${KIMICODE_API_KEY}");
    expect(loaded.config.models?.providers?.custom?.baseUrl).toBe("${CUSTOM_BASE}/v1");
    expect([...loaded.unresolved].sort()).toEqual([
      "models.providers.custom.baseUrl",
      "models.providers.custom.headers.X-Team",
      "models.providers.kimi-code.api",
      "models.providers.kimi-code.apiKey",
    ]);
    expect(loaded.config.agents?.defaults?.model).toEqual({ primary: "moonshot/kimi-k2.5" });
  });

  it("is an error naming the variable and the path where the value is needed", () => {
    const loaded = load(text, {});
    expect(() => requireVariables(loaded, "agents.defaults.model.primary")).toThrow(
      "environment variable PRIMARY is not set (used at agents.defaults.model.primary)",
    );
    try {
      requireVariablesWithin(loaded, "models.providers.custom");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MissingVariableError);
      expect((error as MissingVariableError).message).toBe(
        "environment variable CUSTOM_BASE is not set (used at models.providers.custom.baseUrl)",
      );
      expect((error as MissingVariableError).hint).toContain(loaded.path);
    }
    // A value that is set, or a path nobody reads, is no error.
    expect(() => requireVariables(loaded, "gateway.bind")).not.toThrow();
    expect(() => requireVariablesWithin(loaded, "models.providers.custo")).not.toThrow();
  });
});

describe("numbers and true/false are not strings", () => {
  it("refuses ${PORT} in a number field and says to write the number itself", () => {
    const error = loadError(`{ gateway: { port: "\${PORT}" } }`, { PORT: "18789" });
    expect(error.code).toBe("config.invalid");
    expect(error.message).toContain(
      'gateway.port: expected an integer from 1 to 65535, found the string "${PORT}" (expanded: "18789")',
    );
    expect(error.hint).toMatch(/expanded only in strings.*takes a number: write the value itself/);
    expect(error.hint).toContain("openclaw config set gateway.port <value>");
  });

  it("refuses ${FLAG} in a true/false field even when the variable is unset", () => {
    const error = loadError(`{ models: { providers: { p: { authHeader: "\${FLAG}" } } } }`);
    expect(error.message).toContain(
      'models.providers.p.authHeader: expected true or false, found the string "${FLAG}" (FLAG is not set)',
    );
    expect(error.hint).toContain("takes true or false");
  });
});

describe("messages never show a secret's expansion", () => {
  it.each([
    ["a number field", `{ gateway: { port: "\${MOONSHOT_API_KEY}" } }`, "gateway.port"],
    [
      "a list of choices",
      `{ models: { providers: { p: { api: "\${MOONSHOT_API_KEY}" } } } }`,
      "models.providers.p.api",
    ],
    [
      "a URL",
      `{ models: { providers: { p: { baseUrl: "\${MOONSHOT_API_KEY}" } } } }`,
      "models.providers.p.baseUrl",
    ],
    [
      "a value whose variable has an innocent name",
      `{ models: { providers: { p: { baseUrl: "\${SOMETHING}" } } } }`,
      "models.providers.p.baseUrl",
    ],
  ])("in %s", (_what, text, path) => {
    const error = loadError(text, { MOONSHOT_API_KEY: FAKE_KEY, SOMETHING: FAKE_KEY });
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/found the string "\$\{[A-Z_]+\}" \(its expansion is not shown/);
    expect(JSON.stringify(error.toJSON())).not.toContain(FAKE_KEY);
    expect(error.message).not.toContain("sk-test");
  });

  it("shows a harmless expansion, so that a wrong value can be found", () => {
    const error = loadError(`{ models: { providers: { p: { baseUrl: "\${BASE}/v1" } } } }`, {
      BASE: "ftp://files.example.test",
    });
    expect(error.message).toContain(
      'models.providers.p.baseUrl: expected an http(s) URL, found the string "${BASE}/v1" (expanded: "ftp://files.example.test/v1")',
    );
  });
});

describe("validating an edit", () => {
  it("expands as loading will, so a ${VAR} in a choice field is accepted when set", () => {
    const dir = tempFiles({});
    const file = join(dir, "openclaw.json");
    const raw = { models: { providers: { p: { baseUrl: "${BASE}", api: "${KIND}" } } } };
    const { config } = validateEditedConfig(raw, file, {
      BASE: "https://p.example.test/v1",
      KIND: "openai-completions",
    });
    expect(config.models?.providers?.p?.api).toBe("openai-completions");
    // The object to write is untouched.
    expect(raw.models.providers.p).toEqual({ baseUrl: "${BASE}", api: "${KIND}" });
    expect(() =>
      validateEditedConfig(raw, file, { BASE: "https://p.example.test/v1" }),
    ).not.toThrow();
    expect(() =>
      validateEditedConfig(raw, file, { BASE: "https://p.example.test/v1", KIND: "grpc" }),
    ).toThrow(
      /models\.providers\.p\.api: expected one of .*found the string "\$\{KIND\}" \(expanded: "grpc"\)/,
    );
  });
});
