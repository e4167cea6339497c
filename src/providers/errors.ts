import { type ContextOverflow, OpenClawError, type OpenClawErrorJson } from "../errors.js";
import { roundUsdFields } from "../util/usd.js";
import { isLastingConnectFailure } from "./connect-failure.js";
import type { Cost, Usage } from "./types.js";

/** What went wrong upstream, in terms a retry policy and a person can act on. */
export const PROVIDER_ERROR_CLASSES = [
  "auth",
  "wrong_region",
  "forbidden_client",
  "not_found",
  "rate_limit",
  "overloaded",
  "quota",
  "context_length",
  "bad_request",
  "content_filter",
  "server",
  "network",
  /** A proxy on the way answered 407: it wants a login, or refused the one its URL carries. */
  "proxy_auth",
  /**
   * Something on the network answered in place of the API with a web page (a captive portal's
   * sign-in: a hotel's or a guest Wi-Fi's): the network wants a sign-in, not the provider.
   */
  "network_login",
  "timeout",
  "cancelled",
] as const;
/** What kind of failure a `ProviderError` is: one of `PROVIDER_ERROR_CLASSES`. */
export type ProviderErrorClass = (typeof PROVIDER_ERROR_CLASSES)[number];

/**
 * What an answer had already spent when one of its requests failed after others had answered (a
 * web-search exchange: the model's search call, then the answer with the results). The provider
 * bills those requests and the searches whatever happens next.
 */
export interface AccruedUsage {
  /** Usage the provider reported for the requests that answered; undefined when it reported none. */
  usage: Usage | undefined;
  /** Their cost at the model's prices. */
  cost: Cost;
  /** The searches Moonshot ran (and bills) before the failure. */
  webSearches: readonly {
    /** The id of the model's `$web_search` call. */
    callId: string;
    /**
     * The tokens the search's results add to the next request, as the call's arguments state them
     * (`usage.total_tokens`); undefined when they state none.
     */
    tokens: number | undefined;
  }[];
  /**
   * The failed request's tokens, estimated (the prompt from what it sent, the completion from what
   * streamed), when the provider had begun to answer it and never reported its usage: those are
   * billed too. Absent when the provider refused the request.
   */
  unreported?: {
    /** The prompt's tokens, estimated from what the request sent. */
    promptTokens: number;
    /** The completion's tokens, estimated from what streamed before the failure. */
    completionTokens: number;
  };
}

/**
 * The failed request had been accepted and begun to be answered (some of its stream came), so
 * the provider bills it: the usage the provider reported before the failure, or undefined when
 * it reported none (its tokens are then unknown, not zero).
 */
export interface AnsweredBeforeFailure {
  /** Usage the provider reported before the failure; undefined when none (tokens unknown, not zero). */
  usage: Usage | undefined;
}

/** What a `ProviderError` is made of (its constructor's argument). */
export interface ProviderErrorDetails {
  /** What kind of failure it is; the error's `code` becomes `provider.<errorClass>`. */
  errorClass: ProviderErrorClass;
  /** What went wrong, in words (never the key). */
  message: string;
  /** Provider id of the failed request. */
  provider: string;
  /** Model id of the failed request. */
  model: string;
  /** HTTP status, when the provider answered. */
  status?: number;
  /** The provider's own `error.type`. */
  providerType?: string;
  /** `x-trace-id` (or similar) from the response, for support tickets. */
  traceId?: string;
  /** Milliseconds the provider asked us to wait (Retry-After). */
  retryAfterMs?: number;
  /** What to do about it. */
  hint?: string;
  /**
   * The place to fix, when it is known to be one (the file:line of the provider's baseUrl for a
   * request that could not reach it, of its apiKey for a missing key); the model ref otherwise.
   */
  where?: string;
  /** The error underneath (a socket's, a parse failure), kept as the error's `cause`. */
  cause?: unknown;
  /** What the answer had spent before this request failed (see AccruedUsage). */
  accrued?: AccruedUsage;
  /** Set when the provider had begun to answer this request (see AnsweredBeforeFailure). */
  answered?: AnsweredBeforeFailure;
  /** A context-length refusal's counts, when the provider told them (see ContextOverflow). */
  overflow?: ContextOverflow;
  /**
   * The 404 came from the host, not the API (a base URL without its /v1): no model of the
   * provider is answered until its base URL is fixed.
   */
  noApiAtBaseUrl?: boolean;
}

/** Classes worth another attempt against the same model and key. */
const RETRYABLE: ReadonlySet<ProviderErrorClass> = new Set([
  "rate_limit",
  "overloaded",
  "server",
  "network",
  "timeout",
]);

/** Classes after which a fallback model may still succeed. */
const FALLBACK_WORTHY: ReadonlySet<ProviderErrorClass> = new Set([
  "auth",
  "wrong_region",
  "forbidden_client",
  "not_found",
  "rate_limit",
  "overloaded",
  "quota",
  "server",
  "network",
  // Not retried (the proxy answers the same until its login changes), but the next model may
  // go another way: directly (NO_PROXY, loopback) or through the other variable's proxy.
  "proxy_auth",
  // Not retried either (the page answers until someone signs in), but the next model may be on
  // this machine or reached another way.
  "network_login",
  "timeout",
  "context_length",
]);

/**
 * A provider call that failed: `code` is `provider.<class>` (`provider.auth`, `provider.rate_limit`,
 * `provider.cancelled`, …), with the provider, model, HTTP status and whether a retry may help.
 */
export class ProviderError extends OpenClawError {
  /**
   * What kind of failure it is (one of PROVIDER_ERROR_CLASSES); `code` is `provider.<errorClass>`.
   */
  readonly errorClass: ProviderErrorClass;
  /** The provider id of the model that failed (`moonshot`, `kimi-code`). */
  readonly provider: string;
  /** The model id within that provider (`kimi-k2.5`). */
  readonly model: string;
  /** HTTP status, when the provider answered. */
  readonly status: number | undefined;
  /** The provider's own `error.type`, when it sent one. */
  readonly providerType: string | undefined;
  /** `x-trace-id` (or similar) from the response, for support tickets. */
  readonly traceId: string | undefined;
  /** Milliseconds the provider asked to wait before trying again (Retry-After). */
  readonly retryAfterMs: number | undefined;
  /**
   * Usage, cost and searches of the requests of the same answer that came before the one that
   * failed (a web-search exchange); undefined when this was the answer's first request.
   */
  readonly accrued: AccruedUsage | undefined;
  /** Set when the provider had begun to answer the failed request (see AnsweredBeforeFailure). */
  readonly answered: AnsweredBeforeFailure | undefined;
  /**
   * True when the 404 came from the host rather than its API (a base URL without its /v1): the
   * model is not what is wrong, the provider's base URL is.
   */
  readonly noApiAtBaseUrl: boolean;

  constructor(details: ProviderErrorDetails) {
    super(`provider.${details.errorClass}`, details.message, {
      ...(details.hint ? { hint: details.hint } : {}),
      where: details.where ?? `${details.provider}/${details.model}`,
      cause: details.cause,
      ...(details.overflow ? { overflow: details.overflow } : {}),
    });
    // A cancellation is named as fetch and Node name theirs, so `name === "AbortError"` checks
    // work; `code` (`provider.cancelled`) is the stable test.
    this.name = details.errorClass === "cancelled" ? "AbortError" : "ProviderError";
    this.errorClass = details.errorClass;
    this.provider = details.provider;
    this.model = details.model;
    this.status = details.status;
    this.providerType = details.providerType;
    this.traceId = details.traceId;
    this.retryAfterMs = details.retryAfterMs;
    this.accrued = details.accrued;
    this.answered = details.answered;
    this.noApiAtBaseUrl = details.noApiAtBaseUrl === true;
  }

  /**
   * Whether the same request may succeed when sent again later (a rate limit, an overload, a 5xx, a
   * network failure or a timeout).
   */
  get retryable(): boolean {
    if (!RETRYABLE.has(this.errorClass)) return false;
    // An untrusted certificate or a host DNS does not know fails the same on every try: three
    // tries only made the user wait for the same error (another model may still go elsewhere).
    return !(this.errorClass === "network" && isLastingConnectFailure(systemCodeOf(this.cause)));
  }

  /** Whether another model (a fallback) may answer where this one failed. */
  get fallbackWorthy(): boolean {
    return FALLBACK_WORTHY.has(this.errorClass);
  }

  /** The same failure told another way (a message that says more, a hint that fits), caused by this one. */
  retold(words: {
    message?: string;
    hint: string;
    errorClass?: ProviderErrorClass;
  }): ProviderError {
    return new ProviderError({
      // The rest still holds whatever the words: the wait the provider asked for (a gateway's
      // Retry-After), what the answer had spent, the counts of a context-length refusal.
      ...this.details(),
      errorClass: words.errorClass ?? this.errorClass,
      message: words.message ?? this.message,
      hint: words.hint,
      cause: this,
    });
  }

  /** The same failure, with what the answer had spent before it (see AccruedUsage). */
  withAccrued(accrued: AccruedUsage): ProviderError {
    return new ProviderError({ ...this.details(), accrued, cause: this });
  }

  /** The same failure, knowing the provider had begun to answer it (see AnsweredBeforeFailure). */
  withAnswered(answered: AnsweredBeforeFailure): ProviderError {
    return new ProviderError({ ...this.details(), answered });
  }

  /** What this error was made of, for another like it (retold, withAccrued, withAnswered). */
  private details(): ProviderErrorDetails {
    return {
      errorClass: this.errorClass,
      message: this.message,
      provider: this.provider,
      model: this.model,
      ...(this.status !== undefined ? { status: this.status } : {}),
      ...(this.providerType ? { providerType: this.providerType } : {}),
      ...(this.traceId ? { traceId: this.traceId } : {}),
      ...(this.retryAfterMs !== undefined ? { retryAfterMs: this.retryAfterMs } : {}),
      ...(this.hint ? { hint: this.hint } : {}),
      ...(this.where ? { where: this.where } : {}),
      ...(this.overflow ? { overflow: this.overflow } : {}),
      ...(this.accrued ? { accrued: this.accrued } : {}),
      ...(this.answered ? { answered: this.answered } : {}),
      ...(this.noApiAtBaseUrl ? { noApiAtBaseUrl: true } : {}),
      cause: this.cause,
    };
  }

  override toJSON(): OpenClawErrorJson & Record<string, unknown> {
    return {
      ...super.toJSON(),
      class: this.errorClass,
      provider: this.provider,
      model: this.model,
      ...(this.status !== undefined ? { status: this.status } : {}),
      ...(this.providerType ? { providerType: this.providerType } : {}),
      ...(this.traceId ? { traceId: this.traceId } : {}),
      ...(this.retryAfterMs !== undefined ? { retryAfterMs: this.retryAfterMs } : {}),
      ...(this.accrued ? { accrued: accruedJson(this.accrued) } : {}),
      // A program tells a base URL to fix from a model to change without reading the words.
      ...(this.noApiAtBaseUrl ? { noApiAtBaseUrl: true } : {}),
    };
  }
}

/** `accrued` in `--json` output, in the shape a successful run's `usage`, `cost` and `webSearches` have. */
function accruedJson(accrued: AccruedUsage): Record<string, unknown> {
  return {
    usage: accrued.usage ?? null,
    cost: roundUsdFields(accrued.cost),
    webSearches: accrued.webSearches,
    ...(accrued.unreported ? { unreported: accrued.unreported } : {}),
  };
}

const SYSTEM_CODE = /^[A-Z][A-Z0-9_]*$/;

/** The system error code (`ENOTFOUND`, `DEPTH_ZERO_SELF_SIGNED_CERT`) behind a failure, if any. */
function systemCodeOf(cause: unknown): string | undefined {
  let error = cause;
  try {
    for (let depth = 0; depth < 4 && typeof error === "object" && error !== null; depth++) {
      const code = (error as { code?: unknown }).code;
      // Past openclaw's own codes (`provider.network` of a failure retold) to the system's.
      if (typeof code === "string" && SYSTEM_CODE.test(code)) return code;
      error = (error as { cause?: unknown }).cause;
    }
  } catch {
    // A cause a program's transport threw that cannot be read (a revoked Proxy) has no code.
  }
  return undefined;
}
