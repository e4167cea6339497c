/**
 * `openclaw config validate` on a narrow terminal ($COLUMNS=40): each problem, its hint and the
 * closing line are wrapped under their text, as doctor's findings are; the file:line and the path
 * in them whole; the same words as at 400 columns; piped without $COLUMNS, one line each.
 */
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { overWide } from "../helpers/over-wide.js";
import { tempDir } from "../helpers/tmp.js";

/** Two base URLs naming variables that are not set (lines 3 and 4): two warnings with hints. */
const CONFIG = [
  "{",
  '  "models": { "providers": {',
  '    "moonshot": { "baseUrl": "${H3_UNSET_A}" },',
  '    "kimi-code": { "baseUrl": "${H3_UNSET_B}" }',
  "  } }",
  "}",
  "",
].join("\n");

function stateDir() {
  const dir = tempDir("openclaw-validate-width-");
  chmodSync(dir, 0o700);
  const configPath = join(dir, "openclaw.json");
  writeFileSync(configPath, CONFIG, { mode: 0o600 });
  return { dir, configPath };
}

const validate = (dir: string, columns?: string) =>
  runCli(["config", "validate"], {
    env: { OPENCLAW_STATE_DIR: dir, HOME: dir, ...(columns ? { COLUMNS: columns } : {}) },
  });

describe("config validate at COLUMNS=40", () => {
  it("wraps each warning and its hint under their text, file:line whole, no word lost", async () => {
    const { dir, configPath } = stateDir();
    const narrow = await validate(dir, "40");
    expect(narrow.code).toBe(0);
    expect(overWide(narrow.stdout, 40)).toEqual([]);
    const lines = narrow.stdout.split("\n");
    expect(lines).toContain("! models.providers.moonshot.baseUrl:");
    expect(lines).toContain(`  (${configPath}:3)`);
    // The hint's further lines start under its text, after "  hint: ".
    const hint = lines.findIndex((line) => line.startsWith("  hint: export H3_UNSET_A=..."));
    expect(lines[hint + 1]).toMatch(/^ {8}\S/);
    const wide = await validate(dir, "400");
    expect(wide.stdout).toContain(
      `! models.providers.moonshot.baseUrl: uses H3_UNSET_A, which is not set: this value cannot be used until it is (${configPath}:3)\n`,
    );
    const words = (text: string) => text.split(/\s+/).filter(Boolean);
    expect(words(narrow.stdout)).toEqual(words(wide.stdout));
    // Piped with no $COLUMNS: nothing is wrapped, for grep.
    expect((await validate(dir)).stdout).toBe(wide.stdout);
  });
});
