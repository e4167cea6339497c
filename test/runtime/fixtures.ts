import type { ResolvedKey } from "../../src/auth/types.js";
import type { Compat, ResolvedModel } from "../../src/catalog/types.js";

export const COMPAT: Compat = {
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
};

export function model(ref: string, overrides: Partial<ResolvedModel> = {}): ResolvedModel {
  const [provider = "moonshot", id = "kimi-k2.5"] = ref.split("/");
  return {
    ref,
    provider,
    id,
    name: id,
    api: "openai-completions",
    baseUrl: "http://127.0.0.1:9/v1",
    headers: {},
    authHeader: true,
    compat: COMPAT,
    reasoning: false,
    input: ["text"],
    contextWindow: 256_000,
    maxTokens: 8192,
    cost: { input: 0.6, output: 2.5, cacheRead: 0.15, cacheWrite: 0 },
    alias: undefined,
    params: {},
    keySources: [{ kind: "env", variable: "MOONSHOT_API_KEY" }],
    ...overrides,
  };
}

export function fakeKey(value = "sk-test-moonshot-ai-0001", fingerprint = "fp-1"): ResolvedKey {
  return {
    value,
    source: { kind: "env", variable: "MOONSHOT_API_KEY" },
    masked: "sk-…0001",
    fingerprint,
  };
}
