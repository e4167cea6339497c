/**
 * A blank OPENCLAW_CONFIG_PATH with a state dir cut short (`…/gw-state`). The note on the blank
 * variable resolves the state dir, which refuses such a path: that threw before the command ran
 * (first as Node's dump of the error and a stack; then through main's catch). The note now leaves
 * out a path it cannot resolve, so a command that needs the state dir refuses it as its own error
 * (`error:` and `hint:` lines and exit 1, or with `--json` the failure object on stdout and
 * nothing on stderr), and one that does not (`--help`) runs. An error thrown before a command
 * runs still goes through main's catch: a bad `--color` value is one (colour-option.test.ts).
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const MESSAGE =
  "OPENCLAW_STATE_DIR=…/gw-state is a path cut short (a gateway tells a client on the network only its last part), not a path to use";

/** A blank OPENCLAW_CONFIG_PATH (its note resolves the state dir) and a state dir cut short. */
function cutShortEnv(): Record<string, string> {
  const home = tempDir();
  return { HOME: home, OPENCLAW_CONFIG_PATH: "", OPENCLAW_STATE_DIR: "…/gw-state" };
}

describe("a state dir cut short, with a blank OPENCLAW_CONFIG_PATH", () => {
  it("is refused by the command as error: and hint: lines, exit 1, with no stack or field dump", async () => {
    const result = await runCli(["models", "list"], { env: cutShortEnv() });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: ${MESSAGE}\nhint: on the gateway host, give OPENCLAW_STATE_DIR the whole path, the one ending in gw-state (the gateway's start-up lines name its config file and ledger in full); a directory of the working directory really named … is written ./…/gw-state\n`,
    );
    expect(result.stdout).toBe("");
  });

  it("with --json: the failure object on stdout, nothing on stderr, exit 1", async () => {
    const result = await runCli(["models", "list", "--json"], { env: cutShortEnv() });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      ok: false,
      error: {
        code: "config.cut_path",
        message: MESSAGE,
        where: "OPENCLAW_STATE_DIR",
        hint: expect.stringContaining("on the gateway host"),
      },
    });
    expect(result.stderr).toBe("");
  });

  it("does not stop a command that needs no state dir: --help prints the help", async () => {
    const result = await runCli(["models", "list", "--help"], { env: cutShortEnv() });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: openclaw models list");
    expect(result.stderr).toBe("");
  });
});
