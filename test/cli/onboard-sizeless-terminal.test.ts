/**
 * Interactive onboarding, run as the provider page says (`openclaw onboard --auth-choice
 * moonshot-api-key`, the key in $MOONSHOT_API_KEY), in a terminal that reports no size (0×0: a
 * `docker run -t` or `script` from a CI job, an `expect` script). The prompts took 0 columns and
 * 0 rows at their word: every question was drawn one character per line, and the provider menu
 * showed its first choice and "..." only. The built CLI in a pseudo-terminal made sizeless with
 * `stty`, against the simulators over real sockets.
 */
import { describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.js";
import { onboardTerminal } from "../helpers/onboard-terminal.js";
import { ENTER } from "../helpers/pty.js";
import { regionSimulators } from "../helpers/region-simulators.js";
import { freshState, MOONSHOT_KEY } from "../onboard/harness.js";

const sims = regionSimulators();

/** `openclaw <args>` in a terminal whose size is 0 columns by 0 rows, as the program sees it. */
function sizelessShell(args: string[]): string {
  const quoted = [process.execPath, CLI, ...args].map((word) => `'${word}'`).join(" ");
  return `stty cols 0 rows 0 && exec ${quoted}`;
}

describe("interactive onboarding in a terminal that reports no size", () => {
  it("draws the page's onboarding a line per question and writes the key", async () => {
    const state = freshState({ MOONSHOT_API_KEY: MOONSHOT_KEY });
    const term = onboardTerminal(sims, state, [], {
      shell: sizelessShell(["onboard", "--auth-choice", "moonshot-api-key"]),
    });
    try {
      await term.waitFor("?");
      term.write(ENTER);
      await term.waitFor("Write these changes?");
      term.write(ENTER);
      expect(await term.exited).toBe(0);
    } finally {
      term.kill();
    }
    const screen = term.plain();
    expect(screen).toContain("Use the key in $MOONSHOT_API_KEY (sk-…0001)?");
    expect(screen).toContain(`Config:     ${state.configPath}`);
    expect(screen).toContain("- primary model: moonshot/kimi-k2.5");
    expect(screen).toContain("Saved. Check it with: openclaw models status");
  });

  it("shows every choice of the provider menu", async () => {
    const state = freshState();
    const term = onboardTerminal(sims, state, [], { shell: sizelessShell(["onboard"]) });
    try {
      await term.waitFor("Enter: confirm");
    } finally {
      term.kill();
    }
    const screen = term.plain();
    expect(screen).toContain("Which provider do you want to set up?");
    for (const choice of ["Kimi Code", "Another OpenAI-compatible endpoint", "Skip for now"]) {
      expect(screen).toContain(choice);
    }
  });
});
