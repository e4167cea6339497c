/**
 * A first word too wide to sit beside its label (a path after doctor's `✓ config`, a config path
 * after `models status`'s `problem:`) on a narrow terminal: it goes under the label, on a line of
 * its own, whole and moved left as far as it must, so that no line is wider than the terminal.
 * Beside the label it ran past the edge, while every later word too wide was moved left to fit.
 */
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { displayWidth } from "../../src/cli/display-width.js";
import { wrapAfterLabel } from "../../src/cli/output.js";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

/** A private state dir holding `config`, its config path `length` cells long where it can be. */
function stateWithConfig(config: unknown, length: number): { state: string; configPath: string } {
  const base = tempDir("w2-");
  const pad = Math.max(1, length - base.length - "//openclaw.json".length);
  const state = join(base, "s".repeat(pad));
  mkdirSync(state, { mode: 0o700 });
  chmodSync(state, 0o700);
  const configPath = join(state, "openclaw.json");
  writeFileSync(configPath, JSON.stringify(config), { mode: 0o600 });
  return { state, configPath };
}

function env(state: string, columns: number): Record<string, string> {
  return {
    OPENCLAW_STATE_DIR: state,
    HOME: tempDir("w2-home-"),
    COLUMNS: String(columns),
  };
}

describe("a first word too wide to sit beside its label", () => {
  it("wrapAfterLabel puts it under the label, moved left to fit", () => {
    const text = "models.providers.pv.models[0].name: is required but missing";
    const lines = wrapAfterLabel(text, "problem: ".length, 40).split("\n");
    expect(lines[0]).toBe("");
    expect(lines[1]?.trim()).toBe("models.providers.pv.models[0].name:");
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(40);
    // A word wider than the terminal stays beside the label: a line more would not make it fit.
    const wider = `${"x".repeat(45)} then words`;
    expect(wrapAfterLabel(wider, 9, 40).split("\n")[0]).toBe("x".repeat(45));
  });

  it("doctor: a config path too wide beside '✓ config' goes whole on the next line, within the width", async () => {
    const { state, configPath } = stateWithConfig({}, 36);
    // Wider than the 11 cells of mark and check name leave, not wider than the terminal.
    const width = displayWidth(configPath) + 5;

    const result = await runCli(["doctor"], { env: env(state, width) });

    const lines = result.stdout.split("\n");
    const at = lines.findIndex((line) => line.startsWith("✓ config"));
    expect(lines[at]).toBe("✓ config");
    expect(lines[at + 1]?.trim()).toBe(configPath);
    expect(lines[at + 2]?.trim()).toMatch(/^is valid/);
    // The one line wider: the reveal command's `OPENCLAW_STATE_DIR=<its dir>`, a single word a
    // paste must get whole (the dir plus 19 cells and the indent cannot fit in the path's width + 5).
    const wide = lines.filter((line) => displayWidth(line) > width).map((line) => line.trim());
    expect(wide).toEqual([`OPENCLAW_STATE_DIR=${state} \\`]);
  });

  it("models status: a config path too wide beside 'problem:' goes under it, within 40 columns", async () => {
    const config = {
      models: { providers: { pv: { baseUrl: "http://127.0.0.1:9/v1", models: [{ id: "m" }] } } },
      agents: { defaults: { model: { primary: "pv/m" } } },
    };
    const { state } = stateWithConfig(config, 30);

    const result = await runCli(["models", "status"], { env: env(state, 40) });

    const lines = result.stdout.split("\n");
    const at = lines.findIndex((line) => line.startsWith("problem:"));
    // The label alone on its line: no space left at its end.
    expect(lines[at]).toBe("problem:");
    expect(lines[at + 1]?.trim()).toBe("models.providers.pv.models[0].name:");
    expect(displayWidth(lines[at + 1] ?? "")).toBeLessThanOrEqual(40);
  });

  it("models status: a fallback ref too wide beside 'Fallbacks:' goes whole under it, not broken", async () => {
    // 35 cells: wider than the 27 beside the label at 40 columns, not than the terminal.
    const fallback = "moonshot/kimi-k2-0905-preview-extra";
    const config = {
      agents: {
        defaults: {
          model: { primary: "moonshot/kimi-k2.5", fallbacks: [fallback] },
          models: { [fallback]: {} },
        },
      },
    };
    const { state } = stateWithConfig(config, 30);

    const result = await runCli(["models", "status"], { env: env(state, 40) });

    const lines = result.stdout.split("\n");
    const at = lines.findIndex((line) => line.startsWith("Fallbacks:"));
    // It was broken at a hyphen: 'Fallbacks:   moonshot/kimi-k2-0905-' and 'preview-extra'.
    expect(lines[at]).toBe("Fallbacks:");
    expect(lines[at + 1]).toBe(fallback);
  });
});
