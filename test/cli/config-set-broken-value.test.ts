/**
 * `config set <path> <value>` with a value that opens a JSON5 object or array but does not parse
 * (the closing brace left out, a comma too many): refused as a usage mistake that says the value
 * is not valid JSON5, rather than set as a string or refused for what that string is not
 * (`unknown provider "{primary: "moonshot"`). Nothing is written; text and --json alike.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempFiles } from "../helpers/tmp.js";

const CONFIG = '{agents: {defaults: {model: {primary: "moonshot/kimi-k2.5"}}}}\n';

function stateDir() {
  const dir = tempFiles({ "openclaw.json": CONFIG });
  return { dir, env: { OPENCLAW_STATE_DIR: dir, HOME: dir, NO_COLOR: "1" } };
}

describe("config set with a broken JSON5 value", () => {
  it("an object without its closing brace: exit 2, says so, writes nothing", async () => {
    const { dir, env } = stateDir();
    const run = await runCli(
      ["config", "set", "agents.defaults.model", '{primary: "moonshot/kimi-k2.5"'],
      { env },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: the value starts an object but is not valid JSON5");
    expect(run.stderr).toContain("hint: check its closing }");
    expect(run.stderr).not.toContain("unknown provider");
    expect(readFileSync(join(dir, "openclaw.json"), "utf8")).toBe(CONFIG);
  });

  it("an array with a comma too many, under --json: the error object, nothing written", async () => {
    const { dir, env } = stateDir();
    const run = await runCli(
      [
        "config",
        "set",
        "agents.defaults.model.fallbacks",
        '["kimi-code/kimi-for-coding",,]',
        "--json",
      ],
      { env },
    );
    expect(run.code).toBe(2);
    const { error } = JSON.parse(run.stdout);
    expect(error.code).toBe("config.syntax");
    expect(error.message).toContain("the value starts an array but is not valid JSON5");
    expect(readFileSync(join(dir, "openclaw.json"), "utf8")).toBe(CONFIG);
  });

  it("text that is not JSON5 is still set as a string", async () => {
    const { dir, env } = stateDir();
    const plain = await runCli(
      ["config", "set", "agents.defaults.model.primary", "kimi-code/kimi-for-coding"],
      { env },
    );
    expect(plain.code).toBe(0);
    expect(readFileSync(join(dir, "openclaw.json"), "utf8")).toContain(
      'primary: "kimi-code/kimi-for-coding"',
    );
  });
});
