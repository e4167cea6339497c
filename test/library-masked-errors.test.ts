import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  assertSessionId,
  buildCatalog,
  ConfigError,
  createRuntime,
  emptyAuthStore,
  loadConfig,
  loadConfigObject,
  MissingVariableError,
  ModelRefError,
  OpenClawError,
  openRuntime,
  ProviderError,
  parseAuthStore,
  readAuthStore,
  readConfigFileForEdit,
  refuseNewCatalogErrors,
  resolveDefaultChain,
  resolveEndpoint,
  resolveModel,
  resolveModelChain,
  resolveRef,
  runAgentToEnd,
  runFailureOf,
  sessionPath,
  setConfigValue,
  startGateway,
  unsetConfigValue,
  updateAuthStore,
  validateConfig,
  writeAuthStore,
  writeConfigFile,
} from "../src/index.js";
import { expectMasked } from "./helpers/key-named-provider.js";
import { thrownBy } from "./helpers/thrown.js";
import { tempDir, tempFiles } from "./helpers/tmp.js";

// A key pasted where a name goes: a provider's name and an alias's ref.
const KEY = "sk-kimi-abcdefgh12345678XYZsecret";

/** Every way a program would print or log the error: none holds the key. */
function expectNoKey(error: unknown): ConfigError {
  expect(error).toBeInstanceOf(ConfigError);
  const config = error as ConfigError;
  for (const shown of [
    config.message,
    String(config),
    JSON.stringify(config),
    JSON.stringify(config.issues),
    config.hint ?? "",
    config.where ?? "",
    config.stack ?? "",
  ]) {
    expect(shown).not.toContain("abcdefgh12345678");
  }
  return config;
}

const badProvider = { models: { providers: { [KEY]: { baseUrl: 42, models: [] } } } };
const badAlias = { agents: { defaults: { models: { [`${KEY}/kimi`]: { alias: 5 } } } } };

describe("the library's config errors mask a key pasted where a name goes", () => {
  it("loadConfig names the provider sk-kimi-*** with the file:line and the dotted path's shape", () => {
    const dir = tempFiles({ "openclaw.json": JSON.stringify(badProvider, null, 2) });
    const file = join(dir, "openclaw.json");
    const error = expectNoKey(thrownBy(() => loadConfig({ path: file, env: {} })));
    expect(error.message).toBe(
      `invalid config: models.providers.sk-kimi-***.baseUrl: expected an http(s) URL, found the number 42 (${file}:5)`,
    );
    expect(error.issues).toEqual([
      {
        path: "models.providers.sk-kimi-***.baseUrl",
        message: "expected an http(s) URL, found the number 42",
        file,
        line: 5,
      },
    ]);
    expect(error.file).toBe(file);
    expect(error.line).toBe(5);
    expect(error.code).toBe("config.invalid");
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ where: `${file}:5` });
  });

  it("loadConfigObject and validateConfig name an alias's ref sk-kimi-***/kimi", () => {
    for (const error of [
      thrownBy(() => loadConfigObject(badAlias, { env: {} })),
      thrownBy(() => validateConfig(badAlias)),
    ]) {
      const masked = expectNoKey(error);
      expect(masked.issues.map((issue) => issue.path)).toEqual([
        'agents.defaults.models["sk-kimi-***/kimi"].alias',
      ]);
      expect(String(masked)).toContain('agents.defaults.models["sk-kimi-***/kimi"].alias');
    }
  });

  it("openRuntime, from a file or an object, and startGateway reject with the name masked", async () => {
    const dir = tempFiles({ "openclaw.json": JSON.stringify(badAlias) });
    const file = join(dir, "openclaw.json");
    const env = { OPENCLAW_STATE_DIR: tempDir(), OPENCLAW_CONFIG_PATH: file };
    const fromFile = expectNoKey(thrownBy(() => openRuntime({ env })));
    expect(fromFile.message).toContain(`sk-kimi-***/kimi"].alias`);
    expect(fromFile.message).toContain(`(${file}:1)`);
    expectNoKey(
      thrownBy(() => openRuntime({ config: badAlias, env: { OPENCLAW_STATE_DIR: tempDir() } })),
    );
    const rejected = await startGateway({ env, port: 0, watch: false, log: () => {} }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(expectNoKey(rejected).where).toBe(`${file}:1`);
  });
});

describe("the library's runtime and catalog errors mask a key pasted where a name goes", () => {
  const provider = KEY.toLowerCase();
  /** A provider named with a key, whose settings cannot be used (its baseUrl is a number). */
  const unusable = {
    models: { providers: { [KEY]: { baseUrl: 42, models: [{ id: "kimi", name: "k" }] } } },
    agents: { defaults: { model: { primary: `${KEY}/kimi` } } },
  };
  const request = { messages: [{ role: "user" as const, content: "hi" }] };

  it("runtime.complete, stream and relay reject with ModelRefError naming provider sk-kimi-***", async () => {
    const { runtime } = openRuntime({ config: unusable, env: { OPENCLAW_STATE_DIR: tempDir() } });
    const streamed = async () => {
      for await (const _event of runtime.stream({ request })) void _event;
    };
    for (const run of [
      () => runtime.complete({ request }),
      () => runtime.complete({ model: `${KEY}/kimi`, request }),
      streamed,
      () => runtime.relay({ request }, () => {}),
    ]) {
      const error = expectMasked(
        await run().then(
          () => undefined,
          (e: unknown) => e,
        ),
      );
      expect(error.message).toContain('provider "sk-kimi-***" in "sk-kimi-***/kimi" is not usable');
      expect(error.code).toBe((error as ModelRefError).code);
    }
    const opened = openRuntime({ config: unusable, env: {} });
    const built = createRuntime({ catalog: opened.catalog, resolveKey: opened.resolveKey });
    expectMasked(await built.complete({ request }).catch((e: unknown) => e));
    const direct = expectMasked(
      await runtime.complete({ model: `${KEY}/kimi`, request }).catch((e) => e),
    );
    expect(direct).toBeInstanceOf(ModelRefError);
    expect((direct as ModelRefError).input).toBe("sk-kimi-***/kimi");
  });

  it("runAgentToEnd on the runtime openRuntime gives rejects with the name masked", async () => {
    const { runtime } = openRuntime({ config: unusable, env: { OPENCLAW_STATE_DIR: tempDir() } });
    const error = expectMasked(
      await runAgentToEnd({ runtime, messages: request.messages }).catch((e: unknown) => e),
    );
    expect(error).toBeInstanceOf(ModelRefError);
    expect(error.message).toContain('provider "sk-kimi-***" in "sk-kimi-***/kimi" is not usable');
  });

  it("resolveModel, resolveRef and resolveModelChain throw it masked, code and class kept", () => {
    const catalog = openRuntime({
      config: unusable,
      env: { OPENCLAW_STATE_DIR: tempDir() },
    }).catalog;
    for (const run of [
      () => resolveModel(catalog, `${KEY}/kimi`),
      () => resolveModelChain(catalog, `${KEY}/kimi`),
      () => resolveModelChain(catalog),
      () => resolveDefaultChain(catalog),
    ]) {
      const error = expectMasked(thrownBy(run));
      expect(error.message).toContain("sk-kimi-***");
      expect(error.code).toMatch(/^(model|config)\./);
    }
    const unknown = expectMasked(thrownBy(() => resolveRef(catalog, `${provider}/nope`)));
    expect(unknown).toBeInstanceOf(ModelRefError);
  });

  it("a provider's refusal reaches the caller masked, in the rejection and in the fallback event", async () => {
    const server = createServer((_req, res) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "boom", type: "server_error" } }));
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const { port } = server.address() as AddressInfo;
    const upstream = (apiKey: string) => ({
      baseUrl: `http://127.0.0.1:${port}/v1`,
      apiKey,
      api: "openai-completions",
      models: [{ id: "kimi", name: "k" }],
    });
    const config = {
      models: {
        providers: {
          [KEY]: upstream("sk-upstream0000000001"),
          other: upstream("sk-upstream0000000002"),
        },
      },
      agents: { defaults: { model: { primary: `${KEY}/kimi`, fallbacks: ["other/kimi"] } } },
    };
    try {
      const { runtime } = openRuntime({
        config,
        env: { OPENCLAW_STATE_DIR: tempDir() },
        retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
      });
      const events: unknown[] = [];
      const error = expectMasked(
        await runtime
          .complete({ request }, (event) => void events.push(event))
          .catch((e: unknown) => e),
      );
      expect(error).toBeInstanceOf(ProviderError);
      // The run's report stays with the masked copy the caller holds, its refs masked too.
      const failure = runFailureOf(error);
      expect(failure?.model).toBe("other/kimi");
      expect(failure?.fallbackFrom).toBe("sk-kimi-***/kimi");
      expect(failure?.failedAttempts.map((attempt) => attempt.model)).toEqual([
        "sk-kimi-***/kimi",
        "other/kimi",
      ]);
      expect(JSON.stringify(failure)).not.toContain("abcdefgh12345678");
      const fallback = events.find(
        (event): event is { type: "fallback"; error: ProviderError } =>
          (event as { type: string }).type === "fallback",
      );
      expect(fallback).toBeDefined();
      expect(fallback?.error).toBeInstanceOf(ProviderError);
      expect(fallback?.error.provider).toBe("sk-kimi-***");
      expectMasked(fallback?.error);
      // What the caller's own sink throws comes back as it is (the same object), as relay says.
      const own = new Error(`sink failed at ${KEY}`);
      const relayed = await runtime
        .relay({ request }, () => {
          throw own;
        })
        .catch((e: unknown) => e);
      expect(relayed).toBe(own);
    } finally {
      await new Promise((done) => server.close(done));
    }
  });
});

describe("the library's endpoint, credential-store and config-edit errors mask a key-shaped name", () => {
  it("resolveEndpoint's MissingVariableError names models.providers.sk-kimi-***.baseUrl", () => {
    const loaded = loadConfigObject(
      {
        models: {
          providers: { [KEY]: { baseUrl: "${H3_UNSET_BASE}", models: [{ id: "m", name: "m" }] } },
        },
      },
      { env: {} },
    );
    const catalog = buildCatalog(loaded);
    const provider = catalog.providers.get(KEY.toLowerCase());
    expect(provider).toBeDefined();
    if (!provider) return;
    const error = expectMasked(thrownBy(() => resolveEndpoint(catalog, provider)));
    expect(error).toBeInstanceOf(MissingVariableError);
    expect(error.message).toBe(
      "environment variable H3_UNSET_BASE is not set (used at models.providers.sk-kimi-***.baseUrl)",
    );
    expect((error as MissingVariableError).configPath).toBe("models.providers.sk-kimi-***.baseUrl");
  });

  it("parseAuthStore, readAuthStore and updateAuthStore name a profile sk-kimi-***:default or sk-***:default", () => {
    const parsed = expectMasked(
      thrownBy(() =>
        parseAuthStore(JSON.stringify({ profiles: { [`${KEY}:default`]: {} } }), "/s/auth.json"),
      ),
    );
    expect(parsed.message).toBe(
      'the credential store /s/auth.json:1 is invalid: profiles["sk-kimi-***:default"] needs a "type"',
    );
    const agent = tempFiles({
      "auth-profiles.json": JSON.stringify({
        profiles: { "sk-abcdefgh12345678:default": { type: "api_key" } },
      }),
    });
    for (const run of [
      () => readAuthStore(agent),
      () => updateAuthStore(agent, (store) => store),
    ]) {
      const error = expectMasked(thrownBy(run));
      expect(error.code).toBe("auth.store_invalid");
      expect(error.message).toContain('profiles["sk-***:default"].provider must be a string');
    }
    // What the caller's own `change` throws comes back as it is (the same object).
    const own = new Error(`change failed at ${KEY}`);
    const empty = tempDir();
    expect(
      thrownBy(() =>
        updateAuthStore(empty, () => {
          throw own;
        }),
      ),
    ).toBe(own);
  });

  it("writeAuthStore, writeConfigFile and readConfigFileForEdit name a key-shaped directory masked", () => {
    const dir = tempFiles({ [KEY]: "a file, not a directory", [`${KEY}.json`]: "[1]" });
    for (const run of [
      () => writeAuthStore(join(dir, KEY, "agent"), emptyAuthStore()),
      () => writeConfigFile(join(dir, KEY, "openclaw.json"), {}),
      () => readConfigFileForEdit(join(dir, `${KEY}.json`)),
    ]) {
      expect(expectMasked(thrownBy(run)).message).toContain(`${dir}/sk-kimi-***`);
    }
  });

  it("writeAuthStore and writeConfigFile under a file say they could not write, naming the file in the way", () => {
    const dir = tempFiles({ "a-file": "a file, not a directory" });
    for (const [run, target] of [
      [
        () => writeAuthStore(join(dir, "a-file", "agent"), emptyAuthStore()),
        "agent/auth-profiles.json",
      ],
      [() => writeConfigFile(join(dir, "a-file", "openclaw.json"), {}), "openclaw.json"],
    ] as const) {
      // Before: "could not read …: a part of the path is a file, not a directory", with a hint
      // about the state directory.
      expect(thrownBy(run)).toMatchObject({
        code: "fs.unwritable",
        message: `could not write ${join(dir, "a-file", target)}: ${join(dir, "a-file")} is a file, not a directory`,
        hint: `move or remove the file ${join(dir, "a-file")} (a directory is needed there), or write somewhere else; nothing was changed`,
      });
    }
  });

  it("setConfigValue, unsetConfigValue and refuseNewCatalogErrors name the provider sk-kimi-***", () => {
    const dir = tempFiles({
      "openclaw.json": JSON.stringify({
        models: { providers: { [KEY]: { baseUrl: "https://a.example.test", models: [] } } },
      }),
    });
    const file = join(dir, "openclaw.json");
    const set = expectMasked(
      thrownBy(() => setConfigValue(file, `models.providers.${KEY}.baseUrl`, 42, { env: {} })),
    );
    expect(set).toBeInstanceOf(ConfigError);
    expect(set.where).toBe("models.providers.sk-kimi-***.baseUrl");
    const unset = expectMasked(
      thrownBy(() => unsetConfigValue(file, `models.providers.${KEY}.nothere`, { env: {} })),
    );
    expect(unset.message).toBe("models.providers.sk-kimi-***.nothere is not a key of the config");
    // The provider set in the file is kept as a key of its own, not glued to the word after it
    // (it was 'models.providers["sk-kimi-***.nothere"]' is a key of the config with no value here).
    expect(unset.hint).toBe(
      "there is nothing to remove; the keys models.providers.sk-kimi-*** takes are baseUrl, apiKey, api, headers, authHeader, compat, auth, models",
    );
    const broken = loadConfigObject(
      {
        models: { providers: { [KEY]: { baseUrl: "https://a.example.test", models: [] } } },
        agents: { defaults: { model: { primary: `${KEY}/missing` } } },
      },
      { env: {} },
    );
    const refused = expectMasked(thrownBy(() => refuseNewCatalogErrors(broken, () => undefined)));
    expect(refused.message).toContain("sk-kimi-***");
    // The caller's own check: what it throws is handed back as it is.
    const own = new Error(`check failed at ${KEY}`);
    expect(
      thrownBy(() =>
        setConfigValue(file, "gateway.port", 19000, {
          env: {},
          check: () => {
            throw own;
          },
        }),
      ),
    ).toBe(own);
  });
});

describe("the library's session-id errors mask a key pasted as the id", () => {
  it('assertSessionId and sessionPath say session id "sk-kimi-***/x" (agent id …) is not allowed', () => {
    for (const [kind, run] of [
      ["session", () => assertSessionId(`${KEY}/x`)],
      ["session", () => sessionPath(tempDir(), "main", `${KEY}/x`)],
      ["agent", () => sessionPath(tempDir(), `sk-abcdefgh12345678/x`, "s1")],
    ] as const) {
      const error = thrownBy(run) as OpenClawError;
      expect(error).toBeInstanceOf(OpenClawError);
      expect(error.code).toBe("invalid_session_id");
      expect(error.message).toMatch(
        new RegExp(`^${kind} id "(sk-kimi-\\*\\*\\*|sk-\\*\\*\\*)/x" is not allowed$`),
      );
      expect(JSON.stringify(error) + String(error.stack)).not.toContain("abcdefgh12345678");
    }
  });
});
