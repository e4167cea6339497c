/**
 * Ctrl-D (the end of the input) at one of onboarding's questions in a terminal cancels it as
 * Ctrl-C does, and as it does on TERM=dumb: the cancel is said, nothing is written, exit 130. It
 * used to end the process on the spot with exit 0, the question left on the screen.
 */
import { describe, expect, it } from "vitest";
import { onboardTerminal, typeAnswer } from "../helpers/onboard-terminal.js";
import { regionSimulators } from "../helpers/region-simulators.js";
import { freshState, MOONSHOT_KEY } from "../onboard/harness.js";

const sims = regionSimulators();
const CTRL_D = "\u0004";

describe("openclaw onboard: Ctrl-D at a question", () => {
  it("at the provider menu: says it is cancelled, exits 130 and writes nothing", async () => {
    const state = freshState();
    const term = onboardTerminal(sims, state, ["onboard"]);
    try {
      await term.waitFor("Which provider do you want to set up?");
      term.write(CTRL_D);
      await term.waitFor("onboarding cancelled; nothing was written");
      expect(await term.exited).toBe(130);
    } finally {
      term.kill();
    }
    expect(state.snapshot()).toEqual({ config: undefined, store: undefined });
  });

  it("at the empty key prompt: the same", async () => {
    const state = freshState();
    const term = onboardTerminal(sims, state, ["onboard", "--auth-choice", "moonshot-api-key"]);
    try {
      await term.waitFor("API key");
      term.write(CTRL_D);
      await term.waitFor("onboarding cancelled; nothing was written");
      expect(await term.exited).toBe(130);
    } finally {
      term.kill();
    }
    expect(state.snapshot()).toEqual({ config: undefined, store: undefined });
  });

  it("at the question whether to write: the checked key is not saved", async () => {
    const state = freshState();
    const term = onboardTerminal(sims, state, ["onboard", "--auth-choice", "moonshot-api-key"]);
    try {
      await term.waitFor("API key");
      await typeAnswer(term, MOONSHOT_KEY);
      await term.waitFor("Write these changes?");
      term.write(CTRL_D);
      await term.waitFor("onboarding cancelled; nothing was written");
      expect(await term.exited).toBe(130);
    } finally {
      term.kill();
    }
    expect(term.plain()).not.toContain(MOONSHOT_KEY);
    expect(state.snapshot()).toEqual({ config: undefined, store: undefined });
  });
});
