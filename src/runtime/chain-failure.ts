/**
 * A chain that failed on more than one model, told whole: what happened to each model, in the
 * order tried ("moonshot/kimi-k2.5: rate limited (429) after 3 tries; kimi-code/kimi-for-coding:
 * no API key for provider "kimi-code", nothing sent"), then what the model the error comes from
 * said. Without it a caller read only the last failure, and a fallback without a key hid that
 * the primary had failed upstream, and why.
 *
 * The error stays the failure of a model a request was sent to (see answering-failure.ts), so
 * its class, status and wait are what a caller acts on; when that is not the last model's, the
 * message says whose it is and why, then the last one's own words. The hint adds what the other
 * models a request was sent to said to do (a used-up balance's top-up behind a rate limit's wait),
 * each led by its ref, once; then, for each model passed over for a missing key, where to set it.
 * That part tells where keys are looked for: a gateway's client beyond its machine reads the hint
 * without it (`hintWithoutKeyFixes`). What is added about the answered model alone (the gateway's
 * note that it tries a used-up key again) goes beside that model's own hint, never after another
 * model's (`withNoteOnOwnHint`).
 */
import { ProviderError, type ProviderErrorClass } from "../providers/errors.js";
import type { AnsweringReason } from "./answering-failure.js";
import { isKeyMissing } from "./key-missing.js";
import { isBudgetFailure } from "./run-deadline.js";
import type { FailedAttempt } from "./types.js";

const passedOver = new WeakSet<object>();
const cooling = new WeakSet<object>();

/**
 * Marks `attempt` as a model passed over (no key, no transport…): nothing was sent. A model
 * skipped while it cools (`cooled`) is left out of the story: it failed on an earlier request,
 * and the chain's next model was there to answer.
 */
export function notePassedOver(attempt: FailedAttempt, cooled = false): FailedAttempt {
  passedOver.add(attempt);
  if (cooled) cooling.add(attempt);
  return attempt;
}

/** How one model of the chain fared: its last failure, and how many requests it was sent. */
interface MemberOutcome {
  model: string;
  last: FailedAttempt;
  tries: number;
}

/** The models of `attempts` in the order tried, each once (a model's attempts are consecutive). */
function membersOf(attempts: readonly FailedAttempt[]): MemberOutcome[] {
  const members: MemberOutcome[] = [];
  for (const attempt of attempts) {
    if (cooling.has(attempt)) continue;
    const sent = passedOver.has(attempt) ? 0 : 1;
    const current = members.at(-1);
    if (current?.model === attempt.model) {
      current.last = attempt;
      current.tries += sent;
    } else members.push({ model: attempt.model, last: attempt, tries: sent });
  }
  return members;
}

const CLASS_WORDS: Record<ProviderErrorClass, string> = {
  auth: "key refused",
  wrong_region: "key refused (it is for the other Moonshot region)",
  forbidden_client: "this client refused",
  not_found: "model not found",
  rate_limit: "rate limited",
  overloaded: "overloaded",
  quota: "balance or quota used up",
  context_length: "request too long for its context window",
  bad_request: "request refused",
  content_filter: "refused by its content filter",
  server: "server error",
  network: "network error",
  proxy_auth: "refused by the proxy",
  network_login: "a network sign-in page answered",
  timeout: "timed out",
  cancelled: "cancelled",
};

/** What happened to `member`, in a few words that name no key and no place a key is kept. */
function memberWords(member: MemberOutcome): string {
  const { last, tries } = member;
  if (tries === 0) {
    if (isKeyMissing(last)) {
      const provider = member.model.slice(0, Math.max(0, member.model.indexOf("/")));
      return `no API key for provider "${provider}", nothing sent`;
    }
    // Its own words may name the model first: said once.
    const said = last.message.startsWith(`${member.model} `)
      ? last.message.slice(member.model.length + 1)
      : last.message;
    return said.startsWith("skipped") || said.startsWith("not tried") ? said : `not tried: ${said}`;
  }
  const status = last.status === undefined ? "" : ` (${last.status})`;
  const after = tries > 1 ? ` after ${tries} tries` : "";
  return `${CLASS_WORDS[last.errorClass]}${status}${after}`;
}

/** Hints of a told chain failure without its missing keys' fixes (see hintWithoutKeyFixes). */
const ownHints = new WeakMap<object, { hint: string | undefined }>();

/**
 * The part of a told chain failure's hint that is its own model's, when more follows it (the
 * other models' hints, where missing keys go): see `withNoteOnOwnHint`.
 */
const answeredHints = new WeakMap<object, string>();

/** A model passed over for a missing key, with what its error says to do. */
export interface KeyFix {
  model: string;
  hint: string | undefined;
  /** The error it was passed over with: where its key is looked for, and how to give one. */
  missing: ProviderError;
}

/** The missing keys of a told chain failure (see keysMissingIn). */
const missingKeys = new WeakMap<object, readonly ProviderError[]>();

/** `message` led by `ref` once: "moonshot/kimi-k2.5: …". */
function namedBy(ref: string, message: string): string {
  return message.includes(ref) ? message : `${ref}: ${message}`;
}

const WHY_NOT_LAST: Record<AnsweringReason, (last: string) => string> = {
  passes_with_time: (last) => `its failure passes with time and ${last}'s does not`,
  shortest_wait: () => "it named the shortest wait",
};

/**
 * What the error of a chain failure says after each model's story: its own words, led by whose
 * they are and why when `reason` says it is not the last model's, then the last one's words.
 */
function ownWords(
  error: ProviderError,
  members: readonly MemberOutcome[],
  reason: AnsweringReason | undefined,
): string {
  const ref = `${error.provider}/${error.model}`;
  const own = namedBy(ref, error.message);
  const last = members.filter((member) => member.tries > 0).at(-1);
  if (reason === undefined || last === undefined || last.model === ref) return `Last, ${own}`;
  const why = WHY_NOT_LAST[reason](last.model);
  return `The status is ${ref}'s, as ${why}: ${own}. Last, ${namedBy(last.model, last.last.message)}`;
}

/** `ref` of the model `failure` came from. */
function refOf(failure: ProviderError): string {
  return `${failure.provider}/${failure.model}`;
}

/**
 * What the models of `upstream` other than `ref` said to do, each hint once, led by the models
 * that said it ("for kimi-code/kimi-for-coding, …"); none that `said` holds already.
 */
function otherHints(
  upstream: readonly ProviderError[],
  ref: string,
  said: readonly (string | undefined)[],
): string[] {
  const byHint = new Map<string, string[]>();
  for (const failure of upstream) {
    const hint = failure.hint;
    if (hint === undefined || hint === "" || refOf(failure) === ref || said.includes(hint))
      continue;
    const refs = byHint.get(hint) ?? [];
    if (!refs.includes(refOf(failure))) refs.push(refOf(failure));
    byHint.set(hint, refs);
  }
  return [...byHint].map(([hint, refs]) => `for ${refs.join(" and ")}, ${hint}`);
}

/**
 * `error`, which ended a run whose `attempts` span more than one model and sent at least one
 * request, told with what happened to each model; `keyFixes` the hints of those passed over for
 * a missing key; `reason` why `error` is not the last model's failure, when it is not;
 * `upstream` each model's last failure, of those the run sent a request to and moved on from,
 * whose hints follow `error`'s. Anything else is returned as it is.
 */
export function toldWholeChain(
  error: unknown,
  attempts: readonly FailedAttempt[],
  keyFixes: readonly KeyFix[],
  reason?: AnsweringReason,
  upstream: readonly ProviderError[] = [],
): unknown {
  if (!(error instanceof ProviderError) || error.errorClass === "cancelled") return error;
  // A run's budget ran out: its failure tells each model already.
  if (isBudgetFailure(error)) return error;
  const members = membersOf(attempts);
  if (members.length < 2 || !members.some((member) => member.tries > 0)) return error;
  const each = members.map((member) => `${member.model}: ${memberWords(member)}`).join("; ");
  const ref = refOf(error);
  // Its hint as the model said it, before the chain's words were put in (after-fallbacks.ts).
  const asSaid = upstream.find((failure) => refOf(failure) === ref)?.hint;
  const others = otherHints(upstream, ref, [error.hint, asSaid]);
  // Beside the others' hints, whose this one is.
  const own =
    others.length > 0 && error.hint !== undefined && error.hint !== ""
      ? `for ${ref}, ${error.hint}`
      : error.hint;
  const upstreamHint = [own, ...others].filter((part) => part !== undefined && part !== "");
  const fixes = keyFixes
    .filter((fix) => fix.hint !== undefined)
    .map((fix) => `for ${fix.model}, ${fix.hint}`);
  const hint = [...upstreamHint, ...fixes].join("; ");
  const told = error.retold({
    message: `every model of the chain failed: ${each}. ${ownWords(error, members, reason)}`,
    hint,
  });
  if (own !== undefined && own !== "" && hint !== own) answeredHints.set(told, own);
  if (fixes.length > 0)
    ownHints.set(told, { hint: upstreamHint.length > 0 ? upstreamHint.join("; ") : error.hint });
  if (keyFixes.length > 0)
    missingKeys.set(
      told,
      keyFixes.map((fix) => fix.missing),
    );
  return told;
}

/**
 * The errors of the models `error`'s chain passed over for a missing key, when it is a told
 * chain failure that sent a request elsewhere (its class is that request's, not a missing key's:
 * a gateway's log still tells its operator about each key); none otherwise.
 */
export function keysMissingIn(error: unknown): readonly ProviderError[] {
  return (typeof error === "object" && error !== null && missingKeys.get(error)) || [];
}

/**
 * The hint of `error` without where missing keys are looked for, when it carries that (a chain
 * failure with a model passed over for a missing key); undefined otherwise (its hint says nothing
 * of the kind).
 */
export function hintWithoutKeyFixes(error: unknown): { hint: string | undefined } | undefined {
  return typeof error === "object" && error !== null ? ownHints.get(error) : undefined;
}

/** What `error`'s own model said to do: of a told chain failure, the part before the others'. */
export function ownHintOf(error: ProviderError): string | undefined {
  return answeredHints.get(error) ?? error.hint;
}

/**
 * `hint` (`error`'s, or what of it a client is told) with `note`, which is about the model `error`
 * came from, right after that model's own hint: in a told chain failure, before what the other
 * models said and where missing keys go, which it would otherwise seem to be about. At the end
 * otherwise (a hint that does not start with that model's own, as a client's blame).
 */
export function withNoteOnOwnHint(error: unknown, hint: string | undefined, note: string): string {
  const own = typeof error === "object" && error !== null ? answeredHints.get(error) : undefined;
  if (own && hint?.startsWith(`${own}; `)) return `${own}; ${note}${hint.slice(own.length)}`;
  return hint === undefined || hint === "" ? note : `${hint}; ${note}`;
}
