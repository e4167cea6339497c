/**
 * `models scan`: ask a provider's `GET /models` which models the key may use, compare with the
 * catalog, and optionally write the new ones into the config with the metadata reported.
 */
import {
  createTargetKeyResolver,
  explainUnusableKeys,
  inspectKeySources,
  probeModels,
  type RemoteModel,
} from "../auth/index.js";
import { listingAdvice } from "../auth/key-check.js";
import { effectiveCompat, modelCompatDefaults } from "../catalog/compat-defaults.js";
import {
  type Catalog,
  MODEL_DEFAULTS,
  type ModelEntryValues,
  modelEntryCommands,
  resolveEndpoint,
} from "../catalog/index.js";
import { thinksUnlessToldNot } from "../catalog/thinks-unless-told.js";
import { type Env, formatOrigin, includedOrigin } from "../config/index.js";
import type { ModelConfig } from "../config/types.js";
import { isOpenClawError } from "../errors.js";
import { detourStanding } from "../runtime/detour-standing.js";
import { count } from "../util/count.js";
import { displayUrl } from "../util/display-url.js";
import { refsTheConfigNames } from "./config-named-refs.js";
import { probeModelsWithoutKey } from "./endpoint-check.js";
import { child, isRecord, type Json } from "./json-object.js";
import { keyTargetFor } from "./key-targets.js";
import { missingKeyHint } from "./models-view.js";

export interface ScanResult {
  provider: string;
  baseUrl: string;
  status: "ok" | "no_key" | "error";
  /** Why it failed, in words (no key). */
  message: string | undefined;
  /** Masked key used. */
  key: string | undefined;
  remote: RemoteModel[];
  /** Reported by the endpoint, not in the catalog. */
  added: RemoteModel[];
  /** In the catalog, not reported by the endpoint (retired, or not allowed for this key). */
  gone: string[];
  /**
   * The ids of `gone` that only openclaw's built-in list has: the config names none of them (no
   * `models[]` entry, alias, allowlist entry, default or fallback), so nothing of the person's
   * is gone. Said in one line, not each as gone.
   */
  goneBuiltInOnly: string[];
  /** In both. */
  known: string[];
  /**
   * Known models the endpoint describes otherwise than the config does (it takes images or video,
   * it reasons, another context window): one sentence each. Reported, never changed by scan: the
   * config is the person's.
   */
  differences: { id: string; what: string }[];
}

/** The media the endpoint says a model takes that its `input` does not list, images first. */
function missingMedia(input: readonly string[], remote: RemoteModel): ("image" | "video")[] {
  const missing: ("image" | "video")[] = [];
  if (remote.supportsImageIn === true && !input.includes("image")) missing.push("image");
  if (remote.supportsVideoIn === true && !input.includes("video")) missing.push("video");
  return missing;
}

/** `takes images and video; to send them, add "image" and "video" to its input`. */
function takesMediaText(missing: readonly ("image" | "video")[]): string {
  const taken = missing.map((media) => (media === "image" ? "images" : "video")).join(" and ");
  const added = missing.map((media) => `"${media}"`).join(" and ");
  const them = missing.length === 1 && missing[0] === "video" ? "it" : "them";
  return `takes ${taken}; to send ${them}, add ${added} to its input`;
}

/**
 * What `remote` says about a model that the config's entry does not, each with the value the
 * entry would need, what that value does and its words in a sentence ("takes images").
 */
function describedOtherwise(
  local: { input: readonly string[]; reasoning: boolean; contextWindow: number },
  remote: RemoteModel,
  thinksUnasked: boolean,
): { values: ModelEntryValues; said: { field: keyof ModelEntryValues; text: string }[] } {
  const values: ModelEntryValues = {};
  const said: { field: keyof ModelEntryValues; text: string }[] = [];
  const missing = missingMedia(local.input, remote);
  if (missing.length > 0) {
    values.input = [...new Set([...local.input, ...missing])];
    said.push({ field: "input", text: takesMediaText(missing) });
  }
  // kimi-k2.5 and later think unless told not to, whatever reasoning says (thinks-unless-told):
  // the spec's own reasoning: false on kimi-k2.5 is no mistake to point out. Elsewhere reasoning
  // is what sends a thinking level; its reasoning is kept on tool calls either way.
  if (remote.supportsReasoning === true && !local.reasoning && !thinksUnasked) {
    values.reasoning = true;
    said.push({
      field: "reasoning",
      text: "reasons; a thinking level (--thinking, a client's reasoning effort) is sent to it only with reasoning true: set it to true",
    });
  }
  // A config that allows more than the endpoint takes gets refusals; one well below it wastes
  // room. The docs' 256000 for Moonshot's 262144 (both "256K" in its docs) is neither.
  const window = remote.contextLength;
  if (
    window !== undefined &&
    (local.contextWindow > window || window > local.contextWindow * 1.1)
  ) {
    values.contextWindow = window;
    said.push({
      field: "contextWindow",
      text: `has a context window of ${count(window)} (the config says ${count(local.contextWindow)}); set contextWindow to match`,
    });
  }
  return { values, said };
}

/**
 * The config's model ids against the ones an endpoint's `GET /models` lists: what it lists that
 * the config lacks (`added`), what the config has that it does not list (`gone`: retired, or not
 * for this key), and what both have (`known`). Shared by `models scan` and onboarding.
 */
export function compareWithListed(
  localIds: readonly string[],
  listed: readonly RemoteModel[],
): Pick<ScanResult, "added" | "gone" | "known"> {
  const local = new Set(localIds);
  const listedIds = new Set(listed.map((model) => model.id));
  return {
    added: listed.filter((model) => !local.has(model.id)),
    gone: localIds.filter((id) => !listedIds.has(id)),
    known: localIds.filter((id) => listedIds.has(id)),
  };
}

export async function scanProvider(
  catalog: Catalog,
  providerId: string,
  options: {
    env: Env;
    agentDir: string;
    timeoutMs?: number;
    /**
     * Called just before the provider's `GET /models` goes out: not for a provider skipped
     * without the network (no key, a base URL that cannot be resolved), so a "scanning" line
     * started here never shows above those.
     */
    onRequestStart?: () => void;
  },
): Promise<ScanResult> {
  const provider = catalog.providers.get(providerId);
  if (!provider) throw new Error(`unknown provider ${providerId}`);
  // The endpoint a request would use: `${VAR}` in the base URL and headers expanded.
  let endpoint: { baseUrl: string; headers: Record<string, string> } | undefined;
  let endpointProblem: string | undefined;
  try {
    endpoint = resolveEndpoint(catalog, provider, provider.models[0]);
  } catch (error) {
    if (!isOpenClawError(error)) throw error;
    endpointProblem = `${error.message}${error.hint ? ` (${error.hint})` : ""}`;
  }
  const base: ScanResult = {
    provider: providerId,
    // Shown and printed as JSON: a password or a key written into the URL is masked.
    baseUrl: displayUrl(endpoint?.baseUrl ?? provider.baseUrl),
    status: "ok",
    message: undefined,
    key: undefined,
    remote: [],
    added: [],
    gone: [],
    goneBuiltInOnly: [],
    known: [],
    differences: [],
  };
  // A provider called without a key (authHeader: false) is asked as its requests reach it.
  const keyless = provider.authHeader === false;
  const resolver = createTargetKeyResolver({ agentDir: options.agentDir, env: options.env });
  const key = keyless ? undefined : resolver(keyTargetFor(catalog, providerId));
  if (!key && !keyless) {
    // The onboard command for its endpoint and the variables it reads, as models status says;
    // first why a key some source holds cannot be used (a masked copy stored, a placeholder), and
    // where it is written, as models status and agent say it.
    const target = keyTargetFor(catalog, providerId);
    const keyOptions = { agentDir: options.agentDir, env: options.env };
    const sources = inspectKeySources(target, keyOptions);
    const why = explainUnusableKeys(target, keyOptions);
    return {
      ...base,
      status: "no_key",
      message: `no usable key for ${providerId}${why ? ` (${why})` : ""}; ${missingKeyHint(
        providerId,
        sources,
        provider.baseUrl,
        options.env,
        (variable) =>
          detourStanding(
            catalog,
            { provider: providerId, baseUrl: provider.baseUrl },
            variable,
            options.env,
            (target) => resolver(target)?.source,
          ),
      )}`,
    };
  }
  if (!endpoint) return { ...base, status: "error", message: endpointProblem, key: key?.masked };
  const { baseUrl, headers } = endpoint;
  options.onRequestStart?.();
  const probe = key
    ? await probeModels(
        { label: providerId, provider: providerId, baseUrl, headers, api: provider.api },
        key.value,
        options.timeoutMs,
      )
    : await probeModelsWithoutKey(
        { label: providerId, provider: providerId, baseUrl, headers, api: provider.api },
        options.timeoutMs,
      );
  if (probe.kind !== "ok") {
    const advice =
      probe.kind === "http"
        ? listingAdvice(probe, baseUrl, providerId, `models.providers.${providerId}.baseUrl`)
        : undefined;
    const message =
      probe.kind === "header_invalid"
        ? `${probe.error.message}; ${probe.error.hint}`
        : probe.kind === "network"
          ? `could not reach ${base.baseUrl}: ${probe.reason}`
          : `${base.baseUrl} ${
              probe.noApi
                ? `has no API at its base URL: GET /models answered ${probe.status}`
                : `answered ${probe.status}${probe.type ? ` ${probe.type}` : ""}`
            }${probe.message ? `: ${probe.message}` : ""}${keyless ? " (asked without a key: authHeader is false)" : ""}${
              // No model list at <base URL>/models, or a server's words for no route there (LM
              // Studio's, with a 200): the address lacks the API, not the key.
              advice ? `; ${advice}` : ""
            }`;
    return { ...base, status: "error", message, key: key?.masked };
  }
  const compared = compareWithListed(
    provider.models.map((model) => model.id),
    probe.models,
  );
  const named = refsTheConfigNames(catalog);
  return {
    ...base,
    key: key?.masked,
    remote: probe.models,
    ...compared,
    goneBuiltInOnly: compared.gone.filter((id) => !named.has(`${providerId}/${id}`)),
    differences: scanDifferences(catalog, providerId, baseUrl, probe.models),
  };
}

/**
 * Where a provider's configured models differ from what its endpoint reported (`remote`), each
 * said with the command that makes the config say what the endpoint does: the command names the
 * entry by its place in `catalog`'s file (`models[2]`), so after a prune it is asked again of the
 * file as it is now (differencesNow).
 */
function scanDifferences(
  catalog: Catalog,
  providerId: string,
  baseUrl: string,
  remote: readonly RemoteModel[],
): ScanResult["differences"] {
  const provider = catalog.providers.get(providerId);
  if (!provider) return [];
  return provider.models.flatMap((model) => {
    const listed = remote.find((candidate) => candidate.id === model.id);
    if (!listed) return [];
    const compat = effectiveCompat(
      baseUrl,
      providerId,
      modelCompatDefaults(baseUrl, providerId, model.id),
      provider.compat,
      model.compat,
    );
    const thinksUnasked = thinksUnlessToldNot({ id: model.id, compat });
    const { values, said } = describedOtherwise(model, listed, thinksUnasked);
    // The command goes last in each sentence: a person copies it whole.
    const commands = modelEntryCommands(catalog, providerId, model, values);
    return said.map(({ field, text }) => ({ id: model.id, what: `${text}: ${commands[field]}` }));
  });
}

/**
 * A scan's differences said again of `catalog`, the config as it is after `--prune` took entries
 * out of its file: the commands then name each entry by its place now, not before the prune
 * (`models[1]`, not the `models[2]` that is past the end of the list or another model's).
 */
export function differencesNow(catalog: Catalog, result: ScanResult): ScanResult["differences"] {
  const provider = catalog.providers.get(result.provider);
  if (result.status !== "ok" || !provider) return result.differences;
  try {
    const { baseUrl } = resolveEndpoint(catalog, provider, provider.models[0]);
    return scanDifferences(catalog, result.provider, baseUrl, result.remote);
  } catch (error) {
    if (!isOpenClawError(error)) throw error;
    return result.differences;
  }
}

/**
 * The config entry for a discovered model: what the endpoint reported, the catalog's defaults for
 * the rest, and the headers and compat of a sibling model (Kimi Code needs its User-Agent), less
 * the sibling's `alwaysThinks`.
 */
export function modelConfigFromRemote(
  remote: RemoteModel,
  sibling: { headers: Record<string, string>; compat: object } | undefined,
): ModelConfig {
  const entry: ModelConfig = {
    id: remote.id,
    name: remote.id,
    reasoning: remote.supportsReasoning ?? MODEL_DEFAULTS.reasoning,
    input: [
      "text",
      ...(remote.supportsImageIn ? ["image" as const] : []),
      ...(remote.supportsVideoIn ? ["video" as const] : []),
    ],
    contextWindow: remote.contextLength ?? MODEL_DEFAULTS.contextWindow,
    maxTokens: MODEL_DEFAULTS.maxTokens,
  };
  if (sibling && Object.keys(sibling.headers).length > 0) entry.headers = { ...sibling.headers };
  if (sibling) {
    // The endpoint's rules carry over; whether a model always thinks is the sibling's own, which
    // discovery does not report (a new model may well stop thinking when asked).
    const { alwaysThinks: _own, ...endpointRules } = sibling.compat as { alwaysThinks?: boolean };
    if (Object.keys(endpointRules).length > 0) entry.compat = endpointRules;
  }
  return entry;
}

/**
 * Why the models a scan found for `result`'s provider cannot go into the main file: its models are
 * listed in a file the config includes, and a list in the main file would replace that one (lists
 * are not merged), dropping the models it defines. Undefined when they can.
 */
export function scannedModelsBlocked(
  config: Json,
  catalog: Catalog,
  result: ScanResult,
): string | undefined {
  if (result.added.length === 0) return undefined;
  const own = child(child(config, "models"), "providers");
  const key = Object.keys(own).find((candidate) => candidate.toLowerCase() === result.provider);
  const ownEntry = key === undefined ? undefined : own[key];
  if (isRecord(ownEntry) && Array.isArray(ownEntry.models)) return undefined;
  const loaded = catalog.source.config.models?.providers ?? {};
  const loadedKey = Object.keys(loaded).find((name) => name.toLowerCase() === result.provider);
  if (loadedKey === undefined || !Array.isArray(loaded[loadedKey]?.models)) return undefined;
  const origin = includedOrigin(catalog.source.path, ["models", "providers", loadedKey, "models"]);
  const where = origin ? formatOrigin(origin) : "a file the config includes";
  const ids = result.added.map((model) => model.id).join(", ");
  return `${result.provider}: ${ids} not added: ${result.provider}'s models are listed in ${where}, and a list in the main config file would replace that one (add them there if you want them listed)`;
}

/** Adds discovered models to the main config's raw object; returns the refs added. */
export function addScannedModels(config: Json, catalog: Catalog, result: ScanResult): string[] {
  if (result.added.length === 0) return [];
  const provider = catalog.providers.get(result.provider);
  const sibling = provider?.models[0];
  const providers = child(child(config, "models"), "providers");
  const key =
    Object.keys(providers).find((candidate) => candidate.toLowerCase() === result.provider) ??
    result.provider;
  const entry = child(providers, key);
  const models = Array.isArray(entry.models) ? entry.models : [];
  entry.models = models;
  const have = new Set(models.filter(isRecord).map((model) => String(model.id)));
  const refs: string[] = [];
  for (const remote of result.added) {
    if (have.has(remote.id)) continue;
    models.push(modelConfigFromRemote(remote, sibling));
    refs.push(`${result.provider}/${remote.id}`);
  }
  // With an allowlist in place a new model is unusable until it is listed there too.
  if (catalog.allowlist) {
    const entries = child(child(child(config, "agents"), "defaults"), "models");
    for (const ref of refs) if (!isRecord(entries[ref])) entries[ref] = {};
  }
  return refs;
}
