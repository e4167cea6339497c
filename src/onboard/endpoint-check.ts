/**
 * An endpoint set up without a key (`authHeader: false`) asked, as a request will reach it, with
 * no `Authorization` header: `GET /models` says whether it answers without a key and which models
 * it offers. The counterpart of the key check for onboarding and `models scan`.
 */
import {
  type KeyCheckEndpoint,
  type KeyCheckResult,
  type ModelsProbe,
  probeModels,
} from "../auth/index.js";
import {
  endpointListingAdvice,
  headerInvalidResult,
  listingFailure,
  unreachableResult,
} from "../auth/key-check.js";
import { endpointAt, endpointNamed, modelsAvailable } from "../auth/key-check-names.js";
import type { CancelSignal } from "../util/cancellation.js";

/**
 * `GET {baseUrl}/models` with the endpoint's headers and no key. Never throws but for an abort
 * (onboarding's Ctrl-C ends the wait, rather than read as an unreachable endpoint).
 */
export async function probeModelsWithoutKey(
  endpoint: KeyCheckEndpoint,
  timeoutMs = 8000,
  signal?: CancelSignal,
): Promise<ModelsProbe> {
  const probe = await probeModels(endpoint, undefined, timeoutMs, signal);
  if (signal?.aborted) throw signal.reason;
  return probe;
}

export interface KeylessCheckOptions {
  target: KeyCheckEndpoint;
  /** What gives the endpoint a key, for the hint when it wants one (`--custom-api-key <key>`). */
  howToGiveKey: string;
  timeoutMs?: number;
  signal?: CancelSignal;
}

/**
 * An unreachable endpoint's hint when the probe knows nothing more; onboarding replaces it with
 * one naming the base URL and where it is set (unreachable-advice.ts).
 */
const UNREACHABLE_KEYLESS_HINT =
  "it was not checked; check the network or a proxy, then try it with: openclaw models scan";

export type KeylessCheckFn = (options: KeylessCheckOptions) => Promise<KeyCheckResult>;

/**
 * Whether the endpoint answers without a key, in the key check's terms: `valid` (with its models),
 * `invalid` when it refuses (401 / 403: it needs a key), `proxy_auth` when a proxy on the way
 * refuses its login (407), `unreachable` or `unexpected` otherwise.
 */
export async function checkWithoutKey(options: KeylessCheckOptions): Promise<KeyCheckResult> {
  const { target } = options;
  const named = endpointNamed(target);
  const probe = await probeModelsWithoutKey(target, options.timeoutMs, options.signal);
  const none = { acceptedBy: undefined, models: [] };
  if (probe.kind === "ok") {
    return {
      status: "valid",
      // One sentence: the address after "at", not a bracket beside the count's.
      message: `${endpointAt(target)} answers without a key (${modelsAvailable(probe.models.length)})`,
      hint: undefined,
      acceptedBy: target,
      models: probe.models,
    };
  }
  if (probe.kind === "header_invalid") return headerInvalidResult(probe);
  if (probe.kind === "network") {
    return unreachableResult(
      probe,
      `could not reach ${named} to check that it answers without a key: ${probe.reason}`,
      UNREACHABLE_KEYLESS_HINT,
    );
  }
  const answered = `${probe.status}${probe.type ? ` ${probe.type}` : ""}`;
  if (probe.status === 401 || probe.status === 403) {
    return {
      status: "invalid",
      message: `${named} refused a request without a key (${answered}): it needs one`,
      hint: `give its key with ${options.howToGiveKey}`,
      ...none,
    };
  }
  // No API at the base URL (a server's no-route words, LM Studio's with a 200): its address.
  const advice = endpointListingAdvice(probe, target);
  return {
    status: "unexpected",
    message: `${named} ${listingFailure(probe, " without a key")}`,
    hint: advice
      ? `it could not be checked: ${advice}`
      : "it could not be checked; try again later",
    ...none,
  };
}
