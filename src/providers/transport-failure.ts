/** A failure without a provider's answer: socket errors, timeouts, cancellation, a broken stream. */
import { redactSecrets, sentSecrets } from "../auth/index.js";
import { baseUrlWhere } from "../catalog/base-url-setting.js";
import type { ResolvedModel } from "../catalog/types.js";
import { describeEndpoint, endpointOf } from "./endpoint-kind.js";
import { errorCode } from "./error-code.js";
import { hintFor } from "./error-hints.js";
import { SUMMARIES } from "./error-summary.js";
import { ProviderError } from "./errors.js";
import { answerBreakSummary } from "./stream-break.js";
import type { Timeouts } from "./types.js";

export interface FailureInput {
  errorClass: "network" | "proxy_auth" | "timeout" | "cancelled";
  /** What happened, in a few words: "connection reset after 3 events", "no first byte within 500 ms". */
  detail: string;
  model: Pick<ResolvedModel, "provider" | "id" | "baseUrl" | "baseUrlAt" | "baseUrlOrigin"> & {
    headers?: Record<string, string>;
  };
  traceId?: string | undefined;
  cause?: unknown;
  apiKey?: string;
  /** The call's own headers (a library caller's `request.headers`): a credential there is masked. */
  callHeaders?: Readonly<Record<string, string>>;
  /**
   * The provider had answered (sent its headers) when the connection broke: `events` is how many
   * events of a streamed answer had come (undefined for an answer that is not streamed).
   */
  reached?: { events: number | undefined };
  /** The timeout that fired: its setting's name and the milliseconds it was set to for this call. */
  timeout?: { setting: keyof Timeouts; ms: number };
  /** Advice that knows more than the class does (a proxy's refusal names its variable). */
  hint?: string;
  /** The HTTP status of a refusal on the way (a proxy's 407), when there was one. */
  status?: number;
}

const TIMEOUT_NAMES: Record<keyof Timeouts, string> = {
  firstByteMs: "first-byte timeout",
  idleMs: "idle timeout (between two chunks)",
  totalMs: "total timeout",
};

/** 300 → "300 ms", 120000 → "120 s", 1500 → "1.5 s". */
function millisText(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

/**
 * The hint of a timeout that fired, with the setting to raise and the value it has now: a hint
 * that quoted the default misled whoever had changed it.
 */
function timeoutHint(timeout: { setting: keyof Timeouts; ms: number }): string {
  return `the provider did not answer in time: retry, or, if long answers are expected, raise the ${TIMEOUT_NAMES[timeout.setting]}, now ${millisText(timeout.ms)}: gateway.timeouts.${timeout.setting} for the gateway, the timeouts.${timeout.setting} option in the library`;
}

/**
 * The place to check when the provider could not be reached at all: its baseUrl's file:line (or
 * its config key, for a provider the file does not hold), as the hint names it. Undefined when
 * the address is not the suspect: the provider answered, a proxy refused, the process ran out of
 * files.
 */
function unreachedBaseUrl(input: FailureInput): string | undefined {
  if (input.errorClass !== "network" || input.reached || input.hint) return undefined;
  const code = errorCode(input.cause);
  if (code === "EMFILE" || code === "ENFILE") return undefined;
  return baseUrlWhere(input.model);
}

/** A failure without a provider answer: socket errors, timeouts, cancellation, a broken stream. */
export function transportFailure(input: FailureInput): ProviderError {
  const endpoint = endpointOf(input.model.baseUrl);
  const detail = redactSecrets(
    input.detail,
    sentSecrets(input.model, input.apiKey, input.callHeaders),
  );
  const summary = input.reached
    ? answerBreakSummary(
        input.model.provider,
        describeEndpoint(endpoint),
        input.model.id,
        input.reached.events,
      )
    : `${input.model.provider} (${describeEndpoint(endpoint)}) ${SUMMARIES[input.errorClass]} for model ${input.model.id}`;
  const message = `${summary}: ${detail}${input.traceId ? ` (trace ${input.traceId})` : ""}`;
  const where = unreachedBaseUrl(input);
  return new ProviderError({
    errorClass: input.errorClass,
    message,
    provider: input.model.provider,
    model: input.model.id,
    ...(where ? { where } : {}),
    ...(input.status !== undefined ? { status: input.status } : {}),
    ...(input.traceId ? { traceId: input.traceId } : {}),
    hint: input.hint
      ? input.hint
      : input.reached
        ? `the provider answered, but the connection broke before the answer was complete; that is usually temporary: ask again; if it keeps happening, check any proxy between this machine and ${endpoint.host}`
        : input.timeout
          ? timeoutHint(input.timeout)
          : hintFor(
              input.errorClass,
              { status: undefined, body: undefined, model: input.model, cause: input.cause },
              endpoint,
              undefined,
            ),
    cause: input.cause,
  });
}
