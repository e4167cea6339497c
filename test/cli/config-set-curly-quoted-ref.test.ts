/**
 * A model ref typed in curly quotes (`“moonshot/kimi-k2.5”`, as a Chinese input method or a web
 * page writes them): the shell and the config take them for letters, so `config set` was refused
 * with only "unknown provider "“moonshot"" and a "did you mean provider "moonshot"?" that does not
 * say what to change. It now says the quotes became part of the name and gives the command that
 * works, as `agent --model` says of the same quotes. The command gives an alias config set would
 * read as another value (`123`) as text (`'"123"'`): given as it is, it was refused as a number.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { kimiK25Home } from "../helpers/kimi-home.js";
import { runInPlainShell } from "../helpers/plain-shell.js";
import { freshState } from "../onboard/harness.js";

const seed = () =>
  readFileSync(join(import.meta.dirname, "../fixtures/seed/moonshot.json5"), "utf8");

const unwrapped = (text: string) => text.replace(/\n\s+/g, " ");

describe("a model ref in curly quotes", () => {
  it("config set says the quotes became part of the name; the command given works", async () => {
    const state = freshState();
    writeFileSync(state.configPath, seed());
    const before = state.snapshot();

    const result = await state.run([
      "config",
      "set",
      "agents.defaults.model.primary",
      "“moonshot/kimi-k2.5”",
    ]);
    const fallback = await state.run([
      "config",
      "set",
      "agents.defaults.model.fallbacks",
      '["‘moonshot/kimi-k2.5’"]',
    ]);

    expect(result.code).toBe(2);
    expect(unwrapped(result.stderr)).toContain(
      'hint: the shell and the config take “ and ” for letters, not quotes (a Chinese input method types them), so they became part of the name: give "moonshot/kimi-k2.5" without them, or in ASCII quotes: openclaw config set agents.defaults.model.primary moonshot/kimi-k2.5; nothing was written',
    );
    expect(fallback.code).toBe(2);
    expect(unwrapped(fallback.stderr)).toContain(
      "take ‘ and ’ for letters, not quotes (a Chinese input method types them), so they became part of the name: give \"moonshot/kimi-k2.5\" without them, or in ASCII quotes: openclaw config set 'agents.defaults.model.fallbacks[0]' moonshot/kimi-k2.5",
    );
    expect(state.snapshot()).toEqual(before);

    const followed = await state.run([
      "config",
      "set",
      "agents.defaults.model.primary",
      "moonshot/kimi-k2.5",
    ]);
    expect(followed.code).toBe(0);
  });

  it("config validate says so of one written in the file", async () => {
    const state = freshState();
    writeFileSync(
      state.configPath,
      seed().replace('primary: "moonshot/kimi-k2.5"', 'primary: "“moonshot/kimi-k2.5”"'),
    );
    const result = await state.run(["config", "validate"]);
    expect(result.code).toBe(1);
    expect(unwrapped(result.stdout + result.stderr)).toContain(
      'hint: the “ and ” around it are curly quotes, so they are part of the name: write "moonshot/kimi-k2.5" without them',
    );
  });

  // An alias config set reads as JSON5 when given as it is: `123` would be the number 123.
  for (const typed of ["“123”", "１２３"]) {
    it(`config set ${typed} for an alias named 123: the command given saves "123" as text`, async () => {
      const { home, env } = kimiK25Home("Kimi K2.5", {
        models: { "moonshot/kimi-k2.5": { alias: "123" } },
      });
      const refused = await runCli(["config", "set", "agents.defaults.model.primary", typed], {
        env,
      });
      expect(refused.code).toBe(2);
      const command = /(openclaw config set .*?); nothing was written/.exec(
        unwrapped(refused.stderr),
      )?.[1];
      expect(command, refused.stderr).toBeDefined();
      await runInPlainShell(command ?? "", home);
      const written = await runCli(["config", "get", "agents.defaults.model.primary", "--json"], {
        env,
      });
      expect(JSON.parse(written.stdout)).toBe("123");
    });
  }
});
