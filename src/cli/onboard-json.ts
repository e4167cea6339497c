/**
 * `onboard --json`'s summary with the same keys whatever was set up: a field with no value is
 * `null`, where JSON.stringify left it out (`baseUrlVariable` for the public address, `keyRef`
 * for a stored key, `check.credit` when the check was skipped); and `check.credit` is the object
 * `models status --probe --json` and `doctor --json` give (each window's `usedRatio`, the plan's
 * `windowsLeftOut`), so a script reads the three alike.
 */
import type { OnboardSummary } from "../onboard/index.js";
import { creditJson, withNulls } from "./models-json.js";

export function onboardJson(summary: OnboardSummary) {
  const { check } = summary;
  return {
    ok: true as const,
    ...withNulls(summary, [
      "provider",
      "baseUrl",
      "baseUrlVariable",
      "profile",
      "key",
      "keyFrom",
      "keyRef",
      "primary",
      "previousPrimary",
      "primaryNotMade",
    ]),
    keyKeptInConfig: summary.keyKeptInConfig === true,
    check: {
      ...withNulls(check, ["hint"]),
      credit: check.credit ? creditJson(check.credit) : null,
    },
  };
}
