import type { ApiKind, Compat, InputModality, ModelCost } from "../catalog/types.js";

/** A model entry under `models.providers.<id>.models[]`, as written by the user. */
export interface ModelConfig {
  id: string;
  name: string;
  reasoning?: boolean;
  input?: InputModality[];
  cost?: Partial<ModelCost>;
  contextWindow?: number;
  maxTokens?: number;
  headers?: Record<string, string>;
  compat?: Partial<Compat>;
}

export interface ProviderConfig {
  baseUrl?: string;
  apiKey?: string;
  api?: ApiKind;
  headers?: Record<string, string>;
  authHeader?: boolean;
  compat?: Partial<Compat>;
  models?: ModelConfig[];
}

export interface ModelSelection {
  primary?: string;
  fallbacks?: string[];
}

export interface AgentModelEntry {
  alias?: string;
  params?: Record<string, unknown>;
}

export interface GatewayConfig {
  port?: number;
  bind?: string;
  auth?: {
    mode?: "token" | "none";
    token?: string;
  };
  limits?: {
    maxBodyBytes?: number;
    maxMessages?: number;
    maxConcurrentStreams?: number;
    headersTimeoutMs?: number;
    requestTimeoutMs?: number;
    drainTimeoutMs?: number;
  };
  /** Upstream timeouts of each attempt, in milliseconds (0: no limit); read at start only. */
  timeouts?: { firstByteMs?: number; idleMs?: number; totalMs?: number };
  /**
   * The usage ledger; `keepDays` removes request rows older than that many days (the hourly
   * totals stay), applied at start, hourly, and on a reload that changes it.
   */
  ledger?: { enabled?: boolean; path?: string; keepDays?: number };
  /** Browser pages that may call the gateway: origins, or "*" (token auth only). */
  cors?: { origins?: string[] };
}

export interface AuthProfileConfig {
  provider: string;
  mode?: "api_key" | "oauth" | "token";
  email?: string;
}

/**
 * The validated config. As loaded, `${VAR}` is expanded in its strings (a value naming an unset
 * variable stays as written); as read for editing, nothing is expanded.
 */
export interface OpenClawConfig {
  env?: Record<string, string | Record<string, string>>;
  agents?: {
    defaults?: {
      model?: string | ModelSelection;
      models?: Record<string, AgentModelEntry>;
    };
  };
  models?: {
    mode?: "merge" | "replace";
    providers?: Record<string, ProviderConfig>;
  };
  gateway?: GatewayConfig;
  auth?: {
    profiles?: Record<string, AuthProfileConfig>;
    order?: Record<string, string[]>;
  };
}
