/**
 * A typed error thrown before a command runs (here: the notes on a blank location variable
 * resolve the state dir, which a path cut short in OPENCLAW_STATE_DIR makes refuse) is said as a
 * command's own error is: `error:` and `hint:` lines and exit 1, or with `--json` the failure
 * object on stdout and nothing on stderr. Before, it escaped the CLI's catch: Node printed the
 * source line, a stack and every field of the error (`code: 'config.cut_path'`, `exitCode: 1`),
 * and `--json` printed nothing on stdout.
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

describe("an error thrown before the command runs", () => {
  it("is said as error: and hint: lines, exit 1, with no stack or field dump", async () => {
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
});
