/**
 * The sampling values Moonshot documents as the only ones a model takes, sent in place of others
 * from the first request: without them, each parameter a client sets (OpenAI's clients set
 * several) cost a refusal naming its one value and a resend, up to five upstream calls for one
 * answer. Moonshot's model parameter page marks kimi-k2.5's temperature, top_p, n and both
 * penalties "cannot be modified": top_p 0.95, the penalties 0, and a temperature of 1 while it
 * thinks and 0.6 when told not to (its refusals: `invalid temperature: only 0.6 is allowed for
 * this model`, `only 1 is allowed`). `n` is not here: the runtime sends none, and the gateway
 * refuses any other than 1.
 *
 * Only where the model's `compat.fixedSampling` is "moonshot" (the default at Moonshot's and Kimi
 * Code's addresses): "none" sends the values as asked, for an endpoint that takes others. A
 * refusal still teaches the runtime (fixed-sampling.ts), and what it learned wins over this.
 * Pure: no I/O.
 */
import type { ResolvedModel } from "../catalog/types.js";
import {
  isThinkingOn,
  sendsThinkingSwitch,
  thinkingLevel,
} from "../providers/build-chat-request.js";
import type { ChatRequest } from "../providers/types.js";
import { finiteNumber } from "../util/finite-number.js";
import {
  type FixedSamplingRules,
  type SamplingParam,
  sentSampling,
  withSampling,
} from "./fixed-sampling.js";

interface KnownValues {
  /** The one temperature while the model thinks, and when it is told not to. */
  temperature: { thinking: number; plain: number };
  fixed: ReadonlyArray<readonly [SamplingParam, number]>;
}

/** By model id (any case); kimi-k2.5 thinks unless told not to. */
const KNOWN: ReadonlyMap<string, KnownValues> = new Map([
  [
    "kimi-k2.5",
    {
      temperature: { thinking: 1, plain: 0.6 },
      fixed: [
        ["top_p", 0.95],
        ["presence_penalty", 0],
        ["frequency_penalty", 0],
      ],
    },
  ],
]);

/** Whether the request leaves `model` thinking: it does unless thinking off goes with it. */
function thinksWith(model: ResolvedModel, request: ChatRequest): boolean {
  return !(sendsThinkingSwitch(model, request) && thinkingLevel(model, request) === "off");
}

/** A value put in place of the one a request would send. */
interface Change {
  param: SamplingParam;
  from: number;
  to: number;
  /** The key of the model's configured `params` the value came from; unset: the caller's. */
  configKey?: string;
}

/** The key of `model`'s `params` that `param` is sent from, when the caller set none. */
function configKeyOf(
  model: ResolvedModel,
  request: ChatRequest,
  param: SamplingParam,
): string | undefined {
  switch (param) {
    case "temperature":
      return request.temperature === undefined ? "temperature" : undefined;
    case "top_p":
      if (request.topP !== undefined) return undefined;
      return finiteNumber(model.params.topP) === undefined ? "top_p" : "topP";
    default:
      return finiteNumber(request.extraBody?.[param]) === undefined ? param : undefined;
  }
}

const NO_CHANGES: readonly Change[] = Object.freeze([]);

/**
 * `request` with the values `model` is known to take, and what changed (`thinks` is only read
 * when something did).
 */
export function withKnownSampling(
  model: ResolvedModel,
  request: ChatRequest,
): { request: ChatRequest; changes: readonly Change[]; thinks: boolean } {
  // Most requests go to models with nothing known: they pay two lookups and allocate nothing.
  if (model.compat.fixedSampling !== "moonshot")
    return { request, changes: NO_CHANGES, thinks: false };
  const known = KNOWN.get(model.id.toLowerCase());
  if (!known) return { request, changes: NO_CHANGES, thinks: false };
  const thinks = thinksWith(model, request);
  const values: (readonly [SamplingParam, number])[] = [
    ["temperature", thinks ? known.temperature.thinking : known.temperature.plain],
    ...known.fixed,
  ];
  let result = request;
  const changes: Change[] = [];
  for (const [param, to] of values) {
    const from = sentSampling(model, result, param);
    if (from === undefined || from === to) continue;
    const configKey = configKeyOf(model, result, param);
    result = withSampling(result, param, to);
    changes.push(configKey === undefined ? { param, from, to } : { param, from, to, configKey });
  }
  return { request: result, changes, thinks };
}

/** What a note says of `changes` to `model`: `temperature 0.7 sent as 1, top_p 0.9 as 0.95: …`. */
function knownNote(model: ResolvedModel, changes: readonly Change[], thinks: boolean): string {
  const said = changes.map(
    (change, index) =>
      `${change.param} ${change.from} ${index === 0 ? "sent " : ""}as ${change.to}`,
  );
  const plural = changes.length > 1;
  const state = thinks ? "while it thinks" : "with thinking off";
  const them = plural ? "them" : "it";
  const note = `${said.join(", ")}: the only ${plural ? "values" : "value"} ${model.ref} takes ${state} (Moonshot fixes ${them}; compat.fixedSampling "none" sends ${them} as asked)`;
  // A value from the config is never sent as written: the hint says where to take it out.
  const keys = changes.flatMap((change) =>
    change.configKey ? [`params.${change.configKey}`] : [],
  );
  if (keys.length === 0) return note;
  return `${note}; remove ${keys.join(" and ")} from agents.defaults.models["${model.ref}"] to leave ${keys.length > 1 ? "them" : "it"} to the model`;
}

/** The request a model's attempts start from, and what its first `start` says of it. */
export interface SampledRequest {
  request: ChatRequest;
  thinking: boolean;
  /** The values known before any refusal, said as an adjustment. */
  known: string | undefined;
  /** What earlier refusals taught (see FixedSamplingRules.learnedChanges). */
  learned: string[];
}

/**
 * `prepared` as it goes to `model`: without what the model refused before, with the sampling
 * values it is known to take, then with what its refusals taught (which wins: an endpoint may
 * have changed what it takes). A known value a learned one replaced goes unsaid.
 */
export function sampledRequest(
  sampling: FixedSamplingRules,
  model: ResolvedModel,
  prepared: ChatRequest,
): SampledRequest {
  const refusedLeftOut = sampling.withoutRefusedThinking(model, prepared);
  const known = withKnownSampling(model, refusedLeftOut);
  const thinking = isThinkingOn(model, known.request);
  const request = sampling.apply(model, thinking, known.request);
  const kept =
    known.changes.length === 0
      ? NO_CHANGES
      : known.changes.filter((change) => sentSampling(model, request, change.param) === change.to);
  return {
    request,
    thinking,
    known: kept.length > 0 ? knownNote(model, kept, known.thinks) : undefined,
    learned: sampling.learnedChanges(
      model,
      prepared,
      request,
      kept.length === 0 ? undefined : new Set(kept.map((change) => change.param)),
    ),
  };
}
