/**
 * `openclaw help <unknown> --json`: refused as `openclaw <unknown> --json` is, with the usage
 * error as one JSON object on stdout and nothing on stderr, exit 2. Before, the `--json` after the
 * unknown word was dropped with the help request, so a script got `error:` and `hint:` lines on
 * stderr and an empty stdout to parse; and `help --json <command>` showed the root's help, the
 * flag taken for the end of the command's words.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

describe("help of an unknown command with --json", () => {
  it.each([
    [
      ["help", "modles", "--json"],
      "modles",
      "did you mean models? openclaw --help lists the commands",
    ],
    [
      ["help", "models", "lst", "--json"],
      "lst",
      "did you mean list? openclaw models --help lists the commands",
    ],
    [
      ["models", "help", "lst", "--json"],
      "lst",
      "did you mean list? openclaw models --help lists the commands",
    ],
  ])("%j: the usage error as JSON, exit 2", async (args, unknown, hint) => {
    const dir = tempDir();
    const result = await runCli(args, { env: { OPENCLAW_STATE_DIR: dir, HOME: dir } });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({
      ok: false,
      error: { code: "usage", message: `unknown command '${unknown}'`, where: null, hint },
    });
  });

  it("--json right after help: the words after it still name the command", async () => {
    // Before, the flag ended the command's words: the root's help, exit 0, for both.
    const dir = tempDir();
    const env = { OPENCLAW_STATE_DIR: dir, HOME: dir };
    const known = await runCli(["help", "--json", "models", "list"], { env });
    expect(known.code).toBe(0);
    expect((JSON.parse(known.stdout) as { command: string }).command).toBe("openclaw models list");
    const unknown = await runCli(["help", "--json", "modles"], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe("");
    expect(JSON.parse(unknown.stdout)).toMatchObject({
      ok: false,
      error: { code: "usage", message: "unknown command 'modles'" },
    });
  });

  it("without --json: error and hint lines on stderr, as before", async () => {
    const dir = tempDir();
    const result = await runCli(["help", "modles"], {
      env: { OPENCLAW_STATE_DIR: dir, HOME: dir },
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      "error: unknown command 'modles'\nhint: did you mean models? openclaw --help lists the commands\n",
    );
  });
});
