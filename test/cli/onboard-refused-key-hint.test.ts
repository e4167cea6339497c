/**
 * A key refused in the terminal's flow: what to check is said as a `hint:`, as every other hint
 * is. It came bare under the error, on TERM=dumb a line of its own that read as more of the
 * error. The built CLI (`npm run build` first) against the simulator, in a pseudo-terminal.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENTER, startTerminal } from "../helpers/pty.js";
import { freshState } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ region: "ai" });
});
afterAll(async () => {
  await sim.close();
});

describe("onboard in a terminal, a refused key", () => {
  it("says what to check as a hint", async () => {
    const state = freshState();
    const term = startTerminal(["onboard", "--auth-choice", "moonshot-api-key"], {
      cwd: state.dir,
      env: {
        ...state.env,
        TERM: "dumb",
        OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl,
        OPENCLAW_MOONSHOT_CN_BASE_URL: sim.moonshotBaseUrl.replace(/\/v1$/, "/cn/v1"),
        OPENCLAW_KIMI_CODE_BASE_URL: sim.kimiCodeBaseUrl,
      },
    });
    try {
      await term.waitFor("not shown: ");
      await term.typeSlowly("sk-fake-typo-01");
      term.write(ENTER);
      await term.waitFor("Enter another key? [Y/n]: ");
      term.write(`n${ENTER}`);
      await term.waitFor("Save the key anyway? [y/N]: ");
      term.write(ENTER);
      expect(await term.exited).toBe(1);
    } finally {
      term.kill();
    }
    const lines = term.plain().split("\n");
    expect(lines).toContain("hint: check that the key was copied whole and has not been revoked");
    expect(term.plain()).not.toContain("sk-fake-typo-01");
  });
});
