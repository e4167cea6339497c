import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/index.js";
import { tempFiles } from "../helpers/tmp.js";

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

  it("treats a missing file as an empty config", () => {
    const loaded = loadConfig({ path: "/nonexistent/dir/openclaw.json", env: {} });
    expect(loaded.exists).toBe(false);
    expect(loaded.config).toEqual({});
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

  it("reports an unclosed brace at the end of input", () => {
    const error = loadError('{ env: { A: "1" }');
    expect(error.code).toBe("config.syntax");
    expect(error.message).toContain("invalid end of input");
  });
});
