/**
 * `models status --probe` on the Moonshot page's own config (the simulator in the API's place):
 * the key works, and four of the config's models are not in its list. The balance is the probe's
 * and goes right under its `✓ probe:` line; it came after the warning about those models and its
 * hint, indented as the hint is, and read as part of the warning.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim?.close();
});

/** The page's config with the simulator's key, pointed at the simulator. */
function pageConfig(): Record<string, string> {
  const spec = readFileSync(join(import.meta.dirname, "../fixtures/seed/moonshot.json5"), "utf8");
  const config = spec
    .replace('"sk-..."', JSON.stringify(sim.keys.moonshot))
    .replace("https://api.moonshot.ai/v1", sim.moonshotBaseUrl);
  // Both replacements must have happened, or the test would probe the real endpoint's address.
  expect(config).toContain(sim.moonshotBaseUrl);
  expect(config).toContain(sim.keys.moonshot);
  const dir = tempDir();
  writeFileSync(join(dir, "openclaw.json"), config, { mode: 0o600 });
  return { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir, COLUMNS: "1000" };
}

describe("models status --probe: a provider's balance and a warning about its models", () => {
  it("puts the balance under the probe's line, before the warning and its hint", async () => {
    const result = await runCli(["models", "status", "--probe"], { env: pageConfig() });
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    const probe = lines.findIndex((line) => line.startsWith("  ✓ probe: the key works on "));
    expect(probe).toBeGreaterThan(-1);
    expect(lines[probe + 1]).toBe("    balance: $49.50 (voucher $46.50, cash $3.00)");
    expect(lines[probe + 2]).toMatch(/^ {2}! moonshot: .* are not in the models your key can use/);
    expect(lines[probe + 3]).toMatch(/^ {4}hint: see what the key may use with: /);
  });
});
