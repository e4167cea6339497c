/**
 * Giving an alias to a retired model's replacement takes it off the retired model and, as a model
 * has one alias, the replacement's own alias off it. `models aliases remove` and `add` refuse to
 * take away an alias the default chain names a model by (alias.in_chain), so the commands that
 * move it first write those chain entries as the replacement's ref, which is the model each of
 * them names once the alias has moved. Pure.
 */
import { configSetTextWord, parsePath, shellPath } from "../config/index.js";
import { shellQuotedName, shellWord } from "../util/shell-word.js";
import type { Catalog } from "./build.js";
import { primaryModelPath } from "./no-default-hint.js";
import { findRef, formatRef } from "./resolve.js";
import { aliasMoveCommands } from "./retired-object-edit.js";

/** The alias being moved to `replacement`, and the alias `replacement` has now, if any. */
export interface AliasMove {
  alias: string;
  replacement: string;
  replaced?: string;
}

/**
 * The commands (`openclaw` after `prefix`) that write the default chain's entries written as
 * `move.alias` or `move.replaced` (in any case) as `move.replacement`, to run before the alias
 * moves: `models set` for the default model (which also takes the replacement out of the
 * fallbacks), a `config set` of its path for a default written as the replacement's own alias and
 * for a fallback, or `models fallbacks remove` for one the default model would then be too.
 * Fallbacks that would all name the replacement then are listed once, where the first of them
 * is: the later ones are taken out (`config unset`, the last first, so that no path moves), before
 * the first is written, as config set refuses a model listed twice (the chain tries it once
 * anyway). None when the chain names no model by those aliases.
 */
export function chainEditsBeforeAliasMove(
  catalog: Catalog,
  move: AliasMove,
  prefix = "",
): string[] {
  const folded = (name: string) => name.trim().toLowerCase();
  const moved = folded(move.alias);
  const replaced = move.replaced === undefined ? undefined : folded(move.replaced);
  const openclaw = `${prefix}openclaw`;
  // Pasted, the ref must reach config set as that text, and models set as one word.
  const refWord = configSetTextWord(move.replacement, shellWord);
  const edits: string[] = [];
  const primary = catalog.primary === undefined ? undefined : folded(catalog.primary);
  const primaryMoves = primary !== undefined && (primary === moved || primary === replaced);
  // models set would find the default model set already when written as the replacement's alias.
  if (primaryMoves && primary === replaced) {
    const path = shellPath(parsePath(primaryModelPath(catalog.source.config)));
    edits.push(`${openclaw} config set ${path} ${refWord}`);
  } else if (primaryMoves) edits.push(`${openclaw} models set ${shellWord(move.replacement)}`);
  const replacementIsPrimary =
    primaryMoves ||
    (catalog.primary !== undefined && refOf(catalog, catalog.primary) === move.replacement);
  if (replacementIsPrimary) {
    // The replacement's own alias names it already: models set takes it out of the fallbacks.
    // The moved one would name the default model too: taken out, once (the removal takes every
    // fallback that names its model).
    const movedEntry = catalog.fallbacks.find((entry) => folded(entry) === moved);
    if (movedEntry !== undefined)
      edits.push(`${openclaw} models fallbacks remove ${shellQuotedName(movedEntry.trim())}`);
    return edits;
  }
  // The fallbacks that name the replacement once the alias has moved, in order.
  const naming = catalog.fallbacks.flatMap((entry, index) => {
    const name = folded(entry);
    const rewritten = name === moved || name === replaced;
    return rewritten || refOf(catalog, entry) === move.replacement ? [{ index, rewritten }] : [];
  });
  const [kept, ...later] = naming;
  const path = (index: number) => shellPath(parsePath(`agents.defaults.model.fallbacks[${index}]`));
  for (const { index } of later.reverse()) edits.push(`${openclaw} config unset ${path(index)}`);
  if (kept?.rewritten) edits.push(`${openclaw} config set ${path(kept.index)} ${refWord}`);
  return edits;
}

function refOf(catalog: Catalog, entry: string): string | undefined {
  const found = findRef(catalog, entry);
  return found ? formatRef(found) : undefined;
}

/**
 * The commands that give the alias `alias` to `replacement` in the config file `catalog` reads,
 * as aliasMoveCommands says them, with the chain's edits they need first.
 */
export function movedAliasCommands(
  catalog: Catalog,
  alias: string,
  replacement: string,
  prefix = "",
): string {
  const replaced = catalog.aliasByRef.get(replacement);
  const first = chainEditsBeforeAliasMove(
    catalog,
    { alias, replacement, ...(replaced === undefined ? {} : { replaced }) },
    prefix,
  );
  return aliasMoveCommands(shellQuotedName(alias), replacement, { prefix, replaced, first });
}
