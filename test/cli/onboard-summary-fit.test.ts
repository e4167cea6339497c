/**
 * Interactive onboarding's "About to write" summary at 60 columns: each line is fitted the way
 * the Changes list is, a value too wide going on under its text and a path wider than the room
 * on a line of its own, whole, to be copied. The note box cut the credential path mid-word, its
 * rest at the box's edge with no indent. The built CLI in a pseudo-terminal, against the
 * simulators over real sockets.
 */
import { describe, expect, it } from "vitest";
import { onboardTerminal } from "../helpers/onboard-terminal.js";
import { ENTER } from "../helpers/pty.js";
import { regionSimulators } from "../helpers/region-simulators.js";
import { freshState, MOONSHOT_KEY } from "../onboard/harness.js";

const sims = regionSimulators();

describe("the About to write summary in a narrow terminal", () => {
  it("keeps the config and credential paths whole, each on a line", async () => {
    const state = freshState();
    const term = onboardTerminal(sims, state, ["onboard", "--auth-choice", "moonshot-api-key"], {
      cols: 60,
    });
    try {
      await term.waitFor("API key");
      await term.typeSlowly(MOONSHOT_KEY);
      term.write(ENTER);
      await term.waitFor("Write these changes?");
      term.write("n");
      expect(await term.exited).toBe(1);
    } finally {
      term.kill();
    }
    const screen = term.plain().split("\n");
    const start = screen.findIndex((line) => line.includes("About to write"));
    const end = screen.findIndex((line, index) => index > start && line.includes("Write these"));
    expect(start).toBeGreaterThan(-1);
    const summary = screen.slice(start, end);
    for (const path of [state.configPath, state.storePath]) {
      expect(
        summary.some((line) => line.includes(path)),
        path,
      ).toBe(true);
    }
    // No line starts with the rest of a word cut at the box's edge.
    expect(summary.some((line) => /^│\s*-profiles\.json/.test(line))).toBe(false);
    // The changes are still fitted under their `- `, within the terminal.
    expect(summary.join("\n")).toContain("- primary model: moonshot/kimi-k2.5");
    for (const line of summary) {
      if (!line.includes(state.dir)) expect(line.trimEnd().length).toBeLessThanOrEqual(60);
    }
  });
});
