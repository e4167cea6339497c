/**
 * `models set`, `models aliases …` and `models fallbacks …`: small edits to the main config
 * file's raw object, validated before writing. Pure functions plus one I/O wrapper.
 */

import { modelShadowedByAlias, shadowedModelHint, shadowedModelProblem } from "../catalog/check.js";
import {
  aliasNameProblem,
  buildCatalog,
  type Catalog,
  canonicalRef,
  formatRef,
  isReservedAliasName,
  parseModelRef,
  refuseNewCatalogErrors,
  reservedAliasHint,
  resolveRef,
} from "../catalog/index.js";
import {
  agentDir,
  type ConfigEditOptions,
  configSetTextWord,
  type Env,
  editConfigFile,
  formatOrigin,
  includedOrigin,
  type LeftOutKey,
  loadConfig,
  resolveStateDir,
  shellPath,
} from "../config/index.js";
import { isOpenClawError, OpenClawError } from "../errors.js";
import { hasKeyShapedName, maskKeyShapedNames } from "../util/key-shaped-names.js";
import { printable } from "../util/printable.js";
import { shellQuotedName, shellWord } from "../util/shell-word.js";
import { allowlistChange, modelsReliedOn } from "./allowlist-change.js";
import { child, isRecord, type Json } from "./json-object.js";
import { chainEntryRef } from "./models-view.js";

function defaults(config: Json): Json {
  return child(child(config, "agents"), "defaults");
}

/** `agents.defaults.model` as an object (a plain string becomes `{primary}`). */
function selection(config: Json): Json {
  const parent = defaults(config);
  const current = parent.model;
  if (isRecord(current)) return current;
  const created: Json = typeof current === "string" ? { primary: current } : {};
  parent.model = created;
  return created;
}

function fallbackList(config: Json): string[] {
  const current = selection(config).fallbacks;
  return Array.isArray(current)
    ? current.filter((ref): ref is string => typeof ref === "string")
    : [];
}

/**
 * Whether `entry`, the primary or a fallback as the config writes it, names `ref`. The config may
 * write them as aliases or bare ids (`primary: "Kimi K2.5"`), which status, the runtime and a
 * prune read as the models they name; with the catalog, the edits read them so too.
 */
function namesModel(entry: unknown, ref: string, catalog: Catalog | undefined): boolean {
  if (typeof entry !== "string") return false;
  return (catalog ? chainEntryRef(catalog, entry) : canonicalRef(entry)) === ref;
}

/**
 * Refuses to take away (remove or rename) the alias `alias` of `ref` while the default chain names
 * the model by it (`fallbacks: ["Kimi K2"]`): that entry would name nothing, and config validate
 * would fail it. Says which entry, and the command that writes it as the ref first.
 */
function refuseAliasInChain(config: Json, alias: string, ref: string, catalog?: Catalog): void {
  const model = catalog
    ? { primary: catalog.primary, fallbacks: catalog.fallbacks }
    : defaults(config).model;
  const wanted = alias.trim().toLowerCase();
  // An alias spelled as its model's own id: the entry still names the model as a bare id.
  if (wanted === ref.slice(ref.indexOf("/") + 1).toLowerCase()) return;
  const uses = (entry: unknown) =>
    typeof entry === "string" && entry.trim().toLowerCase() === wanted;
  const shortForm = !catalog && typeof model === "string";
  const primary = typeof model === "string" ? model : isRecord(model) ? model.primary : undefined;
  const fallbacks = isRecord(model) && Array.isArray(model.fallbacks) ? model.fallbacks : [];
  const index = fallbacks.findIndex(uses);
  const written = catalog?.source.config.agents?.defaults?.model;
  const path = uses(primary)
    ? typeof written === "string" || shortForm
      ? "agents.defaults.model"
      : "agents.defaults.model.primary"
    : index >= 0
      ? `agents.defaults.model.fallbacks[${index}]`
      : undefined;
  if (!path) return;
  const role = uses(primary) ? "the default model" : `fallback #${index + 1}`;
  throw new OpenClawError(
    "alias.in_chain",
    `alias "${alias.trim()}" is how the config names ${role}, ${ref}: without it, ${path} would name no model`,
    {
      hint: `first write it as the ref: openclaw config set '${path}' ${configSetTextWord(ref, shellWord)}`,
      where: path,
      exitCode: 2,
    },
  );
}

/** A ref, alias or bare id → the canonical ref it names (throws with suggestions when unknown). */
export function canonicalModel(catalog: Catalog, input: string): string {
  return formatRef(resolveRef(catalog, input));
}

export interface EditResult {
  /** One line saying what changed, or that nothing needed to. */
  message: string;
  changed: boolean;
  /** The alias an edit named, as the config writes it (`--json` shows it so). */
  alias?: string;
  /** Said last, after what the edit did to the allowlist: what to do next, ending with a command. */
  next?: string;
}

/** `catalog` (the config's) reads a primary or fallback written as an alias as its model. */
export function setPrimary(config: Json, ref: string, catalog?: Catalog): EditResult {
  const model = selection(config);
  const before = model.primary;
  // The default model cannot also be its fallback (config validate fails that): the one asked
  // for moves out of the fallbacks, as a person making it the default expects.
  const list = fallbackList(config);
  const position = list.findIndex((entry) => namesModel(entry, ref, catalog));
  const left = position >= 0 ? `; it is no longer fallback #${position + 1}` : "";
  if (position >= 0) model.fallbacks = list.filter((entry) => !namesModel(entry, ref, catalog));
  if (namesModel(before, ref, catalog))
    return { message: `the default model is already ${ref}${left}`, changed: position >= 0 };
  model.primary = ref;
  const kept = keepReplacedDefault(config, before, catalog);
  return {
    message: `default model: ${ref}${typeof before === "string" ? ` (was ${before})` : ""}${left}${
      kept
        ? `; listed ${kept} (the default model until now) in agents.defaults.models, the allowlist, so that it can still be used (to refuse it: openclaw config unset ${shellPath(["agents", "defaults", "models", kept])})`
        : ""
    }`,
    changed: true,
  };
}

/**
 * Lists `before`, the default model being replaced, in the allowlist when it was allowed only as
 * the default: the model a custom-api-key onboarding added (no alias, so no entry) would be
 * refused from now on, though the person was using it. Onboarding lists the default it replaces
 * too. Not a model the config does not know, nor one in openclaw's built-in list only that the
 * provider's own list leaves out (it may be retired: never advised back in). Returns its ref.
 */
function keepReplacedDefault(
  config: Json,
  before: unknown,
  catalog: Catalog | undefined,
): string | undefined {
  if (!catalog?.allowlist || typeof before !== "string") return undefined;
  const previous = chainEntryRef(catalog, before);
  const parsed = parseModelRef(previous);
  const provider = parsed ? catalog.providers.get(parsed.provider) : undefined;
  const known = provider?.models.find((entry) => entry.id === parsed?.model);
  if (!provider || !known) return undefined;
  if (known.origin === "builtin" && provider.models.some((other) => other.origin !== "builtin"))
    return undefined;
  const listed = catalog.source.config.agents?.defaults?.models ?? {};
  if (Object.keys(listed).some((entry) => chainEntryRef(catalog, entry) === previous))
    return undefined;
  if (fallbackList(config).some((entry) => namesModel(entry, previous, catalog))) return undefined;
  child(child(defaults(config), "models"), previous);
  return previous;
}

export function addFallback(config: Json, ref: string, catalog?: Catalog): EditResult {
  const primary = selection(config).primary;
  if (namesModel(primary, ref, catalog)) {
    // It would be tried again right after it failed: no fallback at all.
    throw new OpenClawError(
      "fallback.is_primary",
      `${ref} is the default model, so it cannot also be its fallback`,
      {
        hint: "name another model (openclaw models list shows them), e.g. one on another provider",
        // A change the config refuses is a usage mistake, as config set's are.
        exitCode: 2,
      },
    );
  }
  const list = fallbackList(config);
  const position = list.findIndex((entry) => namesModel(entry, ref, catalog));
  if (position >= 0) {
    return { message: `${ref} is already a fallback (#${position + 1})`, changed: false };
  }
  selection(config).fallbacks = [...list, ref];
  return { message: `added fallback #${list.length + 1}: ${ref}`, changed: true };
}

export function removeFallback(config: Json, ref: string, catalog?: Catalog): EditResult {
  const list = fallbackList(config);
  const kept = list.filter((entry) => !namesModel(entry, ref, catalog));
  if (kept.length === list.length) {
    // As for an alias: removing what is not there is a mistake worth an exit code.
    throw new OpenClawError("fallback.unknown", `${ref} is not a fallback`, {
      hint: "see them with: openclaw models fallbacks list",
      exitCode: 2,
    });
  }
  selection(config).fallbacks = kept;
  return { message: `removed fallback ${ref}`, changed: true };
}

export function clearFallbacks(config: Json): EditResult {
  const list = fallbackList(config);
  if (list.length === 0) return { message: "there are no fallbacks", changed: false };
  selection(config).fallbacks = [];
  return {
    message: `removed ${list.length} fallback${list.length === 1 ? "" : "s"}`,
    changed: true,
  };
}

/** Pairs of quote marks that are no part of a name when they stand around the whole of it. */
const QUOTE_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['"', '"'],
  ["'", "'"],
  ["\u201c", "\u201d"],
  ["\u2018", "\u2019"],
  ["`", "`"],
];

/**
 * The name inside the quote marks around the whole of `name` (`"Kimi K2"`), if it has them: ""
 * for quote marks around nothing (`""`, `" "`).
 */
function quotedAliasName(name: string): string | undefined {
  for (const [open, close] of QUOTE_PAIRS) {
    if (name.length < open.length + close.length || !name.startsWith(open) || !name.endsWith(close))
      continue;
    return name.slice(open.length, -close.length).trim();
  }
  return undefined;
}

/**
 * Throws for an alias `alias` that cannot be given to `ref` whatever the config holds: a name
 * aliasNameProblem refuses (empty, reserved, with "/" or a control character), or, with
 * `catalog`, one spelled like another model's id.
 */
function refuseUnusableAlias(alias: string, ref: string, catalog: Catalog | undefined): void {
  const name = alias.trim();
  const problem = aliasNameProblem(alias);
  if (problem) {
    // JSON.stringify shows a control character as \u001b or \n instead of sending it to the terminal.
    throw new OpenClawError(
      "alias.invalid",
      `alias ${printable(JSON.stringify(alias))} is not usable: ${problem}; an alias must be non-empty, not "openclaw", with no "/" and no control or invisible characters`,
      {
        hint: isReservedAliasName(alias)
          ? reservedAliasHint(ref, `openclaw models aliases add "Kimi" ${shellWord(ref)}`)
          : 'e.g. openclaw models aliases add "Kimi" moonshot/kimi-k2.5',
        exitCode: 2,
      },
    );
  }
  const shadowed = catalog ? modelShadowedByAlias(catalog, name, ref) : undefined;
  if (catalog && shadowed) {
    throw new OpenClawError("alias.shadows_model", shadowedModelProblem(name, ref, shadowed), {
      hint: shadowedModelHint(
        catalog,
        ref,
        shadowed,
        (other) => `openclaw models aliases add ${shellQuotedName(other)} ${shellWord(ref)}`,
      ),
      // The name typed on the command line is the mistake, as for an alias already in use.
      exitCode: 2,
    });
  }
}

/**
 * Gives `ref` the alias `alias`. With `catalog` (the config's models), an alias spelled like
 * another model's id is refused: a bare name is read as an alias first, so that id would quietly
 * run `ref` instead.
 */
export function addAlias(config: Json, alias: string, ref: string, catalog?: Catalog): EditResult {
  // A key pasted as the name: kept out of the config, and never shown (every message masks it).
  if (hasKeyShapedName(alias)) {
    throw new OpenClawError(
      "alias.looks_like_key",
      `alias "${maskKeyShapedNames(alias)}" looks like an API key, not a name; nothing was written`,
      {
        hint: `an alias is a plain name, e.g. openclaw models aliases add "Kimi" ${shellWord(ref)}; a key goes in with: openclaw onboard (or set $MOONSHOT_API_KEY or $KIMI_API_KEY)`,
        exitCode: 2,
      },
    );
  }
  const name = alias.trim();
  const unquoted = quotedAliasName(name);
  if (unquoted !== undefined) {
    // A name inside that is no alias either (`"openclaw"`, `"a/b"`, another model's id, nothing):
    // refused for what it is, with that refusal's advice. The command to type it without the
    // quotes would only meet that refusal next.
    refuseUnusableAlias(unquoted, ref, catalog);
    // `'"Kimi K2"'` in a shell, or quotes copied from a doc: saved so, the alias would answer to
    // `--model '"Kimi K2"'` only, never to the name without them.
    throw new OpenClawError(
      "alias.quoted",
      `alias ${printable(JSON.stringify(name))} has quote marks around it, which would be part of its name: --model ${shellQuotedName(unquoted)} would not find it; nothing was written`,
      {
        hint: `write it with the shell's quotes only: openclaw models aliases add ${shellQuotedName(unquoted)} ${shellWord(ref)}`,
        exitCode: 2,
      },
    );
  }
  refuseUnusableAlias(alias, ref, catalog);
  const entries = child(defaults(config), "models");
  for (const [key, entry] of Object.entries(entries)) {
    if (
      isRecord(entry) &&
      typeof entry.alias === "string" &&
      entry.alias.toLowerCase() === name.toLowerCase()
    ) {
      if (canonicalRef(key) === ref)
        return { message: `"${name}" already names ${ref}`, changed: false };
      throw new OpenClawError("alias.taken", `alias "${name}" already names ${canonicalRef(key)}`, {
        hint: `remove it first: openclaw models aliases remove ${shellQuotedName(entry.alias)}`,
        where: `agents.defaults.models["${key}"].alias`,
        // The name typed on the command line is the mistake: a usage error, as a clash that
        // config set would make is.
        exitCode: 2,
      });
    }
  }
  const key = Object.keys(entries).find((candidate) => canonicalRef(candidate) === ref) ?? ref;
  const entry = child(entries, key);
  const before = entry.alias;
  if (typeof before === "string" && before.trim().toLowerCase() !== name.toLowerCase())
    refuseAliasInChain(config, before, ref, catalog);
  entry.alias = name;
  return {
    message: `alias "${name}" → ${ref}${typeof before === "string" ? ` (replaces "${before}")` : ""}`,
    changed: true,
  };
}

/**
 * Removes `alias` from the main file. `catalog` (the whole config, `$include`s merged) tells an
 * alias that another file of the config sets from one that does not exist.
 */
export function removeAlias(config: Json, alias: string, catalog?: Catalog): EditResult {
  const entries = defaults(config).models;
  if (isRecord(entries)) {
    for (const [key, entry] of Object.entries(entries)) {
      if (
        isRecord(entry) &&
        typeof entry.alias === "string" &&
        entry.alias.toLowerCase() === alias.trim().toLowerCase()
      ) {
        // Named as the config writes it, not as it was typed (any case, spaces around it).
        const written = entry.alias;
        const ref = canonicalRef(key);
        refuseAliasInChain(config, written, ref, catalog);
        delete entry.alias;
        const stays = Object.keys(entry).length > 0 || emptiedEntryStays(config, ref, catalog);
        if (!stays) delete entries[key];
        if (Object.keys(entries).length === 0) delete defaults(config).models;
        const kept = Object.keys(entry).length === 0 && stays;
        // One alias per model: an alias added over another (onboarding's "Kimi K2.5") replaced
        // it, so removing it leaves the model with none, which the person may not expect.
        const unnamed = aliasLeft(ref, written, catalog)
          ? {}
          : {
              next: `${ref} has no alias now (a model has one at most); to give it one: ${aliasAgainCommand(ref, written, catalog)}`,
            };
        return {
          message: `removed alias "${written}" (was ${ref})${kept ? `; ${ref} stays listed in agents.defaults.models, the allowlist, so that it can still be used` : ""}`,
          changed: true,
          alias: written,
          ...unnamed,
        };
      }
    }
  }
  const wanted = alias.trim().toLowerCase();
  const elsewhere = catalog
    ? [...catalog.aliases.values()].find((entry) => entry.alias.toLowerCase() === wanted)
    : undefined;
  if (elsewhere) {
    const path = `agents.defaults.models["${elsewhere.ref}"].alias`;
    const mainFile = catalog?.source.path;
    // Named when found (a ref written in another case is not).
    const origin = mainFile
      ? includedOrigin(mainFile, ["agents", "defaults", "models", elsewhere.ref, "alias"])
      : undefined;
    const file = origin ? formatOrigin(origin) : "that file";
    throw new OpenClawError(
      "alias.in_include",
      `alias "${elsewhere.alias}" (→ ${elsewhere.ref}) is set in a file the config includes with $include; models aliases remove changes only the main file`,
      { hint: `remove ${path} from ${file} in an editor (openclaw config get ${path} shows it)` },
    );
  }
  // A name typed on the command line that names nothing: a usage mistake.
  throw new OpenClawError("alias.unknown", `there is no alias "${alias}"`, {
    hint: "see them with: openclaw models aliases list",
    exitCode: 2,
  });
}

/** Whether `ref` keeps an alias other than `removed` (one another file of the config sets). */
function aliasLeft(ref: string, removed: string, catalog: Catalog | undefined): boolean {
  if (!catalog) return false;
  const name = removed.trim().toLowerCase();
  return [...catalog.aliases.values()].some(
    (entry) => entry.ref === ref && entry.alias.trim().toLowerCase() !== name,
  );
}

/**
 * The command that gives `ref` an alias again: named as the model is (`"Kimi K2.5"`, the alias
 * onboarding writes) when that name is free and is not the alias just removed, else `<name>`.
 */
function aliasAgainCommand(ref: string, removed: string, catalog: Catalog | undefined): string {
  const parsed = parseModelRef(ref);
  const model = parsed
    ? catalog?.providers.get(parsed.provider)?.models.find((entry) => entry.id === parsed.model)
    : undefined;
  const name = model?.name?.trim();
  const taken = (candidate: string) =>
    [...(catalog?.aliases.values() ?? [])].some(
      (entry) => entry.alias.trim().toLowerCase() === candidate.toLowerCase() && entry.ref !== ref,
    );
  const usable =
    catalog !== undefined &&
    name !== undefined &&
    name !== "" &&
    name.toLowerCase() !== removed.trim().toLowerCase() &&
    !name.includes('"') &&
    aliasNameProblem(name) === undefined &&
    !taken(name) &&
    modelShadowedByAlias(catalog, name, ref) === undefined;
  return `openclaw models aliases add ${usable ? shellQuotedName(name) : "<name>"} ${shellWord(ref)}`;
}

/**
 * Whether the entry of `ref`, emptied by removing its alias, stays. The entries are also the
 * allowlist: an empty one goes when it is the last (an alias added and removed again leaves no
 * allowlist behind) or when its model is the default or a fallback (allowed anyway); it stays
 * when taking it away would shut its model out.
 */
function emptiedEntryStays(config: Json, ref: string, catalog: Catalog | undefined): boolean {
  const listed = catalog?.source.config.agents?.defaults?.models ?? defaults(config).models;
  const others = Object.keys(isRecord(listed) ? listed : {}).filter(
    (other) => canonicalRef(other) !== ref,
  );
  if (others.length === 0) return false;
  // Read as written, not through selection(), which would turn a plain ref into an object.
  const model = defaults(config).model;
  const chain: unknown[] = catalog
    ? [catalog.primary, ...catalog.fallbacks]
    : typeof model === "string"
      ? [model]
      : isRecord(model)
        ? [model.primary, ...(Array.isArray(model.fallbacks) ? model.fallbacks : [])]
        : [];
  return !chain.some((entry) => namesModel(entry, ref, catalog));
}

/** `result` as said: its message, then what it did to the allowlist (`note`), then its `next`. */
function spoken(result: EditResult, note: string | undefined): EditResult {
  const { next, ...said } = result;
  return {
    ...said,
    message: [result.message, note, next].filter((part) => part !== undefined).join("; "),
  };
}

/**
 * Loads the config (validated), applies `edit` to the main file's raw object, validates the result
 * and writes it atomically (with a `.bak`) when something changed. The file is read, changed and
 * written holding its lock, so that a change another process makes at the same time (another
 * `models aliases add`, a `config set`, an onboarding) is not lost.
 */
export function editModelsConfig(
  env: Env,
  edit: (config: Json, catalog: Catalog) => EditResult,
  options: {
    /**
     * Refs the edit means to make unusable (a prune's gone models): not named in the warning
     * about models the allowlist now refuses, which would say how to list them again.
     */
    meantToGo?: () => readonly string[];
    /** What the `.bak` keeps (see ConfigEditOptions.backup). */
    backup?: ConfigEditOptions["backup"];
  } = {},
): EditResult & { configPath: string; warnings: string[]; keysKeptInBackup?: LeftOutKey[] } {
  // `models set` and the alias/fallback edits create the config where it is to be.
  const loaded = loadConfig({ env, ifMissing: "empty" });
  const catalog = buildCatalog(loaded);
  let result: EditResult = { message: "", changed: false };
  // Read, changed, checked (schema, then what config validate fails: an alias another file of
  // the config already uses) and written under the file's lock, comments kept.
  const { warnings, keysKeptInBackup } = editConfigFile(
    loaded.path,
    (raw) => {
      result = edit(raw, catalog);
      return result.changed ? raw : undefined;
    },
    { env, check: refuseNewCatalogErrors, ...(options.backup ? { backup: options.backup } : {}) },
  );
  if (!result.changed) return { ...result, configPath: loaded.path, warnings };
  const kept = keysKeptInBackup ? { keysKeptInBackup } : {};
  // Which models can be used may have changed with the allowlist: said, never silently.
  let after: Catalog;
  try {
    after = buildCatalog(loadConfig({ env, ifMissing: "empty" }));
  } catch (error) {
    // Written and checked; another process changed the file since: the next command says how.
    if (isOpenClawError(error))
      return { ...spoken(result, undefined), configPath: loaded.path, warnings, ...kept };
    throw error;
  }
  const meant = new Set(options.meantToGo?.() ?? []);
  const change = allowlistChange(
    catalog,
    after,
    modelsReliedOn(loaded.exists, {
      catalog,
      env: loaded.env,
      processEnv: env,
      agentDir: agentDir(resolveStateDir(env), "main"),
    }).filter((ref) => !meant.has(ref)),
  );
  return {
    ...spoken(result, change.note),
    configPath: loaded.path,
    warnings: change.blocked ? [...warnings, change.blocked] : warnings,
    ...kept,
  };
}
