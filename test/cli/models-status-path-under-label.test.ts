/**
 * `models status` where the store's path is too wide to go beside `Credentials: ` but not too wide
 * for the terminal (a 55-cell path at 60 columns): the path went under the label from the left
 * edge, the one line of the command not indented under its label. It now goes under the label
 * indented as far as it fits, whole, as the command's other wrapped lines go under their labels.
 */
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { overWide } from "../helpers/over-wide.js";
import { tempDir } from "../helpers/tmp.js";

const SEED_CONFIG = join(import.meta.dirname, "../fixtures/seed/moonshot.json5");

describe("models status with a path too wide beside its label", () => {
  it("indents the Credentials path under its label as far as it fits", async () => {
    const state = tempDir();
    copyFileSync(SEED_CONFIG, join(state, "openclaw.json"));
    const storePath = join(state, "agents/main/agent/auth-profiles.json");
    // 8 cells more than the path: too narrow for it beside the 13-cell label, room for 8 under it.
    const width = storePath.length + 8;
    const result = await runCli(["models", "status"], {
      env: { OPENCLAW_STATE_DIR: state, COLUMNS: String(width), MOONSHOT_API_KEY: "sk-test-a1" },
    });
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    const at = lines.indexOf("Credentials:");
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe(`        ${storePath}`);
    expect(overWide(result.stdout, width)).toEqual([]);
  });

  it("keeps it beside the label where there is room", async () => {
    const state = tempDir();
    copyFileSync(SEED_CONFIG, join(state, "openclaw.json"));
    const storePath = join(state, "agents/main/agent/auth-profiles.json");
    const result = await runCli(["models", "status"], {
      env: { OPENCLAW_STATE_DIR: state, COLUMNS: "200", MOONSHOT_API_KEY: "sk-test-a1" },
    });
    expect(result.stdout).toContain(`Credentials: ${storePath}\n`);
  });
});
