/**
 * A provider's 404 (model not found) for an id openclaw's built-in list marks retired: the
 * classifier, which knows no catalog, can only say ids are retired "from time to time" and send
 * the person to `models scan`, while `models list` and doctor already name the replacement. Here
 * the hint names it too, with the command that fits where the model came from: the default
 * chain (`models set`, `models fallbacks`), an alias (`models aliases add`), or the ref asked for.
 * A runtime (a gateway's, or one a program opened) whose config a plain shell does not read says
 * its commands, the scan among them, with the words that reach that config (`OPENCLAW_STATE_DIR=…
 * `), as a gateway's start says them; one given a config object says the edit of that object
 * instead (startGateway's or openRuntime's), as its start does.
 */

import { movedAliasCommands } from "../catalog/alias-move-chain.js";
import {
  type Catalog,
  findRef,
  formatRef,
  namesDefaultChain,
  retiredMark,
} from "../catalog/index.js";
import {
  objectAliasEdit,
  objectChainEdit,
  type RetiredFixWords,
} from "../catalog/retired-object-edit.js";
import type { ResolvedModel } from "../catalog/types.js";
import type { ProviderError } from "../providers/errors.js";
import { scanAdviceIn } from "../providers/scan-advice.js";
import { shellWord } from "../util/shell-word.js";

/**
 * Whether a client may ask for the model a ref names and be served it (a gateway's directory
 * says so): an alias's fix then offers asking for the replacement in the alias's place too.
 */
export type ServedByName = (ref: string) => boolean;

/**
 * How the person a runtime serves asks for a model by name, with the ref to ask for: the CLI's
 * flag, `--model moonshot/kimi-k2.5`. A runtime without it serves a program, which passes the
 * run's `model` option.
 */
export type AskByName = (ref: string) => string;

/**
 * `error` with a hint naming the replacement when it is a 404 for `model` and the built-in list
 * marks `model` retired; `error` as it is otherwise (an id the list does not mark keeps the
 * classifier's `models scan` advice). `requested` is what the run asked for (undefined: the
 * default chain); `served`, whether a client is served a model it asks for by name (undefined:
 * no client asks by name, as for agent or a program's runtime); `words`, how a fix to the config
 * is said: the words before each `openclaw` command (none: the config a plain shell reads), or
 * the edit of the config object a program gave; `askByName`, how the CLI's person asks for a
 * model (undefined, without `served`: a program, which passes the run's `model` option).
 */
export function notFoundNamingReplacement(
  error: ProviderError,
  model: ResolvedModel,
  catalog: Catalog | undefined,
  requested: string | undefined,
  served?: ServedByName,
  words: RetiredFixWords = {},
  askByName?: AskByName,
): ProviderError {
  if (error.errorClass !== "not_found" || catalog === undefined) return error;
  const mark = retiredMark(model.provider, model.id);
  if (mark === undefined) return error;
  const replacement = `${model.provider}/${mark.replacedBy}`;
  const fix = fixFor(catalog, model.ref, replacement, requested, { served, askByName }, words);
  return error.retold({
    hint: retiredHint(model.provider, model.id, mark.year, replacement, fix, words),
  });
}

/**
 * The hint of a retired id's 404, with `fix`, what to run or ask for instead, and the scan advice
 * in the same `words`.
 */
function retiredHint(
  provider: string,
  id: string,
  year: number,
  replacement: string,
  fix: string,
  words: RetiredFixWords,
): string {
  return `${provider} retired ${id} in ${year} (per openclaw's list): use ${replacement} — ${fix}; ${scanAdviceIn(provider, words, true)}`;
}

/** Who asks for a model by name: a gateway's client (`served`), the CLI's person, or a program. */
interface Asker {
  served: ServedByName | undefined;
  askByName: AskByName | undefined;
}

/** What to run (or ask for) instead, for the model `ref` reached through `requested`. */
function fixFor(
  catalog: Catalog,
  ref: string,
  replacement: string,
  requested: string | undefined,
  { served, askByName }: Asker,
  words: RetiredFixWords,
): string {
  const openclaw = `${words.prefix ?? ""}openclaw`;
  if (requested === undefined || namesDefaultChain(requested)) {
    const chain = [catalog.primary, ...catalog.fallbacks].map((entry) => refOf(catalog, entry));
    const primary = chain[0] === ref;
    if (words.configObject !== undefined)
      return objectChainEdit(
        catalog.source.config,
        chain,
        primary,
        ref,
        replacement,
        words.configObject,
      );
    if (primary) return `${openclaw} models set ${shellWord(replacement)}`;
    const remove = `${openclaw} models fallbacks remove ${shellWord(ref)}`;
    return chain.includes(replacement)
      ? `${remove} (${replacement} is in the chain already)`
      : `${remove}, then: ${openclaw} models fallbacks add ${shellWord(replacement)}`;
  }
  const alias = catalog.aliases.get(requested.trim().toLowerCase());
  // The alias first, which mends every client that asks by it; then, where a client is served
  // the replacement by name, asking for it instead.
  if (alias?.ref === ref) {
    const orAsk =
      served?.(replacement) === true
        ? `; or ask for ${replacement} in its place (a gateway client sends it as "model")`
        : "";
    return `the alias ${aliasFix(catalog, alias.alias, replacement, words)}${orAsk}`;
  }
  // A gateway's client sends "model" only; --model is the CLI's (agent's) flag; a program passes
  // the run's `model` option, and has neither.
  const gatewayClient = `a gateway client sends it as "model"`;
  const how =
    served !== undefined
      ? gatewayClient
      : askByName !== undefined
        ? `${askByName(replacement)}; ${gatewayClient}`
        : `pass model: ${JSON.stringify(replacement)} in the options of the runtime's complete, stream or relay`;
  const ask = `ask for ${replacement} in its place (${how})`;
  // Asked for by ref: the alias the config gives the ref is said too.
  const written = catalog.aliasByRef.get(ref);
  return written === undefined
    ? ask
    : `${ask}; its alias ${aliasFix(catalog, written, replacement, words)}`;
}

function aliasFix(
  catalog: Catalog,
  alias: string,
  replacement: string,
  words: RetiredFixWords,
): string {
  const name = JSON.stringify(alias);
  const give =
    words.configObject !== undefined
      ? objectAliasEdit(name, replacement, words.configObject)
      : movedAliasCommands(catalog, alias, replacement, words.prefix);
  return `${name} names it; give the alias to ${replacement}: ${give}`;
}

/** The canonical ref a chain entry (ref or alias) names, or undefined. */
function refOf(catalog: Catalog, entry: string | undefined): string | undefined {
  if (entry === undefined) return undefined;
  const found = findRef(catalog, entry);
  return found ? formatRef(found) : undefined;
}
