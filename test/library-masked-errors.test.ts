import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  ConfigError,
  loadConfig,
  loadConfigObject,
  openRuntime,
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
