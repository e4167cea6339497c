/**
 * What the gateway knows about one chat request while serving it, and the usage-ledger row it
 * becomes at the end. Filled in by the handler and the relays as the request goes.
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { redactSecrets } from "../auth/index.js";
import type { ModelCost } from "../catalog/types.js";
import type { AccruedUsage } from "../providers/errors.js";
import type { ChatRequest, Usage } from "../providers/types.js";
import {
  addUsage,
  type ChainStep,
  computeCost,
  estimateCutUsage,
  type RunFailure,
  ZERO_USAGE,
} from "../runtime/index.js";
import { skippedFirstStep } from "../runtime/skipped-first.js";
import type { FailedAttempt, RunResult } from "../runtime/types.js";
import { maskKeyShapedNames } from "../util/key-shaped-names.js";
import type { GatewayHttpError } from "./http-error.js";
import type { ChatApi, FellThroughAttempt, LedgerRow } from "./ledger.js";

export interface RequestRecord {
  /** Also the `route` label of its metrics and the `api` of its ledger row. */
  dialect: ChatApi;
  /** How a failure is written once a stream has begun (each API has its own in-band form). */
  inBandError: ((error: GatewayHttpError) => string) | undefined;
  ts: number;
  started: number;
  requestId: string;
  client: string;
  stream: boolean;
  status: number;
  errorClass: string | undefined;
  modelRequested: string | undefined;
  modelUsed: string | undefined;
  fallbackFrom: string | undefined;
  /**
   * The step past the chain's first model when the run went on without trying it (left out, or
   * unable to take the request): /metrics counts it as a step down the chain, which no fallback
   * event told.
   */
  skippedFirst: ChainStep | undefined;
  /** Upstream retries the run made (what /metrics counts as retries). */
  retries: number;
  traceId: string | undefined;
  usage: Usage | undefined;
  costUsd: number;
  ttftMs: number | undefined;
  /** Web searches Moonshot ran for the answer. */
  webSearches: number;
  /** An upstream accepted the request (answered 200): from then on the provider bills it. */
  upstreamAnswered: boolean;
  /**
   * The request was cancelled (the client left) while with the upstream, before its answer came:
   * the upstream has its prompt, so the row estimates it as it would for a stream cut short.
   */
  cancelledInFlight: boolean;
  /** Estimated tokens of what the upstream streamed (text, reasoning, tool arguments) so far. */
  streamedTokens: number;
  /** The usage is the gateway's estimate: the upstream never reported it (a cut stream). */
  estimated: boolean;
  /**
   * Tokens of a failed request the upstream began to answer without reporting its usage, after
   * earlier requests of the same answer (a web search) had reported theirs: added as an estimate.
   */
  unreported: { promptTokens: number; completionTokens: number } | undefined;
  /**
   * Attempts the provider began to answer before they failed (billed) and the row's own tokens do
   * not count: before another answered, or before the one a failed request's row counts;
   * undefined when there were none, as on nearly every request: nothing is allocated for them.
   */
  fellThrough: FellThroughAttempt[] | undefined;
}

const idPrefix = randomBytes(6).toString("hex");
let idCounter = 0;
/** A chat request's id, its ledger row's: `chatcmpl-`, as OpenAI's chat answers have. */
export function nextRequestId(): string {
  idCounter = (idCounter + 1) % 0x7fffffff;
  return `chatcmpl-${idPrefix}${idCounter.toString(36)}`;
}

/**
 * The id of an answer outside a chat request (a model's lookup, count_tokens, a 404): `req_`, as
 * OpenAI's and Anthropic's own are, since no ledger row has it (an internal error's log line does).
 */
export function routeRequestId(): string {
  idCounter = (idCounter + 1) % 0x7fffffff;
  return `req_${idPrefix}${idCounter.toString(36)}`;
}

/** The record of a request that arrived just now on `dialect` from `client`. */
export function startRecord(dialect: ChatApi, client: string): RequestRecord {
  return {
    dialect,
    inBandError: undefined,
    ts: Date.now(),
    started: performance.now(),
    requestId: nextRequestId(),
    client,
    stream: false,
    status: 200,
    errorClass: undefined,
    modelRequested: undefined,
    modelUsed: undefined,
    fallbackFrom: undefined,
    skippedFirst: undefined,
    retries: 0,
    traceId: undefined,
    usage: undefined,
    costUsd: 0,
    ttftMs: undefined,
    webSearches: 0,
    upstreamAnswered: false,
    cancelledInFlight: false,
    streamedTokens: 0,
    estimated: false,
    unreported: undefined,
    fellThrough: undefined,
  };
}

/** Which model answered, with what usage and cost: from a run that ended well. */
export function recordResult(record: RequestRecord, result: RunResult): void {
  record.modelUsed = result.model;
  record.traceId = result.traceId;
  record.usage = result.usage;
  record.costUsd = result.cost.total;
  record.fallbackFrom = result.fallbackFrom;
  record.skippedFirst = skippedFirstStep(result);
  record.retries = result.retries ?? 0;
  record.webSearches = result.webSearches?.length ?? 0;
  // Most runs answer at their first attempt: no list is made for them.
  record.fellThrough =
    result.failedAttempts.length === 0 ? undefined : fellThroughOf(result.failedAttempts);
}

/**
 * The failed attempts of an answered run that the provider had begun to answer, which it bills:
 * their reported tokens and cost, null where it reported none (unknown). Attempts it refused
 * outright (an error status, a connection that never answered) are not billed and not listed.
 */
export function fellThroughOf(
  attempts: readonly FailedAttempt[],
): FellThroughAttempt[] | undefined {
  const billed = attempts.flatMap((attempt) => {
    const answered = attempt.answered;
    if (answered === undefined) return [];
    const usage = answered.usage;
    return [
      {
        model: maskKeyShapedNames(attempt.model),
        prompt_tokens: usage?.missing?.includes("promptTokens")
          ? null
          : (usage?.promptTokens ?? null),
        completion_tokens: usage?.missing?.includes("completionTokens")
          ? null
          : (usage?.completionTokens ?? null),
        cached_tokens: usage?.cachedTokens ?? null,
        cost_usd: answered.costUsd ?? null,
      },
    ];
  });
  return billed.length > 0 ? billed : undefined;
}

/**
 * Which model a failed run called last, whether it had fallen back to it, and its retries: the
 * row then names the model that failed, not one the run only skipped. Its own tokens are those
 * of the one billed attempt it counts, as the provider reported them when it did (else estimated
 * at the end); every other billed attempt is listed under the model that spent it. `accrued`:
 * what the answer's earlier requests spent (a web search that failed after its first request),
 * the row's too, with the failed request's own part on top: as reported, or estimated
 * (`unreported`) when the provider began to answer it without reporting its usage.
 */
export function recordFailure(
  record: RequestRecord,
  failure: RunFailure,
  accrued?: AccruedUsage,
): void {
  record.modelUsed = failure.model;
  record.fallbackFrom = failure.fallbackFrom;
  record.skippedFirst = skippedFirstStep(failure);
  record.retries = failure.retries;
  record.cancelledInFlight = failure.cancelledInFlight;
  const billed = billedAttemptsOfFailedRun(failure);
  record.fellThrough = joined(
    fellThroughOf(failure.earlierFailedAttempts ?? []),
    billed.fellThrough,
  );
  if (accrued !== undefined) {
    record.usage = accrued.usage;
    record.costUsd = accrued.cost.total;
    record.webSearches = accrued.webSearches.length;
  }
  if (billed.counted === undefined) {
    // The provider answered only tries of models before this one (each listed), and this one
    // was refused outright or never sent: the row has nothing of its own to estimate.
    if (!failure.endedMidAttempt) record.upstreamAnswered = false;
    // An attempt under way when the run ended: its estimate, when it had begun to be answered.
    else record.unreported = accrued?.unreported;
    return;
  }
  const reported = billed.counted.usage;
  if (reported !== undefined) {
    // What the provider reported, not an estimate; counts it left out are estimated at the end.
    record.usage = record.usage === undefined ? reported : addUsage(record.usage, reported);
    record.costUsd += billed.counted.costUsd ?? 0;
  } else {
    record.unreported = accrued?.unreported;
  }
}

/** Both lists of attempts that fell through, as one (undefined when neither has any). */
function joined(
  earlier: FellThroughAttempt[] | undefined,
  later: FellThroughAttempt[] | undefined,
): FellThroughAttempt[] | undefined {
  if (earlier === undefined) return later;
  return later === undefined ? earlier : [...earlier, ...later];
}

/**
 * The billed attempts of a failed run: the one its row's own tokens count (`counted`), and the
 * others (`fellThrough`). The row names the model the run ended on, so it counts an attempt of
 * that model only: the one under way when the run ended (`endedMidAttempt`, not among the failed
 * attempts, estimated at the end), else the last attempt the provider began to answer when it
 * was of that model. Tries of a model before it that the provider answered (then refused the
 * next model outright, or could not be sent its request) are listed, not made the row's.
 */
export function billedAttemptsOfFailedRun(failure: RunFailure): {
  counted: NonNullable<FailedAttempt["answered"]> | undefined;
  fellThrough: FellThroughAttempt[] | undefined;
} {
  const attempts = failure.failedAttempts;
  if (failure.endedMidAttempt) return { counted: undefined, fellThrough: fellThroughOf(attempts) };
  const last = attempts.findLastIndex((attempt) => attempt.answered !== undefined);
  const lastAnswered = attempts[last];
  if (lastAnswered === undefined || lastAnswered.model !== failure.model)
    return { counted: undefined, fellThrough: fellThroughOf(attempts) };
  return {
    counted: lastAnswered.answered,
    fellThrough: fellThroughOf(attempts.filter((_, index) => index !== last)),
  };
}

/**
 * Usage for a request the upstream accepted but never reported usage for: the client left, or
 * the stream broke, mid-answer, or the client left while the upstream had the request and had
 * not answered yet (a whole answer is sent only once complete). The provider bills those
 * tokens, so the row gets an estimate, marked as one: the prompt from the request, the
 * completion from what was streamed so far, and the cost at `cost`'s prices (the model being
 * tried, when known).
 */
export function estimateUnreportedUsage(
  record: RequestRecord,
  request: Pick<ChatRequest, "messages" | "tools">,
  cost: ModelCost | undefined,
): void {
  const unreported = record.unreported;
  if (unreported !== undefined) {
    // The earlier requests' usage as reported, the failed one's estimated on top.
    const estimate: Usage = {
      ...ZERO_USAGE,
      ...unreported,
      totalTokens: unreported.promptTokens + unreported.completionTokens,
    };
    record.usage = addUsage(record.usage ?? ZERO_USAGE, estimate);
    record.estimated = true;
    if (cost) record.costUsd += computeCost({ cost }, estimate).total;
    return;
  }
  if (record.usage?.missing !== undefined) {
    // The provider's counts kept, the ones it left out estimated.
    record.usage = completedUsage(record.usage, record, request);
    record.estimated = true;
    if (cost) record.costUsd = computeCost({ cost }, record.usage).total;
    return;
  }
  if (record.usage !== undefined || !(record.upstreamAnswered || record.cancelledInFlight)) return;
  const usage = estimatedUsage(record, request);
  record.usage = usage;
  record.estimated = true;
  if (cost) record.costUsd = computeCost({ cost }, usage).total;
}

/**
 * The gateway's estimate of a request's usage: the prompt from the request, the completion from
 * what the upstream streamed so far. What the ledger keeps for a request whose upstream reported
 * none, and what a streaming client that asked for usage is told then.
 */
export function estimatedUsage(
  record: Pick<RequestRecord, "streamedTokens">,
  request: Pick<ChatRequest, "messages" | "tools">,
): Usage {
  return estimateCutUsage(request, record.streamedTokens);
}

/**
 * `usage` whose counts the provider left out (`missing`) are the gateway's estimate: the prompt
 * from the request (at least its cached part), the completion from what the upstream answered.
 * Either is at least what was reported for it: a run of several requests (a web search) sums
 * those that gave the count with those that left it out.
 */
export function completedUsage(
  usage: Usage,
  record: Pick<RequestRecord, "streamedTokens">,
  request: Pick<ChatRequest, "messages" | "tools">,
): Usage {
  const missing = usage.missing ?? [];
  const estimate = estimatedUsage(record, request);
  const promptTokens = missing.includes("promptTokens")
    ? Math.max(
        estimate.promptTokens,
        usage.promptTokens,
        usage.cachedTokens + usage.cacheWriteTokens,
      )
    : usage.promptTokens;
  const completionTokens = missing.includes("completionTokens")
    ? Math.max(estimate.completionTokens, usage.completionTokens)
    : usage.completionTokens;
  const { missing: _left, ...reported } = usage;
  return {
    ...reported,
    promptTokens,
    completionTokens,
    totalTokens: promptTokens + completionTokens,
  };
}

/** What may hold a key (`sk-…`, `Bearer …`): the one test every request pays. */
const KEY_HINT = /\b(?:sk|ak|msk)-|bearer\s/i;

/** `text` with anything shaped like a key, and each of `secrets`, masked. */
function withoutKeys(text: string, secrets: readonly string[]): string {
  if (secrets.some((secret) => text.includes(secret))) return redactSecrets(text, secrets);
  return KEY_HINT.test(text) ? redactSecrets(text) : text;
}

/** The most characters of a client's own name (`user`, …) a ledger row keeps. */
export const MAX_LEDGER_CLIENT_LENGTH = 256;

/**
 * A client name as a row keeps it: whole up to MAX_LEDGER_CLIENT_LENGTH characters, else its
 * start and how long it was. `user` has no length limit in OpenAI's API, and every served or
 * refused request writes one row: a client sending 1 MB names must not grow the ledger by that.
 */
function boundedClient(client: string): string {
  if (client.length <= MAX_LEDGER_CLIENT_LENGTH) return client;
  const suffix = `… (${client.length} characters)`;
  let end = MAX_LEDGER_CLIENT_LENGTH - suffix.length;
  // Never half of a character written as two UTF-16 units.
  const last = client.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return client.slice(0, end) + suffix;
}

/**
 * The ledger row of a finished request. `secrets`: the gateway's token, which has no shape of
 * its own to be known by (OPENCLAW_GATEWAY_TOKEN may be any text), masked where a client put it.
 */
export function ledgerRowOf(
  record: RequestRecord,
  latencyMs: number,
  secrets: readonly string[] = [],
): LedgerRow {
  const usage = record.usage;
  return {
    ts: record.ts,
    requestId: record.requestId,
    traceId: record.traceId,
    // Both are the client's own text, kept on disk and printed by --log-requests and usage: a
    // provider key a client put in `user` or `model` by mistake is kept as `sk-***`, the
    // gateway's token as `…` and its last four characters.
    client: boundedClient(withoutKeys(record.client, secrets)),
    modelRequested:
      record.modelRequested === undefined ? undefined : withoutKeys(record.modelRequested, secrets),
    // Refs of the config: a key pasted as a provider's name is kept masked, as /metrics and
    // the answers name it (`sk-kimi-***/kimi-k2.5`).
    modelUsed: record.modelUsed === undefined ? undefined : maskKeyShapedNames(record.modelUsed),
    fallbackFrom:
      record.fallbackFrom === undefined ? undefined : maskKeyShapedNames(record.fallbackFrom),
    retries: record.retries,
    stream: record.stream,
    promptTokens: usage?.promptTokens ?? 0,
    completionTokens: usage?.completionTokens ?? 0,
    cachedTokens: usage?.cachedTokens ?? 0,
    costUsd: record.costUsd,
    latencyMs,
    ttftMs: record.ttftMs,
    status: record.status,
    outcome:
      record.errorClass === undefined
        ? "ok"
        : record.errorClass === "client_disconnect"
          ? "client_disconnect"
          : "error",
    errorClass: record.errorClass,
    api: record.dialect,
    webSearches: record.webSearches,
    estimated: record.estimated,
    fellThrough: record.fellThrough,
  };
}
