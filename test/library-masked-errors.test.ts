import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  ConfigError,
  createRuntime,
  loadConfig,
  loadConfigObject,
  ModelRefError,
  OpenClawError,
  openRuntime,
  ProviderError,
  resolveDefaultChain,
  resolveModel,
  resolveModelChain,
  resolveRef,
  runAgentToEnd,
  startGateway,
  validateConfig,
} from "../src/index.js";
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

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
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

  /** Every way a program would print or log the error, `console.error`'s included. */
  function expectMasked(error: unknown): OpenClawError {
    expect(error).toBeInstanceOf(OpenClawError);
    const failure = error as OpenClawError;
    for (const shown of [
      failure.message,
      String(failure),
      JSON.stringify(failure),
      failure.hint ?? "",
      failure.where ?? "",
      failure.stack ?? "",
      inspect(failure, { depth: 6 }),
    ]) {
      expect(shown.toLowerCase()).not.toContain("abcdefgh12345678");
    }
    return failure;
  }

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
      expect(error.message).toContain('provider "sk-kimi-***" is not usable');
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
    expect(error.message).toContain('provider "sk-kimi-***" is not usable');
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
