/**
 * Model refs and aliases → everything needed to call a model. A ref splits on the first `/`
 * (`openrouter/moonshotai/kimi-k2` → provider `openrouter`); provider ids are lower-cased, model
 * ids keep their case but match in any case when only one model does. A ref that names a model
 * wins over an alias spelled like it; a bare name is an alias (case-insensitive), then a model id
 * unique among the providers.
 */
import {
  CONFIG_OBJECT_PATH,
  type ConfigTemplate,
  envBlockVariables,
  formatPath,
  isPathWithin,
  mayShowExpansion,
  requireVariables,
  requireVariablesWithin,
  templateVariables,
} from "../config/index.js";
import { leaveOutOfInspect, OpenClawError } from "../errors.js";
import { quoted } from "../util/client-value.js";
import { maskKeyShapedNames } from "../util/key-shaped-names.js";
import {
  type NearCandidate,
  NearIndex,
  nearNames,
  squashed,
  tooLongToMatch,
} from "../util/near-names.js";
import { printable } from "../util/printable.js";
import { shellQuotedName, shellWord } from "../util/shell-word.js";
import { closestMatches, PreparedNames } from "../util/suggest.js";
import { aliasNameProblem, aliasRenameHint } from "./alias-name.js";
import { type Catalog, type CatalogProblem, canonicalRef, describeProblem } from "./build.js";
import { effectiveCompat, modelCompatDefaults } from "./compat-defaults.js";
import { concealHeaders, concealKeySource } from "./conceal.js";
import {
  addModelHint as addModelWords,
  idShaped,
  type NewModelWords,
  newModelAdvice,
  sentenceStart,
} from "./new-model-advice.js";
import { type NotSetUpModel, notSetUpHint, notSetUpModelNamed } from "./not-set-up.js";
import {
  providerAsModel,
  providerAsModelHint,
  providerAsModelReason,
} from "./provider-as-model.js";
import { notOfThisProvider, type SameIdModel, sameIdElsewhere } from "./same-id-elsewhere.js";
import type { CatalogModel, CatalogProvider, KeySource, ResolvedModel } from "./types.js";
import { type OfferedOrigin, withoutUnsetCopies } from "./unset-copies.js";

/** A model ref split in two: `provider/model`. */
export interface ModelRef {
  /** Provider id, lower-cased. */
  provider: string;
  /** The model id (everything after the first slash; may hold more slashes). */
  model: string;
}

/**
 * Names that mean "the configured primary, with its fallbacks": the gateway's (its
 * model-directory.ts), so that a name means the same in `agent --model` and in a request to the
 * gateway. `default` is not one of them: it is an ordinary name, which an alias may take.
 */
export const DEFAULT_MODEL_NAMES = new Set(["openclaw", "openclaw/default"]);

/** How many of a provider's refs the message of a refusal of its id as a model names. */
const SUGGESTED_AT_MOST = 3;

/**
 * ` (closest: a, b)`, or "" without suggestions; `label` words them otherwise (`its models` for a
 * provider's id given as the model). A suggestion found by its model's name says so, once for refs
 * in a row that share it: `a, b (both named "Kimi K2 Thinking")`.
 */
function closestText(
  suggestions: readonly string[],
  names: ReadonlyMap<string, string>,
  label: string,
): string {
  if (suggestions.length === 0) return "";
  const parts: string[] = [];
  for (let start = 0; start < suggestions.length; ) {
    const name = names.get(suggestions[start]!);
    let end = start + 1;
    while (name !== undefined && end < suggestions.length && names.get(suggestions[end]!) === name)
      end++;
    const group = suggestions.slice(start, end).join(", ");
    const count = end - start;
    const named = count === 1 ? "named" : count === 2 ? "both named" : "all named";
    parts.push(name === undefined ? group : `${group} (${named} "${name}")`);
    start = end;
  }
  return ` (${label}: ${parts.join(", ")})`;
}

/**
 * A model name that names no usable model (`model.unknown`, `model.ambiguous` and the other
 * `model.*` codes), with the closest refs in `suggestions`.
 */
export class ModelRefError extends OpenClawError {
  /** The model name as it was given (a ref or an alias). */
  readonly input: string;
  /** What is wrong, without the closest refs `message` ends with (for errors that wrap it). */
  readonly reason: string;
  /** Refs (or aliases) the input may have meant, best first. */
  readonly suggestions: string[];
  /** Suggestions found by their model's name (`Kimi K2 Thinking`), with that name. */
  readonly suggestedByName: ReadonlyMap<string, string>;
  /**
   * Whether `where` is a place of its own (a config's dotted path or `file:line`) rather than the
   * name given, which whoever typed that name knows already.
   */
  readonly whereIsElsewhere: boolean;
  /** What `message` calls `suggestions`: `closest`, or `its models` for a provider's id. */
  readonly suggestionsLabel: string;
  constructor(
    code: string,
    input: string,
    message: string,
    suggestions: string[],
    hint: string,
    suggestedByName: ReadonlyMap<string, string> = new Map(),
    /** Where the cause is, when it is not the name given (a config problem); else that name. */
    cause?: string,
    /** What the message calls the suggestions: the closest names unless told otherwise. */
    suggestionsLabel = "closest",
  ) {
    // Where it was given is said as the message says the name: shortened when kilobytes long.
    const where = cause ?? (tooLongToMatch(input) ? quoted(input) : input);
    super(code, `${message}${closestText(suggestions, suggestedByName, suggestionsLabel)}`, {
      hint,
      where,
    });
    this.name = "ModelRefError";
    this.input = input;
    this.reason = message;
    this.suggestions = suggestions;
    this.suggestedByName = suggestedByName;
    this.whereIsElsewhere = cause !== undefined;
    this.suggestionsLabel = suggestionsLabel;
  }

  static {
    // They tell openclaw's own messages how to word the suggestions and the place: `message`,
    // `suggestions` and `where` already say them to a program printing the error.
    leaveOutOfInspect(ModelRefError, ["suggestedByName", "whereIsElsewhere", "suggestionsLabel"]);
  }
}

/**
 * A ref whose provider a config problem makes unusable (its models are there, the provider is
 * not): `problemPath` is where that problem is written, so that a list of findings can say it
 * once, at its place, instead of once per ref that names one of the provider's models. `where`
 * is that problem's place too, as a config error's is (`file:line`, or the dotted path of a
 * config object's); the message names the ref.
 */
export class BrokenProviderRefError extends ModelRefError {
  readonly problemPath: string;
  /** What is wrong with the provider, without the ref: for sentences that name the ref already. */
  readonly providerProblem: string;
  constructor(input: string, provider: string, problem: CatalogProblem) {
    const providerProblem = `provider "${provider}" is not usable: ${describeProblem(problem)}`;
    super(
      "model.provider_broken",
      input,
      `provider "${provider}" in ${quotedName(input.trim())} is not usable: ${describeProblem(problem)}`,
      [],
      problem.hint ?? `fix ${problem.path}`,
      new Map(),
      problemPlace(problem),
    );
    this.problemPath = problem.path;
    this.providerProblem = providerProblem;
  }
}

/** Where a catalog problem is written: `file:line` for a schema problem in a file, else its path. */
function problemPlace(problem: CatalogProblem): string {
  const file = problem.schema?.file;
  if (file === undefined) return problem.path;
  return problem.schema?.line === undefined ? file : `${file}:${problem.schema.line}`;
}

/**
 * Splits `provider/model` at its first slash (so the model id may hold more), trimmed, the provider
 * lowercased; undefined when either side is empty or there is no slash.
 */
export function parseModelRef(input: string): ModelRef | undefined {
  const trimmed = input.trim();
  const slash = trimmed.indexOf("/");
  if (slash <= 0 || slash === trimmed.length - 1) return undefined;
  return { provider: trimmed.slice(0, slash).toLowerCase(), model: trimmed.slice(slash + 1) };
}

/** `provider/model`, as `parseModelRef` reads it. */
export function formatRef(ref: ModelRef): string {
  return `${ref.provider}/${ref.model}`;
}

/** Every `provider/model` ref the catalog knows. */
export function allRefs(catalog: Catalog): string[] {
  const refs: string[] = [];
  for (const provider of catalog.providers.values()) {
    for (const model of provider.models) refs.push(`${provider.id}/${model.id}`);
  }
  return refs;
}

/**
 * Whether a suggestion may name this model: one the person can use now. The built-in list keeps
 * ids a provider has since retired (a `models scan --prune` takes them out of the config, not out
 * of the catalog), so a model the allowlist (`agents.defaults.models`) leaves out is not offered,
 * nor a built-in one of a provider whose config lists models of its own without it.
 */
function offerable(catalog: Catalog, provider: CatalogProvider, model: CatalogModel): boolean {
  if (!isAllowed(catalog, `${provider.id}/${model.id}`)) return false;
  if (model.origin !== "builtin") return true;
  return !provider.models.some((other) => other.origin !== "builtin");
}

/** The refs a suggestion may name (see `offerable`). */
function offerableRefs(catalog: Catalog): string[] {
  const refs: string[] = [];
  for (const provider of catalog.providers.values()) {
    for (const model of provider.models)
      if (offerable(catalog, provider, model)) refs.push(`${provider.id}/${model.id}`);
  }
  return refs;
}

/**
 * Refs whose model is named `input` (case-insensitive): a name is not a ref (OpenClaw does not
 * resolve it either), but it is what a person reading a model list types. Models of providers
 * the user configured come alone when there are any (not also moonshot-cn's copies).
 */
function refsNamed(catalog: Catalog, input: string): { ref: string; name: string }[] {
  const wanted = input.trim().toLowerCase();
  const found: { ref: string; name: string; configured: boolean }[] = [];
  for (const provider of catalog.providers.values()) {
    for (const model of provider.models) {
      if (model.name.trim().toLowerCase() === wanted && offerable(catalog, provider, model))
        found.push({
          ref: `${provider.id}/${model.id}`,
          name: model.name,
          configured: provider.origin !== "builtin",
        });
    }
  }
  const configured = found.filter((entry) => entry.configured);
  return (configured.length > 0 ? configured : found).map(({ ref, name }) => ({ ref, name }));
}

/** What suggestions for an unknown name are looked for among, made ready once per catalog. */
interface Matching {
  /** Offerable refs and the aliases of offerable models, as written. */
  offered: PreparedNames;
  /** Offerable refs alone. */
  refs: PreparedNames;
  /** Each offerable ref by its ref, model id and name, each alias of one by itself. */
  slips: NearIndex;
  /** The name of each offerable model, by ref. */
  names: ReadonlyMap<string, string>;
}

/**
 * A catalog is not changed once built (a reload builds another), so what is worked out of it for
 * suggestions is kept beside it: a refusal then compares, rather than lower-casing and squashing
 * thousands of names again.
 */
const matchings = new WeakMap<Catalog, Matching>();

function matchingOf(catalog: Catalog): Matching {
  const known = matchings.get(catalog);
  if (known) return known;
  const refs = offerableRefs(catalog);
  const offered = new Set(refs);
  const offeredAliases = [...catalog.aliases.values()].filter((entry) => offered.has(entry.ref));
  const candidates: NearCandidate[] = [];
  const names = new Map<string, string>();
  for (const provider of catalog.providers.values()) {
    for (const model of provider.models) {
      if (!offerable(catalog, provider, model)) continue;
      const ref = `${provider.id}/${model.id}`;
      names.set(ref, model.name);
      candidates.push({ label: ref, spellings: [ref, model.id, model.name] });
    }
  }
  for (const entry of offeredAliases)
    candidates.push({ label: entry.alias, spellings: [entry.alias], standsFor: entry.ref });
  const matching: Matching = {
    offered: new PreparedNames([...refs, ...offeredAliases.map((entry) => entry.alias)]),
    refs: new PreparedNames(refs),
    slips: new NearIndex(candidates),
    names,
  };
  matchings.set(catalog, matching);
  return matching;
}

/**
 * Refs and aliases `input` is a slip of (see near-names.ts), best first: by a ref, a model id, a
 * model name or an alias. A model reached by an alias is offered by that alias alone; one reached
 * by its name says so in `named`.
 */
function slipsFor(
  matching: Matching,
  input: string,
): { refs: string[]; named: Map<string, string> } {
  const matches = nearNames(input, matching.slips, 3);
  const named = new Map<string, string>();
  for (const { label, spelling } of matches) {
    const name = matching.names.get(label);
    if (name !== undefined && spelling === name && squashed(name) !== squashed(label))
      named.set(label, name);
  }
  return { refs: matches.map((match) => match.label), named };
}

function suggestionsFor(
  catalog: Catalog,
  input: string,
): { suggestions: string[]; named: Map<string, string>; shown: Map<string, string> } {
  const named = new Map(refsNamed(catalog, input).map(({ ref, name }) => [ref, name]));
  // A name far longer than any model's is a slip of none (and is not compared with thousands).
  if (tooLongToMatch(input)) return { suggestions: [...named.keys()], named, shown: named };
  const matching = matchingOf(catalog);
  let near = closestMatches(input, matching.offered, 3);
  if (near.length === 0) {
    const bare = input.includes("/") ? input.slice(input.indexOf("/") + 1) : input;
    near = closestMatches(bare, matching.refs, 3);
  }
  const byName = [...named.keys()];
  // A model's name typed exactly says which model was meant: slips would add only its copies.
  const slips = byName.length === 0 ? slipsFor(matching, input) : { refs: [], named: new Map() };
  const suggestions = withoutUnsetCopies(
    [...new Set([...byName, ...slips.refs, ...near])],
    (name) => offeredOrigin(catalog, name),
  ).slice(0, Math.max(3, byName.length));
  const shown = new Map([...slips.named, ...named]);
  return { suggestions, named, shown };
}

/**
 * Where an offered ref's model comes from (see unset-copies.ts): a provider `origin` "builtin" is
 * one the config does not set up (moonshot-cn beside the moonshot it configures).
 */
function offeredOrigin(catalog: Catalog, name: string): OfferedOrigin | undefined {
  const parsed = parseModelRef(name);
  const provider = parsed && catalog.providers.get(parsed.provider);
  if (!parsed || !provider) return undefined;
  return { modelId: parsed.model, configured: provider.origin !== "builtin" };
}

/** The one model of `provider` whose id is `id`: exact case first, else the only one in any case. */
function modelIdIn(provider: CatalogProvider, id: string): string | undefined {
  if (provider.models.some((model) => model.id === id)) return id;
  const folded = provider.models.filter((model) => model.id.toLowerCase() === id.toLowerCase());
  return folded.length === 1 ? folded[0]!.id : undefined;
}

/**
 * The ref of the one model of the provider a name spells (`Kimi Code` for kimi-code), the alias
 * onboarding would have set: what a caller of a config without that alias meant.
 */
function providerModelNamed(catalog: Catalog, input: string): string | undefined {
  const provider = catalog.providers.get(input.toLowerCase().replace(/\s+/g, "-"));
  const [only, ...others] = provider?.models ?? [];
  return provider && only && others.length === 0 && offerable(catalog, provider, only)
    ? `${provider.id}/${only.id}`
    : undefined;
}

/**
 * A name a refusal quotes: whole, or, past the longest matched for suggestions, its start and its
 * length (`"kimi-k2-kimi…" (2048 characters)`), so a `--model` of kilobytes is not printed back.
 */
function quotedName(name: string): string {
  return tooLongToMatch(name) ? quoted(name) : `"${name}"`;
}

/** `did you mean "x"? ` for the closest suggestion, or "" without one. */
function didYouMean(suggestions: readonly string[]): string {
  return suggestions.length > 0 ? `did you mean "${suggestions[0]}"? ` : "";
}

/** `advice`, after `did you mean "…"? ` when there is a suggestion (then with a capital). */
function afterDidYouMean(suggestions: readonly string[], advice: string): string {
  return suggestions.length > 0 ? `${didYouMean(suggestions)}${sentenceStart(advice)}` : advice;
}

/**
 * A catalog of a config given as an object (`openRuntime({ config })`, `startGateway({ config })`):
 * the `openclaw models …` commands that would change it edit a file it was never read from.
 */
function fromConfigObject(catalog: Catalog): boolean {
  return catalog.source.path === CONFIG_OBJECT_PATH;
}

/** Where a change goes for such a catalog (it copied the object: a change needs a new one). */
const IN_CONFIG_OBJECT =
  "in the config object given, then open the runtime (or start the gateway) again with it";

/** Why `ref` (already split) names no model of the catalog. */
function refError(catalog: Catalog, input: string, ref: ModelRef): ModelRefError {
  const trimmed = input.trim();
  const provider = catalog.providers.get(ref.provider);
  if (!provider) {
    const problem =
      catalog.problems.find((p) => p.provider === ref.provider) ??
      catalog.problems.find((p) => p.path.startsWith(`models.providers.${ref.provider}`));
    if (problem) {
      return new BrokenProviderRefError(input, ref.provider, problem);
    }
    const near = providerSlipSuggestions(catalog, ref);
    // A close provider without that model is offered as a provider, not as a name to write alone.
    const meant =
      near.length === 0
        ? ""
        : near[0]!.includes("/")
          ? didYouMean(near)
          : `did you mean provider "${near[0]}"? `;
    return new ModelRefError(
      "model.unknown_provider",
      input,
      `unknown provider "${ref.provider}" in "${trimmed}"`,
      near,
      // `openclaw models list` lists the shell's config, not the object this catalog came from.
      fromConfigObject(catalog)
        ? `${meant ? `${meant}If "${ref.provider}" is a new provider, add` : "add"} it under models.providers.${ref.provider} (its baseUrl, apiKey and models) ${IN_CONFIG_OBJECT}`
        : `${meant}${meant ? "List" : "list"} providers with: openclaw models list --all`,
    );
  }
  const ids = provider.models.map((model) => model.id);
  const folded = ids.filter((id) => id.toLowerCase() === ref.model.toLowerCase());
  if (folded.length > 1) {
    const refs = folded.map((id) => `${provider.id}/${id}`);
    return new ModelRefError(
      "model.ambiguous",
      input,
      `"${trimmed}" matches several models of provider "${provider.id}" that differ only in case`,
      refs,
      `write the model id in its exact case, e.g. "${refs[0]}"`,
    );
  }
  const offeredModels = provider.models.filter((model) => offerable(catalog, provider, model));
  const offeredIds = offeredModels.map((model) => model.id);
  const slips = nearNames(
    ref.model,
    offeredModels.map((model) => ({ label: model.id, spellings: [model.id, model.name] })),
  ).map((match) => match.label);
  const asWritten = tooLongToMatch(ref.model) ? [] : closestMatches(ref.model, offeredIds, 3);
  const elsewhere = sameIdElsewhere(modelsWithId(catalog, ref.model), provider.id);
  const near = [
    ...new Set([...elsewhere, ...[...slips, ...asWritten].map((id) => `${provider.id}/${id}`)]),
  ].slice(0, 3);
  const add = addModelHint(catalog, provider);
  const elsewhereHint =
    elsewhere.length > 0
      ? `${notOfThisProvider(quotedName(ref.model), elsewhere[0]!, provider.id)}: use "${elsewhere[0]}". `
      : "";
  return new ModelRefError(
    "model.unknown",
    input,
    `unknown model ${quotedName(ref.model)} for provider "${provider.id}"`,
    near,
    near.length > 0
      ? `${elsewhereHint || didYouMean(near)}${sentenceStart(newModelAdvice(quotedName(ref.model), provider, newModelWordsOf(catalog)))}`
      : add,
  );
}

/** How a model new to openclaw is added to `provider`: the same words for a ref and a bare id. */
function addModelHint(catalog: Catalog, provider: CatalogProvider): string {
  return addModelWords(provider, newModelWordsOf(catalog));
}

/** How the way to add a model is said for `catalog`: as the edit of a config object, or a command. */
function newModelWordsOf(catalog: Catalog): NewModelWords {
  return fromConfigObject(catalog) ? { inConfigObject: IN_CONFIG_OBJECT } : {};
}

/**
 * For a name that names no model (a gateway's 404), the advice the CLI gives it (see
 * new-model-advice.ts): to add it to the provider it would be new to, a ref's own (one the
 * catalog has), a bare id's as for the CLI (providerForBareId, from `suggestions`, the closest
 * first); none without such a provider. `words`: what a shell needs before the command, and
 * which providers' own `GET /models` was read (it then does not list the name).
 */
export function newModelAdviceFor(
  catalog: Catalog,
  name: string,
  suggestions: readonly string[],
  words: { commandPrefix?: string; listedBy?: (provider: string) => boolean } = {},
): string | undefined {
  const trimmed = name.trim();
  const ref = trimmed.includes("/") ? parseModelRef(trimmed) : undefined;
  const provider = trimmed.includes("/")
    ? ref && catalog.providers.get(ref.provider)
    : providerForBareId(catalog, suggestions);
  const id = ref?.model ?? trimmed;
  if (!provider || !idShaped(id)) return undefined;
  return newModelAdvice(quotedName(id), provider, {
    commandPrefix: words.commandPrefix,
    notListed: words.listedBy?.(provider.id) === true,
    ...newModelWordsOf(catalog),
  });
}

/**
 * The configured provider a bare id that names no model would be new to: the only one configured,
 * else that of the closest suggestion (an alias's model's) when it is configured.
 */
function providerForBareId(
  catalog: Catalog,
  suggestions: readonly string[],
): CatalogProvider | undefined {
  const configured = [...catalog.providers.values()].filter((entry) => entry.origin !== "builtin");
  if (configured.length === 1) return configured[0];
  const [first] = suggestions;
  if (first === undefined) return undefined;
  const ref = parseModelRef(catalog.aliases.get(first.toLowerCase())?.ref ?? first);
  const provider = ref ? catalog.providers.get(ref.provider) : undefined;
  return provider?.origin === "builtin" ? undefined : provider;
}

/**
 * What a ref with a slip in its provider may have meant: the close providers' model of the same id
 * (`moonshoot/kimi-k2.5` → `moonshot/kimi-k2.5`), else the close providers' names. Only provider
 * ids are compared (a few), not every ref of the catalog.
 */
function providerSlipSuggestions(catalog: Catalog, ref: ModelRef): string[] {
  const providers = closestMatches(ref.provider, catalog.providers.keys(), 3);
  const refs: string[] = [];
  for (const id of providers) {
    const provider = catalog.providers.get(id)!;
    const modelId = modelIdIn(provider, ref.model);
    const model = provider.models.find((candidate) => candidate.id === modelId);
    if (model && offerable(catalog, provider, model)) refs.push(`${provider.id}/${model.id}`);
  }
  return refs.length > 0 ? refs : providers;
}

/** The models a suggestion may name whose id is `modelId` (in any case), of every provider. */
function modelsWithId(catalog: Catalog, modelId: string): SameIdModel[] {
  const wanted = modelId.trim().toLowerCase();
  const found: SameIdModel[] = [];
  for (const provider of catalog.providers.values()) {
    for (const model of provider.models) {
      if (model.id.toLowerCase() === wanted && offerable(catalog, provider, model))
        found.push({ id: `${provider.id}/${model.id}`, configured: provider.origin !== "builtin" });
    }
  }
  return found;
}

function unusableAliasError(input: string, alias: { alias: string; ref: string }): ModelRefError {
  const path = formatPath(["agents", "defaults", "models", alias.ref, "alias"]);
  return new ModelRefError(
    "model.alias_unusable",
    input,
    `alias ${printable(JSON.stringify(alias.alias))} (for ${alias.ref}) is not usable: ${aliasNameProblem(alias.alias) ?? 'it contains "/", so it reads as a model ref'}`,
    [],
    `name the model by its ref, ${alias.ref}, and ${aliasRenameHint(alias.alias, alias.ref, path)} (openclaw config validate shows where it is written)`,
  );
}

/**
 * Resolves a ref, alias or bare model id to a canonical `{provider, model}` that exists. Input with
 * a `/` is a ref first: a model it names wins over an alias spelled the same (an alias must not
 * take over a ref). Model ids match in any case when only one does; the exact case wins.
 */
export function resolveRef(catalog: Catalog, input: string, allowAlias = true): ModelRef {
  const found = lookUp(catalog, input, allowAlias);
  if (typeof found === "function") throw found();
  return found;
}

/**
 * The model `input` names, as `resolveRef` finds it, or undefined where that refuses it, without
 * working out the refusal's suggestions: for a caller that only asks (the gateway, before its 404).
 */
export function findRef(catalog: Catalog, input: string): ModelRef | undefined {
  const found = lookUp(catalog, input, true);
  return typeof found === "function" ? undefined : found;
}

/** What `resolveRef` finds, or how to tell why not: made only when it is told. */
function lookUp(
  catalog: Catalog,
  input: string,
  allowAlias: boolean,
): ModelRef | (() => ModelRefError) {
  const trimmed = input.trim();
  if (trimmed === "") {
    return () =>
      new ModelRefError(
        "model.empty",
        input,
        "no model given",
        [],
        'name a model, e.g. "moonshot/kimi-k2.5"',
      );
  }
  const alias = allowAlias ? catalog.aliases.get(trimmed.toLowerCase()) : undefined;
  const ref = parseModelRef(trimmed);
  if (ref) {
    const provider = catalog.providers.get(ref.provider);
    const id = provider ? modelIdIn(provider, ref.model) : undefined;
    if (id !== undefined) return { provider: ref.provider, model: id };
    // An alias config validate and `models aliases add` refuse (here: one with a `/`, which reads
    // as a ref) is not taken when written by hand either, so every command and the gateway agree.
    if (alias) return () => unusableAliasError(input, alias);
    return () => refError(catalog, input, ref);
  }
  if (alias) {
    if (aliasNameProblem(alias.alias) !== undefined) return () => unusableAliasError(input, alias);
    return lookUp(catalog, alias.ref, false);
  }

  const exact: ModelRef[] = [];
  const folded: ModelRef[] = [];
  // Lower-cased once: a client's kilobytes of name were lower-cased again for every model.
  const wanted = trimmed.toLowerCase();
  for (const provider of catalog.providers.values()) {
    for (const model of provider.models) {
      if (model.id === trimmed) exact.push({ provider: provider.id, model: model.id });
      else if (model.id.toLowerCase() === wanted)
        folded.push({ provider: provider.id, model: model.id });
    }
  }
  const found = exact.length > 0 ? exact : folded;
  // A built-in provider the user never configured (say moonshot-cn) does not make a bare id ambiguous.
  const configured = found.filter(
    (match) => catalog.providers.get(match.provider)?.origin !== "builtin",
  );
  const matches = configured.length > 0 ? configured : found;
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    return () =>
      new ModelRefError(
        "model.ambiguous",
        input,
        `"${trimmed}" matches models of several providers`,
        matches.map(formatRef),
        `write the full ref, e.g. "${formatRef(matches[0]!)}"`,
      );
  }
  return () => unknownError(catalog, input, trimmed);
}

/** Whether the whole of `name` is one key-shaped run (`sk-kimi-…`), as a pasted key is. */
function isKeyShapedName(name: string): boolean {
  return /^(sk-kimi|sk|ak|msk)-\*\*\*$/.test(maskKeyShapedNames(name));
}

/** Why `trimmed` names no model, with what it may be a slip of. */
function unknownError(catalog: Catalog, input: string, trimmed: string): ModelRefError {
  // A provider's id (`kimi-code`, `moonshot`): its models' refs, not an alias of that id.
  const provider = providerNamed(catalog, trimmed);
  if (provider) {
    return new ModelRefError(
      "model.unknown",
      input,
      providerAsModelReason(provider),
      provider.refs.slice(0, SUGGESTED_AT_MOST),
      providerAsModelHint(provider, fromConfigObject(catalog) ? undefined : listCommand(catalog)),
      undefined,
      undefined,
      // They are the provider's models, not names spelled like the one given.
      provider.refs.length > SUGGESTED_AT_MOST ? "some of its models" : "its models",
    );
  }
  const { suggestions, named, shown } = suggestionsFor(catalog, trimmed);
  const [byName = providerModelNamed(catalog, trimmed)] = named.keys();
  // A model of a built-in provider the config does not set up yet ("Kimi Code" with only Moonshot
  // onboarded) is no slip: its ref comes first, and onboarding that provider is the way.
  const notSetUp = byName ? undefined : notSetUpModelNamed(catalog, trimmed);
  const first = byName ?? notSetUp?.ref;
  const offered =
    first && !suggestions.includes(first) ? [first, ...suggestions].slice(0, 3) : suggestions;
  // A key pasted where the model goes: no model's name is a slip of it, so none is offered.
  if (isKeyShapedName(trimmed)) {
    return new ModelRefError(
      "model.unknown",
      input,
      `unknown model or alias ${quotedName(trimmed)}`,
      [],
      `"${maskKeyShapedNames(trimmed)}" looks like an API key, not a model: name the model by its ref ("provider/model", such as "moonshot/kimi-k2.5") or an alias; a key goes where the provider's key is read (its auth profile, variable or apiKey), never in the model name`,
    );
  }
  return new ModelRefError(
    "model.unknown",
    input,
    `unknown model or alias ${quotedName(trimmed)}`,
    offered,
    fromConfigObject(catalog)
      ? unknownNameInObjectHint(catalog, trimmed, byName, notSetUp, offered)
      : byName
        ? `write the ref, e.g. "${byName}", or make the name an alias: openclaw models aliases add ${shellQuotedName(trimmed)} ${shellWord(byName)}`
        : trimmed.toLowerCase() === "default"
          ? 'the default model (with its fallbacks) is what is used when no model is named, or the name "openclaw"; see the others with: openclaw models list --all'
          : notSetUp
            ? notSetUpHint(trimmed, notSetUp, primaryRef(catalog))
            : (notOfferedHint(catalog, trimmed) ?? unknownBareIdHint(catalog, trimmed, offered)),
    shown,
  );
}

/**
 * For a bare name that is no model, alias or name of one: said as for a ref naming no model of its
 * provider (`did you mean …? If … is a new model of moonshot, add it …`), the provider being the
 * one it would be new to; with none to name, where to see the models there are.
 */
function unknownBareIdHint(catalog: Catalog, name: string, suggestions: string[]): string {
  const provider = providerForBareId(catalog, suggestions);
  // A name no id could be (a display name, `Kimi K2.6`) is not a new model's id: the closest, and
  // how such a name is made to mean a model.
  if (provider && !idShaped(name)) {
    const alias = `make the name an alias: openclaw models aliases add ${shellQuotedName(name)} <provider/model>; see the models you can use with: ${listCommand(catalog)}`;
    return afterDidYouMean(
      suggestions,
      `name the model by its ref ("provider/model"), or ${alias}`,
    );
  }
  if (!provider) {
    const see = seeAvailableHint(catalog);
    return suggestions.length > 0
      ? `${didYouMean(suggestions)}${see.charAt(0).toUpperCase()}${see.slice(1)}`
      : see;
  }
  const advice = newModelAdvice(quotedName(name), provider, newModelWordsOf(catalog));
  return suggestions.length > 0
    ? `${didYouMean(suggestions)}${sentenceStart(advice)}`
    : `${advice}; see the models you can use with: ${listCommand(catalog)}`;
}

/** The provider `name` is the id of, with its models a refusal may offer (see provider-as-model.ts). */
function providerNamed(catalog: Catalog, name: string) {
  return providerAsModel(
    name,
    (id) => {
      const provider = catalog.providers.get(id);
      return provider?.models
        .filter((model) => offerable(catalog, provider, model))
        .map((model) => `${provider.id}/${model.id}`);
    },
    primaryRef(catalog),
  );
}

/**
 * The default model as a ref (`primary: "Kimi K2.5"` is moonshot/kimi-k2.5), for a command that
 * names it; as written when it names nothing.
 */
function primaryRef(catalog: Catalog): string | undefined {
  if (catalog.primary === undefined) return undefined;
  const found = findRef(catalog, catalog.primary);
  return found ? formatRef(found) : catalog.primary;
}

/**
 * The same for a catalog of a config object: an alias is added to the object, as `openclaw
 * models aliases add` and `models list` edit and list the shell's file, not the object.
 */
function unknownNameInObjectHint(
  catalog: Catalog,
  name: string,
  byName: string | undefined,
  notSetUp: NotSetUpModel | undefined,
  suggestions: string[],
): string {
  const alias = quotedName(name);
  if (byName)
    return `write the ref, e.g. "${byName}", or make the name an alias: add "${byName}": { alias: ${alias} } under agents.defaults.models ${IN_CONFIG_OBJECT}`;
  if (name.toLowerCase() === "default")
    return 'the default model (with its fallbacks) is what is used when no model is named, or the name "openclaw"; name another by its ref ("provider/model")';
  if (notSetUp) {
    const variable = catalog.providers.get(notSetUp.provider)?.envVar;
    const key = variable ? `$${variable}, or its apiKey` : "its apiKey";
    return `${alias} is ${notSetUp.ref}, a model of provider ${notSetUp.provider}, which the config object given does not set up: add "${notSetUp.ref}": { alias: ${alias} } under agents.defaults.models, and give ${notSetUp.provider} a key (${key} under models.providers.${notSetUp.provider}), ${IN_CONFIG_OBJECT}`;
  }
  const notOffered = notOfferedModel(catalog, name);
  if (notOffered) {
    const add = notOffered.allowed
      ? `add it under ${notOffered.models}`
      : `add "${notOffered.ref}": {} under agents.defaults.models`;
    return `${alias} is the name of ${notOffered.ref}, which the config object given does not offer (${notOffered.why}): ${add} ${IN_CONFIG_OBJECT}, and name it by its ref`;
  }
  // Close to a model of a provider: said as for the same id given as that provider's ref. A name
  // no id could be (a display name) is not a new model's id: the closest and the alias advice.
  const provider = suggestions.length > 0 ? providerForBareId(catalog, suggestions) : undefined;
  if (provider && idShaped(name))
    return `${didYouMean(suggestions)}${sentenceStart(newModelAdvice(alias, provider, newModelWordsOf(catalog)))}`;
  return afterDidYouMean(
    suggestions,
    `name the model by its ref ("provider/model"), or make ${alias} an alias: add "<provider/model>": { alias: ${alias} } under agents.defaults.models ${IN_CONFIG_OBJECT}`,
  );
}

/**
 * Where to see the models there are: with a provider configured, `models list` shows those that
 * can be used (`--all` would add built-in ids a provider may have retired); with none, only
 * `--all` shows anything.
 */
function seeAvailableHint(catalog: Catalog): string {
  return listCommand(catalog) === "openclaw models list"
    ? "see the models you can use with: openclaw models list, and what a provider offers now with: openclaw models scan"
    : "see what is available with: openclaw models list --all";
}

/** The command that lists the models there are (see seeAvailableHint). */
function listCommand(catalog: Catalog): string {
  const configured = [...catalog.providers.values()].some((entry) => entry.origin !== "builtin");
  return configured ? "openclaw models list" : "openclaw models list --all";
}

/**
 * For a name only a model no suggestion may offer has (`Kimi K2 Thinking` once a prune took
 * moonshot/kimi-k2-thinking out of the config): that it cannot be used, and where to see what can.
 */
function notOfferedHint(catalog: Catalog, name: string): string | undefined {
  const found = notOfferedModel(catalog, name);
  if (!found) return undefined;
  return `"${name}" is the name of ${found.ref}, a model of openclaw's built-in list your config does not offer (${found.why}; a provider may have retired it): no model you can use now has that name; see those you can with: openclaw models list, and what ${found.provider} offers now with: openclaw models scan --provider ${found.provider}`;
}

/** The model named `name` that the config does not offer, and why (see notOfferedHint). */
function notOfferedModel(
  catalog: Catalog,
  name: string,
): { ref: string; provider: string; allowed: boolean; models: string; why: string } | undefined {
  const wanted = name.toLowerCase();
  for (const provider of catalog.providers.values()) {
    const model = provider.models.find(
      (entry) => entry.name.trim().toLowerCase() === wanted && !offerable(catalog, provider, entry),
    );
    if (!model) continue;
    const ref = `${provider.id}/${model.id}`;
    const allowed = isAllowed(catalog, ref);
    const models = `${provider.configPath ?? `models.providers.${provider.id}`}.models`;
    const why = allowed ? `${models} does not list it` : "agents.defaults.models does not list it";
    return { ref, provider: provider.id, allowed, models, why };
  }
  return undefined;
}

/** The environment variables read for a provider's key, in order (`envVar`, then its alternates). */
export function providerEnvVars(
  provider: Pick<CatalogProvider, "envVar" | "envVarAlternates">,
): string[] {
  return provider.envVar ? [provider.envVar, ...provider.envVarAlternates] : [];
}

function keySourcesFor(catalog: Catalog, provider: CatalogProvider): KeySource[] {
  const { config } = catalog.source;
  const ordered = config.auth?.order?.[provider.id];
  const configured = Object.entries(config.auth?.profiles ?? {})
    .filter(([, profile]) => profile.provider.toLowerCase() === provider.id)
    .map(([id]) => id);
  const profileIds = ordered ?? (configured.length > 0 ? configured : [`${provider.id}:default`]);
  const sources: KeySource[] = profileIds.map((profileId) => ({ kind: "profile", profileId }));
  // The block's value is in the environment only where the shell lacks the variable.
  const block = envBlockVariables(config);
  for (const variable of providerEnvVars(provider)) {
    const fromEnvBlock =
      block[variable] !== undefined && catalog.source.env[variable] === block[variable];
    sources.push({
      kind: "env",
      variable,
      ...(fromEnvBlock ? { fromEnvBlock: true as const } : {}),
    });
  }
  if (provider.apiKeyTemplate !== undefined) {
    sources.push(
      concealKeySource({
        kind: "config",
        path: `${provider.configPath}.apiKey`,
        template: provider.apiKeyTemplate,
        variables: templateVariables(provider.apiKeyTemplate),
      }),
    );
  }
  return sources;
}

/** Where the user configured `model` of `provider` (`models.providers.x.models[2]`), if they did. */
function modelConfigPath(
  catalog: Catalog,
  provider: CatalogProvider,
  model: CatalogModel,
): string | undefined {
  if (!provider.configPath || model.origin === "builtin") return undefined;
  const providers = catalog.source.config.models?.providers ?? {};
  for (const [key, entry] of Object.entries(providers)) {
    if (formatPath(["models", "providers", key]) !== provider.configPath) continue;
    const index = (entry.models ?? []).findIndex((candidate) => candidate.id === model.id);
    if (index >= 0) return `${provider.configPath}.models[${index}]`;
  }
  return undefined;
}

/**
 * Throws MissingVariableError for a value a request to `model` needs that names an unset
 * variable: anything of its provider (not `apiKey`: other key sources can stand in for it) and of
 * that model's entry, and its `params`. Values of other models do not matter.
 */
function requireModelVariables(
  catalog: Catalog,
  provider: CatalogProvider,
  model: CatalogModel,
  ref: string,
): void {
  const source = catalog.source;
  if (source.unresolved.length === 0) return;
  const providerPath = provider.configPath;
  if (providerPath) {
    const apiKeyPath = `${providerPath}.apiKey`;
    const modelsPath = `${providerPath}.models`;
    const own = modelConfigPath(catalog, provider, model);
    requireVariablesWithin(
      source,
      providerPath,
      (path) =>
        isPathWithin(path, apiKeyPath) ||
        (isPathWithin(path, modelsPath) && (own === undefined || !isPathWithin(path, own))),
    );
  }
  for (const key of Object.keys(source.config.agents?.defaults?.models ?? {})) {
    if (canonicalRef(key) === ref) {
      requireVariablesWithin(source, formatPath(["agents", "defaults", "models", key, "params"]));
    }
  }
}

/**
 * Where a provider is called: its base URL and headers (the provider's, then `model`'s). `${VAR}`
 * was expanded when the config was loaded; a value naming an unset variable throws
 * MissingVariableError naming it and where it is used.
 */
export function resolveEndpoint(
  catalog: Catalog,
  provider: CatalogProvider,
  model?: CatalogModel,
): { baseUrl: string; headers: Record<string, string> } {
  const source = catalog.source;
  if (provider.configPath && source.unresolved.length > 0) {
    requireVariables(source, `${provider.configPath}.baseUrl`);
    requireVariablesWithin(source, `${provider.configPath}.headers`);
    const modelPath = model ? modelConfigPath(catalog, provider, model) : undefined;
    if (modelPath) requireVariablesWithin(source, `${modelPath}.headers`);
  }
  const headers = { ...provider.headers };
  if (model) Object.assign(headers, model.headers);
  return { baseUrl: provider.baseUrl.replace(/\/+$/, ""), headers: concealHeaders(headers) };
}

function toResolved(
  catalog: Catalog,
  provider: CatalogProvider,
  model: CatalogModel,
): ResolvedModel {
  const ref = `${provider.id}/${model.id}`;
  requireModelVariables(catalog, provider, model, ref);
  const { baseUrl, headers } = resolveEndpoint(catalog, provider, model);
  const own = { provider: provider.id, model: model.id };
  // An entry of agents.defaults.models written in another case (`moonshot/KIMI-K2.5`) still counts.
  const entryOf = <T>(map: ReadonlyMap<string, T>): T | undefined =>
    map.get(ref) ?? [...map].find(([written]) => namesModel(catalog, written, own))?.[1];
  const alias = entryOf(catalog.aliasByRef);
  return {
    ref,
    provider: provider.id,
    id: model.id,
    name: model.name,
    api: provider.api,
    baseUrl,
    ...(provider.baseUrlAt === undefined ? {} : { baseUrlAt: provider.baseUrlAt }),
    baseUrlOrigin: provider.baseUrlOrigin,
    headers,
    authHeader: provider.authHeader,
    compat: effectiveCompat(
      baseUrl,
      provider.id,
      modelCompatDefaults(baseUrl, provider.id, model.id),
      provider.compat,
      model.compat,
    ),
    reasoning: model.reasoning,
    input: [...model.input],
    contextWindow: model.contextWindow,
    maxTokens: model.maxTokens,
    cost: { ...model.cost },
    alias,
    params: { ...entryOf(catalog.params) },
    keySources: keySourcesFor(catalog, provider),
  };
}

/**
 * Whether `written` (a ref as the config spells it) names the model `ref`: exactly, or in another
 * case when that spelling finds no other model.
 */
function namesModel(catalog: Catalog, written: string, ref: ModelRef): boolean {
  const parsed = parseModelRef(written);
  if (!parsed || parsed.provider !== ref.provider) return false;
  if (parsed.model === ref.model) return true;
  if (parsed.model.toLowerCase() !== ref.model.toLowerCase()) return false;
  const provider = catalog.providers.get(ref.provider);
  return provider !== undefined && modelIdIn(provider, parsed.model) === ref.model;
}

/** Whether the allowlist lets `ref` through, also when the config wrote its id in another case. */
function allowed(catalog: Catalog, allowlist: ReadonlySet<string>, ref: ModelRef): boolean {
  if (allowlist.has(formatRef(ref))) return true;
  for (const entry of allowlist) if (namesModel(catalog, entry, ref)) return true;
  return false;
}

/**
 * Whether the config's allowlist (`agents.defaults.models`) lets the model `ref` (canonical, as
 * the catalog spells it) through; true when there is no allowlist.
 */
export function isAllowed(catalog: Catalog, ref: string): boolean {
  if (!catalog.allowlist) return true;
  const parsed = parseModelRef(ref);
  return parsed !== undefined && allowed(catalog, catalog.allowlist, parsed);
}

/**
 * Why the model `ref` (canonical) may be one its provider retired, or undefined: it is in
 * openclaw's built-in list only, while the provider's own models list in the config (written by
 * hand or by `models scan --add`) leaves it out, and the allowlist does not name it either. A
 * suggestion to use it again would send the person to a model the provider may refuse.
 */
export function possiblyRetiredHint(catalog: Catalog, ref: string): string | undefined {
  const parsed = parseModelRef(ref);
  const provider = parsed ? catalog.providers.get(parsed.provider) : undefined;
  const model = provider?.models.find((entry) => entry.id === parsed?.model);
  if (!provider || !model || model.origin !== "builtin") return undefined;
  if (!provider.models.some((other) => other.origin !== "builtin")) return undefined;
  if (catalog.allowlist && allowed(catalog, catalog.allowlist, parsed!)) return undefined;
  return `it is in openclaw's built-in list only: ${provider.configPath ?? `models.providers.${provider.id}`}.models does not list it, and ${provider.id} may have retired it; see what ${provider.id} offers now with: openclaw models scan --provider ${provider.id}, and the models you can use with: openclaw models list`;
}

/**
 * Resolves a ref or alias to a callable model. Enforces the allowlist (`agents.defaults.models`)
 * and refuses a model whose config names an unset variable (MissingVariableError); never reads a
 * key.
 */
export function resolveModel(catalog: Catalog, input: string): ResolvedModel {
  const ref = resolveRef(catalog, input);
  const canonical = formatRef(ref);
  const provider = catalog.providers.get(ref.provider)!;
  const model = provider.models.find((entry) => entry.id === ref.model)!;
  if (catalog.allowlist && !allowed(catalog, catalog.allowlist, ref)) {
    // A built-in id the provider's own models list lacks (a prune took it out): adding it back
    // to the allowlist is no advice, as the provider may have retired it.
    throw new ModelRefError(
      "model.not_allowed",
      input,
      `model ${canonical} is not in the allowlist (agents.defaults.models)`,
      closestMatches(canonical, catalog.allowlist, 3),
      possiblyRetiredHint(catalog, canonical) ??
        (fromConfigObject(catalog)
          ? `add "${canonical}": {} under agents.defaults.models ${IN_CONFIG_OBJECT}`
          : `add "${canonical}": {} under agents.defaults.models, or run: openclaw models set ${shellWord(canonical)}`),
    );
  }
  return toResolved(catalog, provider, model);
}

/**
 * Says where a ref that came from `${VAR}` was written; shows the ref itself only when it cannot
 * be a secret (a key put in the wrong variable must not be printed).
 */
export function fromTemplate(
  error: ModelRefError,
  template: ConfigTemplate,
  ref: string,
  path: string,
): ModelRefError {
  const hint = error.hint ?? `fix ${path}`;
  if (!mayShowExpansion(template, ref)) {
    return new ModelRefError(
      error.code,
      template.raw,
      `${path} ("${template.raw}") does not name a usable model; its value is not shown, as it may be a secret`,
      [],
      hint,
    );
  }
  const near = closestText(error.suggestions, error.suggestedByName, error.suggestionsLabel);
  const message =
    near && error.message.endsWith(near) ? error.message.slice(0, -near.length) : error.message;
  return new ModelRefError(
    error.code,
    error.input,
    `${message} (from ${path}: "${template.raw}")`,
    error.suggestions,
    hint,
    error.suggestedByName,
    error.where,
    error.suggestionsLabel,
  );
}
