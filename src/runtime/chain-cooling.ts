/**
 * The cooldowns as a run's chain sees them: whether a model (or the key it uses) is cooling,
 * whether a cooling model is skipped or tried anyway (nothing else can answer; a benched key's
 * probe is due), what a skip is told, how long until some model can be called, and the bench a
 * failure puts on a model or its key.
 */
import type { ResolvedKey } from "../auth/types.js";
import { baseUrlSetting, baseUrlWhere } from "../catalog/base-url-setting.js";
import type { KeySource, ResolvedModel } from "../catalog/types.js";
import { missingApiPathAdvice } from "../providers/base-url-path.js";
import { ProviderError, type ProviderErrorClass } from "../providers/errors.js";
import {
  type CooldownDurations,
  type CooldownEntry,
  type Cooldowns,
  cooldownFor,
  failurePhrase,
  noApiBenchRef,
} from "./cooldowns.js";
import { needsKey } from "./missing-key.js";
import { configuredUserAgent, refusedClientSkip, sameRefusedClient } from "./refused-client.js";
import { isRefusedKey, type RefusedKeyFix, refusedKeySkip } from "./refused-key.js";

/** How often a benched key is tried anyway while nothing else can answer. */
export const BENCHED_KEY_PROBE_MS = 30_000;

export interface ChainCoolingOptions {
  cooldowns: Cooldowns;
  durations: CooldownDurations;
  clock: () => number;
  /** The key of a model (none for a model that needs none, or has none). */
  keyOf: (model: ResolvedModel) => ResolvedKey | undefined;
  /** The environment public endpoints are known in, for what a skipped refused key is told. */
  env: Record<string, string | undefined>;
  /** What a skipped refused key is told to do (the CLI's words when left out). */
  refusedKeyFix?: RefusedKeyFix | undefined;
  /** Where a skipped refused key was read from, in words (`$MOONSHOT_API_KEY` when left out). */
  keyPlaceOf?: ((source: KeySource) => string) | undefined;
}

export interface ChainCooling {
  /**
   * The skip of `model` (at `index` of `candidates`) when it cools: a cooling model or key is
   * skipped while something not cooling remains further down the chain; when nothing was
   * attempted yet and all that is left cools, one of them is tried anyway (its probe noted).
   * Undefined when `model` is to be called.
   */
  skip(
    model: ResolvedModel,
    key: ResolvedKey | undefined,
    candidates: readonly ResolvedModel[],
    index: number,
    attemptedAny: boolean,
  ): ProviderError | undefined;
  /** Benches `model` or its key after `error`, as its class asks (none for most). */
  bench(
    model: ResolvedModel,
    key: ResolvedKey | undefined,
    error: ProviderError,
    retryAfter: number | undefined,
  ): void;
  /**
   * Milliseconds until some of `models` can be called again: what a client is told to wait.
   * Undefined when one can be called now.
   */
  left(models: readonly ResolvedModel[]): number | undefined;
}

export function createChainCooling(options: ChainCoolingOptions): ChainCooling {
  const { cooldowns, durations, clock, keyOf, env, refusedKeyFix, keyPlaceOf } = options;

  /**
   * Why `model` is cooling: the model's cooldown or its key's, whichever ends later (a benched
   * key outlasts a model's short pause); undefined when neither is cooling.
   */
  function coolingReason(model: ResolvedModel, key: ResolvedKey | undefined) {
    const ofModel = modelBench(model);
    const ofKey = keyBench(model, key);
    if (!ofModel || !ofKey) return ofModel ?? ofKey;
    return ofKey.until >= ofModel.until ? ofKey : ofModel;
  }

  /**
   * The bench of `model` itself, if it holds for the base URL `model` has now: one benched for no
   * API at its base URL goes out at once when that base URL was fixed.
   */
  function modelBench(model: ResolvedModel) {
    const atBaseUrl = (bench: CooldownEntry | undefined) =>
      bench?.noApiAt !== undefined && bench.noApiAt !== model.baseUrl ? undefined : bench;
    const own = atBaseUrl(cooldowns.model(model.ref));
    // Its provider's, when another of its models found no API at the base URL it has too.
    const provider = atBaseUrl(cooldowns.model(noApiBenchRef(model.provider)));
    if (!own || !provider) return own ?? provider;
    return provider.until > own.until ? provider : own;
  }

  /**
   * The bench of `model`'s key, if it holds for `model`: a client refused for its User-Agent is
   * not `model` once it sends another one (its header was fixed), which goes out at once.
   */
  function keyBench(model: ResolvedModel, key: ResolvedKey | undefined) {
    const bench = key ? cooldowns.key(key.fingerprint) : undefined;
    if (bench?.reason === "forbidden_client" && !sameRefusedClient(bench.refusal, model))
      return undefined;
    // A key refused by one endpoint (the other platform's key) may be right at another.
    const refusedAt = bench?.refusal?.baseUrl;
    if (
      bench &&
      isRefusedKey(bench.reason) &&
      refusedAt !== undefined &&
      refusedAt !== model.baseUrl
    )
      return undefined;
    return bench;
  }

  /**
   * When a benched key (a used-up balance, a refused key) was last tried anyway, by fingerprint:
   * while nothing else can answer, one request every BENCHED_KEY_PROBE_MS goes to the provider,
   * so a balance topped up or a key fixed is found without waiting out the bench or a restart.
   */
  const benchedKeyProbes = new Map<string, number>();

  /**
   * What the last probe of a key benched for a used-up balance got instead of that refusal (a
   * server error, a timeout), by fingerprint: the provider did not say the balance again, so
   * whether it is back is not known, which a skip says rather than the earlier refusal alone (a
   * 429 rate limit says it is back: see keyTakenBy).
   * Kept with the end of the bench it was got under, so that it is told of that bench only.
   */
  const probeAnswers = new Map<string, { answer: ProviderErrorClass; benchUntil: number }>();

  /**
   * The bench each benched key's last probe was sent under (its end), by fingerprint: what the
   * probe is answered tells of that bench, not of one a request still in flight started later.
   */
  const probedBenches = new Map<string, number>();

  /**
   * Whether `error`, got by `model`'s probe of `key` while it is benched (a used-up balance, a
   * refused key or client), says the provider takes the key again: a 429 rate limit or overload
   * is the provider accepting the key (and the client), its balance checked, and only busy. A
   * server error, a timeout or a 503 tells nothing.
   */
  function keyTakenBy(model: ResolvedModel, key: ResolvedKey, error: ProviderError): boolean {
    const benched = keyBench(model, key);
    return (
      benched !== undefined &&
      probedBenches.get(key.fingerprint) === benched.until &&
      (error.errorClass === "rate_limit" || error.errorClass === "overloaded") &&
      error.status === 429
    );
  }

  /** Whether `key` is benched and its next probe is not due yet (starting its probe clock). */
  function benchedWithoutProbe(key: ResolvedKey | undefined): boolean {
    if (!key || !cooldowns.key(key.fingerprint)) return false;
    const last = benchedKeyProbes.get(key.fingerprint);
    if (last === undefined) benchedKeyProbes.set(key.fingerprint, clock());
    return last === undefined || clock() - last < BENCHED_KEY_PROBE_MS;
  }

  /**
   * Of `models`, all cooling, the one to try anyway: never one whose key is benched (a used-up
   * balance or a refused key fails again, whatever the wait) unless its probe is due, else the
   * one whose cooldown ends first (the chain's order among equals). Undefined when every key is
   * benched and no probe is due.
   */
  function lastResort(models: readonly ResolvedModel[]): ResolvedModel | undefined {
    let best: ResolvedModel | undefined;
    let bestUntil = Number.POSITIVE_INFINITY;
    for (const model of models) {
      if (keyBench(model, keyOf(model))) continue;
      const until = modelBench(model)?.until ?? 0;
      if (until < bestUntil) {
        best = model;
        bestUntil = until;
      }
    }
    return best ?? models.find((model) => !benchedWithoutProbe(keyOf(model)));
  }

  /** When the benched key `fingerprint` is next tried while nothing else can answer. */
  function nextProbeAt(fingerprint: string): number {
    return (benchedKeyProbes.get(fingerprint) ?? clock()) + BENCHED_KEY_PROBE_MS;
  }

  /**
   * When `model` can be called again: the end of its cooldown, or for a benched key its next
   * probe when that comes first (a balance topped up is found then, not at the bench's end).
   * Undefined when it is not cooling.
   */
  function availableAt(model: ResolvedModel): number | undefined {
    const key = keyOf(model);
    const cooling = coolingReason(model, key);
    if (!cooling) return undefined;
    return key && keyBench(model, key)
      ? Math.min(cooling.until, nextProbeAt(key.fingerprint))
      : cooling.until;
  }

  /**
   * Milliseconds until some of `models` can be called again (see availableAt): what a client is
   * told to wait. Undefined when one can be called now.
   */
  function coolingLeft(chain: readonly ResolvedModel[]): number | undefined {
    // A model without its key is never called, however long the others cool.
    const models = chain.filter(callable);
    let soonest = Number.POSITIVE_INFINITY;
    for (const model of models) {
      const at = availableAt(model);
      if (at === undefined) return undefined;
      soonest = Math.min(soonest, at);
    }
    return models.length > 0 ? Math.max(1, soonest - clock()) : undefined;
  }

  /** Why `model` was skipped: its own cooldown, or the bench of the key it uses (which names it). */
  function skipped(
    model: ResolvedModel,
    key: ResolvedKey | undefined,
    cooling: CooldownEntry,
  ): ProviderError {
    const seconds = (at: number) => Math.max(1, Math.ceil((at - clock()) / 1000));
    const benched = key && keyBench(model, key) === cooling;
    // A refused key is wrong, and a refused client too, not resting: what to fix and where, not
    // how long it waits.
    if (benched && (isRefusedKey(cooling.reason) || cooling.reason === "forbidden_client")) {
      const told = isRefusedKey(cooling.reason)
        ? refusedKeySkip(
            model,
            key,
            cooling.reason,
            cooling.refusal?.hint,
            env,
            refusedKeyFix,
            keyPlaceOf,
          )
        : refusedClientSkip(model, cooling.refusal);
      return new ProviderError({
        errorClass: cooling.reason,
        ...told,
        provider: model.provider,
        model: model.id,
      });
    }
    // No API at its provider's base URL (its own 404 or a sibling's): the address to fix, as the
    // 404 itself said, not "a not-found error", which reads as a model id to change.
    if (!benched && cooling.noApiAt !== undefined) {
      return new ProviderError({
        errorClass: cooling.reason,
        message: `${model.ref} skipped for ${seconds(cooling.until)}s: no API answered at its provider's base URL on an earlier request`,
        hint: missingApiPathAdvice(model.baseUrl, model.provider, baseUrlSetting(model)),
        noApiAtBaseUrl: true,
        where: baseUrlWhere(model),
        provider: model.provider,
        model: model.id,
      });
    }
    // A used-up balance or plan, in the words of its refusal: what ran out and when it comes back
    // (a Kimi Code plan names its window), rather than how long the key sits out.
    const said = benched && cooling.reason === "quota" ? cooling.refusal : undefined;
    const answered = said && key ? probeAnswers.get(key.fingerprint) : undefined;
    const probed = answered?.benchUntil === cooling.until ? answered.answer : undefined;
    const message = said?.message
      ? `${model.ref} not tried: the API key of provider ${model.provider} ran out of balance or quota on an earlier request: ${said.message}${probed ? `; its last try got ${failurePhrase(probed)} instead, which does not tell whether the balance is back` : ""}`
      : benched
        ? `${model.ref} skipped: the API key of provider ${model.provider} is benched for ${seconds(cooling.until)}s after ${failurePhrase(cooling.reason)}`
        : `${model.ref} skipped: cooling down for ${seconds(cooling.until)}s after ${failurePhrase(cooling.reason)}`;
    const probes =
      key && keyBench(model, key)
        ? `while no other model can answer, the key is tried again every ${BENCHED_KEY_PROBE_MS / 1000} s, next in ${seconds(nextProbeAt(key.fingerprint))}s (a balance topped up or a key fixed is found then)`
        : undefined;
    const hint = said?.hint && probes ? `${said.hint}; until then, ${probes}` : probes;
    return new ProviderError({
      errorClass: cooling.reason,
      message,
      ...(hint ? { hint } : {}),
      provider: model.provider,
      model: model.id,
    });
  }

  /** Whether a request can go to `model` at all: it has its key, or needs none. */
  function callable(model: ResolvedModel): boolean {
    return keyOf(model) !== undefined || !needsKey(model);
  }

  function skip(
    model: ResolvedModel,
    key: ResolvedKey | undefined,
    candidates: readonly ResolvedModel[],
    index: number,
    attemptedAny: boolean,
  ): ProviderError | undefined {
    const cooling = coolingReason(model, key);
    if (!cooling) return undefined;
    // A later model without its key cannot answer in this one's place: passing this one over
    // for it would answer a rate limit that has passed with that model's missing key.
    const rest = candidates.slice(index + 1).filter(callable);
    const laterFree = rest.some((later) => !coolingReason(later, keyOf(later)));
    const tryAnyway =
      !laterFree && !attemptedAny && lastResort([model, ...rest])?.ref === model.ref;
    // A benched key tried anyway is its probe: the next one is due BENCHED_KEY_PROBE_MS on.
    const probedBench = tryAnyway && key ? keyBench(model, key) : undefined;
    if (probedBench && key) {
      benchedKeyProbes.set(key.fingerprint, clock());
      probedBenches.set(key.fingerprint, probedBench.until);
    }
    return tryAnyway ? undefined : skipped(model, key, cooling);
  }

  function bench(
    model: ResolvedModel,
    key: ResolvedKey | undefined,
    error: ProviderError,
    retryAfter: number | undefined,
  ): void {
    const bench = cooldownFor(error.errorClass, retryAfter, durations);
    const keyBenched = key ? cooldowns.key(key.fingerprint) : undefined;
    // The key is taken again (its balance back, or the refusal over), only busy: no longer
    // benched, its model cooling as after any rate limit (for at least its Retry-After), and
    // called again once that has passed.
    if (key && keyTakenBy(model, key, error)) {
      cooldowns.clearKey(key.fingerprint);
      benchedKeyProbes.delete(key.fingerprint);
      probedBenches.delete(key.fingerprint);
      probeAnswers.delete(key.fingerprint);
    } else if (key && bench?.target !== "key" && keyBenched?.reason === "quota")
      probeAnswers.set(key.fingerprint, { answer: error.errorClass, benchUntil: keyBenched.until });
    if (bench?.target === "key" && key) {
      probeAnswers.delete(key.fingerprint);
      cooldowns.coolKey(key.fingerprint, bench.ms, error.errorClass, {
        message: error.message,
        ...(error.hint !== undefined ? { hint: error.hint } : {}),
        ...(error.errorClass === "forbidden_client"
          ? { userAgent: configuredUserAgent(model) }
          : {}),
        ...(isRefusedKey(error.errorClass) ? { baseUrl: model.baseUrl } : {}),
      });
      // The probes of a benched key count from its failure (which a client is told).
      benchedKeyProbes.set(key.fingerprint, clock());
    }
    if (bench?.target === "model")
      cooldowns.coolModel(
        model.ref,
        bench.ms,
        error.errorClass,
        error.noApiAtBaseUrl ? model.baseUrl : undefined,
      );
    // No API at the base URL: every model of the provider there, not this one only.
    if (bench?.target === "model" && error.noApiAtBaseUrl)
      cooldowns.coolModel(noApiBenchRef(model.provider), bench.ms, error.errorClass, model.baseUrl);
  }

  return { skip, bench, left: coolingLeft };
}
