/**
 * `config set <path> 2.5` where the key takes text: JSON5 reads the word as a number, and the
 * refusal says how to give it as text, with the command to type. That command is run by /bin/sh
 * as a person pastes it, and must store exactly the text typed. A word with spaces around it
 * (` 2.5`, `true `) got no command at all: the hint was left out rather than quoted.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { runInPlainShell } from "../helpers/plain-shell.js";
import { tempDir } from "../helpers/tmp.js";

const ALIAS = 'agents.defaults.models["moonshot/kimi-k2.5"].alias';

/** A home whose config sets only the gateway's port, and the env that reads it. */
function home(): { home: string; env: Record<string, string> } {
  const dir = tempDir();
  mkdirSync(join(dir, ".openclaw"));
  writeFileSync(join(dir, ".openclaw", "openclaw.json"), "{ gateway: { port: 18789 } }\n");
  return { home: dir, env: { HOME: dir } };
}

/** The command of the hint `… quote it: <command>; nothing was written`. */
const quotedCommand = (output: string) =>
  /quote it: (openclaw config set .*?); nothing was written/.exec(output)?.[1];

describe("config set's quote-it hint, run in a shell", () => {
  for (const text of ["2.5", " 2.5", "true "]) {
    it(`stores ${JSON.stringify(text)} as that text`, async () => {
      const { home: dir, env } = home();
      const refused = await runCli(["config", "set", ALIAS, text], { env });
      expect(refused.code).toBe(2);
      const command = quotedCommand(refused.stderr);
      expect(command, refused.stderr).toBeDefined();
      await runInPlainShell(command ?? "", dir);
      const written = await runCli(["config", "get", ALIAS, "--json"], { env });
      expect(JSON.parse(written.stdout)).toBe(text);
    });
  }
});
