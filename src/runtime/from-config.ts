/**
 * The runtime as the CLI uses it: load the config, build the catalog, resolve keys from the
 * agent's auth profiles and the environment, and use the built-in transports.
 */

import { createKeyHomeFinder, createKeyResolver, inspectKeySources } from "../auth/index.js";
import type { KeyResolver } from "../auth/types.js";
import { buildCatalog, type Catalog } from "../catalog/index.js";
import type { ApiKind } from "../catalog/types.js";
import { agentDir, type LoadedConfig, loadConfig, resolveStateDir } from "../config/index.js";
import { adoptProxyEnvironment } from "../providers/proxy.js";
import type { Transport } from "../providers/types.js";
import type { Cooldowns } from "./cooldowns.js";
import { createRuntime } from "./runtime.js";
import type { RetryPolicy, Runtime } from "./types.js";

export interface OpenRuntimeOptions {
  env?: Record<string, string | undefined>;
  configPath?: string;
  agentId?: string;
  transports?: Partial<Record<ApiKind, Transport>>;
  retry?: Partial<RetryPolicy>;
  cooldowns?: Cooldowns;
}

export interface OpenedRuntime {
  runtime: Runtime;
  catalog: Catalog;
  loaded: LoadedConfig;
  stateDir: string;
  agentId: string;
  resolveKey: KeyResolver;
}

export function openRuntime(options: OpenRuntimeOptions = {}): OpenedRuntime {
  const env = options.env ?? process.env;
  const loaded = loadConfig({ env, ...(options.configPath ? { path: options.configPath } : {}) });
  // The built-in transport's proxies, from the shell or the config's `env` block; a bad one is
  // reported now, as a setup mistake, instead of as a failed request.
  if (!options.transports) adoptProxyEnvironment(loaded.env);
  const catalog = buildCatalog(loaded);
  const stateDir = resolveStateDir(env);
  const agentId = options.agentId ?? "main";
  const keyOptions = { agentDir: agentDir(stateDir, agentId), env: loaded.env };
  const resolveKey = createKeyResolver(keyOptions);
  const runtime = createRuntime({
    catalog,
    resolveKey,
    findKeyHome: createKeyHomeFinder(loaded.env),
    explainMissingKey: (model) => {
      const unusable = inspectKeySources(model, keyOptions).filter(
        (source) => source.state === "invalid",
      );
      return unusable.length > 0
        ? unusable.map((source) => `${source.label} ${source.detail}`).join("; ")
        : undefined;
    },
    ...(options.transports ? { transports: options.transports } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.cooldowns ? { cooldowns: options.cooldowns } : {}),
  });
  return { runtime, catalog, loaded, stateDir, agentId, resolveKey };
}

/** The transports this package ships, one per wire API it speaks. */
export async function defaultTransports(): Promise<Partial<Record<ApiKind, Transport>>> {
  const providers = await import("../providers/index.js");
  return { "openai-completions": providers.openAICompletionsTransport() };
}
