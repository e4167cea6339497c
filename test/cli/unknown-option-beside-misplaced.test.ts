/**
 * `openclaw --json models list --bogus`: commander refuses the first option it meets, --json (one
 * models list has, written before its name), and the typo --bogus, which no command has, went
 * unsaid until that was fixed. The unknown option is the one named, with a did-you-mean when it is
 * close, and the hint says where the misplaced one goes.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

function run(args: string[]) {
  const dir = tempDir();
  return runCli(args, { env: { OPENCLAW_STATE_DIR: dir, HOME: dir } });
}

describe("an unknown option beside one written before its command", () => {
  it("--json models list --bogus names --bogus, in the JSON object, exit 2", async () => {
    const result = await run(["--json", "models", "list", "--bogus"]);
    expect(result.code).toBe(2);
    const { error } = JSON.parse(result.stdout) as { error: { message: string; hint: string } };
    expect(error.message).toBe("unknown option '--bogus'");
    expect(error.hint).toBe(
      "openclaw models list --help lists the options; and --json goes after the command's name (openclaw models list --json …)",
    );
  });

  it("models --all list --jsn names --jsn with its did-you-mean", async () => {
    const result = await run(["models", "--all", "list", "--jsn"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "error: unknown option '--jsn'\nhint: did you mean --json? openclaw models list --help lists the options; and --all goes after the command's name (openclaw models list --all …)\n",
    );
  });

  it("models list --json --bogus names --bogus, as before", async () => {
    const result = await run(["models", "list", "--json", "--bogus"]);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).error.message).toBe("unknown option '--bogus'");
  });
});
