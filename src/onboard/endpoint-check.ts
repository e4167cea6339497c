/**
 * An endpoint set up without a key (`authHeader: false`) asked, as a request will reach it, with
 * no `Authorization` header: `GET /models` says whether it answers without a key and which models
 * it offers. The counterpart of the key check for onboarding and `models scan`.
 */
import {
  type KeyCheckEndpoint,
  type KeyCheckResult,
  type ModelsProbe,
  parseModelsResponse,
} from "../auth/index.js";
import { requestText } from "../providers/request-text.js";
import { sharedDispatcher } from "../providers/shared-pool.js";
import type { CancelSignal } from "../util/cancellation.js";
import { printable } from "../util/printable.js";

const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host not found (DNS)",
  EAI_AGAIN: "DNS lookup failed (offline?)",
  ECONNRESET: "connection reset",
  ETIMEDOUT: "connection timed out",
  ENETUNREACH: "network unreachable",
  EHOSTUNREACH: "host unreachable",
  HEADERS_TIMEOUT: "no answer in time",
  BODY_TIMEOUT: "no answer in time",
  CONNECT_TIMEOUT: "connection timed out",
};

function networkReason(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === "string" && NETWORK_WORDS[code]) return NETWORK_WORDS[code];
  if (error instanceof Error) return error.message;
  return "network error";
}

/** `GET {baseUrl}/models` with the endpoint's headers and no key. Never throws but for an abort. */
export async function probeModelsWithoutKey(
  endpoint: KeyCheckEndpoint,
  timeoutMs = 8000,
  signal?: CancelSignal,
): Promise<ModelsProbe> {
  let response: { status: number; text: string };
  try {
    response = await requestText(sharedDispatcher(), {
      url: `${endpoint.baseUrl.replace(/\/+$/, "")}/models`,
      method: "GET",
      headers: { ...endpoint.headers, Accept: "application/json" },
      timeoutMs,
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    return { kind: "network", reason: networkReason(error) };
  }
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    body = undefined;
  }
  if (response.status >= 200 && response.status < 300)
    return { kind: "ok", models: parseModelsResponse(body) };
  const error = (body as { error?: { type?: unknown; message?: unknown } } | undefined)?.error;
  return {
    kind: "http",
    status: response.status,
    type: typeof error?.type === "string" ? printable(error.type) : undefined,
    message: typeof error?.message === "string" ? printable(error.message) : undefined,
  };
}

export interface KeylessCheckOptions {
  target: KeyCheckEndpoint;
  /** What gives the endpoint a key, for the hint when it wants one (`--custom-api-key <key>`). */
  howToGiveKey: string;
  timeoutMs?: number;
  signal?: CancelSignal;
}

export type KeylessCheckFn = (options: KeylessCheckOptions) => Promise<KeyCheckResult>;

/**
 * Whether the endpoint answers without a key, in the key check's terms: `valid` (with its models),
 * `invalid` when it refuses (401 / 403: it needs a key), `unreachable` or `unexpected` otherwise.
 */
export async function checkWithoutKey(options: KeylessCheckOptions): Promise<KeyCheckResult> {
  const { target } = options;
  const probe = await probeModelsWithoutKey(target, options.timeoutMs, options.signal);
  const none = { acceptedBy: undefined, models: [] };
  if (probe.kind === "ok") {
    const count = probe.models.length;
    return {
      status: "valid",
      message: `${target.label} answers without a key (${count} model${count === 1 ? "" : "s"} available)`,
      hint: undefined,
      acceptedBy: target,
      models: probe.models,
    };
  }
  if (probe.kind === "network") {
    return {
      status: "unreachable",
      message: `could not reach ${target.label} to check that it answers without a key: ${probe.reason}`,
      hint: "it was not checked; check the network or a proxy, then try it with: openclaw models scan",
      ...none,
    };
  }
  const answered = `${probe.status}${probe.type ? ` ${probe.type}` : ""}`;
  if (probe.status === 401 || probe.status === 403) {
    return {
      status: "invalid",
      message: `${target.label} refused a request without a key (${answered}): it needs one`,
      hint: `give its key with ${options.howToGiveKey}`,
      ...none,
    };
  }
  return {
    status: "unexpected",
    message: `${target.label} answered ${answered} when listing models without a key${probe.message ? `: ${probe.message}` : ""}`,
    hint: "it could not be checked; try again later",
    ...none,
  };
}
