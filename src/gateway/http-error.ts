/**
 * Errors as OpenAI clients expect them: `{"error":{"message","type","param","code"}}` with the
 * matching HTTP status. Upstream failures (ProviderError) are mapped to statuses a client can act
 * on without mistaking them for a problem with its own gateway token.
 */

import type { RetiredFixWords } from "../catalog/retired-object-edit.js";
import {
  type ContextOverflow,
  isOpenClawError,
  type OpenClawError,
  ResolveKeyError,
} from "../errors.js";
import type { ProviderError, ProviderErrorClass } from "../providers/errors.js";
import { hintWithoutKeyFixes, ownHintOf, withNoteOnOwnHint } from "../runtime/chain-failure.js";
import {
  BENCHED_KEY_PROBE_MS,
  MAX_RETRY_AFTER_COOLDOWN_MS,
  runFailureOf,
} from "../runtime/index.js";
import { isKeyMissing } from "../runtime/key-missing.js";
import { KEY_RESULT_REFUSED } from "../util/caller-key-result.js";
import { maskKeyShapedNames } from "../util/key-shaped-names.js";
import { CALLER_KEY_LOOKUP_FAILED } from "./caller-key-resolver.js";
import { maximumContextLengthMessage } from "./context-length-wording.js";
import {
  keyMissingClientMessage,
  keyMissingHostMessage,
  PROVIDER_KEY_MISSING,
} from "./key-missing-answer.js";
import { withOpenAiRetryWait } from "./openai-retry-wording.js";
import type { Blame } from "./request-blame.js";
import { withFixWords } from "./scan-advice-words.js";

export type OpenAIErrorType =
  | "invalid_request_error"
  | "permission_error"
  | "not_found_error"
  | "rate_limit_error"
  | "insufficient_quota"
  | "upstream_error"
  | "timeout_error"
  | "server_error";

export class GatewayHttpError extends Error {
  readonly status: number;
  readonly type: OpenAIErrorType;
  readonly param: string | null;
  readonly code: string | null;
  /** Seconds for a Retry-After header. */
  readonly retryAfterSec: number | undefined;
  /**
   * The wait to the millisecond, when it is finer than the header's whole seconds (a provider's
   * `retry-after-ms` of 1500): a rate limit's message tells it so ("try again in 1.5s").
   */
  readonly retryAfterMs: number | undefined;
  /** Label for metrics and the ledger (`auth`, `bad_request`, `upstream.rate_limit`, …). */
  readonly errorClass: string;
  /**
   * False when sending the same request again cannot help (a used-up balance or plan, a refused
   * key), or the gateway has retried and fallen back upstream already (every upstream failure):
   * the response then says `x-should-retry: false`, which the official OpenAI SDKs obey instead
   * of retrying every 429 and 5xx, and sending the upstream each try again.
   */
  readonly retryable: boolean | undefined;
  /** The provider's trace id of a failure it answered, sent as `x-trace-id` (what support asks for). */
  readonly traceId: string | undefined;
  /**
   * A request too long for the model (`context_length_exceeded`): by how much, as the gateway's
   * estimate or the provider counted, when known (an Anthropic client reads them as the counts of
   * "prompt is too long: N tokens > M maximum").
   */
  readonly overflow: ContextOverflow | undefined;
  /**
   * The provider's HTTP status, for a refusal it answered: a 413 (the request's size) is told to
   * an Anthropic client as Anthropic tells it, `request_too_large`.
   */
  readonly upstreamStatus: number | undefined;
  /**
   * What a client beyond loopback reads instead of the message, when the message tells what only
   * the gateway's operator can act on (where a key is looked for, the command that stores one):
   * otherwise such a client reads the message with the host's paths cut (start.ts's clientText).
   */
  readonly networkMessage: string | undefined;

  constructor(
    status: number,
    type: OpenAIErrorType,
    message: string,
    options: {
      param?: string | null;
      code?: string | null;
      retryAfterSec?: number;
      retryAfterMs?: number;
      errorClass?: string;
      retryable?: boolean;
      traceId?: string;
      overflow?: ContextOverflow;
      upstreamStatus?: number;
      networkMessage?: string;
    } = {},
  ) {
    // A key pasted as a name (a provider's key, an alias's ref) is quoted by the messages naming
    // the model: a client never reads it, in a body or a stream's error event.
    super(maskKeyShapedNames(message));
    this.name = "GatewayHttpError";
    this.status = status;
    this.type = type;
    this.param = options.param ?? null;
    this.code = options.code ?? null;
    this.retryAfterSec = options.retryAfterSec;
    this.retryAfterMs = options.retryAfterMs;
    this.errorClass = options.errorClass ?? type;
    this.retryable = options.retryable;
    this.traceId = options.traceId;
    this.overflow = options.overflow;
    this.upstreamStatus = options.upstreamStatus;
    this.networkMessage =
      options.networkMessage === undefined ? undefined : maskKeyShapedNames(options.networkMessage);
  }

  /** The same error told in other words (to a client that may not read the host's paths). */
  withMessage(message: string): GatewayHttpError {
    if (message === this.message) return this;
    return new GatewayHttpError(this.status, this.type, message, {
      param: this.param,
      code: this.code,
      errorClass: this.errorClass,
      ...(this.retryAfterSec !== undefined ? { retryAfterSec: this.retryAfterSec } : {}),
      ...(this.retryAfterMs !== undefined ? { retryAfterMs: this.retryAfterMs } : {}),
      ...(this.retryable !== undefined ? { retryable: this.retryable } : {}),
      ...(this.traceId !== undefined ? { traceId: this.traceId } : {}),
      ...(this.overflow !== undefined ? { overflow: this.overflow } : {}),
      ...(this.upstreamStatus !== undefined ? { upstreamStatus: this.upstreamStatus } : {}),
    });
  }

  /**
   * The message as an OpenAI client reads it: a request too long for the model in OpenAI's words
   * (see context-length-wording.ts), a rate limit's wait too (openai-retry-wording.ts; not an
   * overload's, which no client is asked to wait out); the gateway's log and ledger keep its own.
   */
  clientMessage(): string {
    if (this.code === "context_length_exceeded")
      return maximumContextLengthMessage(this.message, this.overflow);
    if (
      this.retryAfterSec !== undefined &&
      this.type === "rate_limit_error" &&
      this.errorClass !== "upstream.overloaded"
    )
      return withOpenAiRetryWait(this.message, this.retryAfterMs ?? this.retryAfterSec * 1000);
    return this.message;
  }

  /** The response body, already serialised. */
  body(): string {
    return JSON.stringify({
      error: { message: this.clientMessage(), type: this.type, param: this.param, code: this.code },
    });
  }
}

export function badRequest(message: string, param: string | null, code = "invalid_value") {
  return new GatewayHttpError(400, "invalid_request_error", message, {
    param,
    code,
    errorClass: "bad_request",
  });
}

const UPSTREAM_STATUS: Record<ProviderErrorClass, [number, OpenAIErrorType]> = {
  // The client's gateway token was fine: an upstream key problem is a bad gateway, not a 401.
  auth: [502, "upstream_error"],
  wrong_region: [502, "upstream_error"],
  forbidden_client: [502, "upstream_error"],
  // The provider does not know the model (retired, or not for this key): the body a model the
  // gateway does not know gets, so a client that checks `code` handles both alike.
  not_found: [404, "invalid_request_error"],
  rate_limit: [429, "rate_limit_error"],
  overloaded: [429, "rate_limit_error"],
  quota: [429, "insufficient_quota"],
  context_length: [400, "invalid_request_error"],
  bad_request: [400, "invalid_request_error"],
  content_filter: [400, "invalid_request_error"],
  server: [502, "upstream_error"],
  network: [502, "upstream_error"],
  // The gateway's own proxy refused it: the client can do nothing about that, so not its 407.
  proxy_auth: [502, "upstream_error"],
  // A captive portal's page: this machine's network to sign in to, not the client's to fix.
  network_login: [502, "upstream_error"],
  timeout: [504, "timeout_error"],
  cancelled: [499, "invalid_request_error"],
};

/**
 * OpenAI's codes for what a provider names its own way (Moonshot's `rate_limit_reached_error`,
 * `exceeded_current_quota_error`): the codes OpenAI clients switch on. The provider's own type
 * stays in the message ("429 rate_limit_reached_error …"). An overload keeps the provider's code,
 * which is how a client tells it from a rate limit on a 429.
 */
const UPSTREAM_CODE: Partial<Record<ProviderErrorClass, string>> = {
  not_found: "model_not_found",
  rate_limit: "rate_limit_exceeded",
  quota: "insufficient_quota",
  context_length: "context_length_exceeded",
  content_filter: "content_filter",
};

function isProviderErrorLike(error: unknown): error is ProviderError {
  return (
    error instanceof Error &&
    typeof (error as { errorClass?: unknown }).errorClass === "string" &&
    typeof (error as { provider?: unknown }).provider === "string"
  );
}

/** OpenClawError codes (besides `request.*`) that mean the request itself must change. */
const CALLER_CODES: ReadonlySet<string> = new Set(["image_not_supported", "video_not_supported"]);

/** The error's message, told by `blame` when it has its own, with the blame's hint, else the error's. */
function blamedMessage(error: OpenClawError, blame: Blame | undefined): string {
  const hint = blame?.hint ?? error.hint;
  return `${blame?.message ?? error.message}${typeof hint === "string" ? ` (hint: ${hint})` : ""}`;
}

/**
 * Our own typed errors, each with the status that says whose it is to fix: the request's (400,
 * or 404 for a model the gateway cannot serve), the config's (503 when a provider is unusable,
 * else 500), always with the error's message, hint and code rather than an anonymous 500.
 */
function fromOpenClawError(error: OpenClawError, blame: Blame | undefined): GatewayHttpError {
  const code = error.code;
  const hint = error.hint;
  const message = `${blame?.message ?? error.message}${typeof hint === "string" ? ` (hint: ${hint})` : ""}`;
  const caller = (status: number, param: string | null, apiCode: string, errorClass: string) =>
    new GatewayHttpError(status, "invalid_request_error", message, {
      param,
      code: apiCode,
      errorClass,
    });
  // A request no model could take as sent is the client's to change: a 400 (which SDKs do
  // not retry), never a 500. A blame tells it in the client's terms (a text completion's prompt).
  if (code === "context_too_long")
    return new GatewayHttpError(400, "invalid_request_error", blamedMessage(error, blame), {
      param: blame?.param ?? null,
      code: "context_length_exceeded",
      errorClass: "bad_request",
      ...(error.overflow ? { overflow: error.overflow } : {}),
    });
  // A partial message no model continues: the blame words it for the route (a completion's prompt).
  if (code === "partial_mode_unsupported")
    return new GatewayHttpError(400, "invalid_request_error", blamedMessage(error, blame), {
      param: blame?.param ?? null,
      code,
      errorClass: "bad_request",
    });
  if (CALLER_CODES.has(code) || code.startsWith("request.")) {
    return caller(400, blame?.param ?? null, blame?.code ?? code, "bad_request");
  }
  // A model ref the runtime could not resolve (ModelRefError): the model the client named. Its
  // provider stays broken until the config is fixed, so SDKs are told not to send it again.
  if (code === "model.provider_broken" || code === "no_model_available") {
    return new GatewayHttpError(503, "server_error", message, {
      param: "model",
      code: "provider_unavailable",
      errorClass: "provider_unavailable",
      retryable: false,
    });
  }
  if (code === "model.ambiguous") return caller(400, "model", "model_ambiguous", "bad_request");
  if (code === "model_not_found" || code.startsWith("model.")) {
    return caller(404, "model", "model_not_found", "not_found");
  }
  // The program that started the gateway: its own key lookup threw, or returned what is no key.
  // Its message (which may name the program's own secrets or hosts) goes to the gateway's log,
  // not to the client.
  if (code === CALLER_KEY_LOOKUP_FAILED || code === KEY_RESULT_REFUSED) {
    return new GatewayHttpError(
      500,
      "server_error",
      `${error instanceof ResolveKeyError ? `${error.provider}/${error.model}` : "the model"}: the gateway could not look up its API key (the program that started it logs why)`,
      { code: "key_lookup_failed", errorClass: "caller_code", retryable: false },
    );
  }
  // The gateway's config cannot serve this request (a ${VAR} that is not set, …): its to fix.
  if (code.startsWith("config.")) {
    return new GatewayHttpError(503, "server_error", message, {
      code,
      errorClass: "config",
      retryable: false,
    });
  }
  return new GatewayHttpError(500, "server_error", message, { code, errorClass: "internal" });
}

/**
 * Maps anything thrown while serving a request to an OpenAI-format error. `blame` names the
 * client's field the failure is about, when the request shows it (`blameRequest`): it becomes
 * the error's `param`, and for a provider's refusal its hint replaces the provider's.
 */
export function toHttpError(
  error: unknown,
  blame?: Blame,
  fixWords?: RetiredFixWords,
): GatewayHttpError {
  if (error instanceof GatewayHttpError) return error;
  // No key on this side for the model's provider: nothing went upstream, so no upstream refused
  // anything. The gateway's config is what must change (a provider disabled is answered alike),
  // and sending the request again cannot help until its operator sets a key.
  if (isProviderErrorLike(error) && isKeyMissing(error)) {
    const told = keyMissingClientMessage(error, runFailureOf(error));
    return new GatewayHttpError(503, "server_error", keyMissingHostMessage(told, error), {
      param: "model",
      code: PROVIDER_KEY_MISSING,
      errorClass: PROVIDER_KEY_MISSING,
      retryable: false,
      networkMessage: told,
    });
  }
  if (isProviderErrorLike(error)) {
    // No API at the provider's base URL is the gateway's config to fix, whatever model was
    // asked: a bad gateway, not the 404 of a model the client named wrong.
    const noApi = error.noApiAtBaseUrl === true;
    const [status, type] = noApi
      ? ([502, "upstream_error"] as const)
      : (UPSTREAM_STATUS[error.errorClass] ?? [502, "upstream_error"]);
    // Provider messages often name the trace already: once is enough.
    const trace =
      error.traceId && !error.message.includes(error.traceId)
        ? ` [upstream trace ${error.traceId}]`
        : "";
    // The wait the provider asked for (its Retry-After, or "try again after 1 seconds"), when it
    // said one: a model still cooling is tried anyway when nothing else can answer, so the
    // gateway's own cooldown is no wait a client must keep. Without one, a 429 says when the
    // chain is next off its cooldown; an overload has no wait anybody imposes, so none is
    // advertised.
    const coolingMs =
      status === 429 && error.errorClass !== "overloaded"
        ? runFailureOf(error)?.coolingMs
        : undefined;
    // A used-up balance or plan whose provider named no wait: retrying before a top-up cannot
    // help, so no Retry-After either. Clients that ignore x-should-retry but obey Retry-After
    // (opencode, Cline, the AI SDK) would otherwise wait out the key's next probe, try by try,
    // before the user saw the error.
    const usedUp = error.errorClass === "quota" && error.retryAfterMs === undefined;
    // Never a longer wait than the gateway itself keeps the model benched for (a day).
    const asked = usedUp ? undefined : (error.retryAfterMs ?? coolingMs);
    const waitMs = asked === undefined ? undefined : Math.min(asked, MAX_RETRY_AFTER_COOLDOWN_MS);
    const retryAfterSec = waitMs !== undefined ? Math.max(1, Math.ceil(waitMs / 1000)) : undefined;
    // The provider's own wait, when finer than the header's seconds, is told as it was given; the
    // gateway's cooldown is told in the header's whole seconds.
    const retryAfterMs =
      waitMs !== undefined && waitMs > 0 && waitMs === error.retryAfterMs && waitMs % 1000 !== 0
        ? waitMs
        : undefined;
    // Messages that name the model already (a skip, a cut stream) get no second prefix.
    const ref = `${error.provider}/${error.model}`;
    const said = blame?.message ?? error.message;
    const named = said.includes(ref) ? "" : `${ref}: `;
    // A used-up balance "will not help" to retry until topped up: the hint says when the gateway
    // looks for that (a skip of the benched key says so already). Beside that model's own hint,
    // never after another model's (a chain failure's hint adds what the others said), and named
    // when other models' hints are there.
    const ownHint = ownHintOf(error);
    const probed = usedUp && coolingMs !== undefined && !ownHint?.includes("tried again every");
    const whose = ownHint?.startsWith(`for ${ref}, `) ? `${ref}'s key` : "the key";
    const probeNote = `the gateway tries ${whose} again every ${BENCHED_KEY_PROBE_MS / 1000} s: a balance topped up or a plan that came back is found then`;
    const hintOf = (hint: string | undefined) => {
      const given = blame?.hint ?? hint;
      // A program's gateway: a scan command that reaches its config, not the shell's.
      const text = given === undefined ? undefined : withFixWords(given, fixWords);
      const told = probed ? withNoteOnOwnHint(error, text, probeNote) : text;
      return told ? ` (hint: ${told})` : "";
    };
    // A chain that passed over a model for a missing key: its hint says where that key is looked
    // for, which a client beyond the gateway's machine is not told (see key-missing-answer.ts).
    const withoutKeyFixes = hintWithoutKeyFixes(error);
    return new GatewayHttpError(status, type, `${named}${said}${hintOf(error.hint)}${trace}`, {
      code:
        blame?.code ??
        (noApi
          ? "upstream_no_api"
          : (UPSTREAM_CODE[error.errorClass] ?? error.providerType ?? error.errorClass)),
      param: blame?.param ?? (error.errorClass === "not_found" && !noApi ? "model" : null),
      errorClass: `upstream.${error.errorClass}`,
      // The run behind it retried and fell back already: a client's retry would only repeat
      // that upstream (the official OpenAI SDKs send each request up to three times).
      retryable: false,
      ...(retryAfterSec !== undefined ? { retryAfterSec } : {}),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      ...(error.traceId ? { traceId: error.traceId } : {}),
      ...(error.overflow ? { overflow: error.overflow } : {}),
      ...(error.status !== undefined ? { upstreamStatus: error.status } : {}),
      ...(withoutKeyFixes
        ? { networkMessage: `${named}${said}${hintOf(withoutKeyFixes.hint)}${trace}` }
        : {}),
    });
  }
  // Ours, also when another installed copy of the package threw it: any
  // subclass (ConfigError, ModelRefError, …) keeps its status, code and hint.
  if (isOpenClawError(error)) return fromOpenClawError(error, blame);
  return new GatewayHttpError(500, "server_error", "internal gateway error", {
    code: "internal_error",
    errorClass: "internal",
  });
}

/**
 * The client went away before its answer was complete: nothing more is sent, the ledger says so.
 * A new error each time, never one shared: a run that ends on it keeps its report beside the
 * error object (`noteRunFailure`), and a shared one would hand the first such request's report
 * (its model, its attempts) to every later one.
 */
export function clientGone(): GatewayHttpError {
  return new GatewayHttpError(499, "invalid_request_error", "client disconnected", {
    errorClass: "client_disconnect",
  });
}
