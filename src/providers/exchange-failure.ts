/**
 * What stopped one HTTP exchange with a provider, as a ProviderError, when the provider gave no
 * answer to classify: the caller's cancel (or its signal's time limit), the total timer, a
 * proxy's refusal, a stream cut short, a socket's error code (first-byte, idle and connect
 * timeouts, no file descriptors left, a refused or reset connection). One place for every
 * transport (openai-completions, anthropic-messages), so that they word a failure alike. Error
 * path only. Pure.
 */
import type { ResolvedModel } from "../catalog/types.js";
import { isTimeoutReason } from "../util/cancellation.js";
import { connectFailure } from "./connect-failure.js";
import { errorCode } from "./error-code.js";
import type { ProviderError } from "./errors.js";
import { ProxyAuthRefusal, UpstreamHttpError } from "./http1-pool.js";
import { TruncatedStreamError } from "./parse-chat-stream.js";
import { transportFailure } from "./transport-failure.js";
import type { Timeouts } from "./types.js";

export interface ExchangeState {
  model: ResolvedModel;
  traceId: string | undefined;
  apiKey?: string;
  /** The call's own headers: a credential there is masked. */
  callHeaders?: Readonly<Record<string, string>>;
  timeouts: Required<Timeouts>;
  /** Why the exchange stopped itself, if it did: the caller's cancel or the total timer. */
  stopReason: "cancelled" | "total" | undefined;
  /** How many events of the answer had come (undefined before any, or for a whole answer). */
  events: number | undefined;
  /** How a stream that stopped early ended, in the API's own terms ("without a finish reason"). */
  streamCutShort: string;
}

/** `error`, which stopped the exchange in `phase` (before the response or in its body), explained. */
export function exchangeFailure(
  error: unknown,
  phase: "request" | "body",
  state: ExchangeState,
): ProviderError {
  const { timeouts } = state;
  const failure = (
    errorClass: "network" | "proxy_auth" | "timeout" | "cancelled",
    detail: string,
    reached?: { events: number | undefined },
    timeout?: keyof Timeouts,
    hint?: string,
  ): ProviderError =>
    transportFailure({
      errorClass,
      detail,
      model: state.model,
      traceId: state.traceId,
      cause: error,
      ...(state.apiKey ? { apiKey: state.apiKey } : {}),
      ...(state.callHeaders ? { callHeaders: state.callHeaders } : {}),
      ...(reached ? { reached } : {}),
      ...(timeout ? { timeout: { setting: timeout, ms: timeouts[timeout] } } : {}),
      ...(error instanceof ProxyAuthRefusal ? { hint: error.hint, status: 407 } : {}),
      ...(hint ? { hint } : {}),
    });
  const reached = { events: state.events };
  if (state.stopReason === "cancelled") {
    // A signal of AbortSignal.timeout(ms) timed out: nobody cancelled (error is its reason).
    if (isTimeoutReason(error)) {
      return failure(
        "timeout",
        "the time limit of the caller's signal (AbortSignal.timeout) passed",
        undefined,
        undefined,
        "the call's signal reached its time limit (AbortSignal.timeout) before the answer was complete: give it a longer one, or leave the limit to the timeouts option (totalMs)",
      );
    }
    return failure("cancelled", "cancelled by the caller");
  }
  if (state.stopReason === "total") {
    return failure(
      "timeout",
      `no complete answer within ${timeouts.totalMs} ms (total timeout)`,
      undefined,
      "totalMs",
    );
  }
  // Before any answer, whatever the phase: the proxy stopped the request on its way.
  if (error instanceof ProxyAuthRefusal) return failure("proxy_auth", error.message);
  if (error instanceof TruncatedStreamError) {
    return failure("network", `the stream ended ${state.streamCutShort}`, reached);
  }
  const code = errorCode(error);
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "HEADERS_TIMEOUT") {
    return failure(
      "timeout",
      `no response within ${timeouts.firstByteMs} ms (first-byte timeout)`,
      undefined,
      "firstByteMs",
    );
  }
  if (code === "UND_ERR_BODY_TIMEOUT" || code === "BODY_TIMEOUT") {
    return failure(
      "timeout",
      `no data for ${timeouts.idleMs} ms in the middle of the answer (idle timeout)`,
      undefined,
      "idleMs",
    );
  }
  if (code === "UND_ERR_CONNECT_TIMEOUT" || code === "CONNECT_TIMEOUT") {
    return failure("timeout", `could not connect within the connect timeout`);
  }
  if (code === "EMFILE" || code === "ENFILE") {
    // Not the provider's fault (the hint says what to do about it).
    return failure(
      "network",
      `this process is out of file descriptors (${code}: too many open files)`,
    );
  }
  const why =
    error instanceof UpstreamHttpError
      ? error.message
      : (connectFailure(code)?.detail ?? code ?? errorText(error));
  if (phase === "request")
    return failure("network", `connection failed before the response: ${why}`);
  return failure("network", why, reached);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
