/**
 * Whether the default chain has a key to answer with, as `models status` and `doctor` say it.
 * Each member without one is named: a person who fixes the one named key would otherwise find
 * the next member keyless too, one run at a time.
 */
import type { ResolvedModel } from "../catalog/index.js";
import type { ProviderKeyStatus } from "./models-view.js";

export interface ChainKeyProblem {
  problem: string;
  hint: string | undefined;
}

/** Where a chain member is written: `agents.defaults.model.primary` or `…fallbacks[i]`. */
function memberPath(ref: string, primary: string | undefined, fallbacks: readonly string[]) {
  if (ref === primary) return "agents.defaults.model.primary";
  const index = fallbacks.indexOf(ref);
  return index >= 0 ? `agents.defaults.model.fallbacks[${index}]` : "agents.defaults.model";
}

/**
 * Why the model that answers the default (`chain[0]`) has no key, or undefined when it has one.
 * When no member of a chain of several has a key, every one is named with its path and provider,
 * and the hint says what gives each provider a key (any one of them is enough). A later member
 * with a key answers the runs: only the first is named then, as before.
 */
export function chainKeyProblem(
  chain: readonly ResolvedModel[],
  primary: string | undefined,
  fallbacks: readonly string[],
  keyStatus: (provider: string) => ProviderKeyStatus,
): ChainKeyProblem | undefined {
  const keyless = (model: ResolvedModel) => {
    const key = keyStatus(model.provider);
    return key.keyRequired && !key.active;
  };
  const answering = chain[0];
  if (!answering || !keyless(answering)) return undefined;
  if (chain.length === 1 || !chain.every(keyless)) {
    return {
      problem:
        answering.ref !== primary
          ? `no usable key for ${answering.provider} (the provider of ${answering.ref}, which answers the default in place of ${primary})`
          : `no usable key for ${answering.provider} (the default model's provider)`,
      hint: keyStatus(answering.provider).missingHint,
    };
  }
  const reasons = chain.map(
    (model) =>
      `${model.ref} (${memberPath(model.ref, primary, fallbacks)}): no usable key for ${model.provider}`,
  );
  const providers = [...new Set(chain.map((model) => model.provider))];
  const hints = providers.map(
    (provider) => `for ${provider}, ${keyStatus(provider).missingHint ?? "run: openclaw onboard"}`,
  );
  const leftOut =
    primary !== undefined && answering.ref !== primary
      ? ` (the default ${primary} is left out: its provider cannot be used)`
      : "";
  return {
    problem: `no model of the default chain has a usable key${leftOut}: ${reasons.join("; ")}`,
    hint: `a key for any one of them is enough: ${hints.join("; ")}`,
  };
}
