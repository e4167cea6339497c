/**
 * Endpoint-aware compat defaults. OpenAI's own API takes `developer`, `store`, strict tools and
 * `max_completion_tokens`; every other OpenAI-compatible host (Moonshot and Kimi Code included) is
 * treated conservatively unless the config says otherwise.
 */
import type { Compat } from "./types.js";

const CONSERVATIVE: Compat = {
  supportsDeveloperRole: false,
  supportsStore: false,
  supportsReasoningEffort: false,
  supportsUsageInStreaming: true,
  supportsStrictMode: false,
  supportsTools: true,
  maxTokensField: "max_tokens",
  thinkingFormat: "none",
  requiresToolResultName: false,
  requiresAssistantAfterToolResult: false,
  requiresThinkingAsText: false,
  requiresStringContent: false,
};

const OPENAI: Compat = {
  ...CONSERVATIVE,
  supportsDeveloperRole: true,
  supportsStore: true,
  supportsReasoningEffort: true,
  supportsStrictMode: true,
  maxTokensField: "max_completion_tokens",
  thinkingFormat: "openai",
};

/**
 * Moonshot and Kimi Code take temperatures in [0, 1], where OpenAI's clients think in [0, 2],
 * check tool schemas against their own stricter JSON Schema, search the web themselves, take
 * at most 5 stop sequences of at most 32 bytes each (Kimi Code is served by the same API), fix
 * some models' sampling values, and go on from a partial assistant message (partial mode).
 */
const MOONSHOT: Compat = {
  ...CONSERVATIVE,
  thinkingFormat: "moonshot",
  maxTemperature: 1,
  toolSchema: "moonshot",
  fixedSampling: "moonshot",
  supportsWebSearch: true,
  maxStopSequences: 5,
  maxStopSequenceBytes: 32,
  supportsPartialMode: true,
};

/** Kimi Code as Moonshot, plus a cache key per conversation when the caller sends none. */
const KIMI_CODE: Compat = { ...MOONSHOT, promptCacheKey: "conversation" };

/** What kind of server a provider's base URL (else its built-in id) says it is, which decides its default `Compat`. */
export type EndpointFamily = "openai" | "moonshot" | "kimi-code" | "other";

const PROVIDER_FAMILIES: Record<string, EndpointFamily> = {
  moonshot: "moonshot",
  "moonshot-cn": "moonshot",
  "kimi-code": "kimi-code",
  openai: "openai",
};

/**
 * The family decides the defaults: by host, else by the built-in provider id (so a Moonshot
 * provider pointed at a proxy or a local simulator keeps Moonshot's rules).
 */
export function endpointFamily(baseUrl: string, providerId?: string): EndpointFamily {
  const byHost = hostFamily(baseUrl);
  if (byHost !== "other") return byHost;
  return (providerId && PROVIDER_FAMILIES[providerId]) || "other";
}

function hostFamily(baseUrl: string): EndpointFamily {
  let host: string;
  try {
    host = new URL(baseUrl).hostname.toLowerCase();
  } catch {
    return "other";
  }
  if (host === "api.openai.com") return "openai";
  if (host === "api.moonshot.ai" || host === "api.moonshot.cn") return "moonshot";
  if (host === "api.kimi.com") return "kimi-code";
  return "other";
}

/**
 * The request quirks a provider gets when its config sets no `compat`, by what its base URL (or id)
 * says it is: OpenAI, Moonshot, Kimi Code, or a conservative set for any other server.
 */
export function defaultCompat(baseUrl: string, providerId?: string): Compat {
  switch (endpointFamily(baseUrl, providerId)) {
    case "openai":
      return OPENAI;
    case "moonshot":
      return MOONSHOT;
    case "kimi-code":
      return KIMI_CODE;
    default:
      return CONSERVATIVE;
  }
}

/** Kimi K3 and later (`kimi-k3`, `kimi-k3-256k`, Kimi Code's `k3`), not K2.x. */
const EFFORT_MODEL_ID = /(?:^|[^a-z0-9])k3(?![0-9])/i;

/**
 * What a model's id says on Moonshot's endpoints, beneath any config: Kimi K3 always thinks and
 * sets its effort with a top-level `reasoning_effort` (low, high, max); it takes no `thinking`
 * object, and Moonshot refuses a request with both.
 */
export function modelCompatDefaults(
  baseUrl: string,
  providerId: string,
  modelId: string,
): Partial<Compat> | undefined {
  const family = endpointFamily(baseUrl, providerId);
  if ((family === "moonshot" || family === "kimi-code") && EFFORT_MODEL_ID.test(modelId))
    return { thinkingFormat: "moonshot-effort" };
  return undefined;
}

/** endpoint defaults < provider compat < model compat. */
export function effectiveCompat(
  baseUrl: string,
  providerId: string,
  ...layers: (Partial<Compat> | undefined)[]
): Compat {
  const out: Compat = { ...defaultCompat(baseUrl, providerId) };
  for (const layer of layers) {
    if (!layer) continue;
    for (const [key, value] of Object.entries(layer)) {
      if (value !== undefined) (out as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return out;
}
