/**
 * The hint of a classified failure: what a person can do about it, naming the setting to change
 * and where it is.
 */
import {
  baseUrlSetting,
  baseUrlWhere,
  builtInBaseUrl,
  PROXY_VARIABLES,
} from "../catalog/base-url-setting.js";
import { count } from "../util/count.js";
import { displayUrl } from "../util/display-url.js";
import type { ClassifyInput } from "./classify-input.js";
import { connectFailureHint } from "./connect-failure.js";
import type { Endpoint } from "./endpoint-kind.js";
import { basicAuthOf, sideRequestUrl } from "./endpoint-url.js";
import { MESSAGE_SIZE_PATTERN } from "./error-class.js";
import { errorCode } from "./error-code.js";
import type { ProviderErrorClass } from "./errors.js";
import { networkPageHint } from "./foreign-answer.js";
import { authHint } from "./key-refusal-hint.js";
import { KIMI_PLAN_RESET_UNKNOWN, kimiPlanUsedUpHint } from "./kimi-plan-hint.js";
import { describeWait } from "./retry-after.js";
import { scanAdvice } from "./scan-advice.js";
import { userAgentHint } from "./user-agent-hint.js";
import { isWebPage } from "./web-page-answer.js";

/** Moonshot's refusal of a tool schema (`… is not a valid moonshot flavored json schema …`). */
const TOOL_SCHEMA_PATTERN = /moonshot flavored json schema|missing 'type' or 'anyOf'/i;
/**
 * The same refusal for a schema too big, whatever its rules: "<At path 'root': schema exceeds
 * maximum allowed size>" (MoonshotAI/kimi-cli#2475, an MCP server of 212 tools with long
 * descriptions). No rewrite fixes that, and the path does not say which tool it is.
 */
const TOOL_SCHEMA_SIZE_PATTERN = /schema exceeds maximum allowed size/i;
/**
 * Kimi Code's refusal of thinking options kimi-cli once sent ("unknown think_v2 option:
 * keep_reasoning_content"), reported (by another client's maintainers, not by Moonshot) to be
 * applied to requests that say they come from kimi-cli with `X-Msh-Platform: kimi_cli`.
 */
const THINK_V2_PATTERN = /\bunknown think_v2 option\b/i;

/**
 * Whether the refused request carried the base URL's login (`user:password@`) as its
 * Authorization: it does when nothing else took that header (src/providers/endpoint-url.ts).
 * A refusal of it is the login's, and "the API key" would send the user after a key never sent.
 */
export function sentUrlLogin(input: ClassifyInput): boolean {
  if (basicAuthOf(input.model.baseUrl) === undefined) return false;
  const headerNames = [
    ...Object.keys(input.model.headers ?? {}),
    ...Object.keys(input.callHeaders ?? {}),
  ];
  if (headerNames.some((name) => name.toLowerCase() === "authorization")) return false;
  return input.model.authHeader === false || !input.apiKey;
}

/** What to do about a request over the provider's size limit, which the answer's cap plays no part in. */
const SHORTEN_BYTES =
  "shorten the conversation (start a new session, or drop old turns, large tool results and images); lowering maxTokens does not help";

/** What a person can do about a failure of `errorClass`, by what is known of it. */
export function hintFor(
  errorClass: ProviderErrorClass,
  input: ClassifyInput,
  endpoint: Endpoint,
  retryAfterMs: number | undefined,
  rawMessage = "",
): string {
  const { provider, id } = input.model;
  switch (errorClass) {
    case "auth":
    case "wrong_region":
      if (errorClass === "auth" && sentUrlLogin(input))
        return `check the user name and password in models.providers.${provider}.baseUrl (user:password@, sent as Authorization: Basic; percent-encode an @, : or / in them), or send a key instead: remove the login from the URL and set the provider's apiKey (authHeader true)`;
      return authHint(
        endpoint,
        input.model,
        errorClass === "wrong_region",
        undefined,
        undefined,
        input.apiKey,
      );
    case "forbidden_client":
      // A web page, not the API's refusal: something in front of the host turned the request
      // away (Cloudflare's bot check, "Just a moment..."), not the API checking its client.
      if (typeof input.body === "string" && isWebPage(input.body))
        return `a web page answered in place of the API: a firewall or CDN in front of ${endpoint.host} turned the request away (as Cloudflare's bot check does); check that this machine may reach ${endpoint.host} (its network, VPN or proxy), or ask whoever runs it`;
      return endpoint.kind === "kimi-code" || endpoint.kind === "other"
        ? userAgentHint(input)
        : `the provider refused this client or account: check the account status and any headers set in models.providers.${provider}`;
    case "not_found":
      // Moonshot retires ids often (the K2 previews and kimi-k2-thinking* went in 2026), so a
      // configured model that worked last month may be gone: point at what the key may use now.
      return `model "${id}" is unknown to ${provider} or your key may not use it; model ids are retired from time to time; ${scanAdvice(provider, true)} (the provider's list: GET ${displayUrl(sideRequestUrl(input.model.baseUrl, input.model.api, "/models"))})`;
    case "rate_limit":
      return `rate limit reached${retryAfterMs !== undefined ? `; the provider asked to wait ${describeWait(retryAfterMs)}` : ""}: retry later, send fewer requests at once, or configure a fallback model`;
    case "overloaded":
      return "the provider is short of capacity: retry in a moment, or configure a fallback model";
    case "quota":
      return endpoint.kind === "kimi-code"
        ? kimiPlanUsedUpHint(KIMI_PLAN_RESET_UNKNOWN)
        : `your account balance is used up: top up at ${endpoint.kind === "moonshot" ? `platform.moonshot.${endpoint.region}` : "the provider's console"}; retrying before you top up will not help`;
    case "context_length": {
      const size = MESSAGE_SIZE_PATTERN.exec(rawMessage);
      if (size)
        return `the messages come to ${count(Number(size[1]))} bytes, over the ${count(Number(size[2]))} the provider takes in one request, whatever the model's context window: ${SHORTEN_BYTES}`;
      // 413: a limit on the request's size in bytes (a proxy's or the API's), not on tokens.
      if (input.status === 413)
        return `the request is larger than the provider takes in one request (HTTP 413, a limit on its size in bytes, whatever the model's context window): ${SHORTEN_BYTES}`;
      return "the conversation plus the requested output does not fit the model's context window: shorten the conversation, lower maxTokens, or pick a model with a larger contextWindow";
    }
    case "content_filter":
      return "the provider's content filter refused this input or output: rephrase the request";
    case "bad_request":
      // Moonshot's own JSON Schema rules for tools: the rewrite is on by default for its hosts,
      // so this is mostly a Moonshot model behind another address, or the rewrite turned off.
      if (TOOL_SCHEMA_SIZE_PATTERN.test(rawMessage))
        return "the tools' parameter schemas are larger than Moonshot takes (the message does not say which tool): send fewer tools (turn off MCP servers or tools this task does not need), or shorten the long descriptions in their schemas";
      if (TOOL_SCHEMA_PATTERN.test(rawMessage))
        return `a tool's parameter schema breaks Moonshot's JSON Schema rules (the message names the path); openclaw rewrites tool schemas to those rules when models.providers.${provider}.compat.toolSchema is "moonshot" (the default for Moonshot and Kimi Code addresses); otherwise fix the schema at that path`;
      if (THINK_V2_PATTERN.test(rawMessage))
        return `Kimi Code refused thinking options of an old kimi-cli, which it is reported to apply to requests that carry X-Msh-Platform: kimi_cli; if your config sets that header, remove the X-Msh-Platform header from models.providers.${provider} (its headers, or the model's): the User-Agent alone is enough`;
      return `the provider rejected the request as invalid: check the model's params and compat settings in models.providers.${provider}`;
    case "server":
      return "the provider had a server error; it is usually temporary: retry, or configure a fallback model; quote the trace id if you contact support";
    case "proxy_auth":
      // Providers never send 407: it is a proxy on the way that wants a login. Which proxy is not
      // known here (a dispatcher other than ours answered); ours names it (ProxyAuthRefusal).
      // No scheme before user:password@, which output would mask.
      return `a proxy between this machine and the provider wants a login (HTTP 407): if its URL (${PROXY_VARIABLES}) has none, put user:password@ in front of its host; if it has one, the proxy refused it: check the user name and password`;
    case "network_login":
      return modelNetworkPageHint(input.model);
    case "network":
      // Not the provider either: this machine had no file descriptor left for the connection.
      if (errorCode(input.cause) === "EMFILE")
        return "the process reached its open-files limit: raise it (ulimit -Hn, LimitNOFILE= under systemd, --ulimit nofile= for docker) or make fewer requests at once (gateway.limits.maxConcurrentStreams)";
      if (errorCode(input.cause) === "ENFILE")
        return "the whole system ran out of open files (ENFILE): close other programs or raise fs.file-max";
      // DNS and certificate failures have their own things to check; the rest, the catch-all.
      // A lower-case sentence without a closing stop, as the CLI's own hints are.
      return unreachableHint(input.model, endpoint.host, errorCode(input.cause));
    case "timeout":
      return "the provider did not answer in time: retry, or raise the timeouts if long answers are expected (gateway.timeouts.firstByteMs / idleMs / totalMs for the gateway; the timeouts option in the library)";
    case "cancelled":
      return "the request was cancelled by the caller; nothing to fix";
  }
}

/** An error's `where` for its base URL, when a config holds it (a built-in one has none). */
export function whereOf(model: ClassifyInput["model"]): { where?: string } {
  const where = baseUrlWhere(model);
  return where === undefined ? {} : { where };
}

/** A web page in place of the API, told with where its base URL came from. */
export function modelNetworkPageHint(model: ClassifyInput["model"]): string {
  return networkPageHint(model.baseUrl, baseUrlSetting(model), builtInBaseUrl(model) !== undefined);
}

/**
 * What to check when `host` could not be reached: a DNS or TLS failure's own things, else the
 * network and the base URL; for a built-in address, the network alone, then how to point it
 * elsewhere.
 */
function unreachableHint(
  model: ClassifyInput["model"],
  host: string,
  code: string | undefined,
): string {
  const builtIn = builtInBaseUrl(model);
  const setting = baseUrlSetting(model);
  const known = connectFailureHint(code, host, setting, builtIn);
  if (known !== undefined) return known;
  return builtIn
    ? `could not talk to ${host}: ${builtIn.said}, so check this machine's network, DNS and any proxy (${PROXY_VARIABLES}); ${builtIn.elsewhere}`
    : `could not talk to ${host}: check the network, any proxy, and ${setting}`;
}
