import type { ApiKind, Compat, InputModality, ModelCost } from "../catalog/types.js";

/** A model entry under `models.providers.<id>.models[]`, as written by the user. */
export interface ModelConfig {
  /** The model id sent upstream (`kimi-k2.5`); with the provider id it makes the ref `provider/id`. */
  id: string;
  /** Display name (the gateway's `GET /v1/models` gives it as `name`). */
  name: string;
  /** Whether the model can think; default: the built-in entry's, else false. */
  reasoning?: boolean;
  /** What the model reads; default: the built-in entry's, else `["text"]`. */
  input?: InputModality[];
  /** Prices in USD per million tokens; each left out is the built-in entry's, else 0. */
  cost?: Partial<ModelCost>;
  /** Context window in tokens; default: the built-in entry's, else 200,000. */
  contextWindow?: number;
  /** Most output tokens per request (a larger request is capped); default: built-in's, else 8,192. */
  maxTokens?: number;
  /** Extra HTTP headers for this model's requests, over the provider's. */
  headers?: Record<string, string>;
  /** Request rules for this model, over the provider's `compat` and the endpoint's defaults. */
  compat?: Partial<Compat>;
}

/** A provider under `models.providers.<id>`, as written by the user. */
export interface ProviderConfig {
  /** API base URL (`https://api.moonshot.ai/v1`); required unless the provider is built in. */
  baseUrl?: string;
  /** The key, or a `${VAR}` template naming the variable that holds it; tried after profiles and env. */
  apiKey?: string;
  /** Wire API the provider speaks; default: the built-in provider's, else `openai-completions`. */
  api?: ApiKind;
  /** Extra HTTP headers sent with each of its requests. */
  headers?: Record<string, string>;
  /** Whether the key is sent as `Authorization: Bearer`; false for a provider that needs none. Default true. */
  authHeader?: boolean;
  /** Request rules for all its models, over the defaults its endpoint (base URL or id) gets. */
  compat?: Partial<Compat>;
  /** Its models; an entry with a built-in model's id overrides that model's fields. */
  models?: ModelConfig[];
}

/** `agents.defaults.model` written as an object: the default model and those tried after it. */
export interface ModelSelection {
  /** Ref or alias of the model a run uses first. */
  primary?: string;
  /** Refs or aliases tried in order when the primary fails; default none. */
  fallbacks?: string[];
}

/** An entry of `agents.defaults.models["provider/id"]`; a non-empty map is also the allowlist. */
export interface AgentModelEntry {
  /** A short name usable in place of the ref (case-insensitive). */
  alias?: string;
  /** Extra request parameters sent with this model's requests (`temperature`, `top_p`, `stop`…). */
  params?: Record<string, unknown>;
}

/** The `gateway` section: the local OpenAI-compatible server `openclaw gateway` runs. */
export interface GatewayConfig {
  /** TCP port to listen on; default 18789. */
  port?: number;
  /** Address to listen on: `loopback` (the default), `lan` (every interface), or an address. */
  bind?: string;
  /** Client auth: `mode` `token` (the default; a token is created on start if none is set) or `none`. */
  auth?: {
    /**
     * `gateway.auth.mode`: `token` (the default) asks every client for `Authorization: Bearer
     * <token>`; `none` serves without one, on loopback only (refused with a `bind` beyond it).
     */
    mode?: "token" | "none";
    /**
     * `gateway.auth.token`: the token clients send. Unset, `OPENCLAW_GATEWAY_TOKEN` is used (the
     * shell's, else the `env` block's); a start with neither makes a token and saves it here.
     */
    token?: string;
  };
  /** Request limits: bytes, message count, concurrent upstream streams, and timeouts in ms. */
  limits?: {
    /**
     * `gateway.limits.maxBodyBytes`: largest request body, in bytes (at least 1024); a larger one
     * gets a 413. Default 8 MiB.
     */
    maxBodyBytes?: number;
    /**
     * `gateway.limits.maxMessages`: most messages one request sends upstream; more get a 400
     * (`too_many_messages`). Default 2048.
     */
    maxMessages?: number;
    /**
     * `gateway.limits.maxConcurrentStreams`: upstream requests in flight at once; beyond it clients
     * get a 429 with `Retry-After: 1`. Default 1024.
     */
    maxConcurrentStreams?: number;
    /**
     * `gateway.limits.headersTimeoutMs`: milliseconds a client has to send its request headers
     * (then a 408). Default 10000.
     */
    headersTimeoutMs?: number;
    /**
     * `gateway.limits.requestTimeoutMs`: milliseconds a client has to send its whole request, body
     * included (then a 408); not less than `headersTimeoutMs`. Default 60000.
     */
    requestTimeoutMs?: number;
    /**
     * `gateway.limits.drainTimeoutMs`: milliseconds running requests get to finish after SIGTERM.
     * Default 10000.
     */
    drainTimeoutMs?: number;
  };
  /** Upstream timeouts of each attempt, in milliseconds (0: no limit); read at start only. */
  timeouts?: {
    /**
     * `gateway.timeouts.firstByteMs`: until the provider's first bytes; a non-streamed answer comes
     * whole, so it bounds all of it. Default 120000.
     */
    firstByteMs?: number;
    /** `gateway.timeouts.idleMs`: between two chunks of a stream. Default 120000. */
    idleMs?: number;
    /** `gateway.timeouts.totalMs`: for the whole call. Default 600000. */
    totalMs?: number;
  };
  /**
   * The usage ledger; `keepDays` removes request rows older than that many days (the hourly
   * totals stay), applied at start, hourly, and on a reload that changes it.
   */
  ledger?: {
    /** `gateway.ledger.enabled`: whether requests are recorded in the ledger. Default true. */
    enabled?: boolean;
    /**
     * `gateway.ledger.path`: the ledger's SQLite file; default `usage.sqlite` in the state
     * directory. `~/…` is in the home directory; a relative path is relative to the directory of
     * the config file that sets it (to the working directory in a config given as an object).
     */
    path?: string;
    /**
     * `gateway.ledger.keepDays`: days of request rows kept (at least 1); unset, every row is kept.
     */
    keepDays?: number;
  };
  /** Browser pages that may call the gateway: origins, or "*" (token auth only). */
  cors?: {
    /**
     * `gateway.cors.origins`: the http(s) origins (`http://localhost:3000`) whose pages may call;
     * `"*"` any, with token auth only. Unset: any origin with a token, none without.
     */
    origins?: string[];
  };
}

/** An entry of `auth.profiles.<profileId>`: names a stored credential profile for a provider. */
export interface AuthProfileConfig {
  /** The provider id whose key the profile holds. */
  provider: string;
  /** The kind of credential, as OpenClaw writes it; checked but not otherwise read here. */
  mode?: "api_key" | "oauth" | "token";
  /** The account's address, as OpenClaw writes it; checked but not otherwise read here. */
  email?: string;
}

/**
 * The validated config. As loaded, `${VAR}` is expanded in its strings (a value naming an unset
 * variable stays as written); as read for editing, nothing is expanded.
 */
export interface OpenClawConfig {
  /** Variables set where the process lacks them: top-level strings and `env.vars`. */
  env?: Record<string, string | Record<string, string>>;
  /** `agents.defaults`: the default model chain (`model`) and per-model aliases and params (`models`). */
  agents?: {
    /** `agents.defaults`: the models runs use where they name none. */
    defaults?: {
      /**
       * `agents.defaults.model`: the default model, a ref or alias (`"moonshot/kimi-k2.5"`, the
       * same as `{ primary: "moonshot/kimi-k2.5" }`) or the primary with its fallbacks. None: a
       * run that names no model fails.
       */
      model?: string | ModelSelection;
      /**
       * `agents.defaults.models`: an entry per ref (`"moonshot/kimi-k2.5"`) with its alias and
       * request params; once it has any entry, only these models, the primary and the fallbacks
       * can be used (an allowlist).
       */
      models?: Record<string, AgentModelEntry>;
    };
  };
  /** `mode` `merge` (the default: built-in providers plus these) or `replace`; and the providers. */
  models?: {
    /**
     * `models.mode`: `merge` (the default) lays these providers over the built-in ones
     * (`moonshot`, `moonshot-cn`, `kimi-code`); `replace` uses only these.
     */
    mode?: "merge" | "replace";
    /**
     * `models.providers`: the providers by id (the first part of their refs); a built-in id
     * merges with the built-in provider, its fields winning.
     */
    providers?: Record<string, ProviderConfig>;
  };
  /** The local gateway's settings. */
  gateway?: GatewayConfig;
  /** Credential profiles (`profiles`) and, per provider id, the order profiles are tried (`order`). */
  auth?: {
    /**
     * `auth.profiles`: credential profiles by id (`moonshot:default`), each naming its provider.
     */
    profiles?: Record<string, AuthProfileConfig>;
    /**
     * `auth.order`: per provider id, the profile ids tried first, in this order; then the store's
     * other profiles for it, the environment and `apiKey`.
     */
    order?: Record<string, string[]>;
  };
}
