/**
 * The members of the default chain that name an id their provider's API has retired, as an edit
 * that points at a model (`models set`, `models fallbacks add`, `models aliases add`, `config set
 * agents.defaults.model…`) says at once and doctor says of the config: written without a word,
 * the first anyone heard of it was a 404. Warnings only: a proxy may still serve the id.
 */
import { type Catalog, type RetiredModelUse, retiredModelUse } from "../catalog/index.js";
import { configValueLocator, formatOrigin, parsePath } from "../config/index.js";
import { chainEntryRef } from "./models-view.js";

/** A member of the default chain: its ref and its role (`the default model`, `fallback #2`). */
interface ChainMember {
  ref: string;
  role: string;
}

const DEFAULT_ROLE = "the default model";

/** What is wrong with `use`'s model, said of it as `subject`. */
function retiredText(subject: string, use: RetiredModelUse): string {
  const provider = use.ref.slice(0, use.ref.indexOf("/"));
  return `${subject} is a model id ${provider} has retired: requests to it fail with 404`;
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

/** What to run instead, for the chain member `role` that names the retired `use`. */
function chainFix(catalog: Catalog, role: string, use: RetiredModelUse): string {
  if (role === DEFAULT_ROLE) return `openclaw models set ${use.replacement}`;
  const remove = `openclaw models fallbacks remove ${use.ref}`;
  const chain = [catalog.primary, ...catalog.fallbacks].map((entry) =>
    entry === undefined ? undefined : chainEntryRef(catalog, entry),
  );
  // The replacement in the chain already: the fallback is only to be taken out.
  if (chain.includes(use.replacement))
    return `${remove} (${use.replacement} is in the chain already)`;
  return `${remove}, then: openclaw models fallbacks add ${use.replacement}`;
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
}

/** A chain member that names a retired id: what is wrong (and where), and what to run instead. */
export interface RetiredChainMember {
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
  return chainEntries(catalog).flatMap(({ entry, role, path }) => {
    const ref = chainEntryRef(catalog, entry);
    if (scope.written && !scope.written({ ref, role })) return [];
    const use = retiredModelUse(catalog, entry);
    if (!use) return [];
    const typed = scope.typed === undefined ? undefined : retiredModelUse(catalog, scope.typed);
    const alias = use.alias ?? (typed?.ref === use.ref ? typed.alias : undefined);
    const via = alias ? `; ${aliasOrigin(catalog, alias)}` : "";
    return [
      {
        message: `${retiredText(`${use.ref} (${scope.standing ? "" : "now "}${role})`, use)}${via}`,
        fix: `use ${use.replacement} instead: ${chainFix(catalog, role, use)}`,
        path,
      },
    ];
  });
}

/** retiredChainMembers as an edit's warnings, one line each. */
export function retiredChainWarnings(catalog: Catalog, scope: RetiredChainScope = {}): string[] {
  return retiredChainMembers(catalog, scope).map((member) => `${member.message}; ${member.fix}`);
}

/** The warning of `models aliases add <alias> <model>` when the model is a retired id. */
export function retiredAliasWarning(catalog: Catalog, alias: string, model: string): string[] {
  const use = retiredModelUse(catalog, model);
  if (!use) return [];
  const name = JSON.stringify(alias);
  return [
    `${retiredText(`${use.ref}, which the alias ${name} now names,`, use)}; give the alias to ${use.replacement} instead: openclaw models aliases add ${name} ${use.replacement}`,
  ];
}
