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

/** Where the Ctrl-D comes: the command, the question shown then, and a key typed before it. */
const QUESTIONS: { at: string; args: string[]; question: string; keyFirst?: true }[] = [
  { at: "the provider menu", args: ["onboard"], question: "Which provider do you want to set up?" },
  {
    at: "the empty key prompt",
    args: ["onboard", "--auth-choice", "moonshot-api-key"],
    question: "API key",
  },
  {
    at: "the question whether to write, after a checked key",
    args: ["onboard", "--auth-choice", "moonshot-api-key"],
    question: "Write these changes?",
    keyFirst: true,
  },
];

describe("openclaw onboard: Ctrl-D at a question", () => {
  it.each(QUESTIONS)(
    "at $at: says it is cancelled, exits 130 and writes nothing",
    async (asked) => {
      const state = freshState();
      const term = onboardTerminal(sims, state, asked.args);
      try {
        if (asked.keyFirst) {
          await term.waitFor("API key");
          await typeAnswer(term, MOONSHOT_KEY);
        }
        await term.waitFor(asked.question);
        term.write(CTRL_D);
        await term.waitFor("onboarding cancelled; nothing was written");
        expect(await term.exited).toBe(130);
      } finally {
        term.kill();
      }
      // The key, checked or not, is neither shown nor saved.
      expect(term.plain()).not.toContain(MOONSHOT_KEY);
      expect(state.snapshot()).toEqual({ config: undefined, store: undefined });
    },
  );
});
