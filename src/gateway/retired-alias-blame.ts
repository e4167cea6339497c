/**
 * A client that asked by an alias for a model the provider answered 404 for, an id openclaw's
 * list marks retired: the gateway resolved the alias before the run, so the run's hint led with
 * asking for the replacement by ref. Here the client's own word comes first: give the alias to
 * the replacement, which mends every client that asks by it.
 */
import { ProviderError } from "../providers/errors.js";
import { retiredHintForAlias } from "../runtime/retired-not-found.js";
import type { ModelDirectory } from "./model-directory.js";
import type { Blame } from "./request-blame.js";

/**
 * The client's `model` field blamed with the alias's fix first, when `asked` is an alias of the
 * model `error` (a retired id's 404) came from; undefined otherwise.
 */
export function retiredAliasBlame(
  error: unknown,
  asked: string,
  directory: ModelDirectory,
): Blame | undefined {
  if (!(error instanceof ProviderError) || error.errorClass !== "not_found") return undefined;
  const target = directory.find(asked);
  const name = asked.trim().toLowerCase();
  const alias = target?.aliases.find((candidate) => candidate.toLowerCase() === name);
  if (alias === undefined || target?.id !== `${error.provider}/${error.model}`) return undefined;
  const hint = retiredHintForAlias(
    error,
    alias,
    (replacement) => directory.find(replacement)?.usable === true,
  );
  return hint === undefined ? undefined : { param: "model", hint };
}
