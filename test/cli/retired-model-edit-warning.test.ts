/**
 * `openclaw models set "Kimi K2 Thinking"` on the Moonshot page's config named a model id the API
 * has retired, and said nothing: the first request found out, with a 404. An edit that points at
 * a retired built-in id now says so on stderr (`warnings` with --json): what is wrong, the alias
 * it came through (file:line and dotted path) and the id to use instead. The edit is still made
 * (exit 0). The built CLI, on the seed config in a temp state dir.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const SEED = readFileSync(join(import.meta.dirname, "../fixtures/seed/moonshot.json5"), "utf8");
/** The seed's line that gives moonshot/kimi-k2-thinking its alias. */
const ALIAS_LINE =
  SEED.split("\n").findIndex((line) => line.includes('{ alias: "Kimi K2 Thinking" }')) + 1;

function seedState(): { env: Record<string, string>; config: string } {
  const dir = tempDir();
  const config = join(dir, "openclaw.json");
  writeFileSync(config, SEED);
  return { env: { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir, COLUMNS: "1000" }, config };
}

function warningsAbout(stderr: string, id: string): string[] {
  return stderr
    .split("\n")
    .filter((line) => line.startsWith("warning:") && line.includes(id) && line.includes("retired"));
}

describe("an edit that points at a retired built-in model id", () => {
  it("models set through the page's alias warns with the alias's place and the replacement, and sets it", async () => {
    const { env, config } = seedState();
    const result = await runCli(["models", "set", "Kimi K2 Thinking"], { env });
    expect(result.code).toBe(0);
    expect(warningsAbout(result.stderr, "kimi-k2-thinking")).toEqual([
      `warning: moonshot/kimi-k2-thinking (now the default model) is a model id moonshot retired in 2026 per openclaw's list: requests to it fail with 404; "Kimi K2 Thinking" is the alias written at ${config}:${ALIAS_LINE}: agents.defaults.models["moonshot/kimi-k2-thinking"].alias; use moonshot/kimi-k2.5 instead: openclaw models set moonshot/kimi-k2.5`,
    ]);
    // Written all the same: it is a warning.
    const status = await runCli(["config", "get", "agents.defaults.model.primary"], { env });
    expect(status.stdout.trim()).toBe("moonshot/kimi-k2-thinking");
  });

  it("models set --json has it under warnings, not on stderr", async () => {
    const { env } = seedState();
    const result = await runCli(["models", "set", "moonshot/kimi-k2-thinking-turbo", "--json"], {
      env,
    });
    expect(result.code).toBe(0);
    expect(warningsAbout(result.stderr, "kimi-k2")).toEqual([]);
    const out = JSON.parse(result.stdout) as { ok: boolean; warnings: string[] };
    expect(out.ok).toBe(true);
    const retired = out.warnings.filter((warning) =>
      warning.includes("retired in 2026 per openclaw"),
    );
    expect(retired).toEqual([
      "moonshot/kimi-k2-thinking-turbo (now the default model) is a model id moonshot retired in 2026 per openclaw's list: requests to it fail with 404; use moonshot/kimi-k2.5 instead: openclaw models set moonshot/kimi-k2.5",
    ]);
  });

  it("models fallbacks add warns with the commands that swap it for the replacement", async () => {
    const { env, config } = seedState();
    await runCli(["models", "set", "kimi-code/kimi-for-coding"], { env });
    const result = await runCli(["models", "fallbacks", "add", "Kimi K2"], { env });
    expect(result.code).toBe(0);
    const line = SEED.split("\n").findIndex((text) => text.includes('{ alias: "Kimi K2" }')) + 1;
    expect(warningsAbout(result.stderr, "kimi-k2-0905-preview")).toEqual([
      `warning: moonshot/kimi-k2-0905-preview (now fallback #1) is a model id moonshot retired in 2026 per openclaw's list: requests to it fail with 404; "Kimi K2" is the alias written at ${config}:${line}: agents.defaults.models["moonshot/kimi-k2-0905-preview"].alias; use moonshot/kimi-k2.5 instead: openclaw models fallbacks remove moonshot/kimi-k2-0905-preview, then: openclaw models fallbacks add moonshot/kimi-k2.5`,
    ]);
    const list = await runCli(["models", "fallbacks", "list", "--json"], { env });
    expect(JSON.parse(list.stdout).fallbacks).toEqual(["moonshot/kimi-k2-0905-preview"]);
  });

  it("models aliases add of a retired id warns, with the alias given to the replacement", async () => {
    const { env } = seedState();
    const result = await runCli(["models", "aliases", "add", "Deep", "moonshot/kimi-k2-thinking"], {
      env,
    });
    expect(result.code).toBe(0);
    expect(warningsAbout(result.stderr, "kimi-k2-thinking")).toEqual([
      'warning: moonshot/kimi-k2-thinking, which the alias "Deep" now names, is a model id moonshot retired in 2026 per openclaw\'s list: requests to it fail with 404; give the alias to moonshot/kimi-k2.5 instead: openclaw models aliases remove "Deep", then: openclaw models aliases add "Deep" moonshot/kimi-k2.5 (in place of its alias "Kimi K2.5": a model has one)',
    ]);
  });

  it("config set of the default chain warns the same way", async () => {
    const { env } = seedState();
    const result = await runCli(
      ["config", "set", "agents.defaults.model.primary", "moonshot/kimi-k2-turbo-preview"],
      { env },
    );
    expect(result.code).toBe(0);
    expect(warningsAbout(result.stderr, "kimi-k2-turbo-preview")).toEqual([
      "warning: moonshot/kimi-k2-turbo-preview (now the default model) is a model id moonshot retired in 2026 per openclaw's list: requests to it fail with 404; use moonshot/kimi-k2.5 instead: openclaw models set moonshot/kimi-k2.5",
    ]);
  });

  it("a model that is served says nothing of the kind", async () => {
    const { env } = seedState();
    const result = await runCli(["models", "set", "Kimi K2.5"], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain("retired");
  });
});
