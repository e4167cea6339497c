/**
 * `models aliases add` with quote marks around an alias whose name inside them is itself no alias
 * to give: the quoted refusal's hint ("write it with the shell's quotes only: openclaw models
 * aliases add "openclaw" …") gave a command that is refused in turn, and quote marks around
 * nothing (`'" "'`) were saved as the alias `" "`. The name inside is refused for what it is, with
 * that refusal's own advice; quotes around nothing are refused; nothing is written.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempFiles } from "../helpers/tmp.js";

const CONFIG = '{agents: {defaults: {model: {primary: "moonshot/kimi-k2.5"}}}}\n';

const CASES = [
  // Reserved: the name of the default chain.
  { quoted: '"openclaw"', code: "alias.invalid", says: 'the name "openclaw"' },
  { quoted: '"moonshot/x"', code: "alias.invalid", says: 'it contains "/"' },
  // The id of another model: a bare name is read as an alias first.
  { quoted: "'kimi-k2.5'", code: "alias.shadows_model", says: "kimi-k2.5" },
  { quoted: '" "', code: "alias.invalid", says: "it is empty" },
  { quoted: '""', code: "alias.invalid", says: "it is empty" },
] as const;

describe("models aliases add with quote marks around a name that is no alias either", () => {
  for (const { quoted, code, says } of CASES) {
    it(`${JSON.stringify(quoted)}: refused for the name inside, nothing written`, async () => {
      const dir = tempFiles({ "openclaw.json": CONFIG });
      const env = { OPENCLAW_STATE_DIR: dir, HOME: dir, COLUMNS: "200" };
      const model =
        code === "alias.shadows_model" ? "moonshot/kimi-k2-turbo-preview" : "moonshot/kimi-k2.5";
      const json = await runCli(["models", "aliases", "add", quoted, model, "--json"], { env });
      expect(json.code).toBe(2);
      const error = JSON.parse(json.stdout).error as {
        code: string;
        message: string;
        hint: string;
      };
      expect(error.code).toBe(code);
      expect(error.message).toContain(says);
      // Never the advice to type the name inside the quotes as it is: it would be refused.
      expect(error.hint).not.toContain("with the shell's quotes only");
      expect(readFileSync(join(dir, "openclaw.json"), "utf8")).toBe(CONFIG);
    });
  }
});
