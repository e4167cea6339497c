/** Wire APIs a provider may speak. Only `openai-completions` has a transport today. */
export const API_KINDS = ["openai-completions", "openai-responses", "anthropic-messages"] as const;
/** A wire API a provider speaks (`models.providers.<id>.api`); one of `API_KINDS`. */
export type ApiKind = (typeof API_KINDS)[number];

/** What a model reads besides text, as a model's `input` lists it. */
export type InputModality = "text" | "image" | "video";

/** USD per one million tokens. */
export interface ModelCost {
  /** Price of a prompt token not read from or written to the cache, USD per million. */
  input: number;
  /** Price of an output (completion) token, USD per million. */
  output: number;
  /** Price of a prompt token read from the cache, USD per million. */
  cacheRead: number;
  /** Price of a prompt token written to the cache, USD per million. */
  cacheWrite: number;
}

/** The request field the output-token limit goes in (`compat.maxTokensField`). */
export type MaxTokensField = "max_completion_tokens" | "max_tokens";
/**
 * How a model is told to think: Moonshot's `thinking: {type}` object (Kimi K2.x), Moonshot's
 * `reasoning_effort` of low, high or max with no thinking object (Kimi K3, which always thinks),
 * OpenAI's `reasoning_effort`, or nothing.
 */
export type ThinkingFormat = "moonshot" | "moonshot-effort" | "openai" | "none";

/** Per-endpoint request rules. Every key is optional in config; resolution fills all of them. */
export interface Compat {
  /** Whether `developer` messages are sent as such; false: they are sent as `system` (noted). */
  supportsDeveloperRole: boolean;
  /** Whether the endpoint takes OpenAI's `store` (sent as false); false: `store` and `metadata` are dropped. */
  supportsStore: boolean;
  /** Whether `reasoning_effort` is sent for thinking, with `thinkingFormat: "openai"`. */
  supportsReasoningEffort: boolean;
  /** Whether a streamed request asks for usage (`stream_options.include_usage`). */
  supportsUsageInStreaming: boolean;
  /** Whether a tool's `strict` flag is sent; false: it is dropped, noted. */
  supportsStrictMode: boolean;
  /** Whether tools are sent; false: a request's tools are left out, noted. */
  supportsTools: boolean;
  /** The field the output-token limit is sent in: `max_tokens` or `max_completion_tokens`. */
  maxTokensField: MaxTokensField;
  /** How thinking on or off is asked for; see `ThinkingFormat`. */
  thinkingFormat: ThinkingFormat;
  /**
   * The model thinks whatever it is sent and refuses to be told otherwise: Kimi Code's
   * kimi-for-coding answers `thinking: {"type": "disabled"}` with "invalid thinking: only
   * type=enabled is allowed for this model". Thinking off is then not sent (it is noted), a
   * forced tool choice goes as "auto", and a request offering Moonshot's `$web_search` (which
   * needs thinking off) is not sent to it: skipped in a chain, refused before sending alone.
   * Unset, a model is found out by its first such refusal instead.
   */
  alwaysThinks?: boolean;
  /** Whether a tool result message must carry the tool's `name` (filled in from its call). */
  requiresToolResultName: boolean;
  /** Whether a user message right after a tool result needs an assistant message put between them. */
  requiresAssistantAfterToolResult: boolean;
  /** Whether earlier turns' reasoning is sent inside the text, in `<thinking>` tags, not as `reasoning_content`. */
  requiresThinkingAsText: boolean;
  /** Whether message content must be a string, not an array of parts (so no images). */
  requiresStringContent: boolean;
  /**
   * Highest temperature the endpoint accepts; a higher one is lowered to it. OpenAI's scale goes
   * to 2, Moonshot's stops at 1 (older K2 models refuse anything above it).
   */
  maxTemperature?: number;
  /**
   * `"conversation"`: when the caller sends no `prompt_cache_key`, one is derived from the
   * conversation's start (its first system and user messages), so that every turn of it carries
   * the same key; Kimi Code caches a session's context better with one. `"none"`: send only
   * the caller's.
   */
  promptCacheKey?: "conversation" | "none";
  /**
   * `"moonshot"`: tool parameter schemas are rewritten to pass Moonshot's stricter JSON Schema
   * (a type on every property, no type beside `anyOf`, a `required` list on every object, `$ref`s
   * only into `#/$defs/`), and tool names Moonshot refuses are sent in a form it takes and mapped
   * back in the answer; see providers/moonshot-tool-schema.ts and moonshot-tool-names.ts.
   * `"none"`: sent as given.
   */
  toolSchema?: "moonshot" | "none";
  /**
   * `"moonshot"`: a model whose sampling values Moonshot documents as fixed (kimi-k2.5: top_p
   * 0.95, penalties 0, temperature 1 while thinking and 0.6 without) is sent those in place of a
   * caller's others from the first request, noted; see runtime/known-fixed-sampling.ts. `"none"`:
   * sent as given (an endpoint that takes other values). A refusal naming the one value a model
   * takes is learned either way.
   */
  fixedSampling?: "moonshot" | "none";
  /**
   * Whether the endpoint runs Moonshot's built-in `$web_search` tool (Moonshot and Kimi Code do).
   * Without it, a request asking for web search is refused before it is sent.
   */
  supportsWebSearch?: boolean;
  /**
   * The most stop sequences (`stop`) the endpoint takes in one request, and the longest of them
   * in UTF-8 bytes: a request over either is refused before it is sent, naming the entry. Moonshot
   * documents 5 of at most 32 bytes; unset, any number and length go on.
   */
  maxStopSequences?: number;
  /** The longest stop sequence the endpoint takes, in UTF-8 bytes; see `maxStopSequences`. */
  maxStopSequenceBytes?: number;
  /**
   * Whether the endpoint takes Moonshot's partial mode: a last assistant message with `partial:
   * true` is the start of the answer, which the model goes on from. `POST /v1/completions` sends
   * the prompt so; an endpoint without it would take that message as an earlier turn and answer
   * anew, so the route refuses a model whose endpoint is not known to take it. Moonshot and Kimi
   * Code do; `api: "anthropic-messages"` sends the prompt as Anthropic's prefill instead.
   */
  supportsPartialMode?: boolean;
}

/**
 * The names of every `Compat` field: the keys a provider's or model's `compat` in the config may
 * set.
 */
export const COMPAT_KEYS = [
  "supportsDeveloperRole",
  "supportsStore",
  "supportsReasoningEffort",
  "supportsUsageInStreaming",
  "supportsStrictMode",
  "supportsTools",
  "maxTokensField",
  "thinkingFormat",
  "alwaysThinks",
  "requiresToolResultName",
  "requiresAssistantAfterToolResult",
  "requiresThinkingAsText",
  "requiresStringContent",
  "maxTemperature",
  "promptCacheKey",
  "toolSchema",
  "fixedSampling",
  "supportsWebSearch",
  "maxStopSequences",
  "maxStopSequenceBytes",
  "supportsPartialMode",
] as const satisfies readonly (keyof Compat)[];

/** A model as the catalog holds it after merging built-ins with the user's config. */
export interface CatalogModel {
  /** The model id sent upstream; the ref is `provider/id`. */
  id: string;
  /** Display name. */
  name: string;
  /** Whether the model can think (config `reasoning`, default false). */
  reasoning: boolean;
  /** What the model reads (config `input`, default `["text"]`). */
  input: InputModality[];
  /** Prices in USD per million tokens (config `cost`, default 0 each). */
  cost: ModelCost;
  /** Context window in tokens (config `contextWindow`, default 200,000). */
  contextWindow: number;
  /** Most output tokens per request (config `maxTokens`, default 8,192). */
  maxTokens: number;
  /** Extra HTTP headers of this model, over its provider's. */
  headers: Record<string, string>;
  /** The model's own request rules (config `compat`), over its provider's. */
  compat: Partial<Compat>;
  /** Where this entry came from, for `models list` and error messages. */
  origin: "builtin" | "config" | "builtin+config";
}

/** A provider as the catalog holds it. `apiKey` is the raw config text (may be `${VAR}`), never resolved here. */
export interface CatalogProvider {
  /** Provider id, lower-cased (`moonshot`, `kimi-code`): the first part of a model ref. */
  id: string;
  /** API base URL, without a trailing slash (`models.providers.<id>.baseUrl`). */
  baseUrl: string;
  /** Wire API it speaks (`models.providers.<id>.api`, default `openai-completions`). */
  api: ApiKind;
  /**
   * Raw `apiKey` value from the config: a `${VAR}` template, or a key written as it is (shown
   * masked when the provider is printed).
   */
  apiKeyTemplate: string | undefined;
  /** Environment variable conventionally holding this provider's key (`MOONSHOT_API_KEY`). */
  envVar: string | undefined;
  /** Other variables read for its key when `envVar` is unset (`KIMI_API_KEY` for Kimi Code). */
  envVarAlternates: readonly string[];
  /** Extra HTTP headers of its requests (`models.providers.<id>.headers`). */
  headers: Record<string, string>;
  /** Whether the key is sent as `Authorization: Bearer` (`models.providers.<id>.authHeader`, default true). */
  authHeader: boolean;
  /** Its request rules as configured (`models.providers.<id>.compat`), before endpoint defaults. */
  compat: Partial<Compat>;
  /** Its models: built-in ones merged with the configured ones. */
  models: CatalogModel[];
  /** Where this entry came from: built in, the config, or a built-in one the config changes. */
  origin: "builtin" | "config" | "builtin+config";
  /** Dotted config path of this provider, when the user configured it. */
  configPath: string | undefined;
  /**
   * `file:line` where this provider's baseUrl is written, when a config file holds it: set by
   * what opened the config (the catalog reads no file), for a hint that names the line to fix.
   */
  baseUrlAt?: string;
  /** Where its baseUrl came from: a hint about an address it cannot reach names that place. */
  baseUrlOrigin: BaseUrlOrigin;
}

/**
 * Where a provider's base URL came from. `builtin`: the provider's own public address, which no
 * config sets (a hint then suspects the network, not the address); `config`: written in the
 * config as it is; `variable`: the config's value names environment variables (`${MOONSHOT_URL}`),
 * which hold the address.
 */
export type BaseUrlOrigin =
  | {
      /** The built-in provider's own address. */
      kind: "builtin";
    }
  | {
      /** Written in the config as it is. */
      kind: "config";
    }
  | {
      /** Made from environment variables the config's value names. */
      kind: "variable";
      /** The variables it names (`MOONSHOT_URL`). */
      variables: string[];
    };

/**
 * Where a provider's key will come from, in resolution order. The auth module walks this list;
 * nothing here holds a key's value.
 */
export type KeySource =
  | {
      /** A credential profile of `<agentDir>/auth-profiles.json`. */
      kind: "profile";
      /** The profile's id (`moonshot:default`). */
      profileId: string;
    }
  | {
      /** An environment variable. */
      kind: "env";
      /** Its name (`MOONSHOT_API_KEY`). */
      variable: string;
      /**
       * The variable is set by the config's `env` block, not the shell: a wrong key there is
       * fixed in the config file, where the spec's snippet puts it.
       */
      fromEnvBlock?: true;
    }
  | {
      /** The provider's `apiKey` in the config. */
      kind: "config";
      /** Its dotted path (`models.providers.moonshot.apiKey`). */
      path: string;
      /** The value as written (a `${VAR}` template, or a key, masked when printed). */
      template: string;
      /** The variables the template names; empty for a key written as it is. */
      variables: string[];
    };

/**
 * Everything needed to call one model. Produced by `resolveModel`; a key or token it holds (one
 * written in the config, an `Authorization` header) is masked when it is printed.
 */
export interface ResolvedModel {
  /** Canonical ref, `provider/modelId`. */
  ref: string;
  /** Provider id. */
  provider: string;
  /** The model id sent upstream. */
  id: string;
  /** Display name. */
  name: string;
  /** Wire API used to call it. */
  api: ApiKind;
  /** API base URL, without a trailing slash. */
  baseUrl: string;
  /** Effective headers: provider < model (call-level headers are added by the transport). */
  headers: Record<string, string>;
  /** Whether the key is sent as `Authorization: Bearer`. */
  authHeader: boolean;
  /** Every request rule filled in: endpoint and model-id defaults < provider `compat` < model `compat`. */
  compat: Compat;
  /** Whether the model can think. */
  reasoning: boolean;
  /** What the model reads. */
  input: InputModality[];
  /** Context window in tokens. */
  contextWindow: number;
  /** Most output tokens per request; a request asking for more is capped to it. */
  maxTokens: number;
  /** Prices in USD per million tokens. */
  cost: ModelCost;
  /** Alias the user gave this model, if any. */
  alias: string | undefined;
  /** Extra request params from `agents.defaults.models[ref].params`. */
  params: Record<string, unknown>;
  /** Candidate key sources, in the order they will be tried. */
  keySources: KeySource[];
  /** `file:line` of the provider's baseUrl in the config, when known (a hint names it). */
  baseUrlAt?: string;
  /**
   * Where the base URL came from (built in, the config, a variable the config names), so that a
   * hint names that place; unset, it is taken as written in the config.
   */
  baseUrlOrigin?: BaseUrlOrigin;
}
