import type { OpenClawError } from "../errors.js";
import {
  missingApiPathAdvice,
  modelListNotFoundAdvice,
  URL_NOT_FOUND,
} from "../providers/base-url-path.js";
import { loopbackRefusedHintForUrl } from "../providers/connect-failure.js";
import { sideRequestUrl, withUrlLogin } from "../providers/endpoint-url.js";
import {
  API_GATEWAY_SAID,
  EMPTY_ANSWER_SAID,
  isEmptyAnswer,
  networkPageHint,
} from "../providers/foreign-answer.js";
import { unsendableHeaderError } from "../providers/header-values.js";
import { ProxyAuthRefusal, UpstreamHttpError } from "../providers/http1-pool.js";
import { saysNoRouteAt } from "../providers/no-route-answer.js";
import type { ProxySettings } from "../providers/proxy.js";
import { requestText } from "../providers/request-text.js";
import { sharedDispatcher } from "../providers/shared-pool.js";
import { isNetworkPage, isWebPage, webPageSaid } from "../providers/web-page-answer.js";
import { checkCallOptions, holds, type RequiredOption } from "../util/call-options.js";
import type { CancelSignal } from "../util/cancellation.js";
import { finiteNumber } from "../util/finite-number.js";
import type { OptionNames } from "../util/option-names.js";
import { printable } from "../util/printable.js";
import { endpointNamed, worksOnMessage } from "./key-check-names.js";
import { checkKeyShape } from "./key-shape.js";
import { redactSecrets } from "./redact.js";
import { sentSecrets } from "./sent-secrets.js";

/** One endpoint a key can be tried against. */
export interface KeyCheckEndpoint {
  /**
   * Its name for a person, said as written (brackets and all): `Moonshot international`, a
   * provider id, or the address itself when there is no other name.
   */
  label: string;
  /**
   * Where it is, as the sentences say it after the name (`Moonshot international (api.moonshot.ai)
   * rejected the key`, `the key works on lab at http://127.0.0.1:8000/v1`); left out, only the
   * name is said.
   */
  address?: string | undefined;
  /** API base URL; the check asks its `GET /models`. */
  baseUrl: string;
  /** Extra HTTP headers to send (the provider's configured ones). */
  headers?: Record<string, string>;
  /** The config's provider id these headers are set under, for an error naming where to fix them. */
  provider?: string;
  /**
   * The provider's `api`: with `anthropic-messages` its requests go under `{baseUrl}/v1`
   * (sideRequestBase), as Kimi Code's `https://api.kimi.com/coding` serves `/coding/v1/models`.
   */
  api?: string | undefined;
}

/** A model as `GET /models` reports it; fields other than `id` only when the endpoint sends them. */
export interface RemoteModel {
  /** The model id. */
  id: string;
  /** Its `owned_by`. */
  ownedBy?: string;
  /** Its `context_length`, in tokens. */
  contextLength?: number;
  /** Its `supports_reasoning`: whether it can think. */
  supportsReasoning?: boolean;
  /** Its `supports_image_in`: whether it reads images. */
  supportsImageIn?: boolean;
  /** Its `supports_video_in`: whether it reads video. */
  supportsVideoIn?: boolean;
}

/** What asking a provider's `GET /models` gave: its models (`ok`), or why there are none. */
export type ModelsProbe =
  | {
      /** The list was read. */
      kind: "ok";
      /** The models it lists. */
      models: RemoteModel[];
    }
  | {
      /** The endpoint answered without a list of models: an error status, mostly. */
      kind: "http";
      /** The answer's HTTP status. */
      status: number;
      /** The error's `type`, as the endpoint named it, when it did. */
      type: string | undefined;
      /** The error's words (keys sent with it masked), when there were any. */
      message: string | undefined;
      /**
       * A 2xx whose body is a server's words for a path it has no route at (LM Studio's
       * `{"error": "Unexpected endpoint or method. (GET /models)"}` for a base URL without /v1):
       * no API answers at the base URL, whatever the status says.
       */
      noApi?: true;
    }
  /**
   * `hint`: what to do, when the failure says more than "check the network" (a proxy's 407).
   * `proxyRefused`: a proxy on the way refused its login (407): nothing gets through it until
   * the login in its URL is fixed, unlike a passing network failure.
   */
  | {
      /** The endpoint was not reached, or the network answered in its place (a sign-in page). */
      kind: "network";
      /** Why, in a few words. */
      reason: string;
      /** What to do, when there is more to say than "check the network". */
      hint?: string;
      /** A proxy on the way refused its login (407). */
      proxyRefused?: true;
      /** The system error's code (`ECONNREFUSED`, `ENOTFOUND`, …), when it has one. */
      code?: string;
    }
  /** A header (configured, or the key's) with a line break: nothing was sent. */
  | {
      /** Nothing was sent: a header could not be. */
      kind: "header_invalid";
      /** The error naming the header and where it is set. */
      error: OpenClawError;
    };

function bool(value: unknown): boolean | undefined {
  return typeof value === "boolean" ? value : undefined;
}

/**
 * What a model id from an endpoint must look like to be shown or written into the config: no
 * spaces or control characters, and not absurdly long. Anything else is dropped rather than
 * printed to a terminal or saved (an endpoint, or whatever answers in its place, is not trusted
 * to that degree).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const PLAUSIBLE_MODEL_ID = /^[^\s\u0000-\u001f\u007f-\u009f]{1,200}$/;

/**
 * The models of a `GET /models` answer's `data` list, as parsed JSON; entries without a plausible
 * `id` are skipped, and an answer of another shape gives none. Never throws.
 */
export function parseModelsResponse(body: unknown): RemoteModel[] {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return [];
  const out: RemoteModel[] = [];
  for (const entry of data) {
    if (entry === null || typeof entry !== "object") continue;
    const record = entry as Record<string, unknown>;
    if (typeof record.id !== "string" || !PLAUSIBLE_MODEL_ID.test(record.id)) continue;
    const model: RemoteModel = { id: record.id };
    if (typeof record.owned_by === "string") model.ownedBy = record.owned_by;
    const context = finiteNumber(record.context_length);
    if (context !== undefined) model.contextLength = context;
    const reasoning = bool(record.supports_reasoning);
    if (reasoning !== undefined) model.supportsReasoning = reasoning;
    const image = bool(record.supports_image_in);
    if (image !== undefined) model.supportsImageIn = image;
    const video = bool(record.supports_video_in);
    if (video !== undefined) model.supportsVideoIn = video;
    out.push(model);
  }
  return out;
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

/** `{ code }` of a system error that has a string code; empty otherwise. */
function codeOf(error: unknown): { code?: string } {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? { code } : {};
}

export function networkReason(error: unknown, timeoutMs: number): string {
  if (error instanceof UpstreamHttpError) {
    if (error.code === "HEADERS_TIMEOUT" || error.code === "BODY_TIMEOUT")
      return `no answer within ${formatSeconds(timeoutMs)}`;
    if (error.code === "CONNECT_TIMEOUT") return "connection timed out";
    return error.message;
  }
  const code = (error as { code?: unknown } | undefined)?.code;
  const words: Record<string, string> = {
    ECONNREFUSED: "connection refused",
    ENOTFOUND: "host not found (DNS)",
    EAI_AGAIN: "DNS lookup failed (offline?)",
    ECONNRESET: "connection reset",
    ETIMEDOUT: "connection timed out",
    ENETUNREACH: "network unreachable",
    EHOSTUNREACH: "host unreachable",
  };
  if (typeof code === "string") return words[code] ?? code;
  return error instanceof Error ? error.message : "network error";
}

/**
 * `GET {baseUrl}{path}` (under `/v1` for an `anthropic-messages` endpoint: sideRequestBase) with
 * the key and the endpoint's headers; rejects on network trouble, or with the signal's reason
 * once it is aborted.
 */
export function getWithKey(
  endpoint: KeyCheckEndpoint,
  key: string | undefined,
  path: string,
  timeoutMs: number,
  signal?: CancelSignal,
  /** The proxies to go through; the process environment's by default. */
  proxy?: ProxySettings,
): Promise<{ status: number; text: string }> {
  return requestText(sharedDispatcher(proxy), {
    url: sideRequestUrl(endpoint.baseUrl, endpoint.api, path),
    method: "GET",
    // No key: asked as a request to an endpoint set up with `authHeader: false` reaches it.
    headers: withUrlLogin(endpoint.baseUrl, {
      ...endpoint.headers,
      ...(key === undefined ? {} : { Authorization: `Bearer ${key}` }),
      Accept: "application/json",
    }),
    timeoutMs,
    ...(signal ? { signal } : {}),
  });
}

/** Where an endpoint's headers are told to be, in a header error: its provider, else its name. */
export function headerTarget(endpoint: KeyCheckEndpoint): { provider: string; ref: string } {
  const named = endpointNamed(endpoint);
  return { provider: endpoint.provider ?? named, ref: named };
}

/** What an error body's `error` may say. */
type ErrorFields = { type?: unknown; message?: unknown };

/**
 * `GET {baseUrl}/models` with the key (none: no Authorization header). Never throws; the key never
 * appears in the result.
 */
export async function probeModels(
  endpoint: KeyCheckEndpoint,
  key: string | undefined,
  timeoutMs = 8000,
  signal?: CancelSignal,
  proxy?: ProxySettings,
): Promise<ModelsProbe> {
  // Told as a chat request tells it: not an endpoint that could not be reached.
  const unsendable = unsendableHeaderError(endpoint.headers ?? {}, headerTarget(endpoint), key);
  if (unsendable) return { kind: "header_invalid", error: unsendable };
  let response: { status: number; text: string };
  try {
    response = await getWithKey(endpoint, key, "/models", timeoutMs, signal, proxy);
  } catch (error) {
    const reason = networkReason(error, timeoutMs);
    return error instanceof ProxyAuthRefusal
      ? { kind: "network", reason, hint: error.hint, proxyRefused: true }
      : { kind: "network", reason, ...codeOf(error) };
  }
  // A captive portal's or a proxy's sign-in page where the address is an API's: the network
  // answered, not the endpoint, so the key was not checked (not "works, 0 models").
  if (isNetworkPage(response.status, response.text, endpoint.baseUrl))
    return {
      kind: "network",
      reason: `the network answered GET /models with ${webPageSaid(response.text)}`,
      hint: networkPageHint(
        endpoint.baseUrl,
        endpoint.provider ? `models.providers.${endpoint.provider}.baseUrl` : "its base URL",
      ),
    };
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    body = undefined;
  }
  const success = response.status >= 200 && response.status < 300;
  // A site's page at an address missing its API's path (an SPA's index.html for any path).
  const page = success && isWebPage(response.text);
  const noApi = page || saysNoRouteAt(response.status, response.text);
  if (success && !noApi) return { kind: "ok", models: parseModelsResponse(body) };
  const field = (body as { error?: unknown; message?: unknown } | undefined)?.error;
  // An API's words are its `error.message`; LM Studio's no-route words its string `error`;
  // API Gateway's its top-level `message`; an empty body or a page, what they are.
  const error: ErrorFields | undefined = page
    ? { message: webPageSaid(response.text) }
    : isEmptyAnswer(response.status, response.text)
      ? { message: EMPTY_ANSWER_SAID }
      : noApi && typeof field === "string"
        ? { message: field }
        : noApi && response.status === 403
          ? { message: `${String((body as { message?: unknown }).message)}${API_GATEWAY_SAID}` }
          : (field as ErrorFields | undefined);
  return {
    ...(noApi ? { noApi: true as const } : {}),
    kind: "http",
    status: response.status,
    // The Moonshot host's own 404 for a path outside its API names no type but this marker.
    type:
      typeof error?.type === "string"
        ? printable(error.type)
        : field === URL_NOT_FOUND
          ? URL_NOT_FOUND
          : undefined,
    // The endpoint's words end up on a terminal: shown, never obeyed.
    message:
      typeof error?.message === "string"
        ? printable(redactSecrets(error.message, sentSecrets(endpoint, key)))
        : undefined,
  };
}

/** The verdict of `checkKey`: `valid`, or why the key cannot be used there. */
export type KeyCheckStatus =
  | "valid"
  | "wrong_region"
  | "wrong_provider"
  | "invalid"
  | "forbidden_client"
  | "unreachable"
  /**
   * A proxy on the way refused its login (HTTP 407): the key was not checked, and no request
   * gets through that proxy until the login in its URL is fixed.
   */
  | "proxy_auth"
  /** A configured header or the key holds a line break: nothing could be sent. */
  | "header_invalid"
  | "unexpected";

/** What checkKey found; it resolves with this whatever the endpoint said, a refusal included. */
export interface KeyCheckResult {
  /** The verdict: `valid`, or why not (`invalid`, `wrong_region`, `unreachable`, …). */
  status: KeyCheckStatus;
  /** One sentence for a person. Holds no key. */
  message: string;
  /** What to do next, when the key is not `valid`; holds no key. */
  hint: string | undefined;
  /** The endpoint that accepted the key, when one did (the target or an alternative). */
  acceptedBy: KeyCheckEndpoint | undefined;
  /** Models the accepting endpoint listed. */
  models: RemoteModel[];
  /**
   * The HTTP status the target refused the key with (401 or 403), for a refused key (`invalid`,
   * `wrong_region`, `wrong_provider`): a relay's 403 is told as a 403.
   */
  httpStatus?: number;
  /**
   * The endpoint was not reached and `hint` is the generic one (no proxy refusal, DNS or
   * certificate advice; a refused loopback port names only `target.baseUrl`): a caller that
   * knows where the base URL is set says more in its place.
   */
  genericUnreachableHint?: true;
  /** Why the endpoint was not reached: the system error's code (`ECONNREFUSED`), when it has one. */
  connectCode?: string;
  /** Alternatives that could not say whether they take the key (unreachable, or another answer). */
  unchecked?: KeyCheckAlternative[];
}

/** Another endpoint to try a key on when the target rejects it, with what to tell the person if it works there. */
export interface KeyCheckAlternative extends KeyCheckEndpoint {
  /** `region`: same provider, other region. `provider`: a different provider whose keys look alike. */
  relation: "region" | "provider";
  /** What to tell the person to do when the key works here, e.g. `use --auth-choice moonshot-api-key-cn`. */
  advice: string;
  /**
   * The provider whose endpoint this is (`moonshot`, `kimi-code`). When given, a key that cannot
   * be that provider's by its shape (a `sk-kimi-` key for Moonshot) is not sent there: it would
   * be refused, and the advice would name a command that refuses such a key.
   */
  provider?: string;
}

/** What checkKey takes: the endpoint and the key to try on it. */
export interface KeyCheckOptions {
  /** The endpoint to ask: its `label` names it in the result's message, its `baseUrl` is called. */
  target: KeyCheckEndpoint;
  /** The key to try; it is never part of the result or of what checkKey throws. */
  key: string;
  /** Where else to try the key when the target rejects it (other region, other provider). */
  alternatives?: KeyCheckAlternative[] | undefined;
  /** How long each endpoint is given to answer, in milliseconds (8000 when left out). */
  timeoutMs?: number | undefined;
  /** Stops the check (Ctrl-C): requests in flight end, and checkKey rejects with its reason. */
  signal?: CancelSignal | undefined;
  /** The proxies to reach the endpoints through; the process environment's by default. */
  proxy?: ProxySettings | undefined;
}

/** The shape of `checkKey`, so callers can swap it (tests of flows that do not need the network). */
export type CheckKeyFn = (options: KeyCheckOptions) => Promise<KeyCheckResult>;

/**
 * What a failed listing says about the base URL, in the chat path's words when no API answers
 * there (a server's no-route words, whatever their status, or a 404 from an API that lists its
 * models at /models): the address to set. Undefined when it says nothing about the address.
 */
export function listingAdvice(
  probe: Extract<ModelsProbe, { kind: "http" }>,
  baseUrl: string,
  provider: string | undefined,
  setting: string,
): string | undefined {
  if (probe.noApi) return missingApiPathAdvice(baseUrl, provider, setting);
  if (probe.status === 404) return modelListNotFoundAdvice(baseUrl, probe.type, provider, setting);
  return undefined;
}

/** listingAdvice for `endpoint`, naming its provider's baseUrl setting ("the base URL" without one). */
export function endpointListingAdvice(
  probe: Extract<ModelsProbe, { kind: "http" }>,
  endpoint: KeyCheckEndpoint,
): string | undefined {
  return listingAdvice(
    probe,
    endpoint.baseUrl,
    endpoint.provider,
    endpoint.provider ? `models.providers.${endpoint.provider}.baseUrl` : "the base URL",
  );
}

/** A check whose probe sent nothing (a header, configured or the key's, holds a line break). */
export function headerInvalidResult(
  probe: Extract<ModelsProbe, { kind: "header_invalid" }>,
): KeyCheckResult {
  return {
    status: "header_invalid",
    message: probe.error.message,
    hint: probe.error.hint,
    acceptedBy: undefined,
    models: [],
  };
}

/**
 * A check whose probe reached no answer: `unreachable`, or `proxy_auth` when a proxy on the way
 * refused its login (not a passing failure: nothing gets through it). `message` says what could
 * not be checked; `genericHint` is the hint when the probe has none of its own (it is then marked
 * `genericUnreachableHint`, for a caller that knows more to say).
 */
export function unreachableResult(
  probe: Extract<ModelsProbe, { kind: "network" }>,
  message: string,
  genericHint: string,
): KeyCheckResult {
  return {
    status: probe.proxyRefused ? "proxy_auth" : "unreachable",
    message,
    hint: probe.hint ?? genericHint,
    ...(probe.hint === undefined && !probe.proxyRefused ? { genericUnreachableHint: true } : {}),
    ...(probe.code === undefined ? {} : { connectCode: probe.code }),
    acceptedBy: undefined,
    models: [],
  };
}

/**
 * How a failed listing is told after the endpoint's name: `has no API at its base URL: GET
 * /models answered 200: Unexpected endpoint…` for a server's no-route words (a 200 among them,
 * which is no list), else `answered 404 url.not_found: …`; `how` says how it was asked.
 */
export function listingFailure(probe: Extract<ModelsProbe, { kind: "http" }>, how = ""): string {
  const said = probe.message ? `: ${probe.message}` : "";
  return probe.noApi
    ? `has no API at its base URL: GET /models${how} answered ${rejection(probe)}${said}`
    : `answered ${rejection(probe)} when listing models${how}${said}`;
}

function rejection(probe: Extract<ModelsProbe, { kind: "http" }>): string {
  return `${probe.status}${probe.type ? ` ${probe.type}` : ""}`;
}

/**
 * A 401 or 403 about the key (Kimi Code's 403 for an unknown client is about the client, an API
 * gateway's 403 for no route at the address is about the address).
 */
export function isRejection(probe: Extract<ModelsProbe, { kind: "http" }>): boolean {
  return (
    (probe.status === 401 || probe.status === 403) &&
    probe.type !== "access_terminated_error" &&
    !probe.noApi
  );
}

/**
 * The hint of a key check whose endpoint could not be reached, for a check made before the key is
 * used (onboard): a probe later asks again. A probe's own report (doctor --probe, models status
 * --probe) replaces it with what to check, as asking again there would only probe again.
 */
const UNREACHABLE_KEY_HINT =
  "the key was not verified; check your network or proxy, then try it with `openclaw models status --probe` (an endpoint slow to list its models answers on a later try)";

/**
 * The hint of a check whose target could not be reached and said nothing more: a refused
 * connection to this machine means nothing listens on that port (no proxy stands between), which
 * asking again or checking the network does not mend. Named as the caller gave it (`target.baseUrl`):
 * a caller that knows the config line puts its own hint in place (genericUnreachableHint).
 */
function unreachableKeyHint(target: KeyCheckEndpoint, code: string | undefined): string {
  const given = `the target.baseUrl given to checkKey${target.provider ? ` (${target.provider}'s base URL)` : ""}`;
  const refused = loopbackRefusedHintForUrl(code, target.baseUrl, given);
  return refused === undefined ? UNREACHABLE_KEY_HINT : `the key was not verified; ${refused}`;
}

const CHECK_KEY_OPTIONS = {
  target: true,
  key: true,
  alternatives: true,
  timeoutMs: true,
  signal: true,
  proxy: true,
} as const satisfies OptionNames<KeyCheckOptions>;

const CHECK_KEY_REQUIRED: readonly RequiredOption[] = [
  {
    name: "target",
    shape: "{ label: string, baseUrl: string, headers?: {...}, provider?: string }",
    holds: holds.objectWithStrings("label", "baseUrl"),
  },
  { name: "key", shape: "string", holds: holds.string },
];

/**
 * Checks a key against its endpoint and says in words what is wrong: valid, wrong region, a key
 * for the other provider, rejected, client not allowed, or unreachable (a warning: offline
 * onboarding still succeeds).
 */
export async function checkKey(options: KeyCheckOptions): Promise<KeyCheckResult> {
  checkCallOptions("checkKey", options, CHECK_KEY_OPTIONS, CHECK_KEY_REQUIRED);
  const { target, key, signal, proxy } = options;
  const targetNamed = endpointNamed(target);
  // An aborted check has no result: its requests ended because of the abort, not the endpoint.
  const stopped = () => {
    if (signal?.aborted)
      throw signal.reason instanceof Error ? signal.reason : new Error("aborted");
  };
  stopped();
  const probe = await probeModels(target, key, options.timeoutMs, signal, proxy);
  stopped();
  if (probe.kind === "ok") {
    return {
      status: "valid",
      message: worksOnMessage(target, probe.models.length),
      hint: undefined,
      acceptedBy: target,
      models: probe.models,
    };
  }
  if (probe.kind === "header_invalid") return headerInvalidResult(probe);
  if (probe.kind === "network") {
    return unreachableResult(
      probe,
      `could not reach ${targetNamed} to check the key: ${probe.reason}`,
      unreachableKeyHint(target, probe.code),
    );
  }
  if (probe.status === 403 && probe.type === "access_terminated_error") {
    return {
      status: "forbidden_client",
      message: `${targetNamed} refused this client (403 access_terminated_error): Kimi Code only serves recognised coding agents`,
      hint: 'keep the model header "User-Agent": "KimiCLI/0.77" from the docs\' config, or set models.providers.kimi-code.headers',
      acceptedBy: undefined,
      models: [],
    };
  }
  // API Gateway's 403 "Missing Authentication Token" is no refusal of the key: told below as
  // no API at the base URL.
  if ((probe.status === 401 || probe.status === 403) && !probe.noApi) {
    // Only an endpoint that answered 401/403 rejected the key; one that could not be reached (or
    // answered something else) says nothing about it, and the key may well belong there.
    const rejectedBy: string[] = [];
    const notReached: { alternative: KeyCheckAlternative; what: string }[] = [];
    const plausible = (options.alternatives ?? []).filter(
      (alternative) =>
        alternative.provider === undefined ||
        checkKeyShape(alternative.provider, key) === undefined,
    );
    for (const alternative of plausible) {
      const other = await probeModels(alternative, key, options.timeoutMs, signal, proxy);
      stopped();
      if (other.kind === "network" || other.kind === "header_invalid") {
        notReached.push({
          alternative,
          what:
            other.kind === "network"
              ? `${endpointNamed(alternative)} could not be reached (${other.reason})`
              : `${endpointNamed(alternative)} could not be asked (${other.error.message})`,
        });
        continue;
      }
      if (other.kind === "http") {
        if (isRejection(other)) rejectedBy.push(endpointNamed(alternative));
        else
          notReached.push({
            alternative,
            what: `${endpointNamed(alternative)} could not check it (it answered ${rejection(other)})`,
          });
        continue;
      }
      // Both endpoints are already named in the sentence (with their addresses): the
      // region case says so without naming them twice, which ran to four URLs on one message.
      const what =
        alternative.relation === "region"
          ? "the key is from that region (wrong region)"
          : `this is a key for ${endpointNamed(alternative)}, not for ${targetNamed}`;
      return {
        status: alternative.relation === "region" ? "wrong_region" : "wrong_provider",
        message: `${targetNamed} rejected the key (${rejection(probe)}), but ${endpointNamed(alternative)} accepts it: ${what}`,
        hint: alternative.advice,
        acceptedBy: alternative,
        models: other.models,
        httpStatus: probe.status,
      };
    }
    const rejected = rejectedBy.length > 0 ? `, and so did ${rejectedBy.join(" and ")}` : "";
    const unknown =
      notReached.length > 0
        ? `; ${notReached.map((entry) => entry.what).join(" and ")}, so the key may belong there`
        : "";
    const first = notReached[0]?.alternative;
    return {
      status: "invalid",
      message: `${targetNamed} rejected the key (${rejection(probe)})${rejected}${unknown}`,
      ...(notReached.length > 0 ? { unchecked: notReached.map((entry) => entry.alternative) } : {}),
      hint: first
        ? `the key may be for ${endpointNamed(first)}, which could not check it; if so: ${first.advice}; if not, check that the key was copied whole and has not been revoked`
        : "check that the key was copied whole and has not been revoked",
      acceptedBy: undefined,
      models: [],
      httpStatus: probe.status,
    };
  }
  // Moonshot and Kimi Code list models at <API>/models: a 404 there is an address without the
  // API (a base URL without its /v1), which no later try mends, as is a server's no-route answer
  // (LM Studio's, with a 200). Another API may list none.
  const advice = endpointListingAdvice(probe, target);
  return {
    status: "unexpected",
    message: `${targetNamed} ${listingFailure(probe)}`,
    hint: advice
      ? `the key could not be verified: ${advice}`
      : "the key could not be verified; try again later or run with --skip-health",
    acceptedBy: undefined,
    models: [],
  };
}
