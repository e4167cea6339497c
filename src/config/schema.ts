/**
 * The config schema: every section and key we implement, validated strictly, plus the sections an
 * OpenClaw-written config carries that we accept and report once as ignored.
 */
import { isIP } from "node:net";
import { API_KINDS } from "../catalog/types.js";
import { isLoopbackHost } from "../util/loopback.js";
import { closestMatches } from "../util/suggest.js";
import { MAX_TIMER_MS } from "../util/timer-limit.js";
import { normalizeWebOrigin, OPEN_CORS_WITHOUT_TOKEN, webOriginHint } from "../util/web-origin.js";
import { DEFAULT_LIMITS, GATEWAY_LIMIT_RANGES } from "./gateway-defaults.js";
import { modelIds, modelIndexList } from "./model-index-list.js";
import {
  anyValue,
  array,
  boolean,
  describeValue,
  either,
  formatPath,
  isPlainObject,
  number,
  object,
  oneOf,
  record,
  type SchemaNode,
  string,
  url,
} from "./schema-dsl.js";
import { withCapHints, withTokenSizeHints } from "./token-size.js";

/** `gateway.limits`: each a whole number in its range (GATEWAY_LIMIT_RANGES). */
function gatewayLimitNodes(): Record<string, SchemaNode> {
  return Object.fromEntries(
    Object.entries(GATEWAY_LIMIT_RANGES).map(([name, range]) => [
      name,
      number({ ...range, integer: true }),
    ]),
  );
}

/** An entry of gateway.cors.origins: a string here; whether it is an origin is `gatewayChecks`'. */
const corsOrigin = () =>
  string({ nonEmpty: true, description: 'an origin like "https://chat.example.com", or "*"' });

/** Whether `gateway.auth` opts out of a token, as the gateway reads it (src/gateway/start.ts). */
function withoutToken(auth: unknown): boolean {
  return isPlainObject(auth) && auth.mode === "none";
}

/**
 * `auth.mode "none"` with a `bind` that is not loopback: the gateway refuses to start so (no
 * token on the network), so `config set` and `config validate` refuse it too, at the mode, as
 * the gateway and doctor name it. A bind already refused, or a `${VAR}` not set, is left alone.
 */
function bindWithoutTokenIssue(
  gateway: Record<string, unknown>,
  path: readonly (string | number)[],
  context: Parameters<SchemaNode["validate"]>[2],
): { path: (string | number)[]; message: string; hint: string } | undefined {
  if (!withoutToken(gateway.auth) || typeof gateway.bind !== "string") return undefined;
  const bind = gateway.bind.trim().toLowerCase();
  if (bind.includes("${") || context.isUnresolved?.(formatPath([...path, "bind"])) === true)
    return undefined;
  const loopback =
    bind === "loopback" ||
    bind === "localhost" ||
    (isIP(bind.replace(/^\[|\]$/g, "")) !== 0 && isLoopbackHost(bind));
  const known = bind === "lan" || bind === "all" || isIP(bind.replace(/^\[|\]$/g, "")) !== 0;
  if (loopback || !known) return undefined;
  return {
    path: [...path, "auth", "mode"],
    message: `is "none" but gateway.bind is ${JSON.stringify(gateway.bind)}: the gateway refuses to listen beyond loopback without a token`,
    hint: 'set gateway.auth.mode to "token" (a token is created on start), or gateway.bind to "loopback"',
  };
}

/**
 * `limits.requestTimeoutMs` below `limits.headersTimeoutMs` (set, or its default): the whole
 * request, headers included, must arrive within the first, so Node's server refuses to start so
 * and the gateway stopped with Node's own words, taken for a bug. Refused here at the key written
 * last in the pair's terms: the request timeout when it is set, else the headers timeout.
 */
function requestBeforeHeadersIssue(
  gateway: Record<string, unknown>,
  path: readonly (string | number)[],
): { path: (string | number)[]; message: string; hint: string } | undefined {
  const limits = isPlainObject(gateway.limits) ? gateway.limits : {};
  const given = (value: unknown, fallback: number) =>
    value === undefined ? fallback : typeof value === "number" && value >= 1 ? value : undefined;
  const headers = given(limits.headersTimeoutMs, DEFAULT_LIMITS.headersTimeoutMs);
  const request = given(limits.requestTimeoutMs, DEFAULT_LIMITS.requestTimeoutMs);
  if (headers === undefined || request === undefined || request >= headers) return undefined;
  const why = "the whole request, its headers included, must arrive within requestTimeoutMs";
  const hint = `set gateway.limits.requestTimeoutMs to ${headers} or more, or gateway.limits.headersTimeoutMs to ${request} or less`;
  if (limits.requestTimeoutMs === undefined)
    return {
      path: [...path, "limits", "headersTimeoutMs"],
      message: `is ${headers} ms, more than gateway.limits.requestTimeoutMs (its default, ${request} ms): ${why}`,
      hint,
    };
  const headersSaid = limits.headersTimeoutMs === undefined ? "its default, " : "";
  return {
    path: [...path, "limits", "requestTimeoutMs"],
    message: `is ${request} ms, less than gateway.limits.headersTimeoutMs (${headersSaid}${headers} ms): ${why}`,
    hint,
  };
}

/**
 * The `gateway` section, plus the checks that read more than one key of it, so that
 * `config set` and `config validate` refuse what the gateway would refuse at start or reload:
 * each `cors.origins` entry by the gateway's own rule (src/util/web-origin.ts), with a hint that
 * depends on the auth mode, and `"*"` without a token.
 */
const gatewayChecks = (base: SchemaNode): SchemaNode => ({
  description: base.description,
  validate(value, path, context) {
    const before = context.issues.length;
    base.validate(value, path, context);
    if (!isPlainObject(value)) return;
    const openBind = bindWithoutTokenIssue(value, path, context);
    if (openBind) context.issues.push(openBind);
    const timeouts = requestBeforeHeadersIssue(value, path);
    if (timeouts) context.issues.push(timeouts);
    const origins = isPlainObject(value.cors) ? value.cors.origins : undefined;
    if (!Array.isArray(origins)) return;
    const modeUnknown = context.isUnresolved?.(formatPath([...path, "auth", "mode"])) === true;
    const tokenAuth = !withoutToken(value.auth);
    origins.forEach((entry: unknown, index) => {
      const at = [...path, "cors", "origins", index];
      const where = formatPath(at);
      // Already reported (not a string, empty), or an unset variable (checked when used).
      if (typeof entry !== "string" || entry.trim() === "" || entry.includes("${")) return;
      if (context.issues.slice(before).some((issue) => formatPath(issue.path) === where)) return;
      if (entry.trim() === "*") {
        if (!tokenAuth && !modeUnknown)
          context.issues.push({ path: at, ...OPEN_CORS_WITHOUT_TOKEN });
        return;
      }
      if (normalizeWebOrigin(entry) === undefined) {
        context.issues.push({
          path: at,
          message: `is not an origin: ${JSON.stringify(entry)}`,
          hint: webOriginHint(entry, tokenAuth || modeUnknown),
        });
      }
    });
  },
  child: (segment) => base.child?.(segment),
  keys: () => base.keys?.() ?? [],
  toJsonSchema: () => base.toJsonSchema(),
});

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The words `gateway.bind` takes besides an IP address. */
const BIND_KEYWORDS = ["loopback", "lan"];
/** Other words the gateway has always read (src/gateway/start.ts): kept valid, not advertised. */
const BIND_SYNONYMS = ["localhost", "all"];
/** OpenClaw's bind modes this gateway does not have, and what to write instead. */
const OPENCLAW_BIND_MODES: Readonly<Record<string, string>> = {
  auto: 'OpenClaw\'s "auto" is not a mode here: write "loopback" (this machine only) or "lan" (every interface)',
  tailnet:
    'OpenClaw\'s "tailnet" is not a mode here: write the machine\'s Tailscale IP address (tailscale ip -4), or "lan"',
  custom:
    'OpenClaw\'s "custom" is not a mode here (customBindHost is not read): write the address itself in gateway.bind',
};

const EMPTY_BIND_HINT =
  'leave gateway.bind out for loopback, the default (this machine only), or write "loopback"; "lan" (every interface) or an address of this machine only to reach the gateway from the network';

/**
 * `gateway.bind`: "loopback", "lan" or an IP address literal, as the gateway listens on it. A
 * word or host name the gateway cannot listen on is refused here, where `config set` and
 * `config validate` can say so, instead of when the gateway starts.
 */
const bindAddress = (): SchemaNode => ({
  description: '"loopback", "lan" or an IP address',
  validate(value, path, context) {
    if (typeof value !== "string") {
      context.issues.push({
        path,
        message: `expected ${this.description}, found ${describeValue(value)}`,
      });
      return;
    }
    // A `${VAR}` not set is refused where it is used, with the variable's name.
    if (context.isUnresolved?.(formatPath(path)) === true) return;
    const word = value.trim().toLowerCase();
    if (BIND_KEYWORDS.includes(word) || BIND_SYNONYMS.includes(word)) return;
    if (isIP(value.trim()) !== 0) return;
    const [near] = closestMatches(word, BIND_KEYWORDS, 1);
    context.issues.push({
      path,
      message: `expected ${this.description}, found ${describeValue(value)}`,
      // Empty is no typo of "lan" (the nearest by letters): it is most likely the default meant.
      hint:
        (word === "" ? EMPTY_BIND_HINT : OPENCLAW_BIND_MODES[word]) ??
        (near
          ? `did you mean "${near}"?`
          : 'write "loopback" (this machine only), "lan" (every interface) or an IP address of this machine (ip addr shows them)'),
    });
  },
  toJsonSchema: () => ({
    type: "string",
    anyOf: [{ enum: [...BIND_KEYWORDS, ...BIND_SYNONYMS] }, { format: "ipv4" }, { format: "ipv6" }],
  }),
});

/**
 * A header value: a line break or NUL in it would end the header and start another (or be refused
 * by the HTTP layer on every request), so it is a config error here, at its place. The value is
 * never shown: a header often carries a credential.
 */
const headerValue = (text = string()): SchemaNode => ({
  description: "a string",
  validate(value, path, context) {
    if (typeof value !== "string" || !/[\r\n\0]/.test(value)) {
      text.validate(value, path, context);
      return;
    }
    const templated = context.describeTemplate?.(formatPath(path), value) !== undefined;
    context.issues.push({
      path,
      message: "a header value must not contain a line break or NUL (its value is not shown)",
      hint: templated
        ? "the ${VAR} in it expands to text with a line break: set the variable without one (printf '%s' rather than echo, no trailing newline from a file)"
        : "write the value on one line, without \\n, \\r or \\0",
    });
  },
  toJsonSchema: () => ({ type: "string", pattern: "^[^\\r\\n\\u0000]*$" }),
});

const headers = () =>
  record(headerValue(), {
    keyPattern: /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/,
    keyHint: "header names are letters, digits and -",
  });

const compat = object({
  supportsDeveloperRole: boolean(),
  supportsStore: boolean(),
  supportsReasoningEffort: boolean(),
  supportsUsageInStreaming: boolean(),
  supportsStrictMode: boolean(),
  supportsTools: boolean(),
  maxTokensField: oneOf(["max_completion_tokens", "max_tokens"]),
  thinkingFormat: oneOf(["moonshot", "moonshot-effort", "openai", "none"]),
  alwaysThinks: boolean(),
  requiresToolResultName: boolean(),
  requiresAssistantAfterToolResult: boolean(),
  requiresThinkingAsText: boolean(),
  requiresStringContent: boolean(),
  maxTemperature: number({ min: 0 }),
  promptCacheKey: oneOf(["conversation", "none"]),
  toolSchema: oneOf(["moonshot", "none"]),
  fixedSampling: oneOf(["moonshot", "none"]),
  supportsWebSearch: boolean(),
  maxStopSequences: number({ min: 1, integer: true }),
  maxStopSequenceBytes: number({ min: 1, integer: true }),
  supportsPartialMode: boolean(),
});

const cost = object({
  input: number({ min: 0 }),
  output: number({ min: 0 }),
  cacheRead: number({ min: 0 }),
  cacheWrite: number({ min: 0 }),
});

const model = withTokenSizeHints(
  object(
    {
      id: string({ nonEmpty: true }),
      name: string({ nonEmpty: true }),
      reasoning: boolean(),
      input: array(oneOf(["text", "image", "video"])),
      cost,
      contextWindow: number({ min: 1, integer: true }),
      maxTokens: number({ min: 1, integer: true }),
      headers: headers(),
      compat,
    },
    { required: ["id", "name"] },
  ),
);

/**
 * `agents.defaults.models[ref].params`: the request defaults the runtime reads are checked (a
 * string or a negative number there was dropped or sent as 1 token); any other key goes into the
 * request body as written.
 */
const modelParams = withCapHints(
  object(
    {
      maxTokens: number({ min: 1, integer: true }),
      temperature: number({ min: 0 }),
      topP: number({ min: 0, max: 1 }),
      top_p: number({ min: 0, max: 1 }),
    },
    { rest: anyValue(), description: "an object of request defaults" },
  ),
);

const provider = object(
  {
    baseUrl: url(),
    apiKey: string(),
    api: oneOf(API_KINDS),
    headers: headers(),
    authHeader: boolean(),
    // Our extension: compat for every model of the provider (models can still override it).
    compat,
    // OpenClaw's `auth` hint on custom providers; accepted, not needed here.
    auth: oneOf(["api-key", "token", "oauth", "aws-sdk"]),
    models: array(model),
  },
  {
    misplacedKeyHint: (key, input) =>
      topLevelSectionHint(key, input) ?? modelKeyOnProviderHint(key, input),
  },
);

/** Sections of the config's top level that no provider has a key of the same name for. */
const TOP_LEVEL_ONLY: ReadonlySet<string> = new Set(["env", "agents", "gateway"]);

/**
 * One of them in a provider: a whole config (the provider page's snippets are whole configs)
 * pasted as the provider's value, one level too deep. "known keys here: baseUrl, …" would read
 * as a name to change.
 */
function topLevelSectionHint(key: string, input: Record<string, unknown>): string | undefined {
  if (!TOP_LEVEL_ONLY.has(key)) return undefined;
  const sections = Object.keys(input).filter(
    (name) => TOP_LEVEL_ONLY.has(name) || (name === "models" && isPlainObject(input.models)),
  );
  return `${key} is a section of the config's top level, not a key of a provider: a whole config (${sections.join(", ")}) is pasted inside this provider; put its sections at the top of the file, merged with the ones there (its provider then goes under models.providers)`;
}

/**
 * A model's own key written on its provider (`contextWindow` beside `baseUrl`, as the provider
 * page's note on adjusting `contextWindow` may be read): it is set for each model, in `models`.
 */
function modelKeyOnProviderHint(key: string, input: Record<string, unknown>): string | undefined {
  if (!model.keys?.().includes(key)) return undefined;
  const ids = modelIds(input.models);
  const which = ids.some((id) => id !== undefined) ? ` (${modelIndexList(ids)})` : "";
  return `${key} is set for each model, not for its provider: move it into the models it applies to, under this provider's models${which}, e.g. models[0].${key}`;
}

const modelRef = string({
  nonEmpty: true,
  description: 'a model ref such as "moonshot/kimi-k2.5"',
});

/** Keys OpenClaw writes under `agents.defaults` that configure features we do not have. */
const IGNORED_AGENT_DEFAULTS = [
  "workspace",
  "repoRoot",
  "skipBootstrap",
  "bootstrapMaxChars",
  "userTimezone",
  "timeFormat",
  "contextTokens",
  "contextPruning",
  "compaction",
  "thinkingDefault",
  "verboseDefault",
  "elevatedDefault",
  "blockStreamingDefault",
  "blockStreamingBreak",
  "blockStreamingChunk",
  "humanDelay",
  "timeoutSeconds",
  "mediaMaxMb",
  "typingIntervalSeconds",
  "typingMode",
  "heartbeat",
  "maxConcurrent",
  "subagents",
  "sandbox",
  "imageModel",
  "memorySearch",
  "cliBackends",
];

/** Top-level sections of an OpenClaw config that this project does not implement. */
export const IGNORED_TOP_LEVEL_SECTIONS = [
  "meta",
  "wizard",
  "channels",
  "session",
  "tools",
  "plugins",
  "messages",
  "commands",
  "hooks",
  "skills",
  "browser",
  "ui",
  "logging",
  "update",
  "diagnostics",
  "cron",
  "web",
  "talk",
  "discovery",
  "canvasHost",
  "broadcast",
  "audio",
  "bindings",
  "approvals",
  "memory",
  "nodeHost",
  "identity",
];

export const configSchema: SchemaNode = object(
  {
    $schema: string(),
    env: object(
      {
        vars: record(string(), {
          keyPattern: ENV_NAME,
          keyHint: "variable names are letters, digits and _",
        }),
      },
      {
        ignoredKeys: ["shellEnv"],
        rest: string({ description: "a string value for the environment variable" }),
      },
    ),
    agents: object(
      {
        defaults: object(
          {
            model: either(
              "a model ref or {primary, fallbacks}",
              {
                string: modelRef,
                object: object({ primary: modelRef, fallbacks: array(modelRef) }),
              },
              // "moonshot/kimi-k2.5" is { primary: "moonshot/kimi-k2.5" } (the guide says so).
              { expand: (value) => (typeof value === "string" ? { primary: value } : undefined) },
            ),
            models: record(object({ alias: string({ nonEmpty: true }), params: modelParams })),
          },
          { ignoredKeys: IGNORED_AGENT_DEFAULTS },
        ),
      },
      { ignoredKeys: ["list"] },
    ),
    models: object(
      {
        mode: oneOf(["merge", "replace"]),
        providers: record(provider, {
          keyPattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
          keyHint:
            "provider ids are letters, digits, '.', '_' and '-', like \"moonshot\" or \"kimi-code\"",
        }),
      },
      { ignoredKeys: ["bedrockDiscovery"] },
    ),
    gateway: gatewayChecks(
      object(
        {
          port: number({ min: 1, max: 65535, integer: true }),
          bind: bindAddress(),
          auth: object(
            {
              mode: oneOf(["token", "none"]),
              token: string(),
            },
            { ignoredKeys: ["password", "allowTailscale"] },
          ),
          limits: object(gatewayLimitNodes()),
          // Upstream timeouts per attempt (0: no limit), read at start.
          timeouts: object({
            firstByteMs: number({ min: 0, max: MAX_TIMER_MS, integer: true }),
            idleMs: number({ min: 0, max: MAX_TIMER_MS, integer: true }),
            totalMs: number({ min: 0, max: MAX_TIMER_MS, integer: true }),
          }),
          ledger: object({
            enabled: boolean(),
            path: string({ nonEmpty: true }),
            // Days of request rows kept; the hourly totals are kept whatever it says.
            keepDays: number({ min: 1, max: 100_000, integer: true }),
          }),
          cors: object({
            origins: array(corsOrigin()),
          }),
        },
        {
          ignoredKeys: [
            "mode",
            "controlUi",
            "tailscale",
            "remote",
            "trustedProxies",
            "http",
            "nodes",
            "tls",
            "reload",
            "customBindHost",
          ],
        },
      ),
    ),
    auth: object(
      {
        profiles: record(
          object(
            {
              provider: string({ nonEmpty: true }),
              mode: oneOf(["api_key", "oauth", "token"]),
              email: string(),
            },
            { required: ["provider"] },
          ),
        ),
        order: record(array(string({ nonEmpty: true }))),
      },
      { ignoredKeys: ["cooldowns"] },
    ),
  },
  { ignoredKeys: IGNORED_TOP_LEVEL_SECTIONS },
);

/** The JSON Schema of the config, for `openclaw config schema` and editors. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "openclaw.json",
    description: "OpenClaw-compatible configuration for Moonshot K2 and Kimi Code providers",
    ...configSchema.toJsonSchema(),
  };
}
