/**
 * An alias spelled like another model's id (`kimi-k2-turbo-preview` given to kimi-k2.5) takes
 * that id from it: config validate warns, and `models aliases add` refuses it, each with a
 * command that gives the alias the model's own name instead. That name was put in double quotes,
 * so a model named with a `$`, a backtick, a `"` or a `!` got a command a shell changes (`$HOME`
 * expanded, `` `id` `` run) or refuses. And config set reads its value as JSON5, so a name such
 * as `123`, `true`, `null` or `[1]` was saved as a number, a boolean, null or a list. Each printed
 * command is run by /bin/sh as a person pastes it, and must give the model exactly its name as
 * alias.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { aliasesListed, type KimiHome, kimiK25Home } from "../helpers/kimi-home.js";
import { runInPlainShell } from "../helpers/plain-shell.js";

/** A home whose config names kimi-k2.5 `name`, with `aliases` (ref → alias) written. */
function homeWith(name: string, aliases: Record<string, { alias: string }>): KimiHome {
  return kimiK25Home(name, { model: { primary: "moonshot/kimi-k2.5" }, models: aliases });
}

/** The command of the hint `give it a name that is no model's id, e.g. <command>; to reach …`. */
const renameCommand = (output: string) =>
  /no model's id, e\.g\. (openclaw .*?); to reach/.exec(output)?.[1];

describe("the shadowed-model hint's command, for a model name a shell would change", () => {
  for (const name of ["Kimi $HOME", 'Kimi `id` "K2"!']) {
    it(`config validate's renames the alias to ${JSON.stringify(name)} as written`, async () => {
      const { home, env } = homeWith(name, {
        "moonshot/kimi-k2.5": { alias: "kimi-k2-turbo-preview" },
      });
      const validate = await runCli(["config", "validate"], { env });
      // The problem sentence stays as it reads.
      expect(validate.stdout).toContain(
        'alias "kimi-k2-turbo-preview" is also the id of moonshot/kimi-k2-turbo-preview',
      );
      const command = renameCommand(validate.stdout);
      expect(command, validate.stdout).toBeDefined();
      await runInPlainShell(command ?? "", home);
      expect(await aliasesListed(env)).toEqual([{ alias: name, ref: "moonshot/kimi-k2.5" }]);
    });
  }

  // config set reads its value as JSON5: these, given as they are, would be saved as a number, a
  // boolean, null or a list (or refused), not as the name.
  for (const name of ["123", "true", "null", "[1]", "1e3", "[Kimi's K2]"]) {
    it(`config validate's saves the alias ${JSON.stringify(name)} as text`, async () => {
      const { home, env } = homeWith(name, {
        "moonshot/kimi-k2.5": { alias: "kimi-k2-turbo-preview" },
      });
      const validate = await runCli(["config", "validate"], { env });
      const command = renameCommand(validate.stdout);
      expect(command, validate.stdout).toBeDefined();
      await runInPlainShell(command ?? "", home);
      const written = await runCli(
        ["config", "get", 'agents.defaults.models["moonshot/kimi-k2.5"].alias', "--json"],
        { env },
      );
      expect(JSON.parse(written.stdout)).toBe(name);
      expect(await aliasesListed(env)).toEqual([{ alias: name, ref: "moonshot/kimi-k2.5" }]);
    });
  }

  it("models aliases add's refusal gives the model its name as written", async () => {
    const name = 'Kimi $HOME `id` "K2"!';
    const { home, env } = homeWith(name, {});
    const add = await runCli(
      ["models", "aliases", "add", "kimi-k2-turbo-preview", "moonshot/kimi-k2.5"],
      { env },
    );
    expect(add.code).toBe(2);
    const command = renameCommand(add.stderr);
    expect(command, add.stderr).toBeDefined();
    await runInPlainShell(command ?? "", home);
    expect(await aliasesListed(env)).toEqual([{ alias: name, ref: "moonshot/kimi-k2.5" }]);
  });
});
