/**
 * The onboarding tests' pseudo-terminal: the built CLI run in a state dir of the test's own, its
 * built-in providers pointed at the region simulators.
 */
import type { StateDir } from "../onboard/harness.js";
import { startTerminal, type Terminal, type TerminalOptions } from "./pty.js";
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
