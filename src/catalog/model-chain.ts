/**
 * The chain a request runs: a named model alone, or the default (the primary, then its
 * fallbacks). A member of the default whose provider cannot be used (a schema problem disabled
 * it, it has no baseUrl, its settings name an unset variable) is left out and the others serve,
 * so one broken provider does not take the default down while a fallback can answer; the chain
 * fails only when no member is left, naming every member's reason. A member that names nothing
 * (a typo) still fails the chain: that is a mistake in the default itself, which
 * `config validate` and a reload refuse.
 */
import {
  configValueLocator,
  formatOrigin,
  MissingVariableError,
  parsePath,
  requireVariables,
} from "../config/index.js";
import { OpenClawError } from "../errors.js";
import { andList } from "../util/and-list.js";
import { type Catalog, canonicalRef } from "./build.js";
import { NO_DEFAULT_HINT, noDefaultModelMessage, primaryModelPath } from "./no-default-hint.js";
import {
  BrokenProviderRefError,
  DEFAULT_MODEL_NAMES,
  fromTemplate,
  ModelRefError,
  resolveModel,
} from "./resolve.js";
import type { ResolvedModel } from "./types.js";

/** A member of the default chain left out because its provider (or its settings) cannot be used. */
export interface SkippedChainMember {
  /** The model, as the catalog spells refs (an alias is shown as the ref it stands for). */
  ref: string;
  /** Where the config names it: `agents.defaults.model.primary`, `…fallbacks[1]`. */
  path: string;
  /** `file:line` of `path`, when the config is a file. */
  origin: string | undefined;
  /** Why it cannot be called, with the problem's own path (and `file:line` for a schema one). */
  error: OpenClawError;
}

/** The default chain (`agents.defaults.model`) resolved: the members a run can use and those left out. */
export interface DefaultChain {
  /** The members that can be called, in the chain's order. */
  models: ResolvedModel[];
  /** The members left out, in the chain's order. */
  skipped: SkippedChainMember[];
  /** The primary as configured: the model the chain starts from, whether or not it is left out. */
  first: string;
}

/** The default chain when none of its members can be used; `skipped` has each one's reason. */
export class UnusableDefaultChainError extends OpenClawError {
  /** The chain's members, each with why it was left out (none could be used). */
  readonly skipped: SkippedChainMember[];
  constructor(skipped: SkippedChainMember[]) {
    // Members left out for one reason (each a model of one disabled provider) are named together,
    // the reason said once.
    const byReason = new Map<string, string[]>();
    for (const member of skipped) {
      const reason = reasonBesideRef(member.error);
      const members = byReason.get(reason) ?? [];
      members.push(describeMember(member));
      byReason.set(reason, members);
    }
    const reasons = [...byReason].map(([reason, members]) => `${andList(members)}: ${reason}`);
    const hints = [...new Set(skipped.flatMap((member) => member.error.hint ?? []))];
    super(
      skipped[0]?.error.code ?? "model.no_default",
      `no model of the default chain can be used: ${reasons.join("; ")}`,
      {
        where: "agents.defaults.model",
        ...(hints.length > 0 ? { hint: hints.join("; ") } : {}),
      },
    );
    this.name = "UnusableDefaultChainError";
    this.skipped = skipped;
  }
}

/** `moonshot/kimi-k2.5 (agents.defaults.model.primary, /path/openclaw.json:7)`. */
export function describeMember(
  member: Pick<SkippedChainMember, "ref" | "path" | "origin">,
): string {
  return `${member.ref} (${member.path}${member.origin ? `, ${member.origin}` : ""})`;
}

/**
 * What a run of the default says about a member it leaves out: where it is written, what
 * answers in its place (`serving`, in order: those that can answer; none when none can) and why,
 * with the hint. `agent`, `chat` and `models status` say it in these words.
 */
export function leftOutSentence(member: SkippedChainMember, serving: readonly string[]): string {
  const hint = member.error.hint ? `; ${member.error.hint}` : "";
  // None serving: no model of the chain can answer (nothingAnswersSentence says why each cannot).
  const instead =
    serving.length > 0
      ? `${serving.join(", then ")} answers instead`
      : "and no other model of it can answer";
  return `the default chain leaves out ${describeMember(member)}, ${instead}: ${reasonBesideRef(member.error)}${hint}`;
}

/** A member of the default chain that is not left out but cannot answer (its provider has no key). */
export interface MutedChainMember {
  /** The model, as the catalog spells refs (an alias is shown as the ref it stands for). */
  ref: string;
  /** `agents.defaults.model.primary`, `…fallbacks[0]`. */
  path: string;
  /** `file:line` of `path`, when the config is a file. */
  origin: string | undefined;
  /** Why it cannot answer: `no usable key for moonshot`. */
  reason: string;
  /** What makes it answer: `run: openclaw onboard …`. */
  fix: string | undefined;
}

/**
 * What a run of the default says when it leaves members out and none of the rest can answer
 * either (each has no key): that nothing in the chain can answer, each member and why, in the
 * chain's order, and in the hint what to fix first: the earliest member's fix (mended, it
 * answers), then each later one's, for it to answer instead. Said instead of leftOutSentence, whose "answers instead" would
 * name a model that cannot.
 */
export function nothingAnswersSentence(
  skipped: readonly SkippedChainMember[],
  muted: readonly MutedChainMember[],
): { message: string; hint: string } {
  const members = [
    ...skipped.map((member) => ({
      member,
      text: `${describeMember(member)} is left out: ${reasonBesideRef(member.error)}`,
      fix: `mend its provider${mendPlace(member)}${member.error.hint ? `: ${member.error.hint}` : ""}`,
    })),
    ...muted.map((member) => ({
      member,
      text: `${describeMember(member)}: ${member.reason}`,
      fix: `give it a key: ${member.fix ?? "run: openclaw onboard"}`,
    })),
  ].sort((a, b) => chainIndex(a.member.path) - chainIndex(b.member.path));
  const [first, ...others] = members;
  // Each fix is a sentence of its own: a key's hint may have "; or" in it already.
  const alternatives = others.map(
    (entry) => ` Or, for ${entry.member.ref} to answer instead, ${entry.fix}`,
  );
  return {
    message: `nothing in the default chain can answer: ${members.map((entry) => entry.text).join("; ")}`,
    hint: `fix ${first?.member.ref} first, ${first?.fix}.${alternatives.join(".")}`,
  };
}

/**
 * Where a left-out member's provider is to be mended: the setting's dotted path with its
 * `file:line` beside it (` at models.providers.moonshot.baseUrl (/path/openclaw.json:4)`), so
 * the fix says which setting as well as which line; the path alone from a config object. Empty
 * when the error names no place but the member's own.
 */
function mendPlace(member: SkippedChainMember): string {
  const where = member.error.where;
  const setting = member.error instanceof BrokenProviderRefError ? member.error.problemPath : "";
  if (setting && setting !== member.path) {
    return where && where !== setting ? ` at ${setting} (${where})` : ` at ${setting}`;
  }
  return where && where !== member.path ? ` at ${where}` : "";
}

/** A chain member's place: the primary 0, `fallbacks[i]` i + 1. */
function chainIndex(path: string): number {
  const match = /fallbacks\[(\d+)\]$/.exec(path);
  return match ? Number(match[1]) + 1 : 0;
}

/**
 * What `error` says is wrong, for a sentence that names the model already (a member the default
 * chain leaves out, the default model that cannot be used): a broken provider's problem without
 * the ref its message names; any other error's message.
 */
export function reasonBesideRef(error: OpenClawError): string {
  return error instanceof BrokenProviderRefError ? error.providerProblem : error.message;
}

/**
 * Whether `error`, from resolving the member at `path`, means its provider or its settings
 * cannot be used (the member is left out) rather than that the ref names nothing.
 */
function providerUnusable(error: unknown, path: string): error is OpenClawError {
  if (error instanceof ModelRefError) return error.code === "model.provider_broken";
  // A ref that comes from an unset variable names nothing; a value of the model's settings does.
  return error instanceof MissingVariableError && error.configPath !== path;
}

/** resolveModel for a ref the config names at `path`, which may come from a `${VAR}`. */
function resolveConfigured(catalog: Catalog, ref: string, path: string): ResolvedModel {
  requireVariables(catalog.source, path);
  const template = catalog.source.templates.get(path);
  if (!template) return resolveModel(catalog, ref);
  try {
    return resolveModel(catalog, ref);
  } catch (error) {
    if (!(error instanceof ModelRefError)) throw error;
    throw fromTemplate(error, template, ref, path);
  }
}

/** The ref a member written as `written` (a ref or an alias) stands for, as the catalog spells it. */
function memberRef(catalog: Catalog, written: string): string {
  return canonicalRef(catalog.aliases.get(written.trim().toLowerCase())?.ref ?? written.trim());
}

/**
 * Where in the config's files a chain member's dotted path (`agents.defaults.model.primary`,
 * `…fallbacks[0]`) is written, as `file:line`; undefined when it is not (or cannot be read).
 */
export function chainMemberOrigins(catalog: Catalog): (path: string) => string | undefined {
  const locate = catalog.source.exists ? configValueLocator(catalog.source.path) : undefined;
  return (path) => {
    try {
      const origin = locate?.(parsePath(path));
      return origin ? formatOrigin(origin) : undefined;
    } catch {
      return undefined;
    }
  };
}

/** Codes of a ref that names no model: said where, as the person typed it, by default. */
const NAMES_NOTHING = new Set([
  "model.empty",
  "model.unknown",
  "model.unknown_provider",
  "model.ambiguous",
]);

/**
 * A chain member's error for a ref that names no model, placed where the config writes it
 * (`agents.defaults.model.primary (…/openclaw.json:5)`) rather than at the ref itself, which
 * says nothing of where to fix it; any other error unchanged.
 */
function writtenAt(
  error: unknown,
  written: string,
  path: string,
  origin: string | undefined,
): unknown {
  if (!(error instanceof ModelRefError) || !NAMES_NOTHING.has(error.code)) return error;
  if (error.input !== written) return error;
  return new ModelRefError(
    error.code,
    error.input,
    error.reason,
    error.suggestions,
    error.hint ?? "",
    error.suggestedByName,
    origin ? `${path} (${origin})` : path,
  );
}

/**
 * The default chain: its usable members, and those left out with why. Throws the member's own
 * error for a member that names nothing or a default of one member that cannot be used, and
 * UnusableDefaultChainError when every member of a longer chain is left out.
 */
export function resolveDefaultChain(catalog: Catalog): DefaultChain {
  const primaryPath = primaryModelPath(catalog.source.config);
  if (!catalog.primary) {
    throw new OpenClawError("model.no_default", noDefaultModelMessage(catalog.source.config), {
      hint: NO_DEFAULT_HINT,
      where: primaryPath,
    });
  }
  const members = [
    { written: catalog.primary, path: primaryPath },
    ...catalog.fallbacks.map((written, index) => ({
      written,
      path: `agents.defaults.model.fallbacks[${index}]`,
    })),
  ];
  const originOf = chainMemberOrigins(catalog);
  const models: ResolvedModel[] = [];
  const skipped: SkippedChainMember[] = [];
  let first: string | undefined;
  for (const { written, path } of members) {
    let resolved: ResolvedModel;
    try {
      resolved = resolveConfigured(catalog, written, path);
    } catch (error) {
      // A default of one model keeps its own error, as before there were fallbacks to go to.
      if (!providerUnusable(error, path) || members.length === 1)
        throw writtenAt(error, written, path, originOf(path));
      const ref = memberRef(catalog, written);
      first ??= ref;
      if (!skipped.some((member) => member.ref === ref))
        skipped.push({ ref, path, origin: originOf(path), error });
      continue;
    }
    first ??= resolved.ref;
    if (!models.some((entry) => entry.ref === resolved.ref)) models.push(resolved);
  }
  if (models.length === 0) throw new UnusableDefaultChainError(skipped);
  return { models, skipped, first: first ?? models[0]!.ref };
}

/** Whether `input` asks for the default chain: nothing, `openclaw` or `openclaw/default`. */
export function namesDefaultChain(input: string | undefined): boolean {
  return input === undefined || DEFAULT_MODEL_NAMES.has(input.trim().toLowerCase());
}

/**
 * The chain to try: for a ref or alias, that model alone; for nothing / `openclaw` /
 * `openclaw/default` (any case), the default's usable members (see resolveDefaultChain).
 */
export function resolveModelChain(catalog: Catalog, input?: string): ResolvedModel[] {
  if (input !== undefined && !namesDefaultChain(input)) return [resolveModel(catalog, input)];
  return resolveDefaultChain(catalog).models;
}
