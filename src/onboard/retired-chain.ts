/**
 * The members of the default chain that name an id their provider does not serve, as an edit
 * that points at a model (`models set`, `models fallbacks add`, `models aliases add`, `config set
 * agents.defaults.model…`) says at once and doctor says of the config: written without a word,
 * the first anyone heard of it was a 404. Warnings only: a proxy may still serve the id. Where the
 * provider's list of the models the key can use was read (`doctor --probe`), it decides; else the
 * built-in list's retired marks do, and the words say which.
 */

import { movedAliasCommands } from "../catalog/alias-move-chain.js";
import {
  type Catalog,
  chainMemberOrigins,
  type LiveModelLists,
  namesDefaultChain,
  primaryModelPath,
  type RetiredModelUse,
  retiredModelUse,
} from "../catalog/index.js";
import {
  objectAliasEdit,
  objectChainEdit,
  type RetiredFixWords,
} from "../catalog/retired-object-edit.js";
import { configValueLocator, formatOrigin, parsePath } from "../config/index.js";
import { shellModelWord, shellWord } from "../util/shell-word.js";
import { chainEntryRef } from "./models-view.js";

/** A member of the default chain: its ref and its role (`the default model`, `fallback #2`). */
interface ChainMember {
  ref: string;
  role: string;
}

const DEFAULT_ROLE = "the default model";

/** What is wrong with `use`'s model, said of it as `subject`, with the list that says so. */
function retiredText(subject: string, use: RetiredModelUse): string {
  const provider = use.ref.slice(0, use.ref.indexOf("/"));
  const { verdict } = use;
  if (verdict.source === "live")
    return `${subject} is not in the models your key can use (${verdict.request} of ${provider}): requests to it fail with 404`;
  return `${subject} is a model id ${provider} retired in ${verdict.year} per openclaw's list: requests to it fail with 404`;
}

/** `use X instead`, with the other ids the key can use when a live list said so. */
function insteadText(use: RetiredModelUse): string {
  const { verdict } = use;
  const others = verdict.source === "live" ? verdict.closest.slice(1) : [];
  return `use ${use.replacement} instead${others.length > 0 ? ` (or ${others.join(", ")})` : ""}`;
}

/** Where the alias that named the model is written, `"name" (file:line, dotted path)`. */
function aliasOrigin(catalog: Catalog, alias: NonNullable<RetiredModelUse["alias"]>): string {
  let line: string | undefined;
  if (catalog.source.exists) {
    const origin = configValueLocator(catalog.source.path)(parsePath(alias.path));
    line = origin ? formatOrigin(origin) : undefined;
  }
  return `${JSON.stringify(alias.name)} is the alias written at ${line ? `${line}: ` : ""}${alias.path}`;
}

/** The chain's entries as refs, the primary first (undefined where there is none). */
function chainRefs(catalog: Catalog): Array<string | undefined> {
  return [catalog.primary, ...catalog.fallbacks].map((entry) =>
    entry === undefined ? undefined : chainEntryRef(catalog, entry),
  );
}

/** What to run instead, for the chain member `role` that names the retired `use`. */
function chainFix(
  catalog: Catalog,
  role: string,
  use: RetiredModelUse,
  words: RetiredFixWords = {},
): string {
  if (words.configObject !== undefined)
    return objectChainEdit(
      catalog.source.config,
      chainRefs(catalog),
      role === DEFAULT_ROLE,
      use.ref,
      use.replacement,
      words.configObject,
    );
  const chain = chainRefs(catalog);
  // The replacement a fallback already: the retired primary goes, the fallback moves up.
  const asFallback = chain.indexOf(use.replacement, 1);
  const openclaw = `${words.prefix ?? ""}openclaw`;
  if (role === DEFAULT_ROLE) {
    const set = `${openclaw} models set ${shellWord(use.replacement)}`;
    return asFallback > 0
      ? `${set} (it is fallback #${asFallback} already: it moves up to the default model, out of the fallbacks, and ${use.ref} is no longer used)`
      : set;
  }
  const remove = `${openclaw} models fallbacks remove ${shellWord(use.ref)}`;
  // The replacement in the chain already: the fallback is only to be taken out.
  if (chain.includes(use.replacement))
    return `${remove} (${use.replacement} is in the chain already)`;
  return `${remove}, then: ${openclaw} models fallbacks add ${shellWord(use.replacement)}`;
}

/** The default chain as written, each entry with its role (`the default model`, `fallback #2`). */
function chainEntries(catalog: Catalog): Array<{ entry: string; role: string; path: string }> {
  return [
    ...(catalog.primary
      ? [{ entry: catalog.primary, role: DEFAULT_ROLE, path: "agents.defaults.model.primary" }]
      : []),
    ...catalog.fallbacks.map((entry, index) => ({
      entry,
      role: `fallback #${index + 1}`,
      path: `agents.defaults.model.fallbacks[${index}]`,
    })),
  ];
}

/** Which members of the chain to speak of, and how the command line named the model. */
export interface RetiredChainScope {
  /** Keeps the members an edit just wrote (every member without it). */
  written?: (member: ChainMember) => boolean;
  /**
   * The model as typed (`models set "Kimi K2 Thinking"`): the config holds its ref, so the alias
   * it came through is found from what was typed.
   */
  typed?: string;
  /** Said of the config as it stands (doctor), not of an edit: the role without "now". */
  standing?: boolean;
  /** The providers' lists of the models the key can use, where read: they decide over the marks. */
  live?: LiveModelLists;
  /** Each member said with where the config writes it (dotted path, and file:line when known). */
  located?: boolean;
  /** How the fixes are said (commands as a plain shell types them by default). */
  words?: RetiredFixWords;
}

/** A chain member that names a retired id: what is wrong (and where), and what to run instead. */
export interface RetiredChainMember {
  /** The canonical ref the member names (`moonshot/kimi-k2-thinking`). */
  ref: string;
  message: string;
  fix: string;
  /** The dotted path of the chain entry (`agents.defaults.model.fallbacks[0]`). */
  path: string;
}

/**
 * Each member of `catalog`'s default chain that names a retired id, with the alias it was named
 * through (file:line and dotted path) and what to use instead.
 */
export function retiredChainMembers(
  catalog: Catalog,
  scope: RetiredChainScope = {},
): RetiredChainMember[] {
  const originOf = scope.located ? chainMemberOrigins(catalog) : undefined;
  return chainEntries(catalog).flatMap(({ entry, role, path }) => {
    const ref = chainEntryRef(catalog, entry);
    if (scope.written && !scope.written({ ref, role })) return [];
    const use = retiredModelUse(catalog, entry, scope.live);
    if (!use) return [];
    const typed =
      scope.typed === undefined ? undefined : retiredModelUse(catalog, scope.typed, scope.live);
    const alias = use.alias ?? (typed?.ref === use.ref ? typed.alias : undefined);
    const via = alias ? `; ${aliasOrigin(catalog, alias)}` : "";
    const where = originOf ? memberPlace(catalog, role, path, originOf) : "";
    return [
      {
        ref: use.ref,
        message: `${retiredText(`${use.ref} (${scope.standing ? "" : "now "}${role}${where})`, use)}${via}`,
        fix: `${insteadText(use)}: ${chainFix(catalog, role, use, scope.words)}`,
        path,
      },
    ];
  });
}

/**
 * `: agents.defaults.model.fallbacks[0], /path/openclaw.json:9`, where the config writes the
 * chain member `role` (the primary at the path the config uses: a string model or `.primary`).
 */
function memberPlace(
  catalog: Catalog,
  role: string,
  path: string,
  originOf: (path: string) => string | undefined,
): string {
  const written = role === DEFAULT_ROLE ? primaryModelPath(catalog.source.config) : path;
  const origin = originOf(written);
  return `: ${written}${origin ? `, ${origin}` : ""}`;
}

/** retiredChainMembers as an edit's warnings, one line each. */
export function retiredChainWarnings(catalog: Catalog, scope: RetiredChainScope = {}): string[] {
  return retiredChainMembers(catalog, scope).map((member) => `${member.message}; ${member.fix}`);
}

/**
 * `give the alias to X instead: openclaw models aliases remove "name", then: openclaw models
 * aliases add "name" X`, saying the alias X has now (in `catalog`), which that one replaces, and
 * first writing as X the chain entries written as either alias (see alias-move-chain.ts).
 */
function aliasFix(
  catalog: Catalog,
  alias: string,
  use: RetiredModelUse,
  words: RetiredFixWords = {},
): string {
  const give =
    words.configObject !== undefined
      ? objectAliasEdit(JSON.stringify(alias), use.replacement, words.configObject)
      : movedAliasCommands(catalog, alias, use.replacement, words.prefix);
  return `give the alias to ${use.replacement} instead: ${give}`;
}

/** The warning of `models aliases add <alias> <model>` when the model is a retired id. */
export function retiredAliasWarning(catalog: Catalog, alias: string, model: string): string[] {
  const use = retiredModelUse(catalog, model);
  if (!use) return [];
  const name = JSON.stringify(alias);
  return [
    `${retiredText(`${use.ref}, which the alias ${name} now names,`, use)}; ${aliasFix(catalog, alias, use)}`,
  ];
}

/**
 * The default chain's members that name a retired id, as a run's start says them (standing, with
 * where the config writes each): once per ref, the first place it is written.
 */
function retiredStandingMembers(
  catalog: Catalog,
  words: RetiredFixWords = {},
): RetiredChainMember[] {
  const said = new Set<string>();
  return retiredChainMembers(catalog, { standing: true, located: true, words }).filter((member) => {
    if (said.has(member.ref)) return false;
    said.add(member.ref);
    return true;
  });
}

/** One retired model a served config offers: `key` tells the same one apart across reloads. */
export interface RetiredOffer {
  /** The dotted path that offers it, and the ref: unchanged by an edit elsewhere in the file. */
  key: string;
  line: string;
}

/**
 * What the gateway says at its start (and on a reload that changes it) of the retired ids a
 * client reaches: each member of the default chain (`openclaw`) as chat and agent say it at their
 * start, once per ref, with where the config writes it and the edit that mends it; and each alias
 * the config writes (`agents.defaults.models[…].alias`) that names one, with its file:line and
 * the alias to give instead. By the built-in list's marks: warnings only, a proxy may serve it.
 */
export function retiredServedOffers(catalog: Catalog, words: RetiredFixWords = {}): RetiredOffer[] {
  const members = retiredStandingMembers(catalog, words).map((member) => ({
    key: `${member.path}\n${member.ref}`,
    line: `${member.message}; ${member.fix}`,
  }));
  const aliases = [...catalog.aliases.values()].flatMap(({ alias }) => {
    const use = retiredModelUse(catalog, alias);
    if (!use?.alias) return [];
    return [
      {
        key: `${use.alias.path}\n${use.ref}`,
        line: `${retiredText(use.ref, use)}; ${aliasOrigin(catalog, use.alias)}; ${aliasFix(catalog, use.alias.name, use, words)}`,
      },
    ];
  });
  return [...members, ...aliases];
}

/**
 * The warning of chat's `/model <typed>` when it names a retired id (by the built-in list's mark:
 * chat reads no live list), with the alias it came through and what to type instead (`switchWith`
 * the replacement: chat's `/model`, or `--model` at the start of chat and agent); `about` says
 * where the model came from (`the model session s1 is on`). Undefined for a model still served.
 * A warning: the switch is made, as an edit writes the id.
 */
export function retiredSwitchWarning(
  catalog: Catalog,
  typed: string,
  switchWith: "/model" | "--model" = "/model",
  about?: string,
): string | undefined {
  const use = retiredModelUse(catalog, typed);
  if (!use) return undefined;
  const via = use.alias ? `; ${aliasOrigin(catalog, use.alias)}` : "";
  const subject = about === undefined ? use.ref : `${use.ref} (${about})`;
  return `${retiredText(subject, use)}${via}; ${insteadText(use)}: ${switchWith} ${switchWith === "--model" ? shellModelWord(use.replacement) : use.replacement}`;
}

/** Where a run's model came from, for retiredRunWarnings. */
export interface RetiredRunScope {
  /** The id of the session resumed on the model (no --model given). */
  session?: string;
  /** How to name the replacement: `--model` at the start (the default), chat's `/model`. */
  switchWith?: "/model" | "--model";
}

/**
 * What `chat` and `agent` say at their start of the models they are to run that openclaw's list
 * marks retired, before anything is sent (else the first anyone heard of it was a 404): the model
 * named (by --model, or the one the resumed session is on), with the --model to give instead;
 * for the default chain (`model` undefined or openclaw/default), each member that is, the
 * primary or a fallback, once, with where the config writes it and the edit that mends it. Chat's
 * `/model` says the same of the model it switches to. Warnings only: the run goes on, as a proxy
 * may still serve the id.
 */
export function retiredRunWarnings(
  catalog: Catalog,
  model: string | undefined,
  scope: RetiredRunScope = {},
): string[] {
  if (model !== undefined && !namesDefaultChain(model)) {
    const { session, switchWith = "--model" } = scope;
    const about = session === undefined ? undefined : `the model session ${session} is on`;
    const warning = retiredSwitchWarning(catalog, model, switchWith, about);
    return warning === undefined ? [] : [warning];
  }
  return retiredStandingMembers(catalog).map((member) => `${member.message}; ${member.fix}`);
}
