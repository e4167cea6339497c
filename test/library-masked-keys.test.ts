import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkKey,
  createKeyResolver,
  type KeyCheckEndpoint,
  OpenClawError,
  openRuntime,
  ProviderError,
  resolveModel,
} from "../src/index.js";
import { customProvider } from "./helpers/custom-provider-entry.js";
import { thrownBy } from "./helpers/thrown.js";
import { tempDir } from "./helpers/tmp.js";
import { startSimulator } from "./simulator/index.js";
import type { Simulator } from "./simulator/types.js";

// A key pasted where a name goes: a provider's name, a profile's id, a label, a header's name.
const KEY = "sk-kimi-abcdefgh12345678XYZsecret";
const SECRET = "abcdefgh12345678";

/** Every way a program would print or log `shown`: none holds the key's secret part. */
function expectNoKey(...shown: string[]): void {
  for (const text of shown) expect(text.toLowerCase()).not.toContain(SECRET.toLowerCase());
}

/** The error's message, hint, where, String(), stack (first line and all), JSON and inspect. */
function expectMasked(error: unknown): OpenClawError {
  expect(error).toBeInstanceOf(OpenClawError);
  const failure = error as OpenClawError;
  expectNoKey(
    failure.message,
    failure.hint ?? "",
    failure.where ?? "",
    String(failure),
    failure.stack?.split("\n")[0] ?? "",
    failure.stack ?? "",
    JSON.stringify(failure),
    inspect(failure, { depth: 6 }),
  );
  return failure;
}

describe("checkKey masks a key pasted as a label, a provider's or a header's name", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  it("a rejected key's message names the endpoint labelled with a key sk-kimi-***", async () => {
    const result = await checkKey({
      target: { label: KEY, baseUrl: sim.moonshotBaseUrl },
      key: "sk-notthekey0000000000001",
    });
    expect(result.status).toBe("invalid");
    expect(result.message).toMatch(/^sk-kimi-\*\*\* rejected the key \(401/);
    expectNoKey(result.message, result.hint ?? "", JSON.stringify({ ...result, acceptedBy: null }));
  });

  it("a header that cannot be sent names its provider and its name sk-kimi-***", async () => {
    const targets: KeyCheckEndpoint[] = [
      { label: "L", baseUrl: sim.moonshotBaseUrl, provider: KEY, headers: { "x-a": "a\nb" } },
      { label: "L", baseUrl: sim.moonshotBaseUrl, provider: "p", headers: { [KEY]: "a\nb" } },
    ];
    for (const target of targets) {
      const result = await checkKey({ target, key: sim.keys.moonshot });
      expect(result.status).toBe("header_invalid");
      expect(result.message).toContain("sk-kimi-***");
      expect(result.hint).toContain("sk-kimi-***");
      expectNoKey(result.message, result.hint ?? "");
    }
  });

  it("an option named with a key is named sk-kimi-*** in the rejection; an abort's own reason comes back as it is", async () => {
    const target = { label: "L", baseUrl: sim.moonshotBaseUrl };
    const rejected = await checkKey({
      target,
      key: sim.keys.moonshot,
      [KEY]: true,
    } as Parameters<typeof checkKey>[0]).catch((error: unknown) => error);
    expect(expectMasked(rejected).message).toBe('checkKey has no option "sk-kimi-***"');
    const stop = new AbortController();
    const reason = new Error(`stopped at ${KEY}`);
    stop.abort(reason);
    const aborted = await checkKey({ target, key: sim.keys.moonshot, signal: stop.signal }).catch(
      (error: unknown) => error,
    );
    expect(aborted).toBe(reason);
  });
});

describe("an opened runtime's resolveKey and missingKey mask a key-shaped provider or profile", () => {
  const config = {
    models: {
      providers: {
        [KEY]: customProvider([{ id: "m", name: "M" }], {
          baseUrl: "https://provider.example.test/v1",
        }),
      },
    },
  };

  it("missingKey's error names provider sk-kimi-*** and its profile sk-kimi-***:default", () => {
    const opened = openRuntime({ config, env: { OPENCLAW_STATE_DIR: tempDir() } });
    const model = resolveModel(opened.catalog, `${KEY.toLowerCase()}/m`);
    expect(opened.resolveKey(model)).toBeUndefined();
    const missing = expectMasked(opened.missingKey(model));
    expect(missing).toBeInstanceOf(ProviderError);
    expect(missing.message).toBe('no API key found for provider "sk-kimi-***"');
    expect(missing.hint).toContain('auth profile "sk-kimi-***:default"');
    expect(missing.where).toBe("models.providers.sk-kimi-***.apiKey");
  });

  it("resolveKey, missingKey and createKeyResolver's lookups throw an invalid store's profile sk-kimi-***:default masked", () => {
    const state = tempDir();
    const agent = join(state, "agents", "main", "agent");
    mkdirSync(agent, { recursive: true });
    writeFileSync(
      join(agent, "auth-profiles.json"),
      JSON.stringify({ version: 1, profiles: { [`${KEY}:default`]: { type: "api_key" } } }),
    );
    const opened = openRuntime({ config, env: { OPENCLAW_STATE_DIR: state } });
    const model = resolveModel(opened.catalog, `${KEY.toLowerCase()}/m`);
    const resolveKey = createKeyResolver({ agentDir: agent, env: {} });
    for (const run of [
      () => opened.resolveKey(model),
      () => opened.missingKey(model),
      () => resolveKey(model),
    ]) {
      const error = expectMasked(thrownBy(run));
      expect(error.code).toBe("auth.store_invalid");
      expect(error.message).toContain('profiles["sk-kimi-***:default"].provider must be a string');
    }
  });

  it("a resolved key, logged, names its profile sk-kimi-***:default or its config path sk-kimi-***", () => {
    const state = tempDir();
    const agent = join(state, "agents", "main", "agent");
    mkdirSync(agent, { recursive: true });
    const provider = KEY.toLowerCase();
    writeFileSync(
      join(agent, "auth-profiles.json"),
      JSON.stringify({
        version: 1,
        profiles: {
          [`${provider}:default`]: { type: "api_key", provider, key: "sk-storedkey0000000001" },
        },
      }),
    );
    const stored = openRuntime({ config, env: { OPENCLAW_STATE_DIR: state } });
    const fromStore = stored.resolveKey(resolveModel(stored.catalog, `${provider}/m`));
    expect(JSON.parse(JSON.stringify(fromStore))).toEqual({
      value: "[hidden]",
      source: { kind: "profile", profileId: "sk-kimi-***:default" },
      masked: "sk-…0001",
      fingerprint: fromStore?.fingerprint,
    });
    // The program itself still reads where the key came from, as it reads the key's value.
    expect(fromStore?.source).toEqual({ kind: "profile", profileId: `${provider}:default` });
    const written = {
      models: {
        providers: {
          [KEY]: { ...config.models.providers[KEY], apiKey: "${H1_PROVIDER_KEY}" },
        },
      },
    };
    const inConfig = openRuntime({
      config: written,
      env: { OPENCLAW_STATE_DIR: tempDir(), H1_PROVIDER_KEY: "sk-configkey0000000002" },
    });
    const fromConfig = inConfig.resolveKey(resolveModel(inConfig.catalog, `${provider}/m`));
    expect(JSON.stringify(fromConfig)).toContain('"path":"models.providers.sk-kimi-***.apiKey"');
    expectNoKey(
      JSON.stringify(fromStore),
      inspect(fromStore),
      JSON.stringify(fromConfig),
      inspect(fromConfig),
    );
  });
});
