import { describe, expect, it } from "vitest";
import { displayWidth } from "../../src/cli/display-width.js";
import { runCli } from "../helpers/cli.js";
import { tempFiles } from "../helpers/tmp.js";

/** Lines wider than `width`, but for one that is a single word (a path, a URL, to be copied). */
function overWide(text: string, width: number): string[] {
  return text
    .split("\n")
    .filter((line) => displayWidth(line) > width && line.trim().split(" ").length > 1);
}

describe("errors at $COLUMNS", () => {
  it("are wrapped to it, each part under its text, no word lost", async () => {
    const state = tempFiles({
      "openclaw.json": JSON.stringify({
        agents: { defaults: { model: { fallbacks: "moonshot/kimi-k2.5" } } },
        gateway: { port: "abc" },
      }),
    });
    const env = { OPENCLAW_STATE_DIR: state };
    const wide = await runCli(["config", "validate"], { env });
    const narrow = await runCli(["config", "validate"], { env: { ...env, COLUMNS: "60" } });
    expect(narrow.code).toBe(1);
    expect(overWide(narrow.stderr, 60)).toEqual([]);
    // The same words, only broken into more lines.
    const words = (text: string) => text.split(/\s+/).filter(Boolean);
    expect(words(narrow.stderr)).toEqual(words(wide.stderr));
    const lines = narrow.stderr.split("\n");
    // A problem's further lines go under its text, the hint's under the hint's.
    const item = lines.findIndex((line) => line.startsWith("  - gateway.port:"));
    expect(lines[item + 1]).toMatch(/^ {4}\S/);
    const hint = lines.findIndex((line) => line.startsWith("hint: "));
    expect(lines[hint + 1]).toMatch(/^ {6}\S/);
  });
});
