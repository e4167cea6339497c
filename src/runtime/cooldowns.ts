/**
 * In-memory cooldowns with expiry, per model ref and per key fingerprint. A cooling entry makes
 * the runtime skip that model (or every model using that key) while another candidate remains;
 * it never blocks the fallbacks. When everything is cooling, the model whose cooldown ends first
 * is tried anyway, unless its key is benched (quota, auth): that fails again, whatever the wait
 * (the runtime still probes a benched key now and then when nothing else can answer).
 */
import type { ProviderErrorClass } from "../providers/errors.js";
import { monotonicNow } from "../util/monotonic-clock.js";

/** Why a model or key is benched, and until when. */
export interface CooldownEntry {
  /** When the bench ends, in ms on the cooldowns' clock (`createCooldowns`' `now`: epoch-based, monotonic). */
  until: number;
  /** The failure that benched it. */
  reason: ProviderErrorClass;
  /** What the refusal that benched a key said to do, and which client it refused. */
  refusal?: KeyRefusal;
  /**
   * For a model benched because no API answered at its base URL (a base URL without its /v1):
   * that base URL. The model at another one (its base URL fixed, the gateway reloaded) is not
   * skipped for it, which it would otherwise be for the rest of the minute.
   */
  noApiAt?: string;
}

/**
 * A key's refusal as the requests it then skips tell it: its message and hint (where the key was
 * read from, which header the provider wants, when a plan resets), and for a refused client the User-Agent it refused ("" for
 * none), so that a model sending another one is not skipped for it. Kept with the bench, which
 * a gateway keeps across reloads (where a fixed header arrives).
 */
export interface KeyRefusal {
  /** The refusal's message: the provider's own words (a plan's "quota will reset when…"). */
  message?: string;
  /** What the refusal said to do. */
  hint?: string;
  /** For a refused client: the User-Agent it refused ("" for none). */
  userAgent?: string;
  /**
   * For a refused key: the endpoint that refused it. A key of the other platform is right at
   * another one, so a model sending it elsewhere (its base URL fixed) is not skipped for it.
   */
  baseUrl?: string;
}

/**
 * The bench of a whole provider at a base URL no API answered at (its entry's noApiAt): kept
 * among the models' benches under a name no model ref has (refs are `provider/id`). A base URL
 * without its /v1 fails every model of the provider alike, and each would otherwise pay its own
 * 404 before the chain moves on.
 */
export function noApiBenchRef(provider: string): string {
  return `\0no-api:${provider}`;
}

/** The runtime's benches of models (by ref) and keys (by fingerprint); an entry expires by itself. */
export interface Cooldowns {
  /** Benches model `ref` for `ms` milliseconds (an existing longer bench stays); 0 or less does nothing. */
  coolModel(ref: string, ms: number, reason: ProviderErrorClass, noApiAt?: string): void;
  /** Benches the key with `fingerprint` for `ms` milliseconds (an existing longer bench stays). */
  coolKey(fingerprint: string, ms: number, reason: ProviderErrorClass, refusal?: KeyRefusal): void;
  /** The model's bench, if it is benched now. */
  model(ref: string): CooldownEntry | undefined;
  /** The key's bench, if it is benched now. */
  key(fingerprint: string): CooldownEntry | undefined;
  /** `ref` answered: its bench goes, and its provider's for no API at its base URL. */
  clearModel(ref: string): void;
  /** Lifts the key's bench. */
  clearKey(fingerprint: string): void;
}

/** `now` is a clock that only moves forward by default: a wall-clock step moves no cooldown. */
export function createCooldowns(now: () => number = monotonicNow): Cooldowns {
  const models = new Map<string, CooldownEntry>();
  const keys = new Map<string, CooldownEntry>();
  const cool = (
    map: Map<string, CooldownEntry>,
    id: string,
    ms: number,
    reason: ProviderErrorClass,
    refusal?: KeyRefusal,
    noApiAt?: string,
  ) => {
    if (ms <= 0) return;
    const until = now() + ms;
    const existing = map.get(id);
    if (!existing || existing.until < until)
      map.set(id, {
        until,
        reason,
        ...(refusal ? { refusal } : {}),
        ...(noApiAt !== undefined ? { noApiAt } : {}),
      });
  };
  const read = (map: Map<string, CooldownEntry>, id: string) => {
    const entry = map.get(id);
    if (!entry) return undefined;
    if (entry.until <= now()) {
      map.delete(id);
      return undefined;
    }
    return entry;
  };
  return {
    coolModel: (ref, ms, reason, noApiAt) => cool(models, ref, ms, reason, undefined, noApiAt),
    coolKey: (fingerprint, ms, reason, refusal) => cool(keys, fingerprint, ms, reason, refusal),
    model: (ref) => read(models, ref),
    key: (fingerprint) => read(keys, fingerprint),
    clearModel: (ref) => {
      models.delete(ref);
      const slash = ref.indexOf("/");
      if (slash > 0) models.delete(noApiBenchRef(ref.slice(0, slash)));
    },
    clearKey: (fingerprint) => void keys.delete(fingerprint),
  };
}

/** How long a failure benches a model or a key. Zero means "no cooldown". */
export interface CooldownDurations {
  /** After retries on a rate limit ran out (or Retry-After was too long): at least Retry-After. */
  rateLimitMs: number;
  /** Bench of a model after an overloaded answer; at least its Retry-After. */
  overloadedMs: number;
  /** Bench of a model after a server error, a network failure or a timeout. */
  serverMs: number;
  /** Quota / balance exhausted: the key is benched (it will not recover by itself soon). */
  quotaMs: number;
  /** Bad key, wrong region, forbidden client: the key is benched. */
  authMs: number;
  /**
   * The provider does not know the model (an id it retired): the model is benched, so a chain
   * does not pay for the same 404 before every answer; short, as a fixed config must not wait.
   */
  notFoundMs: number;
}

/**
 * How long each kind of failure benches a model or a key: rate limit 30 s (or the provider's
 * longer `Retry-After`), overloaded 15 s, server error 10 s, quota 10 min, refused key 5 min,
 * model not found 1 min.
 */
export const DEFAULT_COOLDOWNS: CooldownDurations = {
  rateLimitMs: 30_000,
  overloadedMs: 15_000,
  serverMs: 10_000,
  quotaMs: 10 * 60_000,
  authMs: 5 * 60_000,
  notFoundMs: 60_000,
};

/**
 * The longest a provider's `Retry-After` benches a model: a day. A quota window of hours is
 * honoured whole; a wait of years (a broken header, `99999999999999999999`) would bench the model
 * until the gateway restarts, so after a day one request asks again and learns the wait anew.
 */
export const MAX_RETRY_AFTER_COOLDOWN_MS = 24 * 3_600_000;

/** Which cooldown a failure earns: `target` says whether the key or the model is benched. */
export function cooldownFor(
  errorClass: ProviderErrorClass,
  retryAfterMs: number | undefined,
  durations: CooldownDurations,
): { target: "key" | "model"; ms: number } | undefined {
  switch (errorClass) {
    case "quota":
      return { target: "key", ms: durations.quotaMs };
    case "auth":
    case "wrong_region":
    case "forbidden_client":
      return { target: "key", ms: durations.authMs };
    case "rate_limit":
      // Benching the model rather than the key keeps sibling models on the same key usable as
      // fallbacks (limits are per model tier as often as per account).
      return { target: "model", ms: Math.max(durations.rateLimitMs, askedWait(retryAfterMs)) };
    case "overloaded":
      return { target: "model", ms: Math.max(durations.overloadedMs, askedWait(retryAfterMs)) };
    case "server":
    case "network":
    case "timeout":
      return { target: "model", ms: durations.serverMs };
    case "not_found":
      return { target: "model", ms: durations.notFoundMs };
    default:
      return undefined;
  }
}

/**
 * A failure of a class as a phrase with its article, for "after a quota error": every class has
 * its own words (an auth error, a rate limit), none reads "a auth error".
 */
const FAILURE_PHRASES: Record<ProviderErrorClass, string> = {
  auth: "an auth error (the key was refused)",
  wrong_region: "a wrong-region error (the key belongs to the other platform)",
  forbidden_client: "a refusal of this client",
  not_found: "a not-found error",
  rate_limit: "a rate limit",
  overloaded: "an overloaded error",
  quota: "a quota error (the balance or quota ran out)",
  context_length: "a context-length error",
  bad_request: "a refused request",
  content_filter: "a content-filter refusal",
  server: "a server error",
  network: "a network error",
  proxy_auth: "a proxy's refusal of its login",
  network_login: "a network's sign-in page (a captive portal) in place of the API",
  timeout: "a timeout",
  cancelled: "a cancellation",
};

export function failurePhrase(errorClass: ProviderErrorClass): string {
  return FAILURE_PHRASES[errorClass];
}

function askedWait(retryAfterMs: number | undefined): number {
  return Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_COOLDOWN_MS);
}
