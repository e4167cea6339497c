/**
 * `models fallbacks list` of a chain whose fallbacks name nothing (a mistyped id, an alias that
 * does not exist): `config validate` fails on them and no request for the default can be served,
 * yet the list showed `1. moonshot/kimi-k9` and `2. Nope` as if they were fine and said nothing.
 * It now says what `models list` says of them, on stderr (exit 0, as a listing), and `--json`
 * holds them in `problems` with their file and line, as `models aliases list --json` does.
 * The built CLI, no network.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

function stateWithFallbacks(fallbacks: string[]): { env: Record<string, string>; file: string } {
  const dir = tempDir("openclaw-fallbacks-list-");
  const file = join(dir, "openclaw.json");
  writeFileSync(
    file,
    [
      "{",
      '  env: { MOONSHOT_API_KEY: "sk-fake-abc-01" },',
      "  agents: { defaults: { model: {",
      '    primary: "moonshot/kimi-k2.5",',
      `    fallbacks: ${JSON.stringify(fallbacks)},`,
      "  } } },",
      "}",
      "",
    ].join("\n"),
    { mode: 0o600 },
  );
  return { env: { OPENCLAW_STATE_DIR: dir, HOME: dir }, file };
}

describe("models fallbacks list, fallbacks that name no model", () => {
  it("warns about each one on stderr, as models list does, and still lists them", async () => {
    const { env } = stateWithFallbacks(["moonshot/kimi-k9", "Nope"]);
    const result = await runCli(["models", "fallbacks", "list"], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("1. moonshot/kimi-k9\n2. Nope\n");
    expect(result.stderr).toContain(
      'warning: agents.defaults.model.fallbacks[0]: fallback 1 cannot be used: unknown model "kimi-k9" for provider "moonshot"',
    );
    expect(result.stderr).toContain(
      'warning: agents.defaults.model.fallbacks[1]: fallback 2 cannot be used: unknown model or alias "Nope"',
    );
  });

  it("--json holds them in problems, with file and line, and nothing on stderr", async () => {
    const { env, file } = stateWithFallbacks(["moonshot/kimi-k9"]);
    const result = await runCli(["models", "fallbacks", "list", "--json"], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const listed = JSON.parse(result.stdout) as {
      fallbacks: string[];
      problems: { path: string; message: string; file?: string; line?: number }[];
    };
    expect(listed.fallbacks).toEqual(["moonshot/kimi-k9"]);
    expect(listed.problems).toHaveLength(1);
    expect(listed.problems[0]).toMatchObject({
      path: "agents.defaults.model.fallbacks[0]",
      file,
      line: 5,
    });
    expect(listed.problems[0]?.message).toContain('unknown model "kimi-k9"');
  });

  it("says nothing of a fallback that names a model: problems is empty", async () => {
    const { env } = stateWithFallbacks(["kimi-code/kimi-for-coding"]);
    const text = await runCli(["models", "fallbacks", "list"], { env });
    expect(text.stdout).toBe("1. kimi-code/kimi-for-coding\n");
    expect(text.stderr).toBe("");
    const result = await runCli(["models", "fallbacks", "list", "--json"], { env });
    expect(JSON.parse(result.stdout)).toEqual({
      fallbacks: ["kimi-code/kimi-for-coding"],
      written: ["kimi-code/kimi-for-coding"],
      problems: [],
    });
  });
});
