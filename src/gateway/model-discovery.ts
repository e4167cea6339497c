/**
 * What each provider says it serves (its `GET /models`), asked once when the gateway starts and
 * again when a reload changes a provider's endpoint or key. Model ids churn faster than configs:
 * a config copied from a page may name ids the provider has retired, and a client that picks one
 * from `/v1/models` gets a 404 on every request. Asking is I/O at the edge (`discoverModels`);
 * which ids a provider leaves out, and the directory that no longer lists them, are pure.
 */
import { createHash } from "node:crypto";
import {
  isRejection,
  type KeyCheckEndpoint,
  listingAdvice,
  probeModels,
} from "../auth/key-check.js";
import { type EnvKey, envKeyOf, type KeySourcePlacer } from "../auth/key-variable.js";
import type { KeyResolver } from "../auth/types.js";
import { type Catalog, canonicalRef, primaryModelPath, resolveModel } from "../catalog/index.js";
import type { RetiredFixWords } from "../catalog/retired-object-edit.js";
import { sideRequestBase } from "../providers/endpoint-url.js";
import { modelsListRequest } from "../providers/models-list-request.js";
import type { ProxySettings } from "../providers/proxy.js";
import { scanAdviceIn } from "../providers/scan-advice.js";
import { andList } from "../util/and-list.js";
import type { CancelSignal } from "../util/cancellation.js";
import { shellWord } from "../util/shell-word.js";
import type { ConfigEditsApply, GatewayModel, ModelDirectory } from "./model-directory.js";

/** Short: the answer is a nicety, and an endpoint slow to list its models must not hold anything. */
export const DISCOVERY_TIMEOUT_MS = 5000;

/**
 * One provider's discovery as the gateway reports it (`--json`: one `models_discovered` event
 * per provider). `listed`: the ids its `GET /models` gave, empty when it could not be read;
 * `notServed`: the refs of the config it leaves out; `error`: why it could not be read.
 */
export interface DiscoveryReport {
  /** The provider id. */
  provider: string;
  /** Whether its `GET /models` was read. */
  ok: boolean;
  /** The ids it listed; empty when it could not be read. */
  listed: string[];
  /** Refs of the config it does not list. */
  notServed: string[];
  /** Why the list could not be read; undefined when it was. */
  error: string | undefined;
  /** What to do about `error`, when there is something to say (a proxy that refused its login). */
  hint?: string | undefined;
}

/** One provider to ask, as its requests reach it. Holds the key: never logged, never returned. */
export interface DiscoveryTarget {
  provider: string;
  endpoint: KeyCheckEndpoint;
  key: string | undefined;
  /**
   * Endpoint, headers and key fingerprint in one string: a reload that leaves it as it was does
   * not ask again; one that changes it does, and the old answer no longer applies.
   */
  signature: string;
  /**
   * The environment variable the key came from, and the key's fingerprint: two providers reading
   * one variable (the two Moonshot regions) are told apart by which of them refuses it.
   */
  envKey?: EnvKey | undefined;
}

/**
 * What asking one provider gave. `models`: the ids it lists; `reason`: why it could not be read;
 * `proxyRefused`: a proxy on the way refused its login (HTTP 407), so that no request to the
 * provider gets through it either, `hint` saying what to fix.
 */
export type DiscoveryOutcome =
  | { provider: string; kind: "listed"; models: string[] }
  | {
      provider: string;
      kind: "failed";
      reason: string;
      proxyRefused?: { hint: string };
      /** The HTTP status, when the provider answered one. */
      status?: number;
      /** The answer refused the key: a 401, or a 403 about the key (isRejection). */
      keyRefused?: true;
    };

/**
 * Endpoint, headers and key in one digest. The headers' own entries are read, not their printed
 * form (a printed `Authorization` is masked, and two tokens masked alike would look unchanged);
 * hashed, so that the string kept in memory holds no token.
 */
function signatureOf(
  baseUrl: string,
  headers: Record<string, string>,
  keyFingerprint: string | undefined,
): string {
  const material = JSON.stringify([baseUrl, Object.entries(headers), keyFingerprint ?? null]);
  return createHash("sha256").update(material).digest("hex");
}

/**
 * The providers of the directory's servable models (those with a key, or needing none), each
 * with the endpoint and key of its first such model. A provider whose endpoint cannot be resolved
 * is left out: the start already says what is wrong with it.
 */
export function discoveryTargets(
  catalog: Catalog,
  directory: ModelDirectory,
  resolveKey: KeyResolver,
  place: KeySourcePlacer = () => undefined,
): DiscoveryTarget[] {
  const targets = new Map<string, DiscoveryTarget>();
  for (const model of directory.list()) {
    if (model.chain !== undefined || !model.usable || targets.has(model.ownedBy)) continue;
    let resolved: ReturnType<typeof resolveModel>;
    try {
      resolved = resolveModel(catalog, model.id);
    } catch {
      continue;
    }
    const needsKey = resolved.authHeader !== false && resolved.keySources.length > 0;
    const key = needsKey ? resolveKey(resolved) : undefined;
    if (needsKey && key === undefined) continue;
    const endpoint = {
      label: model.ownedBy,
      provider: resolved.provider,
      baseUrl: resolved.baseUrl,
      headers: resolved.headers,
      api: resolved.api,
    };
    targets.set(model.ownedBy, {
      provider: model.ownedBy,
      endpoint,
      key: key?.value,
      signature: signatureOf(
        sideRequestBase(resolved.baseUrl, resolved.api),
        resolved.headers,
        key?.fingerprint,
      ),
      envKey: key && envKeyOf(key, place),
    });
  }
  return [...targets.values()];
}

/** Asks every target its `GET /models` at once; never rejects. */
export async function discoverModels(
  targets: readonly DiscoveryTarget[],
  options: { timeoutMs?: number; signal?: CancelSignal; proxy?: ProxySettings } = {},
): Promise<DiscoveryOutcome[]> {
  return Promise.all(
    targets.map(async (target): Promise<DiscoveryOutcome> => {
      const probe = await probeModels(
        target.endpoint,
        target.key,
        options.timeoutMs ?? DISCOVERY_TIMEOUT_MS,
        options.signal,
        options.proxy,
      );
      if (probe.kind === "network") {
        return {
          provider: target.provider,
          kind: "failed",
          reason: probe.reason,
          ...(probe.proxyRefused && probe.hint ? { proxyRefused: { hint: probe.hint } } : {}),
        };
      }
      if (probe.kind === "header_invalid") {
        return { provider: target.provider, kind: "failed", reason: probe.error.message };
      }
      if (probe.kind === "http") {
        const type = probe.type ? ` ${probe.type}` : "";
        // No model list at <baseUrl>/models (or a server's words for no route there, LM Studio's
        // with a 200): its chat requests fail alike, until it is fixed.
        const advice = listingAdvice(
          probe,
          target.endpoint.baseUrl,
          target.provider,
          `models.providers.${target.provider}.baseUrl`,
        );
        return {
          provider: target.provider,
          kind: "failed",
          // A server's words for no route there are quoted: the advice says what they mean.
          reason: `answered ${probe.status}${type}${probe.noApi && probe.message ? `: ${probe.message}` : ""}${advice ? `; ${advice}` : ""}`,
          status: probe.status,
          ...(isRejection(probe) ? { keyRefused: true as const } : {}),
        };
      }
      // An empty list (or a body that is no list) says nothing about any one model: taken as a
      // failure, so that a misbehaving endpoint cannot empty the gateway's list.
      if (probe.models.length === 0)
        return { provider: target.provider, kind: "failed", reason: "listed no models" };
      return {
        provider: target.provider,
        kind: "listed",
        models: probe.models.map((model) => model.id),
      };
    }),
  );
}

/** The model id of a ref, as a provider's `GET /models` names it. */
function bareId(model: GatewayModel): string {
  return model.id.slice(model.id.indexOf("/") + 1);
}

/** Whether `model` belongs to a provider that listed its models and left it out. */
function leftOut(model: GatewayModel, listed: ReadonlyMap<string, ReadonlySet<string>>): boolean {
  if (model.chain !== undefined) return false;
  const served = listed.get(model.ownedBy);
  return served !== undefined && !served.has(bareId(model));
}

/** The refs of `directory`'s servable models that `provider` does not list, in order. */
export function notServedRefs(
  directory: ModelDirectory,
  provider: string,
  models: readonly string[],
): string[] {
  const listed = new Map([[provider, new Set(models)]]);
  return directory
    .list()
    .filter((model) => model.ownedBy === provider && leftOut(model, listed))
    .map((model) => model.id);
}

/**
 * The hint for a model its provider does not list: how to see what the key may use (`now`: "use
 * now"). A command, with the words that reach the gateway's config (`words.prefix`); for a config
 * given as an object, whose provider no command reads, the report startGateway's onDiscovery gets.
 */
export function seeWhatKeyMayUse(
  provider: string,
  words: RetiredFixWords = {},
  now = false,
): string {
  return scanAdviceIn(provider, words, now);
}

/** What takes the entries of `refs`, which `provider` no longer lists, out of the config. */
function pruneAdvice(provider: string, refs: readonly string[], words: RetiredFixWords): string {
  if (words.configObject !== undefined)
    return `take ${andList(refs.map((ref) => JSON.stringify(ref)))} out of models.providers.${provider}.models and agents.defaults.models in ${words.configObject}`;
  return `take the models it no longer lists out of the config with: ${words.prefix ?? ""}openclaw models scan --provider ${provider} --prune`;
}

/** How to choose another default model than `ref`, or take the fallback `ref` out of the chain. */
function chainChange(
  catalog: Catalog,
  ref: string,
  kind: "primary" | "fallback",
  words: RetiredFixWords,
): string {
  if (words.configObject !== undefined)
    return kind === "primary"
      ? `choose another: set ${primaryModelPath(catalog.source.config)} to it in ${words.configObject}`
      : `take it out: take ${JSON.stringify(ref)} out of agents.defaults.model.fallbacks in ${words.configObject}`;
  const openclaw = `${words.prefix ?? ""}openclaw`;
  return kind === "primary"
    ? `choose another with: ${openclaw} models set <model>`
    : `take it out with: ${openclaw} models fallbacks remove ${shellWord(ref)}`;
}

/**
 * Whether the config names `ref` (a `models[]` entry of its provider, or an
 * `agents.defaults.models` entry): only then has `models scan --prune` something of it to take
 * out. A retired id that only openclaw's built-in list holds stays whatever the file says.
 */
export function writtenInConfig(catalog: Catalog, ref: string): boolean {
  const slash = ref.indexOf("/");
  const model = catalog.providers
    .get(ref.slice(0, slash))
    ?.models.find((entry) => entry.id === ref.slice(slash + 1));
  if (model?.origin === "config" || model?.origin === "builtin+config") return true;
  const listed = Object.keys(catalog.source.config.agents?.defaults?.models ?? {});
  return listed.map(canonicalRef).includes(ref);
}

/**
 * What to do about `refs`, which `provider` does not list: see what the key may use, and take
 * them out of the config with a prune when the config names one. Retired ids only the built-in
 * list holds are not the file's to remove: suggesting a prune there would suggest it again at
 * every start, since the prune finds nothing to remove. `words`: how the fixes reach the
 * gateway's config (a started program's: retiredFixWords); bare commands when left out.
 */
export function notListedHint(
  catalog: Catalog,
  provider: string,
  refs: readonly string[],
  words: RetiredFixWords = {},
): string {
  const see = seeWhatKeyMayUse(provider, words);
  // The default model and its fallbacks are used whatever the allowlist says: for them the
  // advice is to change the chain, not to add an allowlist that would leave them in.
  const inChain = refs.flatMap((ref) => {
    const place = chainPlace(catalog, ref);
    return place ? [{ ref, place }] : [];
  });
  if (refs.some((ref) => writtenInConfig(catalog, ref))) {
    const written = refs.filter((ref) => writtenInConfig(catalog, ref));
    const prune = pruneAdvice(provider, written, words);
    if (inChain.length === 0) return `${see}; ${prune}`;
    // The prune refuses to run while the default or a fallback is among them: that comes first.
    const first = inChain.map(
      ({ ref, place }) =>
        `${ref} is ${place.words}${words.configObject === undefined ? ", so a prune would be refused" : ""}: first ${chainChange(catalog, ref, place.kind, words)}`,
    );
    return `${see}; ${first.join("; ")}; then ${prune}`;
  }
  const others = refs.filter((ref) => !inChain.some((member) => member.ref === ref));
  const parts = [see];
  if (others.length > 0) {
    const these =
      inChain.length === 0
        ? others.length === 1
          ? "this one is"
          : "these are"
        : `${andList(others)} ${others.length === 1 ? "is" : "are"}`;
    parts.push(
      `${these} in openclaw's built-in model list, not in the config, so a prune does not remove ${others.length === 1 ? "it" : "them"}: an allowlist (agents.defaults.models) or models.mode: "replace" leaves the built-in models out`,
    );
  }
  for (const { ref, place } of inChain) {
    const change = chainChange(catalog, ref, place.kind, words);
    parts.push(
      `${ref} is ${place.words} (in openclaw's built-in model list, not in the config), which neither a prune nor an allowlist leaves out: ${change}`,
    );
  }
  return parts.join("; ");
}

/** Where `ref` stands in the default chain (the primary or a fallback, written as a ref or alias). */
function chainPlace(
  catalog: Catalog,
  ref: string,
): { kind: "primary" | "fallback"; words: string } | undefined {
  const names = (written: string | undefined): boolean => {
    if (written === undefined) return false;
    try {
      return resolveModel(catalog, written).ref === ref;
    } catch {
      return false;
    }
  };
  if (names(catalog.primary)) return { kind: "primary", words: "the default model" };
  const index = catalog.fallbacks.findIndex(names);
  return index < 0 ? undefined : { kind: "fallback", words: `fallback #${index + 1}` };
}

/**
 * `directory` without the models their provider's list leaves out (and so without their
 * aliases; the `openclaw` entry and its chain stay as they are). `find` still resolves them, so
 * a request naming one is forwarded: the list may lag, and the person may know better.
 * `notServed` says why such a model is not listed. With nothing listed, `directory` itself.
 */
export function withListedModels(
  directory: ModelDirectory,
  listed: ReadonlyMap<string, ReadonlySet<string>>,
  catalog: Catalog,
  configEdits: ConfigEditsApply,
  words: RetiredFixWords = {},
): ModelDirectory {
  if (listed.size === 0) return directory;
  const kept = directory.list().filter((model) => !leftOut(model, listed));
  return {
    ...directory,
    list: () => kept,
    notServed(model) {
      if (!leftOut(model, listed)) return undefined;
      const where = writtenInConfig(catalog, model.id)
        ? "is configured"
        : "is in openclaw's built-in model list";
      const hint = notListedHint(catalog, model.ownedBy, [model.id], words);
      // Worded as the start-up line, doctor --probe and models status --probe say it.
      const owner = catalog.providers.get(model.ownedBy);
      const request = modelsListRequest(owner?.baseUrl, owner?.api);
      return `${model.id} ${where}, but it is not in the models ${model.ownedBy}'s key can use (${request}: an id it retired, or one this key may not use); requests naming it are still forwarded, and get the provider's answer. ${hint.charAt(0).toUpperCase()}${hint.slice(1)}`;
    },
    newModelAdvice: directory.newModelAdvice && newModelAdviceOf(directory.newModelAdvice, listed),
    listedUnconfigured: (model) => {
      const found = listedUnconfigured(model, listed);
      return found
        ? { ...found, configEdits, allowlist: catalog.allowlist !== undefined }
        : undefined;
    },
  };
}

/** `advice` told which providers' lists were read: it then leaves `models scan --add` out. */
function newModelAdviceOf(
  advice: NonNullable<ModelDirectory["newModelAdvice"]>,
  listed: ReadonlyMap<string, ReadonlySet<string>>,
): ModelDirectory["newModelAdvice"] {
  const read = (provider: string) => listed.has(provider);
  return (model, suggestions) => advice(model, suggestions, read);
}

/**
 * The provider that lists `model` (a ref, or a bare id), and the id as it lists it, when one
 * does: model names match whatever their case, as the gateway's own do.
 */
function listedUnconfigured(
  model: string,
  listed: ReadonlyMap<string, ReadonlySet<string>>,
): { provider: string; id: string } | undefined {
  const name = model.trim().toLowerCase();
  const slash = name.indexOf("/");
  for (const [provider, ids] of listed) {
    const wanted = slash > 0 && name.slice(0, slash) === provider ? name.slice(slash + 1) : name;
    for (const id of ids) if (id.toLowerCase() === wanted) return { provider, id };
  }
  return undefined;
}
