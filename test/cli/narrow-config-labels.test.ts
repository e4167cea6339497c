/**
 * config set and config validate on a narrow terminal, the config's path a little wider than the
 * room beside its mark or indent: 4bc18cd moved such a first word under its label, which left
 * `config set` a line of two spaces above the path and `config validate` a `! ` with a space at
 * its end. The path now takes the indent's place, moved left as far as it must, and a mark
 * stands alone on its line with no space after it.
 */
import { chmodSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { displayWidth } from "../../src/cli/display-width.js";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

/** A private state dir with no config yet, its config path about `length` cells long. */
function stateDir(length: number): { state: string; configPath: string } {
  const base = tempDir("r1-");
  const pad = Math.max(1, length - base.length - "//openclaw.json".length);
  const state = join(base, "s".repeat(pad));
  mkdirSync(state, { mode: 0o700 });
  chmodSync(state, 0o700);
  return { state, configPath: join(state, "openclaw.json") };
}

function env(state: string, columns: number): Record<string, string> {
  return {
    OPENCLAW_STATE_DIR: state,
    HOME: tempDir("r1-home-"),
    COLUMNS: String(columns),
    NO_COLOR: "1",
  };
}

describe("config's marks and indents on a narrow terminal", () => {
  it("config set: the file written goes on the line under the change, with no blank line", async () => {
    const { state, configPath } = stateDir(50);
    // `(path)` one cell wider than the room after the two-cell indent.
    const width = displayWidth(`(${configPath})`) + 1;

    const result = await runCli(["config", "set", "gateway.port", "41850"], {
      env: env(state, width),
    });

    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toBe("✓ gateway.port = 41850");
    expect(lines[1]).toBe(` (${configPath})`);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(width);
  });

  it("config validate: a path too wide beside '!' goes under it, the mark alone with no space", async () => {
    const { state, configPath } = stateDir(50);
    const width = displayWidth(configPath) + 1;

    const result = await runCli(["config", "validate"], { env: env(state, width) });

    const lines = result.stdout.split("\n");
    expect(lines[0]).toBe("!");
    expect(lines[1]?.trim()).toBe(configPath);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(width);
  });
});
