/**
 * Wrapped prose never leaves a space at a line end: a hint with words set apart by several
 * spaces (`run: openclaw onboard …   (or set $MOONSHOT_API_KEY)`) broke after the command with
 * the gap's spaces left on the line. The built CLI (`npm run build` first) and wrapText itself.
 */
import { describe, expect, it } from "vitest";
import { wrapText } from "../../src/cli/output.js";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

describe("wrapped lines", () => {
  it("wrapText ends no broken line in a space", () => {
    const text =
      "run: openclaw onboard --auth-choice moonshot-api-key   (or set $MOONSHOT_API_KEY)";
    for (let width = 20; width < text.length; width++) {
      for (const line of wrapText(text, width).split("\n")) {
        expect(line, `at ${width}`).not.toMatch(/ $/);
      }
    }
  });

  it("models status with no key, at 80 columns, prints no line ending in a space", async () => {
    const env = { OPENCLAW_STATE_DIR: tempDir(), COLUMNS: "80" };
    const set = await runCli(
      ["config", "set", "agents.defaults.model.primary", "moonshot/kimi-k2.5"],
      { env },
    );
    expect(set.code).toBe(0);
    const status = await runCli(["models", "status"], { env });
    expect(status.stdout).toContain("missing: no usable key");
    for (const line of `${status.stdout}\n${status.stderr}`.split("\n")) {
      expect(line).not.toMatch(/ $/);
    }
  });
});
