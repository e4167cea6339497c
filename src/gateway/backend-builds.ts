/**
 * How the gateway builds what it serves from a config, at start, at each reload and at each
 * re-read of the credential store: every build shares one cooldown table and one set of sampling
 * rules (a reload keeps what the providers taught), reads keys with the caller's resolver or the
 * credential store of the main agent, and sends through the configured proxies.
 */
import { createKeyResolver } from "../auth/index.js";
import type { KeyResolver } from "../auth/types.js";
import type { ApiKind } from "../catalog/types.js";
import type { CliEnvPrefix, LoadedConfig } from "../config/index.js";
import type { ProxySettings } from "../providers/proxy.js";
import type { Transport } from "../providers/types.js";
import { createCooldowns, FixedSamplingRules, proxiedTransports } from "../runtime/index.js";
import type { RetryPolicy } from "../runtime/types.js";
import type { AuthPolicy } from "./auth.js";
import { type BuiltBackend, buildBackend } from "./backend.js";
import { callerKeyResolver } from "./caller-key-resolver.js";
import { lastGoodStore } from "./last-good-store.js";

/** startGateway's options a build reads, each time it builds. */
export interface BackendBuildOptions {
  resolveKey?: KeyResolver;
  transports?: Partial<Record<ApiKind, Transport>>;
  retry?: Partial<RetryPolicy>;
}

export interface BackendBuilds {
  /** The key resolver a build of `config` uses (the caller's own, when given). */
  keyResolverFor(config: LoadedConfig): KeyResolver;
  /** Builds `config` to be served under `auth`. */
  build(config: LoadedConfig, auth: AuthPolicy): BuiltBackend;
  /** What is wrong with the credential store's file now, or undefined when it reads well. */
  storeProblem(): unknown;
}

/** What a build's hints say of the config file: how to edit it, and whether edits are reloaded. */
export interface BackendFileHints {
  cliPrefix: CliEnvPrefix;
  reloads: boolean;
  /** startGateway was given `env` (a missing key's hint says where its variable goes). */
  envGiven?: boolean;
}

/** `credentialsDir`: the main agent's directory, where the credential store is. */
export function backendBuilds(
  options: BackendBuildOptions,
  credentialsDir: string,
  proxySettings: ProxySettings,
  fileHints?: BackendFileHints,
): BackendBuilds {
  // One reader for every build: a build made while the store's file is broken (a reload of
  // the config, a key re-read) serves the keys the last good read found, as the one before did.
  const store = lastGoodStore(credentialsDir);
  const readStore = store.read;
  // A caller's own key lookup does not read the store: nothing of it to say is wrong.
  const storeProblem = () => (options.resolveKey ? undefined : store.problem());
  // The caller's own lookup: what it throws is told as its mistake, not an internal error.
  const ownResolver = options.resolveKey && callerKeyResolver(options.resolveKey);
  const keyResolverFor = (config: LoadedConfig): KeyResolver =>
    ownResolver ?? createKeyResolver({ agentDir: credentialsDir, env: config.env, readStore });
  const cooldowns = createCooldowns();
  const sampling = new FixedSamplingRules();
  const build = (config: LoadedConfig, policy: AuthPolicy) => {
    // A build (at start, a reload, a key re-read: the watcher gave a file seen gone its time to
    // come back) takes the store as it is now, which its list of models then shows.
    storeProblem();
    return buildBackend({
      loaded: config,
      resolveKey: keyResolverFor(config),
      agentDir: credentialsDir,
      readStore,
      ...(options.resolveKey ? { ownKeyResolver: true } : {}),
      transports: proxiedTransports(proxySettings, options.transports),
      proxy: proxySettings,
      auth: policy,
      cooldowns,
      sampling,
      ...(options.retry ? { retry: options.retry } : {}),
      ...fileHints,
    });
  };
  return { keyResolverFor, build, storeProblem };
}
