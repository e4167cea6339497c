/**
 * A config object for a gateway a test starts through the library (`startGateway({ config })`, or
 * written as its state dir's openclaw.json): moonshot at the simulator with its first
 * international key, the default chain given, no gateway token and no ledger.
 */
import type { ProviderConfig } from "../../src/index.js";
import { SIM_KEYS } from "../simulator/index.js";

export interface SimMoonshotConfig {
  models: { mode: "merge"; providers: Record<string, ProviderConfig> };
  agents: {
    defaults: {
      model: { primary: string; fallbacks: string[] };
      models?: Record<string, { alias: string }>;
    };
  };
  gateway: { auth: { mode: "none" }; ledger: { enabled: false } };
}

export function simMoonshotConfig(
  baseUrl: string,
  primary: string,
  fallbacks: string[] = [],
): SimMoonshotConfig {
  return {
    models: {
      mode: "merge",
      providers: {
        moonshot: { api: "openai-completions", apiKey: SIM_KEYS.ai[0], baseUrl },
      },
    },
    agents: { defaults: { model: { primary, fallbacks } } },
    gateway: { auth: { mode: "none" }, ledger: { enabled: false } },
  };
}
