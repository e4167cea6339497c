/**
 * The runtime: resolve the model chain, check the request fits, pick the key, call the transport
 * with retries, fall back down the chain, and report usage and cost.
 *
 * Retry rules, in order:
 * - a cancelled call stops at once, nothing more is tried;
 * - once any text, reasoning or tool-call event reached the caller, a failure is reported as is:
 *   neither a retry nor a fallback may repeat what was already shown;
 * - retryable classes (rate limit, overloaded, server, network, timeout) are retried on the same
 *   model with backoff + jitter, waiting at least `Retry-After`; never quota/balance or auth;
 * - then the next model of the chain, skipping models or keys that are cooling down as long as
 *   some other candidate remains; when all cool, the one whose cooldown ends first is tried,
 *   never one whose key is benched (a used-up balance, a refused key);
 * - a run that fails throws the last failure of a model a request was sent to; one of a model
 *   passed over (no key, no transport) only when none was sent, a skip only when nothing else
 *   happened; a run that went past several models tells what happened to each (chain-failure.ts).
 */

import {
  checkKey,
  type FindKeyHome,
  replaceKeyFix,
  type UnsetKeyReference,
  type WrongProfileKey,
} from "../auth/index.js";
import { createKeyHomeFinderUnder } from "../auth/key-home.js";
import type { ResolvedKey } from "../auth/types.js";
import {
  type Catalog,
  isAllowed,
  namesDefaultChain,
  resolveDefaultChain,
  resolveModel,
} from "../catalog/index.js";
import type { RetiredFixWords } from "../catalog/retired-object-edit.js";
import type { ApiKind, KeySource, ResolvedModel } from "../catalog/types.js";
import { OpenClawError } from "../errors.js";
import { alwaysThinksWhy } from "../providers/always-thinks.js";
import { ProviderError } from "../providers/errors.js";
import { isThinkingOn, offersWebSearch, searchReady } from "../providers/index.js";
import type { ChatRequest, Transport, TransportCall } from "../providers/types.js";
import { checkCallOptions, holds } from "../util/call-options.js";
import { type CallbackArgument, callbackArgumentProblem } from "../util/callback-argument.js";
import {
  abortableSleep,
  Cancellation,
  type CancelSignal,
  sharedFollower,
} from "../util/cancellation.js";
import { extendableCopy } from "../util/extendable-copy.js";
import { monotonicNow } from "../util/monotonic-clock.js";
import type { OptionNames } from "../util/option-names.js";
import { pushToPull } from "../util/push-to-pull.js";
import { isInstance } from "../util/thrown-value.js";
import { failureToAnswerWith } from "./answering-failure.js";
import { AttemptRelay, type DoneEvent, type StartNotes, sendAttempt } from "./attempt-relay.js";
import { asProviderError, cancelledError } from "./call-failure.js";
import {
  type CallerKeyLookup,
  callerKeyPlace,
  callerMissingKeyError,
  callerRefusedKeyFix,
} from "./caller-key-lookup.js";
import { cannotSearchError } from "./cannot-search.js";
import { createChainCooling } from "./chain-cooling.js";
import { notePassedOver } from "./chain-failure.js";
import { checkChainSource } from "./chain-source.js";
import { checkRuntimeRetry, runOptionsProblem } from "./check-request.js";
import {
  type CooldownDurations,
  type Cooldowns,
  createCooldowns,
  DEFAULT_COOLDOWNS,
} from "./cooldowns.js";
import { interruptedAfterOutput } from "./cut-answer.js";
import { providerBaseUrl } from "./detour-standing.js";
import { everySkipped } from "./every-skipped.js";
import {
  correctedRequest,
  correctionFor,
  failed,
  sameModelRetryDelay,
} from "./failure-next-step.js";
import { FixedSamplingRules } from "./fixed-sampling.js";
import { sampledRequest } from "./known-fixed-sampling.js";
import { type DetourStandingOf, missingKeyError, needsKey } from "./missing-key.js";
import { otherRegionReach } from "./other-region-reach.js";
import {
  type CountlessBaseUrls,
  contextTooLongError,
  prepareExactly,
  prepareLocally,
  tooLongSkip,
} from "./prepare-request.js";
import {
  createQuotaResetFinder,
  type FindQuotaReset,
  mayBeUsedUpPlan,
  needsQuotaReset,
  rateLimitAsUsedUpPlan,
  withQuotaReset,
} from "./quota-reset.js";
import { isRefusedKey, type RefusedKeyFix, refusalNamingKey } from "./refused-key.js";
import { refusedKeyConfig } from "./refused-key-config.js";
import {
  type AskByName,
  notFoundNamingReplacement,
  type ServedByName,
} from "./retired-not-found.js";
import { resolveRetryPolicy } from "./retry.js";
import { asRunChain, type ChainResolver, leftOutFirst, runCandidates } from "./run-candidates.js";
import { RunDeadline } from "./run-deadline.js";
import { runFailureOf } from "./run-failure.js";
import { finishedRunResult, newRunState, type RunState, toldRunFailure } from "./run-report.js";
import { countTokensRemote, hasTokenCountEndpoint } from "./token-count.js";
import { transportFor } from "./transport-for.js";
import type {
  RetryPolicy,
  RunOptions,
  RunResult,
  Runtime,
  RuntimeEvent,
  RuntimeSink,
} from "./types.js";
import { noteOnStart, runSearching, SEARCH_NOT_RUN_NOTE } from "./web-search-loop.js";
import { countAfterLimitRefusal } from "./window-refusal.js";

export { BENCHED_KEY_PROBE_MS } from "./chain-cooling.js";
export type { ChainResolver, RunChain } from "./run-candidates.js";

/** Finds the key to call a model with; undefined when it has none. */
export type KeyLookup = (model: ResolvedModel) => ResolvedKey | undefined;

/** What createRuntime takes: the models (`catalog` or `resolveChain`) and how to find their keys. */
export interface CreateRuntimeOptions {
  /** The catalog to resolve refs, aliases and the primary's fallback chain in. */
  catalog?: Catalog | undefined;
  /** Turns a ref / alias / undefined into the models to try, primary first (wins over `catalog`). */
  resolveChain?: ChainResolver | undefined;
  /**
   * The key of a model: what `toResolvedKey(key, source)` builds (createKeyResolver's lookup
   * does), or undefined when it has none; anything else (the key as a string, null, a promise)
   * fails the run with code `resolve_key.not_a_key` (startGateway's too), `where` `resolveKey`.
   * Called without waiting. It is the only key lookup: a model it returns undefined for fails
   * (`provider.auth`, `where` `resolveKey`) saying this function returned no key for it, not
   * openclaw's places to set.
   */
  resolveKey: KeyLookup;
  /** One transport per wire API; the built-in ones (on the shared connection pool) otherwise. */
  transports?: Partial<Record<ApiKind, Transport>> | undefined;
  /** How often and how long a failed call is tried again (DEFAULT_RETRY for what is left out). */
  retry?: Partial<RetryPolicy> | undefined;
  /** Shared cooldown table (a gateway passes one for its lifetime); a fresh one otherwise. */
  cooldowns?: Cooldowns | undefined;
  /** Shared table of learned sampling values (a gateway keeps one across reloads). */
  sampling?: FixedSamplingRules | undefined;
  /** How long a model failing for each reason is passed over (DEFAULT_COOLDOWNS otherwise). */
  cooldownDurations?: Partial<CooldownDurations> | undefined;
  /** Milliseconds for cooldowns and latency, of which only differences count (a monotonic one). */
  clock?: (() => number) | undefined;
  /** The wait between tries, ended by the signal; a test passes one that does not wait. */
  sleep?: ((ms: number, signal?: CancelSignal) => Promise<void>) | undefined;
  /** A number from 0 to 1 for the jitter of retry waits (Math.random otherwise). */
  random?: (() => number) | undefined;
  /** Exact token counter (defaults to Moonshot's endpoint); injectable for tests. */
  countTokens?: typeof countTokensRemote | undefined;
  /**
   * The environment public endpoints are known in (OPENCLAW_MOONSHOT_AI_BASE_URL and the like
   * move them), for what a refused key is told: process.env by default.
   */
  env?: Record<string, string | undefined> | undefined;
  /**
   * Where a key Moonshot or Kimi Code refused works instead (the other region, the other
   * provider), so the error can say so; by default asks those endpoints, with the overrides of
   * the process environment.
   */
  findKeyHome?: FindKeyHome | undefined;
  /**
   * Why a model's key sources hold no usable key, when some hold something unusable (the docs'
   * `sk-...` placeholder, an empty value): one sentence without the key, or undefined.
   */
  explainMissingKey?: ((model: ResolvedModel) => string | undefined) | undefined;
  /**
   * The config file's `file:line` of a key source written there (a provider's apiKey, the `env`
   * block's variable), for the `where` of a missing key; undefined for one it does not hold.
   */
  placeKeySource?: ((source: KeySource) => string | undefined) | undefined;
  /**
   * The stored profiles of a model's provider that refer to a variable the environment does not
   * set (`onboard --secret-input-mode ref`), for a missing key's `where` (the profile) and hint
   * (`export MOONSHOT_API_KEY=<key>`); none by default.
   */
  unsetKeyReferences?: ((model: ResolvedModel) => UnsetKeyReference[]) | undefined;
  /**
   * The stored profiles of a model's provider holding a placeholder or a key copied wrong
   * (`Bearer sk-…`), for a missing key's `where` (the profile) and hint (what to change there,
   * not to set it again); none by default.
   */
  wrongProfileKeys?: ((model: ResolvedModel) => WrongProfileKey[]) | undefined;
  /**
   * The words before `openclaw onboard` in a missing or refused key's hint
   * (`OPENCLAW_STATE_DIR=/that/dir `) when the keys are read from another state dir than the
   * shell's; none by default.
   */
  onboardPrefix?: string | undefined;
  /**
   * The places after the key in use that hold a key of their own for the model's provider
   * (`$MOONSHOT_API_KEY` behind a stored profile), as a person edits them: a refusal of the key
   * in use says they are not tried, for a caller who put its key there and finds another sent.
   */
  keysPassedOver?: ((model: ResolvedModel, used: ResolvedKey) => string[]) | undefined;
  /**
   * When a used-up Kimi Code plan resets, for what its refusal is told (the refusal names no
   * time); by default asks Kimi Code's `/usages` with the key, briefly, at most once a minute.
   */
  findQuotaReset?: FindQuotaReset | undefined;
}

const CREATE_RUNTIME_OPTIONS = {
  catalog: true,
  resolveChain: true,
  resolveKey: true,
  transports: true,
  retry: true,
  cooldowns: true,
  sampling: true,
  cooldownDurations: true,
  clock: true,
  sleep: true,
  random: true,
  countTokens: true,
  env: true,
  findKeyHome: true,
  explainMissingKey: true,
  placeKeySource: true,
  unsetKeyReferences: true,
  wrongProfileKeys: true,
  onboardPrefix: true,
  keysPassedOver: true,
  findQuotaReset: true,
} as const satisfies OptionNames<CreateRuntimeOptions>;

/**
 * What the library's own doors (openRuntime, startGateway) tell a runtime beside the options a
 * program may pass: kept out of CreateRuntimeOptions, as its wording is the library's to change.
 */
export interface RuntimeInternals {
  /**
   * What ends a missing key's hint in place of `run: openclaw onboard …` (undefined: that
   * command): a runtime from a config object, or for another agent, names what its program passes.
   */
  missingKeyAdvice?: ((model: ResolvedModel) => string | undefined) | undefined;
  /**
   * What a refused key's hint says to do in place of `put the right key in … (read when openclaw
   * starts), or store one with: openclaw onboard …` (undefined: those words).
   */
  refusedKeyFix?: RefusedKeyFix | undefined;
  /**
   * For a missing key whose onboarding stores another provider's (moonshot-cn's): whether that
   * was done already, and who else reads the variable its hint says to export.
   */
  missingKeyStanding?: DetourStandingOf | undefined;
  /**
   * `resolveKey` is the program's own (startGateway's, createRuntime's): a refused key is told as
   * that function's, not as one read from the place its source names (callerRefusedKeyFix), and
   * a missing one as that function's to return, not openclaw's places to set (callerMissingKeyError).
   */
  callerKeyLookup?: CallerKeyLookup | undefined;
  /**
   * Whether a client that asks for a ref by name is served it (a gateway's directory): a retired
   * model's 404, for a run asked for by alias, then also says to ask for the replacement in the
   * alias's place. Undefined (agent, a program's runtime): that is not said.
   */
  servedByName?: ServedByName | undefined;
  /**
   * How the CLI's person asks for a model by name (`--model …`), in a retired model's 404 hint.
   * Undefined, with no `servedByName`: a program, told to pass the run's `model` option.
   */
  askByName?: AskByName | undefined;
  /**
   * How a retired model's 404 hint says its fix: the words before each `openclaw` command (a
   * gateway's whose config a plain shell does not read: `OPENCLAW_STATE_DIR=… `), or the edit of
   * the config object a program's gateway was given. Undefined: bare commands.
   */
  fixWords?: RetiredFixWords | undefined;
  /**
   * How the caller asks for the default chain, in the hint of a model asked for by name that
   * failed where a fallback would help (undefined: `ask for openclaw/default`): the CLI's flag.
   */
  askForDefault?: string | undefined;
}

export function createRuntime(
  options: CreateRuntimeOptions,
  internals: RuntimeInternals = {},
): Runtime {
  checkCallOptions("createRuntime", options, CREATE_RUNTIME_OPTIONS, [
    { name: "resolveKey", shape: "(model) => ResolvedKey | undefined", holds: holds.function },
  ]);
  checkRuntimeRetry("createRuntime", options.retry);
  checkChainSource(options);
  // Only differences of it are used (cooldowns, probe intervals, latency): a clock that only
  // moves forward, so a wall-clock step neither ends a cooldown early nor stretches it.
  const clock = options.clock ?? monotonicNow;
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const cooldowns = options.cooldowns ?? createCooldowns(clock);
  /** `model` answered with `key`, whole or in part: neither is benched any longer. */
  const answeredWith = (model: ResolvedModel, key: ResolvedKey | undefined): void => {
    cooldowns.clearModel(model.ref);
    if (key) cooldowns.clearKey(key.fingerprint);
  };
  const durations: CooldownDurations = { ...DEFAULT_COOLDOWNS, ...options.cooldownDurations };
  const countTokens = options.countTokens ?? countTokensRemote;
  /** Base URLs found to have no token-count endpoint (a proxy that passes chat only). */
  const countless: CountlessBaseUrls = new Set();
  const env = options.env ?? process.env;
  const findQuotaReset = options.findQuotaReset ?? createQuotaResetFinder({ clock });
  const defaultPolicy = resolveRetryPolicy(options.retry);
  const sampling = options.sampling ?? new FixedSamplingRules();
  const catalog = options.catalog;
  // Where the catalog sends each provider's requests: a refused key's advice names a ref that
  // reaches the other Moonshot region under it (none known without a catalog).
  const catalogBaseUrlOf =
    catalog === undefined ? undefined : (provider: string) => providerBaseUrl(catalog, provider);
  /** Whether the catalog's allowlist lets a ref through, for that advice (all without a catalog). */
  const catalogAllows =
    catalog === undefined ? undefined : (ref: string) => isAllowed(catalog, ref);
  const findKeyHome =
    options.findKeyHome ??
    createKeyHomeFinderUnder(env, checkKey, catalog === undefined ? {} : refusedKeyConfig(catalog));
  const resolveChain: ChainResolver =
    options.resolveChain ??
    (catalog
      ? (ref) =>
          ref !== undefined && !namesDefaultChain(ref)
            ? [resolveModel(catalog, ref)]
            : resolveDefaultChain(catalog)
      : () => {
          throw new OpenClawError("internal", "createRuntime needs a catalog or resolveChain");
        });

  // A refused key's onboard command carries the state dir's words a missing key's does.
  const onboardPrefix = options.onboardPrefix;
  const callerKeyLookup = internals.callerKeyLookup;
  // A program's own lookup names itself first: the place its key's source names is its word.
  const refusedKeyFix: RefusedKeyFix | undefined =
    (callerKeyLookup ? callerRefusedKeyFix(callerKeyLookup) : undefined) ??
    internals.refusedKeyFix ??
    (onboardPrefix
      ? (model: ResolvedModel, source: KeySource) =>
          replaceKeyFix(model, source, env, onboardPrefix)
      : undefined);

  /**
   * A refused key, told with where it was read from and what to do; a provider's refusal also
   * with where the key works instead (the other region, the other provider), when it does.
   */
  async function namingKey(
    error: ProviderError,
    model: ResolvedModel,
    key: ResolvedKey,
  ): Promise<ProviderError> {
    const home =
      error.errorClass === "auth" && error.status !== undefined
        ? await findKeyHome(model.baseUrl, model.provider, key.value, model.id, model.baseUrlAt)
        : undefined;
    return refusalNamingKey(
      error,
      model,
      key,
      home,
      env,
      options.keysPassedOver?.(model, key),
      refusedKeyFix,
      catalogBaseUrlOf && otherRegionReach(model, catalogBaseUrlOf, env, catalogAllows),
    );
  }

  /** The key of `model` (none for a model that needs none, or has none). */
  const keyOf = (model: ResolvedModel) => options.resolveKey(model);
  const cooling = createChainCooling({
    cooldowns,
    durations,
    clock,
    keyOf,
    env,
    refusedKeyFix,
    keyPlaceOf: callerKeyLookup && ((source) => callerKeyPlace(callerKeyLookup, source)),
  });

  /**
   * The whole run, push style: every event goes to `emit` as it happens (a returned promise is
   * waited for: backpressure); resolves with the result. One implementation behind `relay`,
   * `complete` and `stream`. What `emit` throws or rejects with ends the run as is. What a run
   * that failed did is kept with its error (`runFailureOf`).
   */
  async function execute(
    runOptions: RunOptions,
    streaming: boolean,
    emit: RuntimeSink,
    deadline: RunDeadline | undefined,
  ): Promise<RunResult> {
    const state = newRunState();
    try {
      return await runChain(runOptions, streaming, emit, state, deadline);
    } catch (error) {
      throw toldRunFailure(
        await withPlanResets(error, state),
        state,
        cooling.left,
        defaultChainBeside(runOptions.model),
        internals.askForDefault,
      );
    }
  }

  /**
   * The refs of the catalog's default chain when `asked` names another model (none when it names
   * that chain, without a catalog, or when the chain cannot be resolved): its fallbacks are what
   * a failure of the model asked for by name can turn to.
   */
  function defaultChainBeside(asked: string | undefined): string[] {
    if (catalog === undefined || namesDefaultChain(asked)) return [];
    try {
      return resolveDefaultChain(catalog).models.map((model) => model.ref);
    } catch {
      return [];
    }
  }

  /**
   * `error`, and the failures of the models the run moved on from (whose hints a chain failure
   * tells too), each used-up Kimi Code plan among them that names no time with when it resets.
   * Kimi Code is asked only when one of them is such a plan, all at once, and once per key (the
   * lookup remembers a key's answer a minute): a run that failed otherwise waits for nothing.
   */
  async function withPlanResets(error: unknown, state: RunState): Promise<unknown> {
    const plans = [...new Set([error, ...state.movedOnFrom])].filter(needsQuotaReset);
    if (plans.length === 0) return error;
    const told = new Map(
      await Promise.all(
        plans.map(async (plan) => [plan, await withPlanReset(plan, state)] as const),
      ),
    );
    const moved = state.movedOnFrom;
    moved.splice(0, moved.length, ...moved.map((failure) => told.get(failure) ?? failure));
    return (error instanceof ProviderError && told.get(error)) || error;
  }

  /**
   * `error`, a used-up Kimi Code plan that names no time, with when the plan resets (asked of
   * Kimi Code with the refused model's key); as it is when that is unknown.
   */
  async function withPlanReset(error: ProviderError, state: RunState): Promise<ProviderError> {
    const model = state.candidates.find(
      (candidate) => candidate.provider === error.provider && candidate.id === error.model,
    );
    const key = model && keyOf(model);
    if (!model || !key) return error;
    return withQuotaReset(error, await findQuotaReset(model, key), Date.now());
  }

  async function runChain(
    runOptions: RunOptions,
    streaming: boolean,
    emit: RuntimeSink,
    state: RunState,
    deadline: RunDeadline | undefined,
  ): Promise<RunResult> {
    const started = clock();
    const requestedModel = runOptions.model ?? "openclaw/default";
    const resolved = asRunChain(resolveChain(runOptions.model));
    const chain = resolved.models;
    state.chain = chain;
    state.leftOutFirst = leftOutFirst(resolved);
    const candidates = runCandidates(
      chain,
      runOptions.request,
      requestedModel,
      catalog,
      internals.fixWords,
    );
    const policy = runOptions.retry
      ? resolveRetryPolicy(options.retry, runOptions.retry)
      : defaultPolicy;
    const signal = runOptions.signal;
    state.candidates = candidates;
    const failedAttempts = state.failedAttempts;
    /** The last failure of a model a request was sent to: what a fallback event says. */
    let lastError: ProviderError | undefined;
    /**
     * Each model's last failure, of those a request was sent to and the run moved on from: the
     * caller is told one of them, as their classes and statuses are what it can act on (a rate
     * limit passes; a fallback's missing key, which says nothing of the primary's failure, does
     * not).
     */
    const movedOnFrom = state.movedOnFrom;
    /** The last model passed over without a skip (no key, no transport): told when none was sent. */
    let lastPassedOver: ProviderError | undefined;
    /** The cooldown skips, in the chain's order: told only when nothing else happened. */
    const skips: ProviderError[] = [];
    let tooLong: { model: ResolvedModel; estimate: number } | undefined;
    let attemptedAny = false;
    /** A model not called (cooling, no transport, no key, too long): noted, and the next one told. */
    const passOn = async (
      model: ResolvedModel,
      error: ProviderError,
      next: ResolvedModel | undefined,
      cooled = false,
    ): Promise<void> => {
      failedAttempts.push(notePassedOver(failed(model, error), cooled));
      if (next) await emit({ type: "fallback", from: model.ref, to: next.ref, error });
    };

    for (let index = 0; index < candidates.length; index++) {
      // As it was found to be: a model the config calls non-reasoning may think unasked.
      let model = sampling.effective(candidates[index] as ResolvedModel);
      const next = candidates[index + 1];
      const key = keyOf(model);
      // The run's budget spent on the models before: this one is not tried (the run says so).
      if (deadline && index > 0 && deadline.spentBefore(model.ref)) break;

      // Skip a cooling model/key while something not cooling remains further down the chain;
      // when nothing was attempted yet and all that is left cools, one of them is tried anyway
      // (`lastResort`).
      const skipError = cooling.skip(model, key, candidates, index, attemptedAny);
      if (skipError) {
        skips.push(skipError);
        await passOn(model, skipError, next, true);
        continue;
      }

      // Moonshot's $web_search does not run while a model thinks: a model known to think
      // whatever it is sent would only be refused, so a later one in the chain searches, and
      // alone it is not sent the request at all.
      const thinksWhy = searchBlockedWhy(model, runOptions.request);
      if (thinksWhy !== undefined) {
        const cannot = cannotSearchError(model, thinksWhy, next !== undefined);
        lastPassedOver = cannot;
        await passOn(model, cannot, next);
        continue;
      }

      // A provider whose `api` has no transport cannot take it: the next model is tried.
      const transport = transportFor(model, options.transports);
      if (transport instanceof ProviderError) {
        lastPassedOver = transport;
        await passOn(model, transport, next);
        continue;
      }

      if (!key && needsKey(model)) {
        const noKey = callerKeyLookup
          ? callerMissingKeyError(model, callerKeyLookup, options.explainMissingKey)
          : missingKeyError(
              model,
              options.explainMissingKey,
              options.placeKeySource,
              env,
              options.unsetKeyReferences,
              options.onboardPrefix,
              internals.missingKeyAdvice,
              internals.missingKeyStanding,
              options.wrongProfileKeys,
            );
        lastPassedOver = noKey;
        state.keyFixes.push({ model: model.ref, hint: noKey.hint, missing: noKey });
        await passOn(model, noKey, next);
        continue;
      }

      // Only an exact token count needs to wait for anything.
      const prepared =
        runOptions.exactTokenCount && hasTokenCountEndpoint(model)
          ? await prepareExactly(model, runOptions, key?.value, countTokens, countless)
          : prepareLocally(model, runOptions);
      if ("tooLong" in prepared) {
        if (!tooLong) tooLong = { model, estimate: prepared.tooLong };
        await passOn(model, tooLongSkip(model, prepared.tooLong), next);
        continue;
      }
      attemptedAny = true;

      const sampled = sampledRequest(sampling, model, prepared.request);
      let request = sampled.request;
      let thinking = sampled.thinking;
      /** Said on the first `start` of this model's attempts (as a refusal's retry said it once). */
      const startNotes: StartNotes = {
        prepared: prepared.note,
        known: sampled.known,
        learned: sampled.learned,
        fallbackMayFollow: next !== undefined,
      };
      let corrections = 0;
      /**
       * The window the provider refused this model's request against (its limit may not be the
       * configured contextWindow) and the input counted beside it: what the lowered cap was
       * sized by.
       */
      let refusedWindow: { limit: number; inputTokens: number } | undefined;
      let attempt = 0;
      let moveOn = false;
      while (!moveOn) {
        attempt++;
        if (signal?.aborted) throw cancelledError(model, signal, signal.reason);
        state.called = model;
        const relay = new AttemptRelay(emit, clock, startNotes);
        let done: DoneEvent;
        try {
          const call: TransportCall = {
            model,
            apiKey: key?.value,
            request,
            stream: streaming,
          };
          if (signal) call.signal = signal;
          const timeouts = deadline
            ? deadline.attemptTimeouts(runOptions.timeouts)
            : runOptions.timeouts;
          if (timeouts) call.timeouts = timeouts;
          done = await sendAttempt(transport, call, relay);
        } catch (thrown) {
          // The provider was answering with this key before the attempt ended (the caller gone,
          // the stream cut): it took the key, as an answer it finished would have shown. A key
          // benched for a used-up balance whose probe a client cancelled is no longer benched.
          if (relay.emitted) answeredWith(model, key);
          // The consumer's own failure (a client gone, a slow reader) is its to report.
          if (relay.consumerFailure) {
            state.endedMidAttempt = true;
            throw relay.consumerFailure.error;
          }
          if (signal?.aborted) {
            state.cancelledInFlight = true;
            state.endedMidAttempt = true;
            throw cancelledError(model, signal, thrown);
          }
          // A request the transport refused to build (bad tool schema, image for a text-only
          // model…) is the caller's to fix: neither a retry nor another model changes it.
          // (What a program's transport threw may be anything: asked without trusting it.)
          if (isInstance(thrown, OpenClawError) && !isInstance(thrown, ProviderError)) throw thrown;
          let error = asProviderError(thrown, model);
          if (error.errorClass === "cancelled") {
            state.endedMidAttempt = true;
            throw error;
          }
          // A refused key: where it was read from, and where it may be right instead.
          if (isRefusedKey(error.errorClass) && key) error = await namingKey(error, model, key);
          // A 404 for an id openclaw's list marks retired: the hint names its replacement.
          error = notFoundNamingReplacement(
            error,
            model,
            catalog,
            runOptions.model,
            internals.servedByName,
            internals.fixWords,
            internals.askByName,
          );
          // Kimi Code says "too many requests" of a used-up plan too: its /usages tells which.
          if (key && mayBeUsedUpPlan(error, model.baseUrl))
            error = rateLimitAsUsedUpPlan(error, await findQuotaReset(model, key), Date.now());
          lastError = error;
          const callerCapped = runOptions.request.maxTokens !== undefined;
          const capLowered = refusedWindow !== undefined;
          // A refusal over the window that told the limit alone: the input is counted to lower
          // the cap by.
          const counted = await countAfterLimitRefusal(
            error,
            {
              model,
              request,
              apiKey: key?.value,
              emitted: relay.emitted,
              callerCapped,
              capLowered,
              signal,
            },
            countTokens,
            countless,
          );
          // A sampling value or thinking switch this model does not take: send what it takes,
          // now and later. A corrected request is not another try of the same one, and the
          // refusal it answers is no failed attempt (the run reports it as a correction).
          const correction = correctionFor(
            sampling,
            {
              model,
              request,
              thinking,
              emitted: relay.emitted,
              corrections,
              callerCapped,
              capLowered,
              counted,
            },
            error,
          );
          if (correction) {
            state.corrections.push(correctedRequest(model, error, correction.event));
            if (correction.window) refusedWindow = correction.window;
            model = sampling.effective(model);
            request = correction.request;
            thinking = isThinkingOn(model, request);
            corrections++;
            state.retries++;
            await emit({
              type: "retry",
              model: model.ref,
              attempt,
              delayMs: 0,
              error,
              ...correction.event,
            });
            attempt--;
            continue;
          }
          failedAttempts.push(failed(model, error));
          if (relay.emitted) throw interruptedAfterOutput(model, error);

          const delayMs = sameModelRetryDelay(error, attempt, policy, random);
          // A retry whose wait ends past the run's budget could not answer in time: the next
          // model of the chain is tried instead, while time is left.
          const pastDeadline =
            delayMs !== undefined && deadline?.retryPasses(error, delayMs) === true;
          if (delayMs !== undefined && !pastDeadline) {
            state.retries++;
            await emit({ type: "retry", model: model.ref, attempt, delayMs, error });
            try {
              await sleep(delayMs, signal);
            } catch (aborted) {
              throw cancelledError(model, signal, aborted);
            }
            continue;
          }
          cooling.bench(model, key, error, error.retryAfterMs);
          // A refusal of $web_search by a model that turned out to think always (it refused
          // thinking off just now): the next model in the chain may stop thinking and search.
          const searchRefused =
            next !== undefined &&
            error.errorClass === "bad_request" &&
            searchBlockedWhy(model, request) !== undefined;
          if (!error.fallbackWorthy && !searchRefused && !pastDeadline) throw error;
          if (!pastDeadline) deadline?.movedOn(error);
          movedOnFrom.push(error);
          moveOn = true;
          break;
        }

        // Success.
        if (!model.reasoning && done.message.reasoning_content && request.thinking !== "off")
          sampling.learnThinksUnasked(model);
        answeredWith(model, key);
        const result = finishedRunResult(state, {
          model,
          index,
          request,
          done,
          requestedModel,
          streaming,
          started,
          firstTokenAt: relay.firstTokenAt,
          now: clock(),
          droppedMessages: prepared.droppedMessages,
          callerCapped: runOptions.request.maxTokens !== undefined,
          // A cap sent again lowered after the provider's own count of the input: the input is
          // what that count left beside it in the window the provider counts against.
          ...(refusedWindow !== undefined
            ? {
                inputTokens: Math.max(0, refusedWindow.inputTokens),
                contextWindow: refusedWindow.limit,
              }
            : { inputTokens: prepared.inputTokens, contextWindow: model.contextWindow }),
        });
        const last = emit({ type: "result", result });
        if (last) await last;
        return result;
      }
      if (next)
        await emit({
          type: "fallback",
          from: model.ref,
          to: next.ref,
          error: lastError as ProviderError,
        });
    }

    // The budget ran out before a model answered: each model's failure, and the budget.
    if (deadline?.ended) throw deadline.error(candidates.length > 1);
    if (!attemptedAny && tooLong)
      throw contextTooLongError(tooLong.model, tooLong.estimate, runOptions.request);
    // Of the failures upstream, the one a caller can act on best (see answering-failure.ts).
    const answering = failureToAnswerWith(movedOnFrom);
    state.answeringReason = answering?.reason;
    const final = answering?.failure ?? lastPassedOver ?? everySkipped(skips);
    if (final) throw final;
    throw new OpenClawError(
      "no_model_available",
      `no model could take the request for "${requestedModel}"`,
    );
  }

  /**
   * Why `model` cannot take `request`, which offers $web_search: it cannot stop thinking (it
   * refused the switch in this process, or its config says so), and Moonshot refuses the tool
   * then. Undefined when it can (or the request offers no search).
   */
  function searchBlockedWhy(model: ResolvedModel, request: ChatRequest): string | undefined {
    if (!offersWebSearch(request)) return undefined;
    return sampling.refusedSwitch(model) ? "it refused thinking off" : alwaysThinksWhy(model);
  }

  /** Why the model `ref` names thinks even when sent thinking off, by its config (see alwaysThinksWhy). */
  function thinksAlways(ref: string): string | undefined {
    try {
      const model = asRunChain(resolveChain(ref)).models[0];
      return model?.ref === ref ? alwaysThinksWhy(model) : undefined;
    } catch {
      // A ref this runtime cannot resolve says nothing about how the model thinks.
      return undefined;
    }
  }

  /**
   * `execute`, or the web-search loop around it for a `webSearch` run. A request that offers
   * `$web_search` itself (its caller answers the calls) is sent as the tool needs it.
   */
  function run(runOptions: RunOptions, streaming: boolean, emit: RuntimeSink): Promise<RunResult> {
    // One budget for the whole run: a web search's requests share it.
    const budget = runOptions.budgetMs;
    const deadline =
      budget === undefined || budget <= 0
        ? undefined
        : new RunDeadline(budget, clock() + budget, clock);
    if (runOptions.webSearch && runOptions.request.toolChoice === "none") {
      // The model may call no tool: no search can happen, and thinking is not turned off for one.
      const plain = extendableCopy<RunOptions>(runOptions, { webSearch: false });
      return execute(plain, streaming, noteOnStart(emit, SEARCH_NOT_RUN_NOTE), deadline);
    }
    if (runOptions.webSearch) {
      // Each round's run counts its own retries: the run's are all of them.
      let retries = 0;
      const counting: RuntimeSink = (event) => {
        if (event.type === "retry") retries++;
        else if (event.type === "result") event.result.retries = retries;
        return emit(event);
      };
      return runSearching(
        runOptions,
        streaming,
        counting,
        (round, sink) => execute(round, streaming, sink, deadline),
        clock,
        thinksAlways,
        (ref) => sampling.refusedSwitch({ ref }),
      ).catch((error: unknown) => {
        const failure = runFailureOf(error);
        if (failure) failure.retries = retries;
        throw error;
      });
    }
    if (!offersWebSearch(runOptions.request)) return execute(runOptions, streaming, emit, deadline);
    const ready = searchReady(runOptions.request, false);
    return execute(
      extendableCopy<RunOptions>(runOptions, { request: ready.request }),
      streaming,
      noteOnStart(emit, ready.adjustment),
      deadline,
    );
  }

  return {
    // What a caller passed is checked once, at the door (`request.invalid` naming the field; a
    // sink that is no function, `usage`).
    relay: (runOptions, sink) =>
      refused(runOptions, RELAY_SINK, sink) ?? run(followingShared(runOptions), true, sink),
    complete: (runOptions, sink) =>
      refused(runOptions, COMPLETE_SINK, sink) ??
      run(followingShared(runOptions), false, sink ?? ignore),
    stream: (runOptions) => {
      const problem = runOptionsProblem(runOptions);
      if (problem) return failedStream(problem);
      return streamOf(followingShared(runOptions), (options, sink) => run(options, true, sink));
    },
  };
}

/**
 * The run's options with the caller's AbortSignal swapped for its shared follower, so that calls
 * sharing one signal add one listener to it between them, not one each (see `sharedFollower`).
 */
function followingShared(runOptions: RunOptions): RunOptions {
  const signal = runOptions.signal;
  if (!signal) return runOptions;
  const follower = sharedFollower(signal);
  return follower === signal
    ? runOptions
    : extendableCopy<RunOptions>(runOptions, { signal: follower });
}

/** A run refused before it started, or undefined when its options and sink are fine. */
function refused(
  runOptions: RunOptions,
  sinkArgument: CallbackArgument,
  sink: unknown,
): Promise<never> | undefined {
  const problem = runOptionsProblem(runOptions) ?? callbackArgumentProblem(sinkArgument, sink);
  return problem ? Promise.reject(problem) : undefined;
}

const RELAY_SINK: CallbackArgument = {
  call: "relay",
  name: "sink",
  position: "second",
  optional: false,
  otherwise: "or call complete(options) for the result alone, or iterate stream(options)",
};

const COMPLETE_SINK: CallbackArgument = {
  call: "complete",
  name: "sink",
  position: "second",
  optional: true,
  otherwise: "or leave it out: complete resolves with the result",
};

/** A stream refused at the door: its first step rejects with the refusal, nothing is sent. */
async function* failedStream(error: Error): AsyncGenerator<RuntimeEvent> {
  yield* [];
  throw error;
}

function ignore(): void {}

/**
 * `execute` as an async iterator: events queue up and are handed out one by one; the run waits
 * while the consumer is behind. A consumer that stops early cancels the run (and its upstream).
 */
function streamOf(
  runOptions: RunOptions,
  execute: (options: RunOptions, sink: RuntimeSink) => Promise<RunResult>,
): AsyncGenerator<RuntimeEvent> {
  const outer = runOptions.signal;
  const controller = new Cancellation();
  const forwardAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) forwardAbort();
  else outer?.addEventListener("abort", forwardAbort, { once: true });
  let answered: RunResult | undefined;
  return pushToPull<RuntimeEvent>(
    (sink) =>
      execute(extendableCopy<RunOptions>(runOptions, { signal: controller }), sink).then(
        (result) => {
          answered = result;
          return result;
        },
      ),
    (finished) => {
      outer?.removeEventListener("abort", forwardAbort);
      // Stopped early (or failed): whatever still runs is cancelled.
      if (!finished) controller.abort(new Error("the consumer stopped reading"));
    },
    outer && {
      // A consumer that aborts gets no more events, also of an answer already received whole
      // (one read can carry all of it): the stream ends as a cancelled run does.
      active: () => outer.aborted,
      error: () => cancelledError(refParts(answered?.model ?? ""), outer, outer.reason),
    },
  );
}

/** A model ref's parts, for an error about a run that finished (its result names the ref). */
function refParts(ref: string): Pick<ResolvedModel, "ref" | "provider" | "id"> {
  const slash = ref.indexOf("/");
  return { ref, provider: ref.slice(0, slash), id: ref.slice(slash + 1) };
}
