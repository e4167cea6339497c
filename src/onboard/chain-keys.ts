/**
 * Whether the default chain has a key to answer with, as `models status` and `doctor` say it.
 * Each member without one is named: a person who fixes the one named key would otherwise find
 * the next member keyless too, one run at a time.
 */
import type { MutedChainMember, ResolvedModel } from "../catalog/index.js";
import type { ProviderKeyStatus } from "./models-view.js";

export interface ChainKeyProblem {
  problem: string;
  hint: string | undefined;
}

/**
 * A member ahead of the one that answers the default which has no key: each request tries it,
 * fails without calling out, and falls back, so the default still answers (a warning, not a failure).
 */
export interface KeylessChainMember {
  ref: string;
  /** `agents.defaults.model.primary`, `agents.defaults.model.fallbacks[0]`. */
  path: string;
  /** `file:line` of `path`, when the config file writes it. */
  origin?: string;
  provider: string;
  /** The member that answers in its place: the first one with a key. */
  answeredBy: string;
  /** What gives its provider a key (its onboard command). */
  hint?: string;
  /** What happens, as `doctor` says it (with `hint` on its own line). */
  message: string;
  /** The whole sentence with the hint, as `models status` warns it. */
  warning: string;
}

/** Where a chain member is written: `agents.defaults.model.primary` or `…fallbacks[i]`. */
export function chainMemberPath(
  ref: string,
  primary: string | undefined,
  fallbacks: readonly string[],
) {
  if (ref === primary) return "agents.defaults.model.primary";
  const index = fallbacks.indexOf(ref);
  return index >= 0 ? `agents.defaults.model.fallbacks[${index}]` : "agents.defaults.model";
}

/**
 * The chain's `models`, none of which has a key, as nothingAnswersSentence names them: each with
 * where it is written (`originOf` gives its file:line) and `fixOf`'s way to give it a key.
 */
export function keylessMutedMembers(
  models: readonly ResolvedModel[],
  primary: string | undefined,
  fallbacks: readonly string[],
  originOf: (path: string) => string | undefined,
  fixOf: (model: ResolvedModel, index: number) => string | undefined,
): MutedChainMember[] {
  return models.map((model, index) => {
    const path = chainMemberPath(model.ref, primary, fallbacks);
    return {
      ref: model.ref,
      path,
      origin: originOf(path),
      reason: `no usable key for ${model.provider}`,
      fix: fixOf(model, index),
    };
  });
}

/**
 * Why the default cannot be answered for want of a key, or undefined when a member has one. A
 * default of one model names its provider; when no member of a chain of several has a key, every
 * one is named with its path and provider, and the hint says what gives each provider a key (any
 * one of them is enough). A later member with a key answers the runs: no problem then, and
 * keylessChainMembers says which members it answers for.
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
  // A later member with a key answers every request: keylessChainMembers warns of the rest.
  if (chain.length > 1 && !chain.every(keyless)) return undefined;
  // A chain that leaves members out says so in nothingAnswersSentence, in place of this one.
  if (chain.length === 1) {
    return {
      problem: `no usable key for ${answering.provider} (the default model's provider)`,
      hint: keyStatus(answering.provider).missingHint,
    };
  }
  const reasons = chain.map(
    (model) =>
      `${model.ref} (${chainMemberPath(model.ref, primary, fallbacks)}): no usable key for ${model.provider}`,
  );
  const providers = [...new Set(chain.map((model) => model.provider))];
  const hints = providers.map(
    (provider) => `for ${provider}, ${keyStatus(provider).missingHint ?? "run: openclaw onboard"}`,
  );
  return {
    problem: `no model of the default chain has a usable key: ${reasons.join("; ")}`,
    hint: `a key for any one of them is enough: ${hints.join("; ")}`,
  };
}

/**
 * The members of a chain of several, ahead of the first with a key, that have none: a request
 * falls back past each to the member that answers. Empty when the first member has a key, or when
 * none has (chainKeyProblem fails the chain then).
 */
export function keylessChainMembers(
  chain: readonly ResolvedModel[],
  primary: string | undefined,
  fallbacks: readonly string[],
  keyStatus: (provider: string) => ProviderKeyStatus,
  originOf: (path: string) => string | undefined = () => undefined,
): KeylessChainMember[] {
  const keyless = (model: ResolvedModel) => {
    const key = keyStatus(model.provider);
    return key.keyRequired && !key.active;
  };
  const answering = chain.find((model) => !keyless(model));
  if (!answering) return [];
  return chain.slice(0, chain.indexOf(answering)).map((model) => {
    const path = chainMemberPath(model.ref, primary, fallbacks);
    // Placed as a member left out for a config problem is: the person edits that line.
    const origin = originOf(path);
    const hint = keyStatus(model.provider).missingHint ?? "run: openclaw onboard";
    const message = `the default chain's ${model.ref} (${path}${origin ? `, ${origin}` : ""}) has no usable key for ${model.provider}: each request falls back past it and ${answering.ref} answers instead`;
    return {
      ref: model.ref,
      path,
      ...(origin ? { origin } : {}),
      provider: model.provider,
      answeredBy: answering.ref,
      hint,
      message,
      warning: `${message}; to use it, ${hint}`,
    };
  });
}
