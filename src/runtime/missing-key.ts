/**
 * A model's missing key: whether a call needs one at all, and the error that says where the key
 * was looked for, why what was found there is unusable, and which place to set.
 */
import {
  type DetourStanding,
  detourExport,
  detourOtherRef,
  NO_DETOUR_STANDING,
  onboardCommandFor,
  onboardDetour,
  type UnsetKeyReference,
  type WrongProfileKey,
} from "../auth/index.js";
import type { KeySource, ResolvedModel } from "../catalog/types.js";
import { ProviderError } from "../providers/errors.js";
import { noteKeyMissing } from "./key-missing.js";
import {
  isMisshapen,
  type MisshapenKeyPlace,
  misshapenKeyPlaces,
  misshapenPlace,
  type PlaceholderKeyPlace,
  placeholderKeyPlaces,
} from "./placeholder-key-places.js";

/** Whether a call to `model` is refused without a key (it sends one and has places to find it). */
export function needsKey(model: ResolvedModel): boolean {
  return model.authHeader !== false && model.keySources.length > 0;
}

/**
 * The error of a model whose key was not found: why each place it looks holds none (when
 * `explain` knows), where to fix it, and which places to set. The run gives it for that model;
 * `openclaw chat` gives it before its first prompt. `env` tells which public endpoint the model's
 * baseUrl is (its OPENCLAW_*_BASE_URL overrides), for the onboard command that stores its key.
 * `references` finds the stored profiles that point at an unset variable (`--secret-input-mode
 * ref`): the variable is what to set, and the profile is where the key was looked for.
 * `onboardPrefix`: the words before that command (`OPENCLAW_STATE_DIR=/that/dir `) when the keys
 * are read from another state dir than a shell's `openclaw onboard` stores them in. `advice`:
 * what ends the hint in place of that command (a program's runtime, which takes its key elsewhere).
 * `standing`: when onboard stores the key for another provider, whether that was done already and
 * who else reads the variable the hint says to export (see src/runtime/detour-standing.ts).
 * `profiles`: the stored profiles holding a placeholder or a key copied wrong, named by their id.
 */
export function missingKeyError(
  model: ResolvedModel,
  explain: ((model: ResolvedModel) => string | undefined) | undefined,
  place: ((source: KeySource) => string | undefined) | undefined,
  env: Record<string, string | undefined>,
  references?: (model: ResolvedModel) => UnsetKeyReference[],
  onboardPrefix = "",
  advice?: (model: ResolvedModel) => string | undefined,
  standing?: DetourStandingOf,
  profiles?: (model: ResolvedModel) => WrongProfileKey[],
): ProviderError {
  const unusable = explain?.(model);
  const unset = references?.(model) ?? [];
  // Named as a config key is: the profile, then the file and line its key is written at.
  const stored = (profiles?.(model) ?? []).map(({ profileId, problem, place }) => ({
    source: { kind: "profile" as const, profileId },
    place: `auth profile "${profileId}"${place ? ` (${place})` : ""}`,
    line: place,
    problem,
  }));
  // Profiles first, as keys are looked for.
  const placeholders = [
    ...stored.filter(({ problem }) => problem.code === "key_placeholder"),
    ...placeholderKeyPlaces(model, env, place),
  ];
  const misshapen = [
    ...stored.flatMap(({ source, place, problem }) =>
      isMisshapen(problem) ? [misshapenPlace(source, place, problem)] : [],
    ),
    ...misshapenKeyPlaces(model, env, place),
  ];
  const error = new ProviderError({
    errorClass: "auth",
    message: unusable
      ? `no usable API key for provider "${model.provider}": ${unusable}`
      : `no API key found for provider "${model.provider}"`,
    provider: model.provider,
    model: model.id,
    hint: describeKeySources(model, {
      env,
      unset,
      onboardPrefix,
      advice: advice?.(model),
      standingOf: standing,
      placeholders,
      misshapen,
    }),
    where: missingKeyWhere(model, place, unset, [...placeholders, ...misshapen], stored),
  });
  return noteKeyMissing(error);
}

/**
 * Where a missing key is to be fixed: a stored profile holding a placeholder or a key copied
 * wrong, looked at first (the line of its key, `…/auth-profiles.json:7`, or `auth profile
 * "moonshot:default"` for a store with no file), else a variable of the environment
 * holding one, when it is the first source that does (`$MOONSHOT_API_KEY`: no file holds it);
 * else the line of a key source the config file writes (an apiKey naming an unset variable),
 * else the stored profile that refers to an unset variable, else that source's config key, else
 * the provider's apiKey key: a place, as `where` is everywhere else, not the model ref the
 * message names already.
 */
function missingKeyWhere(
  model: ResolvedModel,
  place: ((source: KeySource) => string | undefined) | undefined,
  unset: readonly UnsetKeyReference[],
  wrong: readonly PlaceholderKeyPlace[],
  profiles: readonly { source: KeySource; place: string; line: string | undefined }[],
): string {
  const stored = wrong.find((entry) => entry.source.kind === "profile");
  if (stored) return profiles.find((entry) => entry.source === stored.source)?.line ?? stored.place;
  const first = model.keySources.find((source) => wrong.some((entry) => entry.source === source));
  if (first?.kind === "env" && !first.fromEnvBlock) return `$${first.variable}`;
  for (const source of model.keySources) {
    const line = place?.(source);
    if (line) return line;
  }
  const profile = unset.find((reference) => reference.place !== undefined);
  if (profile?.place) return profile.place;
  const written = model.keySources.find((source) => source.kind === "config");
  return written?.kind === "config" ? written.path : `models.providers.${model.provider}.apiKey`;
}

/** The standing of `model`'s onboard detour, given the variable its advice says to export. */
export type DetourStandingOf = (
  model: ResolvedModel,
  variable: string | undefined,
) => DetourStanding;

/** What a missing key's hint is told besides the model (see missingKeyError's parameters). */
interface KeyHintContext {
  env: Record<string, string | undefined>;
  /** The stored profiles of the model's provider that refer to an unset variable. */
  unset: readonly UnsetKeyReference[];
  onboardPrefix: string;
  /** What ends the hint in place of the onboard command, if anything. */
  advice: string | undefined;
  standingOf: DetourStandingOf | undefined;
  /** The key sources holding the docs' placeholder, where they are written. */
  placeholders: readonly PlaceholderKeyPlace[];
  /** The key sources holding a key copied wrong (a space inside, quote marks), likewise. */
  misshapen: readonly MisshapenKeyPlace[];
}

/**
 * What to set: a placeholder from the docs first, where it is written (replacing it is the fix),
 * then a variable a stored profile refers to (`export MOONSHOT_API_KEY=<key>`, naming the
 * profile), since the profile exists and setting it again would not help; then the other places,
 * each once (an `apiKey` holding a placeholder is named by the first part alone).
 */
function describeKeySources(model: ResolvedModel, context: KeyHintContext): string {
  const rest = otherKeyWays(model, context);
  const { placeholders, misshapen } = context;
  const fixes = misshapenFixes(misshapen);
  if (placeholders.length > 0) {
    const places = placeholders.map((placeholder) => placeholder.place).join(" and ");
    const those = placeholders.length > 1 ? "the placeholders" : "the placeholder";
    fixes.unshift(`replace ${those} from the docs at ${places} with your real key`);
  }
  return fixes.length === 0 ? rest : `${fixes.join("; ")}; or ${rest}`;
}

/**
 * What to change in each key copied wrong, at the places that hold it: one fix per kind of
 * mistake, naming every place it is written (the same value is often in two).
 */
function misshapenFixes(misshapen: readonly MisshapenKeyPlace[]): string[] {
  const fixes: string[] = [];
  const kinds = [...new Set(misshapen.map((entry) => entry.problem))];
  for (const problem of kinds) {
    const entries = misshapen.filter((entry) => entry.problem === problem);
    const places = entries.map((entry) => entry.place).join(" and ");
    switch (problem) {
      case "key_whitespace":
        fixes.push(`copy the key at ${places} again, without the space or line break inside it`);
        break;
      case "key_quoted":
        fixes.push(`remove the quote marks around the key at ${places}: they are not part of it`);
        break;
      case "key_assignment": {
        const assigned = entries.find((entry) => entry.assigned !== undefined)?.assigned;
        fixes.push(
          `keep only the key at ${places}, without the ${assigned === undefined ? "VAR" : assigned}= before it`,
        );
        break;
      }
      case "key_bearer":
        fixes.push(`keep only the key at ${places}, without the "Bearer " before it`);
        break;
      case "key_character":
        fixes.push(`copy the whole key again into ${places}, as the provider's console shows it`);
        break;
      case "key_kimi_for_moonshot":
        fixes.push(
          `put a Moonshot key (from platform.moonshot.ai or platform.moonshot.cn) in place of the Kimi Code key at ${places}; a Kimi Code key goes to provider kimi-code ($KIMICODE_API_KEY, or: openclaw onboard --auth-choice kimi-code-api-key)`,
        );
        break;
    }
  }
  return fixes;
}

/** The ways to give the key other than replacing a placeholder. */
function otherKeyWays(model: ResolvedModel, context: KeyHintContext): string {
  const { env, unset, onboardPrefix, advice, standingOf, placeholders, misshapen } = context;
  // What the fixes name already: the config line, or the variable of the environment, that
  // holds the value (setting that variable is changing it, said above). A variable the env
  // block holds is still a way: the shell's wins over it.
  const replaced = new Set<KeySource>(
    [...placeholders, ...misshapen].flatMap(({ source }) =>
      source.kind === "config" || (source.kind === "env" && !source.fromEnvBlock) ? [source] : [],
    ),
  );
  const referred = new Set(unset.map((reference) => reference.variable));
  const exports = [...referred].map((variable) => {
    const profiles = unset
      .filter((reference) => reference.variable === variable)
      .map((reference) => `auth profile "${reference.profileId}"`);
    return `export ${variable}=<key> (${profiles.join(" and ")} ${profiles.length > 1 ? "refer" : "refers"} to it)`;
  });
  const referring = new Set(unset.map((reference) => reference.profileId));
  // A profile holding a key copied wrong is named by the fix already.
  for (const { source } of [...placeholders, ...misshapen])
    if (source.kind === "profile") referring.add(source.profileId);
  // Onboard stores the key for another provider (moonshot-cn's choice writes `moonshot`): the
  // provider's variable is the way to keep this ref, said first with where its key is made.
  const detour =
    advice === undefined ? onboardDetour(model.provider, model.baseUrl, env) : undefined;
  const ownVariable = detour
    ? model.keySources.find((source) => source.kind === "env" && !referred.has(source.variable))
    : undefined;
  const standing = detour
    ? (standingOf?.(model, ownVariable?.kind === "env" ? ownVariable.variable : undefined) ??
      NO_DETOUR_STANDING)
    : NO_DETOUR_STANDING;
  const keeps =
    detour && ownVariable?.kind === "env"
      ? detourExport(detour, ownVariable.variable, model.provider, model.id, standing.sharers)
      : undefined;
  const others = model.keySources.flatMap((source) => {
    if (source === ownVariable || replaced.has(source)) return [];
    // No command writes a profile for a provider whose onboarding stores another's key
    // (`moonshot-cn:default`): such a name would send the person looking for one.
    if (detour && source.kind === "profile") return [];
    switch (source.kind) {
      case "env":
        return referred.has(source.variable) ? [] : [`$${source.variable}`];
      case "profile":
        return referring.has(source.profileId) ? [] : [`auth profile "${source.profileId}"`];
      case "config":
        return [
          `${source.path} (${source.variables.map((name) => `$${name}`).join(", ") || "config"})`,
        ];
    }
    return [];
  });
  // The provider's own choice, as models status and doctor name it: a bare `openclaw onboard`
  // asks for a provider the person already chose when the error named it.
  const onboard = `${onboardPrefix}${onboardCommandFor(model.baseUrl, env) ?? "openclaw onboard"}`;
  const first = exports.length > 0 ? exports.join("; or ") : undefined;
  const elsewhere =
    others.length === 0
      ? undefined
      : (first || keeps || placeholders.length + misshapen.length > 0) && others.length === 1
        ? `set ${others[0]}`
        : `set one of: ${others.join(", ")}`;
  const kept = keeps && (elsewhere ? `${keeps} (or ${elsewhere})` : keeps);
  const ways = kept ? [first, kept] : [first, elsewhere];
  const set = ways.filter((way) => way !== undefined).join("; or ");
  if (detour) {
    const other = detourOtherRef(detour, standing, model.id, onboardPrefix);
    return set ? `${set}; or ${other}` : other;
  }
  const last = advice ?? `or run: ${onboard}`;
  // Nothing left to set (each place holds a value the fixes name): the last way alone.
  return set ? `${set}; ${last}` : last.replace(/^or /, "");
}
