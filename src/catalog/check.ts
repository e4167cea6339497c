/**
 * What `config validate` (and `doctor`, `models list`) report about a config beyond its schema:
 * providers that cannot be used, a model listed twice, and model refs (the primary, fallbacks,
 * `agents.defaults.models`) that name nothing in the catalog, a wire API this build does not
 * speak, and a model's `params.stop` over its endpoint's limits. Reads the catalog, and the
 * config file only to say on which line a problem is written.
 */
import {
  type ConfigValueLocator,
  configSetTextWord,
  configValueLocator,
  formatOrigin,
  formatPath,
  parsePath,
} from "../config/index.js";
import { printable } from "../util/printable.js";
import { shellQuotedName, singleQuoted } from "../util/shell-word.js";
import { aliasNameProblem, aliasRenameHint } from "./alias-name.js";
import { type Catalog, type CatalogProblem, canonicalRef } from "./build.js";
import { repeatedFallbacks } from "./fallback-check.js";
import { displacedLogins } from "./login-check.js";
import { lookAlikeRefHints } from "./look-alike-ref.js";
import { primaryModelPath } from "./no-default-hint.js";
import { paramsNeverSent, stopParamsOverLimits } from "./params-check.js";
import {
  BrokenProviderRefError,
  formatRef,
  fromTemplate,
  ModelRefError,
  resolveRef,
} from "./resolve.js";
import { videoInputsNeverSent } from "./video-input-check.js";

/** A problem `checkCatalog` finds in a catalog, with how much it matters. */
export interface CatalogFinding extends CatalogProblem {
  /** `error`: requests that rely on it fail; `warning`: a setting that has no effect. */
  level: "error" | "warning";
  /**
   * The path of the problem this finding only follows from (a ref to a model of a provider that
   * problem disables): foldSharedCauses says it there, once.
   */
  dueTo?: string;
  /** The paths of the findings folded into this one, which it makes unusable too. */
  affects?: string[];
}

/** `{ dueTo }` when `error` follows from a problem of its provider, else nothing. */
function dueTo(error: ModelRefError): { dueTo?: string } {
  return error instanceof BrokenProviderRefError ? { dueTo: error.problemPath } : {};
}

/** Each model id listed twice under one provider, reported at the later listing. */
function duplicateModels(catalog: Catalog): CatalogFinding[] {
  const out: CatalogFinding[] = [];
  for (const [key, provider] of Object.entries(catalog.source.config.models?.providers ?? {})) {
    const first = new Map<string, number>();
    (provider.models ?? []).forEach((model, index) => {
      const earlier = first.get(model.id);
      if (earlier === undefined) {
        first.set(model.id, index);
        return;
      }
      const models = formatPath(["models", "providers", key, "models"]);
      out.push({
        level: "error",
        path: `${models}[${index}].id`,
        message: `model id "${model.id}" is listed twice, at models[${earlier}] and models[${index}]: models[${index}] is ignored`,
        hint: "remove one of the two entries, or give one of them another id",
      });
    });
  }
  return out;
}

/**
 * Whether a provider id would make refs that read as the default chain's name: `openclaw/<model>`
 * is how `openclaw/default` is spelled, and aliases are refused under `openclaw/…` for that reason,
 * so a provider may not take that id either.
 */
export function isReservedProviderId(id: string): boolean {
  return id.trim().toLowerCase() === "openclaw";
}

/**
 * The model a bare name reaches when no alias is spelled like it, if an alias `alias` for `ref`
 * would take that name from it: a bare name is read as an alias first, so `--model <id>` would
 * quietly go to `ref` instead. Undefined when no other model has that id (or `ref` has it too: the
 * alias then only picks one of the models sharing it). Models of providers the config sets come
 * first, as a bare id resolves to them.
 */
export function modelShadowedByAlias(
  catalog: Catalog,
  alias: string,
  ref: string,
): string | undefined {
  const name = alias.trim().toLowerCase();
  if (name === "" || name.includes("/")) return undefined;
  const same: { ref: string; configured: boolean }[] = [];
  for (const provider of catalog.providers.values()) {
    for (const model of provider.models) {
      if (model.id.toLowerCase() === name)
        same.push({ ref: `${provider.id}/${model.id}`, configured: provider.origin !== "builtin" });
    }
  }
  if (same.some((entry) => entry.ref === ref)) return undefined;
  return (same.find((entry) => entry.configured) ?? same[0])?.ref;
}

/** Why an alias for `ref` takes a bare model id from its model, in words; see modelShadowedByAlias. */
export function shadowedModelProblem(alias: string, ref: string, shadowed: string): string {
  const name = alias.trim();
  return `alias ${printable(JSON.stringify(name))} is also the id of ${shadowed}: a bare name is read as an alias first, so ${printable(name)} would run ${ref}, never ${shadowed}`;
}

/**
 * What to do about an alias for `ref` that takes `shadowed`'s id: `rename` is the command giving
 * it another name (the name of `ref`'s model, which is no model's id, is offered), given that
 * name as it is, to write as one shell word its command reads as that name (shellQuotedName;
 * configSetTextWord for config set, which reads `123` as a number), so that it runs as printed.
 */
export function shadowedModelHint(
  catalog: Catalog,
  ref: string,
  shadowed: string,
  rename: (name: string) => string,
): string {
  const slash = ref.indexOf("/");
  const model = catalog.providers
    .get(ref.slice(0, slash))
    ?.models.find((entry) => entry.id === ref.slice(slash + 1));
  const name =
    model && !aliasNameProblem(model.name) && !modelShadowedByAlias(catalog, model.name, ref)
      ? model.name
      : "My model";
  return `give it a name that is no model's id, e.g. ${rename(printable(name))}; to reach ${shadowed}, name it by that ref`;
}

/**
 * Each provider the config writes under the reserved id `openclaw` (any case): `openclaw` and
 * `openclaw/…` name the default model and its fallbacks (`openclaw/default` runs that chain), so
 * onboarding refuses the id, in the same words. An error, as an alias named `openclaw` is; a
 * gateway already serving such a config keeps reloading it (only errors a change brings in stop
 * a reload).
 */
function reservedProviders(catalog: Catalog): CatalogFinding[] {
  const out: CatalogFinding[] = [];
  for (const key of Object.keys(catalog.source.config.models?.providers ?? {})) {
    if (!isReservedProviderId(key)) continue;
    const models = catalog.source.config.models?.providers?.[key]?.models ?? [];
    const example = models[0]?.id ?? "<model>";
    out.push({
      level: "error",
      path: formatPath(["models", "providers", key]),
      message: `provider id ${printable(JSON.stringify(key))} is reserved: "openclaw" and "openclaw/…" name the default model and its fallbacks, so refs such as openclaw/${printable(example)} would not be this provider's`,
      hint: `rename the provider in the config file, e.g. to "my-llm", and the refs to it with it (openclaw/${printable(example)} becomes my-llm/${printable(example)})`,
      setHint: `give it another id, e.g. ${formatPath(["models", "providers", "my-llm"])}, whose models are then my-llm/${printable(example)}`,
    });
  }
  return out;
}

/** Where values of the catalog's config are written; its files are read once, when first asked. */
function valueLocator(catalog: Catalog): ConfigValueLocator {
  return catalog.source.exists ? configValueLocator(catalog.source.path) : () => undefined;
}

/** `file:line: ` where the value at `path` is written, or "" when that is not known. */
function writtenAt(locate: ConfigValueLocator, path: string): string {
  try {
    const origin = locate(parsePath(path));
    return origin ? `${formatOrigin(origin)}: ` : "";
  } catch {
    return "";
  }
}

/** Aliases whose name cannot be used (see aliasNameProblem), at their dotted paths. */
function badAliases(catalog: Catalog): CatalogFinding[] {
  const out: CatalogFinding[] = [];
  const locate = valueLocator(catalog);
  for (const [key, entry] of Object.entries(catalog.source.config.agents?.defaults?.models ?? {})) {
    if (typeof entry.alias !== "string") continue;
    const problem = aliasNameProblem(entry.alias);
    if (!problem) continue;
    const shown = printable(JSON.stringify(entry.alias));
    const named = entry.alias.includes("/")
      ? [...catalog.providers.values()].some((provider) =>
          provider.models.some(
            (model) =>
              `${provider.id}/${model.id}`.toLowerCase() === entry.alias!.trim().toLowerCase(),
          ),
        )
      : false;
    const path = formatPath(["agents", "defaults", "models", key, "alias"]);
    // The file and line go in the hint, not the message: `config set` compares messages before
    // and after an edit, and an edit above the alias moves its line.
    const where = writtenAt(locate, path);
    out.push({
      level: "error",
      path,
      message: named
        ? `alias ${shown} is the ref of another model: that ref names its own model, never ${canonicalRef(key)}`
        : `alias ${shown} is not usable: ${problem}`,
      hint: `${where}${aliasRenameHint(entry.alias, canonicalRef(key), path)}`,
    });
  }
  return out;
}

/** Why a ref written at `path` names no model, or undefined when it names one. */
function refProblem(
  catalog: Catalog,
  ref: string,
  path: string,
  allowAlias: boolean,
): ModelRefError | undefined {
  // A ref naming an unset variable is refused where it is used, with the variable's name.
  if (catalog.source.unresolved.includes(path)) return undefined;
  try {
    resolveRef(catalog, ref, allowAlias);
    return undefined;
  } catch (error) {
    if (!(error instanceof ModelRefError)) throw error;
    const template = catalog.source.templates.get(path);
    return template ? fromTemplate(error, template, ref, path) : error;
  }
}

/**
 * Aliases spelled like another model's id (see modelShadowedByAlias): a warning, since requests
 * still run, but not on the model a person typing that id means.
 */
function shadowingAliases(catalog: Catalog): CatalogFinding[] {
  const out: CatalogFinding[] = [];
  const locate = valueLocator(catalog);
  for (const [key, entry] of Object.entries(catalog.source.config.agents?.defaults?.models ?? {})) {
    if (typeof entry.alias !== "string" || aliasNameProblem(entry.alias)) continue;
    let ref: string;
    try {
      ref = formatRef(resolveRef(catalog, key, false));
    } catch {
      continue; // an entry naming no model: unknownRefs says so
    }
    const shadowed = modelShadowedByAlias(catalog, entry.alias, ref);
    if (!shadowed) continue;
    const path = formatPath(["agents", "defaults", "models", key, "alias"]);
    out.push({
      level: "warning",
      path,
      message: shadowedModelProblem(entry.alias, ref, shadowed),
      // The file and line in the hint, as for the other alias problems.
      hint: `${writtenAt(locate, path)}${shadowedModelHint(catalog, ref, shadowed, (name) => `openclaw config set ${singleQuoted(path)} ${configSetTextWord(name, shellQuotedName)}`)}`,
    });
  }
  return out;
}

/** The primary, the fallbacks and each `agents.defaults.models` entry that names no model. */
function unknownRefs(catalog: Catalog): CatalogFinding[] {
  const out: CatalogFinding[] = [];
  if (catalog.primary !== undefined) {
    const path = primaryModelPath(catalog.source.config);
    const error = refProblem(catalog, catalog.primary, path, true);
    if (error)
      out.push({
        level: "error",
        path,
        message: `the default model cannot be used: ${error.message}`,
        ...dueTo(error),
        ...(error.hint ? { hint: error.hint } : {}),
        ...lookAlikeRefHints(catalog.primary, path),
      });
  }
  catalog.fallbacks.forEach((fallback, index) => {
    const path = `agents.defaults.model.fallbacks[${index}]`;
    const error = refProblem(catalog, fallback, path, true);
    // A fallback naming nothing fails the whole chain, the primary's requests too; one whose
    // provider cannot be used is left out while another member serves (resolveDefaultChain),
    // and is still an error here.
    if (error)
      out.push({
        level: "error",
        path,
        message: `fallback ${index + 1} cannot be used: ${error.message}`,
        ...dueTo(error),
        ...(error.hint ? { hint: error.hint } : {}),
        ...lookAlikeRefHints(fallback, path),
      });
  });
  for (const [key, entry] of Object.entries(catalog.source.config.agents?.defaults?.models ?? {})) {
    const path = formatPath(["agents", "defaults", "models", key]);
    const error = refProblem(catalog, canonicalRef(key), path, false);
    if (!error) continue;
    const unused = entry.alias
      ? `its alias "${entry.alias}" names nothing`
      : "this entry does nothing";
    out.push({
      level: "warning",
      path,
      message: `${error.message}: ${unused}`,
      ...dueTo(error),
      hint: lookAlikeRefHints(key, path)?.hint ?? error.hint ?? "remove the entry, or fix the ref",
    });
  }
  return out;
}

/**
 * The wire APIs this build has a transport for (providers' getTransport); the config schema takes
 * the other one OpenClaw knows (`openai-responses`), which fails at request time.
 */
const SPOKEN_APIS: ReadonlySet<string> = new Set(["openai-completions", "anthropic-messages"]);

/** Whether this build has a transport for the wire API `api`. */
export function apiSpoken(api: string): boolean {
  return SPOKEN_APIS.has(api);
}

/** Each configured provider whose `api` has no transport here, at its dotted path (file:line). */
function unsupportedApis(catalog: Catalog): CatalogFinding[] {
  const out: CatalogFinding[] = [];
  const locate = valueLocator(catalog);
  for (const provider of catalog.providers.values()) {
    if (apiSpoken(provider.api) || !provider.configPath) continue;
    const path = `${provider.configPath}.api`;
    // In the hint, not the message: `config set` compares messages before and after an edit,
    // and an edit above it moves the line.
    const where = writtenAt(locate, path);
    out.push({
      level: "error",
      path,
      message: `api "${provider.api}" is not supported yet: every request to ${provider.id}'s models fails`,
      hint: `${where}set it to "openai-completions", which Moonshot and Kimi Code both speak (Kimi Code at https://api.kimi.com/coding/v1), or "anthropic-messages" for Kimi Code's Anthropic surface (baseUrl https://api.kimi.com/coding): openclaw config set '${path}' openai-completions`,
    });
  }
  return out;
}

/** Every problem of the catalog a config makes, errors first. */
export function checkCatalog(catalog: Catalog): CatalogFinding[] {
  const found: CatalogFinding[] = [
    ...catalog.problems.map(
      ({ path, message, hint, alsoAt, provider, schema }): CatalogFinding => ({
        level: "error",
        path,
        message,
        ...(hint ? { hint } : {}),
        ...(alsoAt ? { alsoAt } : {}),
        // A provider disabled by a schema problem: what serves models tells it apart.
        ...(schema ? { provider, schema } : {}),
      }),
    ),
    ...reservedProviders(catalog),
    ...unsupportedApis(catalog),
    ...duplicateModels(catalog),
    ...badAliases(catalog),
    ...shadowingAliases(catalog),
    ...unknownRefs(catalog),
    ...repeatedFallbacks(catalog),
    ...displacedLogins(catalog),
    ...stopParamsOverLimits(catalog),
    ...paramsNeverSent(catalog),
    ...videoInputsNeverSent(catalog),
  ];
  return [
    ...found.filter((finding) => finding.level === "error"),
    ...found.filter((finding) => finding.level === "warning"),
  ];
}

/** Providers the config defines or changes (not the built-in ones it leaves alone). */
export function configuredProviders(catalog: Catalog): string[] {
  return [...catalog.providers.values()]
    .filter((provider) => provider.origin !== "builtin")
    .map((provider) => provider.id);
}
