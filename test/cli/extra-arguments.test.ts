/**
 * Words past what a command takes are most often a name or a message left unquoted: the error
 * names those words and the hint gives the command back with them in quotes.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

function stateWithConfig(): { env: Record<string, string>; configPath: string } {
  const dir = tempDir();
  const configPath = path.join(dir, "openclaw.json");
  writeFileSync(
    configPath,
    JSON.stringify({ agents: { defaults: { model: "moonshot/kimi-k2.5" } } }, null, 2),
  );
  return { env: { OPENCLAW_STATE_DIR: dir }, configPath };
}

describe("an argument too many", () => {
  it("agent -m with an unquoted message: names the word and quotes the message", async () => {
    const { env } = stateWithConfig();
    const result = await runCli(["agent", "-m", "hello", "world"], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error: unexpected argument "world": openclaw agent takes no arguments\n' +
        'hint: a message of several words goes in quotes: openclaw agent -m "hello world" (openclaw agent --help shows how to use it)\n',
    );
  });

  it("models set with an unquoted alias: names the word, quotes the alias, changes nothing", async () => {
    const { env, configPath } = stateWithConfig();
    const before = readFileSync(configPath, "utf8");
    const result = await runCli(["models", "set", "Kimi", "K2.5"], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'error: unexpected argument "K2.5": openclaw models set takes <model>\n',
    );
    expect(result.stderr).toContain(
      'hint: a value with spaces goes in quotes, as one argument: openclaw models set "Kimi K2.5"',
    );
    expect(readFileSync(configPath, "utf8")).toBe(before);
  });

  it("a command of two arguments names the extra ones without guessing which had spaces", async () => {
    const { env } = stateWithConfig();
    const result = await runCli(
      ["models", "aliases", "add", "My", "Kimi", "moonshot/kimi-k2.5", "--json"],
      { env },
    );
    expect(result.code).toBe(2);
    const out = JSON.parse(result.stdout) as { error: { message: string; hint: string } };
    expect(out.error.message).toBe(
      'unexpected argument "moonshot/kimi-k2.5": openclaw models aliases add takes <alias> <model>',
    );
    expect(out.error.hint).toBe(
      "a value with spaces goes in quotes, as one argument; openclaw models aliases add --help shows how to use it",
    );
  });
});
