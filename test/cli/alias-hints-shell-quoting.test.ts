/**
 * The commands two alias hints print, for a name a shell would change inside double quotes (`$`,
 * a backtick): alias.taken's "remove it first" and the "to give it one" after a removal. Run by
 * a plain shell, each must do what it says to the name as saved, not to an expanded one.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { aliasesListed, type KimiHome, kimiK25Home } from "../helpers/kimi-home.js";
import { runInPlainShell } from "../helpers/plain-shell.js";

/** A home whose config gives kimi-k2.5 the alias `alias`, and the env to run the CLI there. */
function homeWithAlias(alias: string, name = "Kimi K2.5"): KimiHome {
  return kimiK25Home(name, {
    model: { primary: "moonshot/kimi-k2-turbo-preview" },
    models: { "moonshot/kimi-k2.5": { alias } },
  });
}

describe("alias hints a shell can run as printed", () => {
  for (const alias of ["K2 $HOME", "K2 `x`"]) {
    it(`alias.taken's "remove it first" for ${JSON.stringify(alias)} removes that alias`, async () => {
      const { home, env } = homeWithAlias(alias);
      const taken = await runCli(
        ["models", "aliases", "add", alias, "moonshot/kimi-k2-turbo-preview"],
        { env },
      );
      expect(taken.code).toBe(2);
      const command = /remove it first: (openclaw .*)$/m.exec(taken.stderr)?.[1];
      expect(command, taken.stderr).toBeDefined();
      await runInPlainShell(command ?? "", home);
      expect(await aliasesListed(env)).not.toContainEqual({ alias, ref: "moonshot/kimi-k2.5" });
    });
  }

  it('the "to give it one" command after a removal gives the model its name with a $ as alias', async () => {
    const name = "Kimi $K2";
    const { home, env } = homeWithAlias("K25", name);
    const removed = await runCli(["models", "aliases", "remove", "K25"], { env });
    expect(removed.code).toBe(0);
    const command = /to give it one: (openclaw .*)$/m.exec(removed.stdout + removed.stderr)?.[1];
    expect(command, removed.stdout + removed.stderr).toBeDefined();
    expect(command).toContain("'Kimi $K2'");
    await runInPlainShell(command ?? "", home);
    expect(await aliasesListed(env)).toContainEqual({ alias: name, ref: "moonshot/kimi-k2.5" });
  });
});
