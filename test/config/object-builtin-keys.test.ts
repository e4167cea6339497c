import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/index.js";
import { runCli } from "../helpers/cli.js";
import { tempFiles } from "../helpers/tmp.js";

/**
 * Keys that name what every JavaScript object inherits (`constructor`, `toString`, `__proto__`)
 * are keys like any other in a config file: a mistake to report, never a crash, never dropped.
 */
function loadError(files: Record<string, string>): ConfigError & { dir: string } {
  const dir = tempFiles(files);
  try {
    loadConfig({ path: join(dir, "openclaw.json"), env: {} });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return Object.assign(error as ConfigError, { dir });
  }
  throw new Error("expected the config to be rejected");
}

describe("config keys named like an object's built-in properties", () => {
  it.each(["constructor", "toString", "hasOwnProperty"])(
    "reports models.%s as an unknown key instead of crashing",
    (key) => {
      const error = loadError({ "openclaw.json": `{\n  models: { ${key}: { a: 1 } },\n}\n` });
      expect(error.message).toBe(
        `invalid config: models.${key}: is not a known key (${join(error.dir, "openclaw.json")}:2)`,
      );
    },
  );

  it("reports a top-level __proto__ key instead of dropping it (plain JSON and JSON5)", () => {
    for (const text of [
      '{"__proto__": {"models": {"mode": "replace"}}}',
      '{\n  "__proto__": { models: { mode: "replace" } },\n}\n',
    ]) {
      const error = loadError({ "openclaw.json": text });
      expect(error.message).toBe(
        `invalid config: __proto__: is not a known key (${join(error.dir, "openclaw.json")}:${text.startsWith('{"') ? 1 : 2})`,
      );
    }
  });

  it("refuses a provider named __proto__ instead of saying no provider is configured", () => {
    const error = loadError({
      "openclaw.json": `{\n  models: { providers: { "__proto__": { baseUrl: "http://127.0.0.1:9/v1", models: [] } } },\n}\n`,
    });
    expect(error.message).toBe(
      `invalid config: models.providers.__proto__: is not a valid key here (${join(error.dir, "openclaw.json")}:2)`,
    );
    expect(error.hint).toBe(
      "__proto__ cannot be used as a name in the config: rename or remove it",
    );
  });

  it("refuses an env variable named __proto__ instead of ignoring it", () => {
    const error = loadError({ "openclaw.json": '{\n  env: { "__proto__": "x" },\n}\n' });
    expect(error.message).toBe(
      `invalid config: env.__proto__: is not a valid key here (${join(error.dir, "openclaw.json")}:2)`,
    );
  });

  it("keeps a __proto__ key of an $include'd file to be reported", () => {
    const error = loadError({
      "openclaw.json": '{ $include: "./more.json5" }',
      "more.json5": '{ "__proto__": { models: {} } }',
    });
    expect(error.message).toBe(
      `invalid config: __proto__: is not a known key (${join(error.dir, "more.json5")}:1)`,
    );
  });

  it("config set refuses a path through __proto__ instead of saying it wrote what it did not", async () => {
    for (const path of ["__proto__.polluted", 'models.providers["__proto__"].baseUrl']) {
      const dir = tempFiles({ "openclaw.json": "{}\n" });
      const result = await runCli(["config", "set", path, "http://127.0.0.1:9/v1"], {
        env: { OPENCLAW_STATE_DIR: dir },
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        `invalid path "${path}": __proto__ cannot be a key in the config`,
      );
      expect(result.stdout).toBe("");
      expect(readFileSync(join(dir, "openclaw.json"), "utf8")).toBe("{}\n");
    }
  });

  it("config validate exits 1 naming the key, not with 'looks like a bug in openclaw'", async () => {
    const dir = tempFiles({ "openclaw.json": "{\n  models: { constructor: {} },\n}\n" });
    const result = await runCli(["config", "validate"], { env: { OPENCLAW_STATE_DIR: dir } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("models.constructor: is not a known key");
    expect(result.stderr).not.toContain("bug");
  });
});
