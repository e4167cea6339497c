import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type ConfigError,
  expandTemplate,
  loadConfig,
  MissingVariableError,
  resolveConfigPath,
  resolveStateDir,
  tryExpandTemplate,
} from "../../src/config/index.js";
import { tempFiles } from "../helpers/tmp.js";

describe("$include", () => {
  it("merges included files (later wins) under the including file's own keys", () => {
    const dir = tempFiles({
      "openclaw.json": `{ $include: ["./a.json5", "./b.json5"], gateway: { port: 1 } }`,
      "a.json5": `{ gateway: { port: 2, bind: "lan" }, env: { A: "from-a" } }`,
      "b.json5": `{ gateway: { bind: "loopback" } }`,
    });
    const loaded = loadConfig({ path: join(dir, "openclaw.json"), env: {} });
    expect(loaded.config.gateway).toEqual({ port: 1, bind: "loopback" });
    expect(loaded.env.A).toBe("from-a");
    expect(loaded.files.map((file) => file.slice(dir.length + 1))).toEqual([
      "openclaw.json",
      "a.json5",
      "b.json5",
    ]);
  });

  it("detects a cycle and names the files in it", () => {
    const dir = tempFiles({
      "openclaw.json": `{ $include: "./a.json5" }`,
      "a.json5": `{ $include: "./b.json5" }`,
      "b.json5": `{ $include: "./a.json5" }`,
    });
    expect(() => loadConfig({ path: join(dir, "openclaw.json"), env: {} })).toThrow(
      /\$include cycle: a\.json5 → b\.json5 → a\.json5/,
    );
  });

  it("refuses to include a file outside the config directory", () => {
    const dir = tempFiles({ "openclaw.json": `{ $include: "../../etc/passwd" }` });
    try {
      loadConfig({ path: join(dir, "openclaw.json"), env: {} });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).code).toBe("config.include_outside");
    }
  });
});

describe("${VAR} templates", () => {
  it("expands inline references and keeps $${VAR} literal", () => {
    expect(expandTemplate("${BASE}/v1", { BASE: "https://proxy.test" }, "x")).toBe(
      "https://proxy.test/v1",
    );
    expect(expandTemplate("$${NOT_EXPANDED}", {}, "x")).toBe("${NOT_EXPANDED}");
  });

  it("lists missing variables instead of throwing when asked to", () => {
    expect(tryExpandTemplate("${A}-${B}-$${C}", { A: "a", B: "" })).toEqual({
      value: "a--${C}",
      missing: ["B"],
    });
  });

  it("names the variable and the config path when a needed variable is missing", () => {
    try {
      expandTemplate(
        "${MOONSHOT_API_KEY}",
        {},
        "models.providers.moonshot.apiKey",
        "/home/u/.openclaw/openclaw.json",
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MissingVariableError);
      expect((error as MissingVariableError).message).toBe(
        "environment variable MOONSHOT_API_KEY is not set (used at models.providers.moonshot.apiKey)",
      );
      expect((error as MissingVariableError).hint).toContain("/home/u/.openclaw/openclaw.json");
    }
  });

  it("does not fail loading when a referenced variable is missing", () => {
    const dir = tempFiles({
      "openclaw.json": `{ models: { providers: { moonshot: { baseUrl: "https://api.moonshot.ai/v1", apiKey: "\${NOPE}" } } } }`,
    });
    const loaded = loadConfig({ path: join(dir, "openclaw.json"), env: {} });
    expect(loaded.config.models?.providers?.moonshot?.apiKey).toBe("${NOPE}");
  });
});

describe("config location", () => {
  it("prefers OPENCLAW_CONFIG_PATH, then OPENCLAW_STATE_DIR, then OPENCLAW_HOME/~", () => {
    expect(resolveConfigPath({ OPENCLAW_CONFIG_PATH: "/a/b.json", OPENCLAW_STATE_DIR: "/s" })).toBe(
      "/a/b.json",
    );
    expect(resolveConfigPath({ OPENCLAW_STATE_DIR: "/s" })).toBe("/s/openclaw.json");
    expect(resolveConfigPath({ OPENCLAW_HOME: "/h" })).toBe("/h/.openclaw/openclaw.json");
    expect(resolveStateDir({ OPENCLAW_HOME: "/h" })).toBe("/h/.openclaw");
  });
});

describe("hostile files", () => {
  it("refuses a 50 MB file with a clear size error", () => {
    const dir = tempFiles({});
    const path = join(dir, "openclaw.json");
    writeFileSync(path, `{ meta: "${"x".repeat(50 * 1024 * 1024)}" }`);
    try {
      loadConfig({ path, env: {} });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).code).toBe("config.too_large");
      expect((error as ConfigError).message).toContain("50.0 MB");
    }
  });

  it("refuses deep nesting without overflowing the stack", () => {
    const depth = 100_000;
    const dir = tempFiles({
      "openclaw.json": `{ meta: ${"[".repeat(depth)}${"]".repeat(depth)} }`,
    });
    try {
      loadConfig({ path: join(dir, "openclaw.json"), env: {} });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).code).toBe("config.too_deep");
    }
  });
});
