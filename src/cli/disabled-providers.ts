/**
 * What a command that runs models says about providers the config disables (a setting of theirs
 * fails the schema): one warning line each, naming the provider and its first problem with its
 * dotted path and `file:line`, so that a run on another provider is not taken for a config
 * without problems. A run of the default chain that leaves out a member (its provider cannot be
 * used) says that instead, once, with the member's place and what answers. A config file whose
 * top-level sections are written twice (two snippets merged by hand) is said first: what the
 * first of them set is missing from the run. Pure but for reading that file.
 */
import {
  type Catalog,
  describeProblem,
  leftOutSentence,
  namesDefaultChain,
  parseModelRef,
  type ResolvedModel,
  resolveDefaultChain,
  type SkippedChainMember,
} from "../catalog/index.js";
import { sectionsWrittenTwice } from "../config/index.js";
import type { OpenClawError } from "../errors.js";
import { chainNothingAnswers } from "../onboard/chain-nothing-answers.js";

export function disabledProviderWarnings(
  catalog: Catalog,
  alreadySaid = new Set<string>(),
): string[] {
  const byProvider = new Map<string, string[]>();
  for (const problem of catalog.problems) {
    if (!problem.schema || !problem.provider || alreadySaid.has(problem.provider)) continue;
    byProvider.set(problem.provider, [
      ...(byProvider.get(problem.provider) ?? []),
      describeProblem(problem),
    ]);
  }
  return [...byProvider].map(([provider, [first, ...others]]) => {
    const more = others.length > 0 ? ` (and ${others.length} more)` : "";
    return `provider ${provider} is disabled: ${first}${more}; fix it, then run: openclaw config validate`;
  });
}

/** The members the default chain leaves out, or none when it cannot be resolved (its error says). */
function skippedMembers(catalog: Catalog): {
  skipped: SkippedChainMember[];
  serving: ResolvedModel[];
} {
  try {
    const chain = resolveDefaultChain(catalog);
    return { skipped: chain.skipped, serving: chain.models };
  } catch {
    return { skipped: [], serving: [] };
  }
}

/** The error a run of `model` gives for its key, or undefined when it has one (or needs none). */
export type MissingKeyCheck = (model: ResolvedModel) => OpenClawError | undefined;

/**
 * What the run says of the members left out: each one and what answers in its place; or, when
 * none of the members left has a key (`missingKey` says), that nothing in the chain can answer
 * and what to fix first.
 */
function leftOutWarnings(
  catalog: Catalog,
  skipped: readonly SkippedChainMember[],
  serving: readonly ResolvedModel[],
  missingKey: MissingKeyCheck | undefined,
): string[] {
  if (skipped.length === 0) return [];
  const keyErrors = serving.map((model) => missingKey?.(model));
  if (!missingKey || keyErrors.some((error) => error === undefined)) {
    const answering = serving.filter((_, index) => keyErrors[index] === undefined);
    return skipped.map((member) =>
      leftOutSentence(
        member,
        answering.map((model) => model.ref),
      ),
    );
  }
  const nothing = chainNothingAnswers(
    catalog,
    skipped,
    serving,
    (_, index) => keyErrors[index]?.hint,
  );
  return [`${nothing.message}; ${nothing.hint}`];
}

/**
 * The warnings of a run of `model` (undefined: the default): each member of the default chain it
 * leaves out (or that nothing in it can answer), then each disabled provider not named already.
 */
export function runWarnings(
  catalog: Catalog,
  model: string | undefined,
  missingKey?: MissingKeyCheck,
): string[] {
  const { skipped, serving } = namesDefaultChain(model)
    ? skippedMembers(catalog)
    : { skipped: [], serving: [] };
  const said = new Set(skipped.flatMap((member) => parseModelRef(member.ref)?.provider ?? []));
  const pastedTwice = sectionsWrittenTwice(catalog.source);
  return [
    ...(pastedTwice ? [pastedTwice] : []),
    ...leftOutWarnings(catalog, skipped, serving, missingKey),
    ...disabledProviderWarnings(catalog, said),
  ];
}
