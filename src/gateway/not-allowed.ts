/**
 * The gateway's answer for a model the allowlist (`agents.defaults.models`) shuts out. When its
 * provider has no key either, adding the model to the allowlist alone leaves it failing: both
 * steps are said in one answer, rather than one now and the other at the next try.
 */

/** What a model shut out needs besides the allowlist entry: its provider's key, and how to give it. */
export interface MissingKeyStep {
  provider: string;
  /** `run: openclaw onboard --auth-choice moonshot-api-key`, or what the program passes instead. */
  fix: string;
  /** The fix is onboard's, which also adds this (built-in) model to the allowlist. */
  addsToAllowlist: boolean;
  /**
   * The fix is onboard's for another provider (moonshot-cn's choice writes `moonshot`), which
   * allows that provider's ref, not this one; `keep` is the variable that keeps this ref, as
   * the gateway is started with it: `MOONSHOT_API_KEY=<key from platform.moonshot.cn>`;
   * `keepCaveat` what else that variable changes (`, but moonshot reads that variable too …`);
   * `onboarded`: that onboarding was done, and the fix is the other provider's ref itself.
   */
  otherProvider?: { keep: string | undefined; keepCaveat?: string; onboarded?: boolean };
}

export function notAllowedAnswer(
  ref: string,
  missingKey: MissingKeyStep | undefined,
): { reason: string; hint: string } {
  const entry = `add "${ref}": {} under agents.defaults.models in the gateway's config`;
  if (!missingKey) {
    return {
      reason: `${ref} is not in the allowlist (agents.defaults.models), so this gateway does not serve it`,
      hint: `${entry}; it applies without a restart`,
    };
  }
  const reason = `${ref} is not in the allowlist (agents.defaults.models), and provider ${missingKey.provider} has no API key, so this gateway does not serve it`;
  if (missingKey.otherProvider) {
    const { keep, keepCaveat = "", onboarded = false } = missingKey.otherProvider;
    const asItIs = keep
      ? `. Or, to use ${ref} as it is: ${entry}, and restart the gateway with ${keep} in its environment${keepCaveat}`
      : "";
    const applies = onboarded ? "" : "; it applies without a restart";
    return { reason, hint: `${missingKey.fix}${applies}${asItIs}` };
  }
  if (missingKey.addsToAllowlist) {
    return {
      reason,
      hint: `${missingKey.fix}: it stores a key for ${missingKey.provider} and adds its models, this one among them, to agents.defaults.models (it also makes one of them the default model); it applies without a restart`,
    };
  }
  return {
    reason,
    hint: `${entry}, and give ${missingKey.provider} a key: ${missingKey.fix}; both apply without a restart`,
  };
}
