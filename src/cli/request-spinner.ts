/**
 * A spinner that shows from the first request on. `models scan`, `models status --probe` and
 * `doctor --probe` refuse or skip a provider without the network (no key, a key's variable not
 * set, a config that does not load): a spinner started before that drew "Asking…" or "checking…"
 * above a refusal that asked nothing of any endpoint.
 */
import { type CheckKeyFn, checkKey } from "../auth/index.js";
import { type Spinner, startSpinner } from "./output.js";

export interface RequestSpinner {
  /** Called just before a request goes: draws the spinner the first time, not again after stop. */
  requestStarts(): void;
  /** Erases the spinner, if it was drawn. */
  stop(): void;
}

/** A spinner saying `text` once a request starts; `shown: false` (--json) never draws one. */
export function requestSpinner(text: string, shown = true): RequestSpinner {
  let spinner: Spinner | undefined;
  let stopped = !shown;
  return {
    requestStarts() {
      if (stopped || spinner) return;
      spinner = startSpinner(text);
    },
    stop() {
      stopped = true;
      spinner?.stop();
    },
  };
}

/** `check` (the real key check by default) that starts `spinner` as it is called. */
export function checkKeyStarting(
  spinner: RequestSpinner,
  check: CheckKeyFn = checkKey,
): CheckKeyFn {
  return (options) => {
    spinner.requestStarts();
    return check(options);
  };
}
