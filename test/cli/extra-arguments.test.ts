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

  // Before, the hint quoted the ref and the word as one: openclaw models set
  // "moonshot/kimi-k2.5 K2.6", a ref that names no model.
  it.each([
    ["set", "moonshot/kimi-k2.5", "K2.6"],
    ["fallbacks add", "moonshot/kimi-k2.5", "kimi-code/kimi-for-coding"],
  ])(
    "models %s with a ref and a word more: the hint gives the ref alone, unquoted",
    async (sub, ref, extra) => {
      const { env, configPath } = stateWithConfig();
      const before = readFileSync(configPath, "utf8");
      const result = await runCli(["models", ...sub.split(" "), ref, extra], { env });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        `hint: openclaw models ${sub} takes one model, and a ref has no spaces: openclaw models ${sub} ${ref} (`,
      );
      expect(result.stderr).not.toContain('"moonshot/');
      expect(readFileSync(configPath, "utf8")).toBe(before);
    },
  );

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

  // The spec page's reader types quotes with a Chinese input method on: “ and ” are letters to
  // the shell, which splits the value at its space and keeps the curly quotes on its ends.
  describe("a value in curly quotes, split by the shell", () => {
    it("agent --model “Kimi Code”: the hint gives --model back in ASCII quotes", async () => {
      const { env } = stateWithConfig();
      const result = await runCli(["agent", "-m", "hi", "--model", "“Kimi", "Code”"], { env });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        'error: unexpected argument "Code”": openclaw agent takes no arguments\n' +
          'hint: the shell takes “ and ” for letters, not quotes (a Chinese input method types them), so "“Kimi" and "Code”" came as separate words: write --model "Kimi Code", with ASCII quotes (openclaw agent --help shows how to use it)\n',
      );
    });

    it("agent -m “你好 世界” before an unquoted word: -m in ASCII quotes, the other word left alone", async () => {
      const { env } = stateWithConfig();
      const result = await runCli(
        ["agent", "--model", "Kimi", "extra", "-m", "“你好", "世界”", "--json"],
        { env },
      );
      expect(result.code).toBe(2);
      const out = JSON.parse(result.stdout) as { error: { message: string; hint: string } };
      expect(out.error.message).toBe(
        'unexpected arguments "extra" and "世界”": openclaw agent takes no arguments',
      );
      expect(out.error.hint).toContain(
        'so "“你好" and "世界”" came as separate words: write -m "你好 世界", with ASCII quotes',
      );
    });

    it("models set “Kimi K2.5”: the command back without the curly quotes, nothing changed", async () => {
      const { env, configPath } = stateWithConfig();
      const before = readFileSync(configPath, "utf8");
      const result = await runCli(["models", "set", "“Kimi", "K2.5”"], { env });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        'hint: the shell takes “ and ” for letters, not quotes (a Chinese input method types them), so "“Kimi" and "K2.5”" came as separate words: write openclaw models set "Kimi K2.5", with ASCII quotes',
      );
      expect(readFileSync(configPath, "utf8")).toBe(before);
    });

    it("one word in curly quotes: --model and models set say the quotes became part of the name", async () => {
      const { env, configPath } = stateWithConfig();
      const before = readFileSync(configPath, "utf8");
      const hint =
        'the shell takes “ and ” for letters, not quotes (a Chinese input method types them), so they became part of the name: give "moonshot/kimi-k2.5" without them, or in ASCII quotes';
      const set = await runCli(["models", "set", "“moonshot/kimi-k2.5”"], { env });
      expect(set.code).toBe(2);
      expect(set.stderr).toContain(`hint: ${hint}\n`);
      expect(readFileSync(configPath, "utf8")).toBe(before);
      const agent = await runCli(
        ["agent", "-m", "hi", "--model", "“moonshot/kimi-k2.5”", "--json"],
        { env },
      );
      expect(agent.code).toBe(2);
      const out = JSON.parse(agent.stdout) as { error: { hint: string } };
      expect(out.error.hint).toBe(hint);
    });

    it("models aliases add “My Kimi” “moonshot/kimi-k2.5”: both arguments given back", async () => {
      const { env } = stateWithConfig();
      const result = await runCli(
        ["models", "aliases", "add", "“My", "Kimi”", "“moonshot/kimi-k2.5”"],
        { env },
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        'write openclaw models aliases add "My Kimi" "moonshot/kimi-k2.5", with ASCII quotes',
      );
    });
  });
});
