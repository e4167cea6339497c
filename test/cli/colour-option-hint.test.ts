/**
 * `--no-color` and `--color`, which many tools take: openclaw has neither (colour goes by the
 * terminal, NO_COLOR and FORCE_COLOR), and the hint said only that `--help` lists the options,
 * where nothing about colour is. It now gives the same command line with the variable in front.
 * Exit 2, as for any unknown option. Runs the built CLI.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

function run(args: string[]) {
  const dir = tempDir();
  return runCli(args, { env: { OPENCLAW_STATE_DIR: dir, HOME: dir } });
}

describe("a colour option", () => {
  it.each([
    [["models", "list", "--all", "--no-color"], "--no-color"],
    [["--no-color", "models", "list", "--all"], "--no-color"],
    [["models", "list", "--all", "--color=never"], "--color=never"],
  ])("%j: says NO_COLOR=1 in front of the same command", async (args, flag) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `error: unknown option '${flag}'\n` +
        "hint: colour is turned off by the environment, not an option: NO_COLOR=1 openclaw models list --all (colour is only used on a terminal)\n",
    );
  });

  it("--color: says colour is used on a terminal and FORCE_COLOR=1 keeps it in a pipe", async () => {
    const result = await run(["agent", "-m", "it's me", "--color"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "error: unknown option '--color'\n" +
        "hint: colour is set by the environment, not an option: it is used on a terminal, and FORCE_COLOR=1 openclaw agent -m 'it'\\''s me' keeps it in a pipe\n",
    );
  });

  it("with --json: the same hint in the JSON error, nothing on stderr", async () => {
    const result = await run(["models", "status", "--json", "--no-colour"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("");
    const failure = JSON.parse(result.stdout) as {
      ok: boolean;
      error: { code: string; hint: string };
    };
    expect(failure.ok).toBe(false);
    expect(failure.error.code).toBe("usage");
    expect(failure.error.hint).toBe(
      "colour is turned off by the environment, not an option: NO_COLOR=1 openclaw models status --json (colour is only used on a terminal)",
    );
  });
});
