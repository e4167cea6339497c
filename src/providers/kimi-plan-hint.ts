/** The hint of a used-up Kimi Code plan. */

/**
 * When a used-up Kimi Code plan comes back, in its hint, while nobody has asked: the runtime puts
 * the time Kimi Code's `GET /usages` reports in its place (src/runtime/quota-reset.ts). Kimi Code
 * refuses a used-up 5-hour window (or month) in the week's words, so the probe's lines are named:
 * they show every window, a used-up one marked; the month is one only the ratio pools report.
 */
export const KIMI_PLAN_RESET_UNKNOWN =
  "it comes back when the window the message names ends (openclaw models status --probe shows what is left of each window, the 5 hours, the week and the month, and when each resets)";

/** The hint of a used-up Kimi Code plan; `comesBack` says when (KIMI_PLAN_RESET_UNKNOWN unasked). */
export function kimiPlanUsedUpHint(comesBack: string): string {
  return `your Kimi Code plan quota is used up: ${comesBack}; extra usage or a bigger plan brings it back now; retrying before then will not help; a fallback on another provider keeps requests going`;
}
