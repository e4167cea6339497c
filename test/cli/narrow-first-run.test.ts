/**
 * Before onboarding, `models list` and `config file` answer with a sentence, not a table: at
 * $COLUMNS it is fitted to the width as every other line is, further lines indented by two, the
 * onboard command in it whole, no word lost.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { overWide } from "../helpers/over-wide.js";
import { tempDir } from "../helpers/tmp.js";

const words = (text: string) => text.split(/\s+/).filter(Boolean);

/** A run in a state dir with no config yet, at `columns` when given. */
function firstRun(args: string[], columns?: number) {
  const dir = tempDir();
  return runCli(args, {
    env: {
      OPENCLAW_STATE_DIR: dir,
      OPENCLAW_HOME: dir,
      ...(columns === undefined ? {} : { COLUMNS: String(columns) }),
    },
  });
}

describe("with no config yet, at COLUMNS=50", () => {
  for (const args of [
    ["models", "list"],
    ["models", "list", "--local"],
  ]) {
    it(`${args.join(" ")} fits its sentence to 50 cells`, async () => {
      const wide = await firstRun(args);
      const narrow = await firstRun(args, 50);
      expect(narrow.code).toBe(0);
      expect(overWide(narrow.stdout, 50)).toEqual([]);
      const lines = narrow.stdout.trimEnd().split("\n");
      expect(lines.length).toBeGreaterThan(1);
      for (const line of lines.slice(1)) expect(line).toMatch(/^ {2}\S/);
      expect(words(narrow.stdout)).toEqual(words(wide.stdout));
    });
  }

  it("config file prints the path alone on stdout and fits its note on stderr to 50 cells", async () => {
    const wide = await firstRun(["config", "file"]);
    const narrow = await firstRun(["config", "file"], 50);
    expect(narrow.code).toBe(0);
    expect(narrow.stdout.trimEnd().split("\n")).toHaveLength(1);
    expect(narrow.stderr).toMatch(/^note: the file is not created yet/);
    expect(overWide(narrow.stderr, 50)).toEqual([]);
    expect(narrow.stderr.trimEnd().split("\n").length).toBeGreaterThan(1);
    expect(words(narrow.stderr)).toEqual(words(wide.stderr));
  });
});
