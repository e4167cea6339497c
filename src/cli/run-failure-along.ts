/**
 * How the run behind a CLI command's error went (`RunFailure`), when the error is one a run
 * threw or a retelling of one (the run's error is then among its `cause`s): whether a request
 * was sent, and whether a cancel cut one the provider had.
 */
import { type RunFailure, runFailureOf } from "../runtime/index.js";

export function runFailureAlong(error: unknown): RunFailure | undefined {
  for (let at = error; typeof at === "object" && at !== null; at = (at as Error).cause) {
    const run = runFailureOf(at);
    if (run) return run;
  }
  return undefined;
}
