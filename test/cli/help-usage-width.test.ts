/**
 * The usage line of each --help fits $COLUMNS, as the rest of the page does: commander left it as
 * wide as it is (`Usage: openclaw models [options] [command]`, 42 cells at COLUMNS=40).
 */
import { describe, expect, it } from "vitest";
import { displayWidth } from "../../src/cli/display-width.js";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

describe("--help's usage line at COLUMNS=40", () => {
  it("wraps at its spaces, its further lines under its text, no word lost", async () => {
    const dir = tempDir("openclaw-help-usage-");
    const env = { OPENCLAW_STATE_DIR: dir, HOME: dir };
    for (const command of [["models"], ["config", "validate"], ["models", "aliases", "add"]]) {
      const narrow = await runCli([...command, "--help"], { env: { ...env, COLUMNS: "40" } });
      expect(narrow.code).toBe(0);
      const body = narrow.stdout.slice(0, narrow.stdout.indexOf("\n\n"));
      const lines = body.split("\n");
      expect(lines.filter((line) => displayWidth(line) > 40)).toEqual([]);
      expect(lines[0]).toMatch(/^Usage: openclaw /);
      for (const line of lines.slice(1)) expect(line).toMatch(/^ {7}\S/);
      const wide = await runCli([...command, "--help"], { env: { ...env, COLUMNS: "400" } });
      const usage = wide.stdout.split("\n")[0] ?? "";
      expect(lines.map((line) => line.trim()).join(" ")).toBe(usage);
    }
  });
});
