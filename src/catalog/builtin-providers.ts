/**
 * Built-in provider and model data. Data only: no logic lives here. The Moonshot ids, names and
 * limits start from the spec page; `npm run docs:sync` renders the docs' generated blocks from it.
 * Costs are USD per 1M tokens; the spec ships zeros, so cost reports stay 0 until a user sets
 * prices in `models.providers.<id>.models[].cost`.
 */
import type { ApiKind, Compat, InputModality, ModelCost } from "./types.js";

export interface BuiltinModel {
  id: string;
  name: string;
  /** The alias the spec suggests for `agents.defaults.models`. */
  alias: string;
  reasoning: boolean;
  input: InputModality[];
  cost: ModelCost;
  contextWindow: number;
  maxTokens: number;
  headers?: Record<string, string>;
  compat?: Partial<Compat>;
  /**
   * Set when the provider's API no longer serves this id (it answers 404): the spec page still
   * lists it, so configs copied from it name it. `replacedBy` is the id of the same provider to
   * use instead; `year` when it was retired. Only the verdict to go by when no list of the models
   * a key can use (`GET /models`) was read: where one was, that list wins.
   */
  retired?: { replacedBy: string; year: number };
}

export interface BuiltinProvider {
  id: string;
  label: string;
  baseUrl: string;
  api: ApiKind;
  envVar: string;
  /** Other variables that may hold its key, read when `envVar` is unset (other tools' names). */
  envVarAlternates?: readonly string[];
  /** Prefix real keys of this provider start with, when it has a distinctive one. */
  keyPrefix?: string;
  /** Where a person gets a key. */
  consoleUrl: string;
  /** The model onboarding makes the default. */
  defaultModel: string;
  headers?: Record<string, string>;
  compat?: Partial<Compat>;
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
