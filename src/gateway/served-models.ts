/**
 * Which models the gateway lists on /v1/models: the last good build, less the configured models
 * a provider's own `GET /models` does not list and the providers that refused an environment key
 * the other Moonshot region took. Each provider is asked in the background when its endpoint or
 * key is new; its answer applies when it comes, unless a reload changed that provider meanwhile.
 */
import type { KeySourcePlacer } from "../auth/key-variable.js";
import type { KeyResolver } from "../auth/types.js";
import type { RetiredFixWords } from "../catalog/retired-object-edit.js";
import type { Env } from "../config/index.js";
import { sideRequestUrl } from "../providers/endpoint-url.js";
import { modelsListRequest } from "../providers/models-list-request.js";
import type { ProxySettings } from "../providers/proxy.js";
import { Cancellation } from "../util/cancellation.js";
import { displayUrl } from "../util/display-url.js";
import type { BuiltBackend } from "./backend.js";
import type { ConfigEditsApply } from "./model-directory.js";
import {
  type DiscoveryReport,
  type DiscoveryTarget,
  discoverModels,
  discoveryTargets,
  notListedHint,
  notServedRefs,
  withListedModels,
} from "./model-discovery.js";
import {
  type AskedWithEnvKey,
  regionKeyMessage,
  regionKeyVerdicts,
  withoutRefusedProviders,
} from "./region-key.js";

/** What the listing reads from the running gateway, each time it needs it. */
export interface ServedModelsDeps {
  /** The last good build (a reload or a key re-read replaces it). */
  backend(): BuiltBackend;
  /** The served config's environment, for the words of a region verdict. */
  env(): Env;
  /** The key resolver of the served config. */
  keyResolver(): KeyResolver;
  /** Where the served config writes a key source (an apiKey of `${VAR}`), as `file:line`. */
  placeKeySource?: KeySourcePlacer;
  /** The upstream proxies the providers are asked through. */
  proxy: ProxySettings;
  /** Puts a build with its directory narrowed in front of the clients. */
  setServed(served: BuiltBackend): void;
  log(line: string): void;
  onDiscovery?: ((report: DiscoveryReport) => void) | undefined;
  /** How a config edit reaches this gateway: what a model to add is told to be added with. */
  configEdits: ConfigEditsApply;
  /** How the fixes of a model not listed reach the gateway's config (a started program's). */
  fixWords?: RetiredFixWords;
}

export interface ServedModels {
  /** What is served now: the last good build, less the models their providers do not list. */
  served(): BuiltBackend;
  /** Serves the last good build again, less what the providers' lists leave out. */
  serve(): void;
  /** Asks the providers whose endpoint or key is new for their lists, in the background. */
  discover(): void;
  /** Whether `stop` was called. */
  readonly stopped: boolean;
  /** Stops the discovery in flight: its answers no longer apply. */
  stop(): void;
}

export function servedModels(deps: ServedModelsDeps): ServedModels {
  /** What each provider's `GET /models` listed, with the endpoint and key it was asked with. */
  const listed = new Map<
    string,
    { signature: string; models: ReadonlySet<string>; target: DiscoveryTarget }
  >();
  /**
   * Providers that refused (401) an environment key a sibling reading the same variable accepted:
   * the other Moonshot region. Left out of /v1/models until a reload changes their endpoint or key.
   */
  const refusedRegion = new Map<
    string,
    { signature: string; variable: string; accepter: string }
  >();
  /** The endpoint and key each provider was last asked with (answered, failed or pending). */
  const asked = new Map<string, string>();
  /** The refs already said to be left out, per provider: each is said once. */
  const saidNotServed = new Map<string, Set<string>>();
  /** Stops the discovery in flight when the gateway closes. */
  const discovery = new Cancellation();
  let served: BuiltBackend = deps.backend();

  /** Says which configured refs `provider` does not list, those not said before. */
  const sayNotServed = (provider: string, refs: readonly string[]): string[] => {
    const said = saidNotServed.get(provider) ?? new Set<string>();
    saidNotServed.set(provider, said);
    const fresh = refs.filter((ref) => !said.has(ref));
    for (const ref of fresh) said.add(ref);
    if (fresh.length === 0) return fresh;
    const one = fresh.length === 1;
    const them = one ? "it" : "them";
    const { catalog } = deps.backend();
    // Worded as doctor --probe and models status --probe say it of the same list.
    const configured = catalog.providers.get(provider);
    const request = modelsListRequest(configured?.baseUrl, configured?.api);
    deps.log(
      `gateway: ${provider}: ${fresh.join(", ")} ${one ? "is" : "are"} not in the models your key can use (${request}): this gateway's /v1/models leaves ${them} out; requests naming ${them} are still forwarded\n  hint: ${notListedHint(catalog, provider, fresh, deps.fixWords)}`,
    );
    return fresh;
  };

  /** Serves the last good build, less what the providers' lists leave out. */
  const serve = () => {
    const backend = deps.backend();
    const lists = new Map([...listed].map(([provider, entry]) => [provider, entry.models]));
    const directory = withoutRefusedProviders(
      withListedModels(backend.directory, lists, backend.catalog, deps.configEdits, deps.fixWords),
      refusedRegion,
    );
    served = directory === backend.directory ? backend : { ...backend, directory };
    deps.setServed(served);
    // A reload may name models a provider was already found not to list: said as they appear.
    for (const [provider, models] of lists)
      sayNotServed(provider, notServedRefs(backend.directory, provider, [...models]));
  };

  /**
   * Asks, in the background, each provider with a key whose endpoint or key is new its
   * `GET /models`; the answer applies when it comes, unless a later reload changed that provider.
   * A failure changes nothing and is said once. The list of a provider whose endpoint or key
   * changed no longer applies: `serve()` after this serves without it.
   */
  const discover = () => {
    let targets: DiscoveryTarget[];
    let catalog: BuiltBackend["catalog"];
    try {
      const backend = deps.backend();
      catalog = backend.catalog;
      targets = discoveryTargets(
        backend.catalog,
        backend.directory,
        deps.keyResolver(),
        deps.placeKeySource,
      );
    } catch {
      return;
    }
    const current = new Map(targets.map((target) => [target.provider, target.signature]));
    for (const provider of [...asked.keys()]) {
      if (asked.get(provider) === current.get(provider)) continue;
      asked.delete(provider);
      saidNotServed.delete(provider);
      listed.delete(provider);
      refusedRegion.delete(provider);
    }
    const fresh = targets.filter((target) => !asked.has(target.provider));
    if (fresh.length === 0) return;
    for (const target of fresh) asked.set(target.provider, target.signature);
    const proxy = deps.proxy;
    void discoverModels(fresh, { signal: discovery, proxy }).then((outcomes) => {
      if (discovery.aborted) return;
      let changed = false;
      const current = (target: DiscoveryTarget | undefined): target is DiscoveryTarget =>
        target !== undefined && asked.get(target.provider) === target.signature;
      const withEnvKey: AskedWithEnvKey[] = [];
      for (const [index, outcome] of outcomes.entries()) {
        const target = fresh[index];
        if (current(target) && target.envKey !== undefined)
          withEnvKey.push({ target: { ...target, envKey: target.envKey }, outcome });
      }
      // Who else reads a variable is the config's to say, not this round's: a reload asks only
      // the providers it changed.
      const verdicts = regionKeyVerdicts(withEnvKey, deps.env(), {
        catalog,
        targets,
        acceptedBefore: [...listed.values()].map((entry) => entry.target),
      });
      /** The providers a verdict speaks for: their 401 is said by the verdict's line alone. */
      const explained = new Map<string, string>();
      for (const verdict of verdicts) {
        const { message, hint } = regionKeyMessage(
          verdict,
          deps.env(),
          deps.backend().verdictWords,
        );
        deps.log(`gateway: ${message}\n  hint: ${hint}`);
        if (verdict.kind === "other-region") {
          refusedRegion.set(verdict.refused.provider, {
            signature: verdict.refused.signature,
            variable: verdict.variable,
            accepter: verdict.accepted.provider,
          });
          changed = true;
          explained.set(verdict.refused.provider, hint);
        } else if (verdict.kind === "own-key-needed" || verdict.kind === "own-key-refused") {
          // Its models stay listed: the key it needs is one the user has yet to give it.
          explained.set(verdict.refused.provider, hint);
        } else {
          for (const target of verdict.refused) explained.set(target.provider, hint);
        }
      }
      for (const [index, outcome] of outcomes.entries()) {
        const target = fresh[index];
        if (!current(target)) continue;
        if (outcome.kind === "failed") {
          // A region that refused a key the other region took was said above, with its hint.
          const regionHint = explained.get(outcome.provider);
          if (regionHint === undefined) {
            const asking = `GET ${displayUrl(sideRequestUrl(target.endpoint.baseUrl, target.endpoint.api, "/models"))}`;
            // A proxy that refused its login refuses the provider's chat requests too, until the
            // login in its URL is fixed: said as doctor and models status say it, not as a list
            // that could not be read this once.
            deps.log(
              outcome.proxyRefused
                ? `gateway: warning: requests to ${outcome.provider} cannot get through the proxy: ${outcome.reason} (${asking}); they fail until the proxy's login is fixed, and /v1/models lists its configured models as they are\n  hint: ${outcome.proxyRefused.hint}`
                : `gateway: could not read the models ${outcome.provider} serves (${asking}: ${outcome.reason}); /v1/models lists its configured models as they are${
                    outcome.status === 401 ? refusedKeyHint(outcome.provider, deps.backend()) : ""
                  }`,
            );
          }
          const hint = regionHint ?? outcome.proxyRefused?.hint;
          deps.onDiscovery?.({
            provider: outcome.provider,
            ok: false,
            listed: [],
            notServed: [],
            error: outcome.reason,
            ...(hint === undefined ? {} : { hint }),
          });
          continue;
        }
        listed.set(outcome.provider, {
          signature: target.signature,
          models: new Set(outcome.models),
          target,
        });
        changed = true;
        deps.onDiscovery?.({
          provider: outcome.provider,
          ok: true,
          listed: outcome.models,
          notServed: notServedRefs(deps.backend().directory, outcome.provider, outcome.models),
          error: undefined,
        });
      }
      if (changed) serve();
    });
  };

  return {
    served: () => served,
    serve,
    discover,
    get stopped() {
      return discovery.aborted;
    },
    stop: () => discovery.abort(new Error("the gateway is closing")),
  };
}

/**
 * A 401 to the model list is the provider refusing the key its chat requests send too: said as
 * such, with what to do about it. For a gateway on a config file, the command that names where a
 * key of the other provider or region belongs, with the words that reach the gateway's files (its
 * state dir, when not the shell's); for a program's config object or own key lookup, which no
 * command reads, the fix its requests' errors give.
 */
function refusedKeyHint(provider: string, backend: BuiltBackend): string {
  const fix =
    backend.refusedKeyFix(provider) ??
    `see which key it uses and where that key works with: ${backend.directory.commandPrefix ?? ""}openclaw doctor --probe`;
  return `\n  hint: ${provider} refused its API key, so its requests fail too until the key is replaced; ${fix}`;
}
