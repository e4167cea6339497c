/**
 * Built-in provider and model data. Data only: no logic lives here. The Moonshot ids, names and
 * limits start from the spec page; `npm run docs:sync` renders the docs' generated blocks from it.
 * Costs are USD per 1M tokens; the spec ships zeros, so cost reports stay 0 until a user sets
 * prices in `models.providers.<id>.models[].cost`.
 */
import type { ApiKind, Compat, InputModality, ModelCost } from "./types.js";

/** A model the package knows without any config (`BUILTIN_PROVIDERS`); a config entry with its id overrides fields. */
export interface BuiltinModel {
  /** The model id sent upstream. */
  id: string;
  /** Display name. */
  name: string;
  /** The alias the spec suggests for `agents.defaults.models`. */
  alias: string;
  /** Whether the model can think. */
  reasoning: boolean;
  /** What the model reads. */
  input: InputModality[];
  /** Prices in USD per million tokens (0 for the built-ins: the spec sets none). */
  cost: ModelCost;
  /** Context window in tokens. */
  contextWindow: number;
  /** Most output tokens per request. */
  maxTokens: number;
  /** Extra HTTP headers for this model's requests. */
  headers?: Record<string, string>;
  /** Request rules of this model, over its provider's. */
  compat?: Partial<Compat>;
  /**
   * The day the provider released it (`YYYY-MM-DD`, UTC), where that is known; the gateway's
   * `GET /v1/models` gives it as `created` (see release-time.ts for the others).
   */
  released?: string;
  /**
   * Set when the provider's API no longer serves this id (it answers 404): the spec page still
   * lists it, so configs copied from it name it. `replacedBy` is the id of the same provider to
   * use instead; `year` when it was retired. Only the verdict to go by when no list of the models
   * a key can use (`GET /models`) was read: where one was, that list wins.
   */
  retired?: {
    /** The id of the same provider's model to use instead (`kimi-k2.5`). */
    replacedBy: string;
    /** The year the provider retired it. */
    year: number;
  };
}

/** A provider the package knows without any config (`moonshot`, `moonshot-cn`, `kimi-code`). */
export interface BuiltinProvider {
  /** Provider id, the first part of its models' refs (`moonshot`). */
  id: string;
  /** Name shown to people (`Moonshot Open Platform (China)`). */
  label: string;
  /** API base URL; `models.providers.<id>.baseUrl` overrides it. */
  baseUrl: string;
  /** Wire API it speaks. */
  api: ApiKind;
  /** Environment variable that conventionally holds its key (`MOONSHOT_API_KEY`). */
  envVar: string;
  /** Other variables that may hold its key, read when `envVar` is unset (other tools' names). */
  envVarAlternates?: readonly string[];
  /** Prefix real keys of this provider start with, when it has a distinctive one. */
  keyPrefix?: string;
  /** Where a person gets a key. */
  consoleUrl: string;
  /** The model onboarding makes the default. */
  defaultModel: string;
  /** Extra HTTP headers of its requests. */
  headers?: Record<string, string>;
  /** Its request rules, over those its endpoint gets by default. */
  compat?: Partial<Compat>;
  /** Its built-in models. */
  models: BuiltinModel[];
}

const FREE: ModelCost = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };

/** Moonshot retired the K2 previews and kimi-k2-thinking* during 2026; kimi-k2.5 is served. */
const RETIRED_FOR_K2_5 = { replacedBy: "kimi-k2.5", year: 2026 } as const;

const MOONSHOT_K2_MODELS: BuiltinModel[] = [
  {
    id: "kimi-k2.5",
    name: "Kimi K2.5",
    alias: "Kimi K2.5",
    reasoning: false,
    input: ["text"],
    cost: FREE,
    contextWindow: 256000,
    maxTokens: 8192,
    released: "2026-01-27",
  },
  {
    id: "kimi-k2-0905-preview",
    name: "Kimi K2 0905 Preview",
    alias: "Kimi K2",
    reasoning: false,
    input: ["text"],
    cost: FREE,
    contextWindow: 256000,
    maxTokens: 8192,
    released: "2025-09-05",
    retired: RETIRED_FOR_K2_5,
  },
  {
    id: "kimi-k2-turbo-preview",
    name: "Kimi K2 Turbo",
    alias: "Kimi K2 Turbo",
    reasoning: false,
    input: ["text"],
    cost: FREE,
    contextWindow: 256000,
    maxTokens: 8192,
    retired: RETIRED_FOR_K2_5,
  },
  {
    id: "kimi-k2-thinking",
    name: "Kimi K2 Thinking",
    alias: "Kimi K2 Thinking",
    reasoning: true,
    input: ["text"],
    cost: FREE,
    contextWindow: 256000,
    maxTokens: 8192,
    released: "2025-11-06",
    retired: RETIRED_FOR_K2_5,
  },
  {
    id: "kimi-k2-thinking-turbo",
    name: "Kimi K2 Thinking Turbo",
    alias: "Kimi K2 Thinking Turbo",
    reasoning: true,
    input: ["text"],
    cost: FREE,
    contextWindow: 256000,
    maxTokens: 8192,
    released: "2025-11-06",
    retired: RETIRED_FOR_K2_5,
  },
];

/**
 * The providers known without any config (Moonshot international and China, Kimi Code…), with their
 * base URL, key variable and models.
 */
export const BUILTIN_PROVIDERS: readonly BuiltinProvider[] = [
  {
    id: "moonshot",
    label: "Moonshot Open Platform (international)",
    baseUrl: "https://api.moonshot.ai/v1",
    api: "openai-completions",
    envVar: "MOONSHOT_API_KEY",
    consoleUrl: "https://platform.moonshot.ai/console/api-keys",
    defaultModel: "kimi-k2.5",
    models: MOONSHOT_K2_MODELS,
  },
  {
    id: "moonshot-cn",
    label: "Moonshot Open Platform (China)",
    baseUrl: "https://api.moonshot.cn/v1",
    api: "openai-completions",
    envVar: "MOONSHOT_API_KEY",
    consoleUrl: "https://platform.moonshot.cn/console/api-keys",
    defaultModel: "kimi-k2.5",
    models: MOONSHOT_K2_MODELS,
  },
  {
    id: "kimi-code",
    label: "Kimi Code",
    baseUrl: "https://api.kimi.com/coding/v1",
    api: "openai-completions",
    envVar: "KIMICODE_API_KEY",
    // OpenClaw reads either; kimi-cli's own variable is KIMI_API_KEY.
    envVarAlternates: ["KIMI_API_KEY"],
    keyPrefix: "sk-kimi-",
    consoleUrl: "https://www.kimi.com/code",
    defaultModel: "kimi-for-coding",
    models: [
      {
        id: "kimi-for-coding",
        name: "Kimi For Coding",
        alias: "Kimi Code",
        reasoning: true,
        input: ["text"],
        cost: FREE,
        contextWindow: 262144,
        maxTokens: 32768,
        // Kimi Code serves recognised coding agents only and checks the User-Agent.
        headers: { "User-Agent": "KimiCLI/0.77" },
        // It refuses thinking off: "invalid thinking: only type=enabled is allowed for this model"
        // (MoonshotAI/kimi-code#797, MoonshotAI/Kimi-K2#141), so it cannot use $web_search.
        compat: { supportsDeveloperRole: false, alwaysThinks: true },
      },
    ],
  },
];

/** The built-in provider with this id; undefined for any other. */
export function builtinProvider(id: string): BuiltinProvider | undefined {
  return BUILTIN_PROVIDERS.find((provider) => provider.id === id);
}
