/**
 * The `Label:  value` summaries of onboard and models status on a narrow terminal ($COLUMNS=40):
 * every line fits, but for a path or a URL too wide for any line, which stands whole on a line of
 * its own (not after a label), and no word is lost. Real CLI, the simulator for onboarding.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { overWide } from "../helpers/over-wide.js";
import { freshState, ONBOARD_MOONSHOT } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim?.close();
});

function simState() {
  return freshState({
    OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl,
    OPENCLAW_KIMI_CODE_BASE_URL: sim.kimiCodeBaseUrl,
  });
}

/** The words of a text, as a terminal wide enough shows them (a line's breaks aside). */
const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe("onboard --non-interactive at COLUMNS=40", () => {
  it("fits its summary, balance and closing line to 40 cells; the store's path whole on its own line", async () => {
    const state = simState();
    const result = await state.run([...ONBOARD_MOONSHOT], { COLUMNS: "40" });
    expect(result.code).toBe(0);
    expect(overWide(result.stdout, 40)).toEqual([]);
    const lines = result.stdout.split("\n");
    // Provider: and its URL under its start, whole; the variable it came from after it, too wide
    // for the room beside the label: whole on a line of its own, as far under the label as fits.
    const provider = lines.indexOf("Provider:   moonshot");
    expect(lines.slice(provider + 1, provider + 4)).toEqual([
      `            (${sim.moonshotBaseUrl},`,
      "            from",
      "          OPENCLAW_MOONSHOT_AI_BASE_URL)",
    ]);
    // A path wider than the room beside its label: the label, then the path alone, whole.
    const credential = lines.indexOf("Credential:");
    expect(lines[credential + 1]).toBe(state.storePath);
    expect(lines).toContain("  balance: $49.50 (voucher $46.50, cash");
    expect(lines).toContain("openclaw models status");
    // Nothing lost: the same words as at 400 columns.
    const wide = await simState().run([...ONBOARD_MOONSHOT], { COLUMNS: "400" });
    expect(wide.stdout).toContain("Saved. Check it with: openclaw models status");
    const shown = (text: string) => words(text).filter((word) => !word.includes("/tmp/"));
    expect(shown(result.stdout)).toEqual(shown(wide.stdout));
  });
});

describe("models status at COLUMNS=40", () => {
  it("wraps the probe's balance line under its label, as the probe's other lines are", async () => {
    const state = simState();
    expect((await state.run([...ONBOARD_MOONSHOT])).code).toBe(0);
    const result = await state.run(["models", "status", "--probe"], { COLUMNS: "40" });
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    const at = lines.indexOf("    balance: $49.50 (voucher $46.50,");
    expect(lines.slice(at, at + 2)).toEqual([
      "    balance: $49.50 (voucher $46.50,",
      "             cash $3.00)",
    ]);
  });

  it("fits its fields and each provider's heading to 40 cells, paths and URLs whole", async () => {
    const state = simState();
    expect((await state.run([...ONBOARD_MOONSHOT])).code).toBe(0);
    const result = await state.run(["models", "status"], { COLUMNS: "40" });
    expect(result.code).toBe(0);
    expect(overWide(result.stdout, 40)).toEqual([]);
    const lines = result.stdout.split("\n");
    expect(lines[lines.indexOf("Credentials:") + 1]).toBe(state.storePath);
    // The default's ref whole on the label's line, the rest of its alias under its start.
    const defaultAt = lines.findIndex((line) =>
      line.startsWith("Default:     moonshot/kimi-k2.5 "),
    );
    expect(lines[defaultAt + 1]).toMatch(/^ {13}\S.*K2\.5\)$/);
    // Narrower than the provider's heading: its URL under its name, whole.
    const narrower = await state.run(["models", "status"], { COLUMNS: "30" });
    expect(overWide(narrower.stdout, 30)).toEqual([]);
    const under = narrower.stdout.split("\n");
    expect(under[under.indexOf("moonshot") + 1]).toBe(`  (${sim.moonshotBaseUrl})`);
    const wide = await state.run(["models", "status"], { COLUMNS: "400" });
    expect(wide.stdout).toContain(`Credentials: ${state.storePath}\n`);
    expect(wide.stdout).toContain(`moonshot (${sim.moonshotBaseUrl})\n`);
    expect(words(result.stdout)).toEqual(words(wide.stdout));
  });
});

describe("models scan at COLUMNS=40", () => {
  it("puts what of the provider's heading does not fit under it, the URL whole", async () => {
    const state = simState();
    expect((await state.run([...ONBOARD_MOONSHOT])).code).toBe(0);
    const result = await state.run(["models", "scan", "--provider", "moonshot"], {
      COLUMNS: "40",
    });
    expect(result.code).toBe(0);
    expect(overWide(result.stdout, 40)).toEqual([]);
    const lines = result.stdout.split("\n");
    expect(lines.slice(0, 2)).toEqual([`moonshot (${sim.moonshotBaseUrl})`, "  key sk-…0001"]);
  });
});
