/**
 * `models status` at 30 columns: a provider's "missing: no usable key — run:" line was 31 cells
 * wide (the text beside "  missing: " was wrapped to at least 20 cells, whatever the room). With
 * too little room beside its label the text now goes under it, wrapped to the width; the
 * `openclaw onboard …` command in it (48 cells, kept whole before) goes on at its arguments.
 */
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { visibleWidth } from "../../src/cli/output.js";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const SEED_CONFIG = join(import.meta.dirname, "../fixtures/seed/moonshot.json5");

describe("models status on a 30-column terminal", () => {
  it("puts a provider's missing-key text under its label, each line within 30 cells", async () => {
    const state = tempDir();
    copyFileSync(SEED_CONFIG, join(state, "openclaw.json"));
    const result = await runCli(["models", "status"], {
      env: { OPENCLAW_STATE_DIR: state, COLUMNS: "30" },
    });
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    const at = lines.indexOf("  missing:");
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at, at + 6)).toEqual([
      "  missing:",
      "    no usable key — run:",
      // A command too wide goes on at its arguments with ` \`: still one command to copy.
      "    openclaw onboard \\",
      "        --auth-choice \\",
      "        moonshot-api-key",
      "    (or set $MOONSHOT_API_KEY)",
    ]);
    for (const line of lines.slice(at, at + 6)) expect(visibleWidth(line)).toBeLessThanOrEqual(30);
  });

  it("keeps the text beside the label where there is room (80 columns)", async () => {
    const state = tempDir();
    copyFileSync(SEED_CONFIG, join(state, "openclaw.json"));
    const result = await runCli(["models", "status"], {
      env: { OPENCLAW_STATE_DIR: state, COLUMNS: "80" },
    });
    expect(result.stdout).toContain(
      "  missing: no usable key — run: openclaw onboard --auth-choice moonshot-api-key\n",
    );
  });
});
