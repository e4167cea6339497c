/** The runtime's public surface. */

export { abortableSleep } from "../util/cancellation.js";
export type { CallerKeyLookup } from "./caller-key-lookup.js";
export type { CooldownDurations, CooldownEntry, Cooldowns, KeyRefusal } from "./cooldowns.js";
export {
  cooldownFor,
  createCooldowns,
  DEFAULT_COOLDOWNS,
  MAX_RETRY_AFTER_COOLDOWN_MS,
} from "./cooldowns.js";
export { addCost, addUsage, computeCost, formatUsd, ZERO_COST, ZERO_USAGE } from "./cost.js";
export type { FitResult, PromptCount } from "./estimate.js";
export {
  answerCapFromRefusal,
  estimateCutUsage,
  estimateMessageTokens,
  estimateRequestTokens,
  estimateTextTokens,
  fitConversation,
  reservedOutputTokens,
  splitTurns,
  withAnswerRoom,
} from "./estimate.js";
export { FixedSamplingRules, fixedSamplingFrom } from "./fixed-sampling.js";
export type { OpenedRuntime, OpenRuntimeOptions } from "./from-config.js";
export {
  adviseKeyedModelWhenNoDefault,
  defaultTransports,
  openRuntime,
  proxiedTransports,
} from "./from-config.js";
export { keySourcePlacer } from "./key-source-place.js";
export type { FindQuotaReset } from "./quota-reset.js";
export { withReasoningSlots } from "./reasoning.js";
export { backoffDelay, DEFAULT_RETRY, resolveRetryPolicy } from "./retry.js";
export type { RunFailure } from "./run-failure.js";
export { runFailureOf } from "./run-failure.js";
export type { ChainResolver, CreateRuntimeOptions, KeyLookup, RunChain } from "./runtime.js";
export { BENCHED_KEY_PROBE_MS, createRuntime } from "./runtime.js";
export type { ChainStep } from "./skipped-first.js";
export { countTokensRemote, hasTokenCountEndpoint } from "./token-count.js";
export type * from "./types.js";
