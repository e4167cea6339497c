/** ResolvedModel literals for tests, shaped like the catalog's output (built here, not resolved). */
import type { Compat, ResolvedModel } from "../../src/catalog/types.js";

export const MOONSHOT_COMPAT: Compat = {
  supportsDeveloperRole: false,
  supportsStore: false,
  supportsReasoningEffort: false,
  supportsUsageInStreaming: true,
  supportsStrictMode: false,
  supportsTools: true,
  maxTokensField: "max_tokens",
  thinkingFormat: "moonshot",
  requiresToolResultName: false,
  requiresAssistantAfterToolResult: false,
  requiresThinkingAsText: false,
  requiresStringContent: false,
  maxTemperature: 1,
  toolSchema: "moonshot",
  supportsWebSearch: true,
  maxStopSequences: 5,
  maxStopSequenceBytes: 32,
};

type Overrides = Partial<Omit<ResolvedModel, "compat">> & { compat?: Partial<Compat> };

export function moonshotModel(id = "kimi-k2.5", overrides: Overrides = {}): ResolvedModel {
  const { compat, ...rest } = overrides;
  return {
    ref: `moonshot/${id}`,
    provider: "moonshot",
    id,
    name: id,
    api: "openai-completions",
    baseUrl: "https://api.moonshot.ai/v1",
    headers: {},
    authHeader: true,
    compat: { ...MOONSHOT_COMPAT, ...compat },
    reasoning: id.includes("thinking"),
    input: id === "kimi-k2.5" ? ["text", "image"] : ["text"],
    contextWindow: 256_000,
    maxTokens: 8192,
    cost: { input: 0.6, output: 2.5, cacheRead: 0.15, cacheWrite: 0 },
    alias: undefined,
    params: {},
    keySources: [],
    ...rest,
  };
}

export function kimiCodeModel(overrides: Overrides = {}): ResolvedModel {
  const { compat, ...rest } = overrides;
  return moonshotModel("kimi-for-coding", {
    ref: "kimi-code/kimi-for-coding",
    provider: "kimi-code",
    name: "Kimi For Coding",
    baseUrl: "https://api.kimi.com/coding/v1",
    reasoning: true,
    input: ["text"],
    contextWindow: 262_144,
    maxTokens: 32_768,
    headers: { "User-Agent": "KimiCLI/0.77" },
    compat: { supportsDeveloperRole: false, ...compat },
    ...rest,
  });
}
