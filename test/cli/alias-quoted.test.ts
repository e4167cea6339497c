/**
 * `models aliases add '"Kimi K2"' <model>`: quote marks around the whole alias (the shell's
 * quotes doubled, or a name copied with its quotes from a doc) would be saved as part of the
 * name, which `--model "Kimi K2"` then never finds. Refused as a usage mistake (exit 2) with the
 * command to type, the config left as it was; quote marks inside a name are still taken.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { runInPlainShell } from "../helpers/plain-shell.js";
import { tempDir, tempFiles } from "../helpers/tmp.js";

const CONFIG = '{agents: {defaults: {model: {primary: "moonshot/kimi-k2.5"}}}}\n';

describe("models aliases add with quote marks around the alias", () => {
  for (const quoted of ['"Kimi K2"', "'Kimi K2'", "\u201cKimi K2\u201d", ' "Kimi K2" ']) {
    it(`refuses ${JSON.stringify(quoted)}: exit 2, the command to type, the config unchanged`, async () => {
      const dir = tempFiles({ "openclaw.json": CONFIG });
      const env = { OPENCLAW_STATE_DIR: dir, HOME: dir, COLUMNS: "200" };
      const text = await runCli(["models", "aliases", "add", quoted, "moonshot/kimi-k2.5"], {
        env,
      });
      expect(text.code).toBe(2);
      expect(text.stdout).toBe("");
      expect(text.stderr).toContain("has quote marks around it");
      expect(text.stderr).toContain('--model "Kimi K2" would not find it; nothing was written');
      expect(text.stderr).toContain(
        'hint: write it with the shell\'s quotes only: openclaw models aliases add "Kimi K2" moonshot/kimi-k2.5',
      );
      const json = await runCli(
        ["models", "aliases", "add", quoted, "moonshot/kimi-k2.5", "--json"],
        { env },
      );
      expect(json.code).toBe(2);
      expect(JSON.parse(json.stdout).error.code).toBe("alias.quoted");
      expect(readFileSync(join(dir, "openclaw.json"), "utf8")).toBe(CONFIG);
    });
  }

  it("the hint's command gives the alias without quote marks", async () => {
    const dir = tempFiles({ "openclaw.json": CONFIG });
    const env = { OPENCLAW_STATE_DIR: dir, HOME: dir };
    const added = await runCli(["models", "aliases", "add", "Kimi K2", "moonshot/kimi-k2.5"], {
      env,
    });
    expect(added.code).toBe(0);
    const listed = await runCli(["models", "aliases", "list", "--json"], { env });
    expect(listed.stdout).toContain('"Kimi K2"');
    expect(listed.stdout).not.toContain('\\"Kimi K2\\"');
  });

  it("still takes quote marks inside a name", async () => {
    const dir = tempFiles({ "openclaw.json": CONFIG });
    const env = { OPENCLAW_STATE_DIR: dir, HOME: dir };
    const added = await runCli(["models", "aliases", "add", 'K2 "fast"', "moonshot/kimi-k2.5"], {
      env,
    });
    expect(added.code).toBe(0);
    expect(readFileSync(join(dir, "openclaw.json"), "utf8")).toContain('K2 \\"fast\\"');
  });

  // A name a shell would change inside double quotes: "Kimi $HOME" expanded the variable,
  // "K2 `x`" ran a command, "K2 "fast"" ended the word and "C:\k2\\" lost a backslash.
  for (const name of ["Kimi $HOME", "K2 `x`", 'K2 "fast"', "C:\\k2\\", "it's $x"]) {
    it(`the hint's command for ${JSON.stringify(name)}, run by a shell, saves that name`, async () => {
      const home = tempDir();
      mkdirSync(join(home, ".openclaw"));
      writeFileSync(join(home, ".openclaw", "openclaw.json"), CONFIG);
      const env = { HOME: home, COLUMNS: "400" };
      const refused = await runCli(
        ["models", "aliases", "add", `"${name}"`, "moonshot/kimi-k2.5"],
        { env },
      );
      expect(refused.code).toBe(2);
      const command = /^hint: write it with the shell's quotes only: (openclaw .*)$/m.exec(
        refused.stderr,
      )?.[1];
      expect(command, refused.stderr).toBeDefined();
      await runInPlainShell(command ?? "", home);
      const listed = await runCli(["models", "aliases", "list", "--json"], { env });
      const { aliases } = JSON.parse(listed.stdout) as {
        aliases: Array<{ alias: string; ref: string }>;
      };
      expect(aliases).toContainEqual({ alias: name, ref: "moonshot/kimi-k2.5" });
    });
  }
});
