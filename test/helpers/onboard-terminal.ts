/**
 * The onboarding tests' pseudo-terminal: the built CLI run in a state dir of the test's own, its
 * built-in providers pointed at the region simulators.
 */
import { expect } from "vitest";
import type { StateDir } from "../onboard/harness.js";
import { ENTER, startTerminal, type Terminal, type TerminalOptions } from "./pty.js";
import type { RegionSimulators } from "./region-simulators.js";

/**
 * `openclaw <args>` in a terminal, run from `state`'s dir with its environment and the
 * simulators' endpoints; `options.env` goes on top of both (e.g. TERM=dumb).
 */
export function onboardTerminal(
  sims: RegionSimulators,
  state: StateDir,
  args: string[],
  options: TerminalOptions = {},
): Terminal {
  return startTerminal(args, {
    cwd: state.dir,
    ...options,
    env: { ...state.env, ...sims.endpointEnv(), ...options.env },
  });
}

/** `onboardTerminal` on TERM=dumb (asked line by line, no escapes), `env` on top. */
export function dumbOnboardTerminal(
  sims: RegionSimulators,
  state: StateDir,
  args: string[],
  env: Record<string, string> = {},
): Terminal {
  return onboardTerminal(sims, state, args, { env: { TERM: "dumb", ...env } });
}

/** Types `text` a character at a time, then Enter: a person answering the prompt shown. */
export async function typeAnswer(term: Terminal, text: string): Promise<void> {
  await term.typeSlowly(text);
  term.write(ENTER);
}

/** Answers no once "Write these changes? [Y/n]: " shows: onboarding ends with exit 1. */
export async function declineToWrite(term: Terminal): Promise<void> {
  await term.waitFor("Write these changes? [Y/n]: ");
  term.write(`n${ENTER}`);
  expect(await term.exited).toBe(1);
}
