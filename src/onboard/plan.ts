/**
 * What onboarding changes in the config, as a pure function of the config file's raw object:
 * add or update one provider (keeping every field and model the user already had), add aliases
 * that are free, and make a model the primary while keeping the fallbacks.
 */
import type { ApiKind } from "../catalog/types.js";
import type { ModelConfig } from "../config/types.js";
import { child, isRecord, type Json } from "./json-object.js";

export interface ProviderSetup {
  providerId: string;
  baseUrl: string;
  api: ApiKind;
  /** Models to make sure exist (matched by id; the user's own entries win). */
  models: ModelConfig[];
  /** ref → alias, set where the ref has none and the alias is free. */
  aliases: Record<string, string>;
  /** Ref to make the primary model; undefined leaves the selection alone. */
  primary: string | undefined;
}

export interface ConfigPlan {
  config: Json;
  /** What changed, one line each, for the summary. Holds no secret. */
  changes: string[];
  primary: string | undefined;
  previousPrimary: string | undefined;
  fallbacks: string[];
  aliasesAdded: Record<string, string>;
  modelsAdded: string[];
}

function canonical(ref: string): string {
  const slash = ref.indexOf("/");
  return slash < 0
    ? ref.trim()
    : `${ref.slice(0, slash).trim().toLowerCase()}/${ref.slice(slash + 1).trim()}`;
}

export function applyProviderSetup(original: Json, setup: ProviderSetup): ConfigPlan {
  const config = structuredClone(original);
  const changes: string[] = [];

  // models.providers.<id>
  const providers = child(child(config, "models"), "providers");
  const providerKey =
    Object.keys(providers).find((key) => key.toLowerCase() === setup.providerId) ??
    setup.providerId;
  const existed = isRecord(providers[providerKey]);
  const provider = child(providers, providerKey);
  if (!existed) changes.push(`added provider ${setup.providerId} (${setup.baseUrl})`);
  if (provider.baseUrl !== setup.baseUrl) {
    if (existed && typeof provider.baseUrl === "string") {
      changes.push(`${setup.providerId}: baseUrl ${provider.baseUrl} → ${setup.baseUrl}`);
    }
    provider.baseUrl = setup.baseUrl;
  }
  if (provider.api === undefined) provider.api = setup.api;
  const models = Array.isArray(provider.models) ? provider.models : [];
  provider.models = models;
  const haveIds = new Set(models.filter(isRecord).map((model) => String(model.id)));
  const modelsAdded: string[] = [];
  for (const model of setup.models) {
    if (haveIds.has(model.id)) continue;
    models.push(structuredClone(model));
    modelsAdded.push(model.id);
  }
  if (modelsAdded.length > 0) {
    changes.push(
      `${setup.providerId}: added model${modelsAdded.length === 1 ? "" : "s"} ${modelsAdded.join(", ")}`,
    );
  }

  // agents.defaults.models: aliases where free.
  const defaults = child(child(config, "agents"), "defaults");
  const entries = child(defaults, "models");
  const aliasOwner = new Map<string, string>();
  for (const [ref, entry] of Object.entries(entries)) {
    if (isRecord(entry) && typeof entry.alias === "string") {
      aliasOwner.set(entry.alias.trim().toLowerCase(), canonical(ref));
    }
  }
  const aliasesAdded: Record<string, string> = {};
  for (const [ref, alias] of Object.entries(setup.aliases)) {
    const key = Object.keys(entries).find((candidate) => canonical(candidate) === ref) ?? ref;
    const entry = child(entries, key);
    if (typeof entry.alias === "string") continue;
    const owner = aliasOwner.get(alias.toLowerCase());
    if (owner && owner !== ref) {
      changes.push(`alias "${alias}" already names ${owner}; ${ref} gets no alias`);
      continue;
    }
    entry.alias = alias;
    aliasOwner.set(alias.toLowerCase(), ref);
    aliasesAdded[ref] = alias;
  }
  if (Object.keys(aliasesAdded).length > 0) {
    changes.push(
      `aliases: ${Object.entries(aliasesAdded)
        .map(([ref, alias]) => `${alias} → ${ref}`)
        .join(", ")}`,
    );
  }

  // agents.defaults.model: primary, keeping fallbacks.
  const current = defaults.model;
  const previousPrimary =
    typeof current === "string"
      ? current
      : isRecord(current) && typeof current.primary === "string"
        ? current.primary
        : undefined;
  let fallbacks =
    isRecord(current) && Array.isArray(current.fallbacks)
      ? current.fallbacks.filter((ref): ref is string => typeof ref === "string")
      : [];
  let primary = previousPrimary;
  if (setup.primary !== undefined) {
    primary = setup.primary;
    const selection: Json = isRecord(current) ? current : {};
    selection.primary = setup.primary;
    const before = fallbacks.length;
    fallbacks = fallbacks.filter((ref) => canonical(ref) !== setup.primary);
    if (Array.isArray(selection.fallbacks) || fallbacks.length > 0) selection.fallbacks = fallbacks;
    defaults.model = selection;
    if (previousPrimary === undefined || canonical(previousPrimary) !== setup.primary) {
      changes.push(
        `primary model: ${setup.primary}${previousPrimary ? ` (was ${previousPrimary})` : ""}`,
      );
    }
    if (before !== fallbacks.length)
      changes.push(`removed ${setup.primary} from the fallbacks (it is now the primary)`);
  }
  return { config, changes, primary, previousPrimary, fallbacks, aliasesAdded, modelsAdded };
}
