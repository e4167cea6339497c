/**
 * Sampling parameters a model takes only one value of. Moonshot fixes some of them per model —
 * kimi-k2.5 takes only temperature 0.6 without thinking and 1 with it, the thinking models only
 * 1 — and refuses any other value with a 400 such as `invalid temperature: only 0.6 is allowed
 * for this model`. Most OpenAI clients send a temperature of their own (0.7 is a common
 * default), so through a plain pass-through they would fail on exactly these models.
 *
 * The runtime reads the allowed value from that refusal, sends the request again with it, and
 * from then on sends it from the start for that model and thinking state; what it learns wins
 * over the values Moonshot documents (kimi-k2.5's, sent from the first request:
 * known-fixed-sampling.ts). Pure: no I/O.
 *
 * The thinking switch is fixed the same way on some models: those that always think refuse
 * `thinking: {"type": "disabled"}`, and kimi-k3 takes no thinking object at all. After such a
 * refusal the request goes again without the switch (the model does as it always does), and so
 * does every later one to that model.
 *
 * And a model can think without being asked: kimi-k2.5 and later do unless told not to, even
 * where the config calls them non-reasoning (the spec's own config does). Such a model is found
 * out by the reasoning in its first answer, or by a refusal a thinking model gets: an earlier
 * tool-call turn without `reasoning_content` ("thinking is enabled but reasoning_content is
 * missing in assistant tool call message at index N", which a client's history or another
 * model's turn often lacks), or a forced `tool_choice` ("… is incompatible with thinking
 * enabled", when the caller asked for thinking: unasked, a forced tool choice goes with thinking
 * off). From then on it is treated as the reasoning model it is (`effective`): earlier tool-call
 * turns get a `reasoning_content`; a refused request goes again at once. A thinking level other
 * than off is still not sent (the config's `reasoning: false` decides that, on every request
 * alike: found-thinking.ts).
 *
 * A forced tool choice nobody asked thinking for goes with thinking off (`thinkingLevel`); a
 * model that refuses that switch is sent the request without it, and its tool choice as "auto".
 *
 * An option of the thinking object is not the switch: kimi-k2.5 refuses preserved thinking
 * (`thinking.keep`, kimi-k2.6's) with `thinking.keep is not supported by model "kimi-k2.5"`,
 * thinking on or off. Only `keep` is left out then, now and later; the switch still goes, so
 * thinking off stays off and a forced tool choice stays forced.
 */
import type { ResolvedModel } from "../catalog/types.js";
import {
  isThinkingOn,
  sendsThinkingSwitch,
  thinkingLevel,
} from "../providers/build-chat-request.js";
import { markFoundThinking } from "../providers/found-thinking.js";
import type { ChatRequest } from "../providers/types.js";
import { finiteNumber } from "../util/finite-number.js";
import {
  keepsAllReasoning,
  UNKEPT_REASONING,
  withFilledReasoning,
  withReasoningSlots,
} from "./reasoning.js";
import type { CorrectedValue, RequestChange } from "./types.js";

/** A sampling value a provider may fix for a model (refusing any other), as the request field names it. */
export type SamplingParam = "temperature" | "top_p" | "presence_penalty" | "frequency_penalty";

const SAMPLING_PARAMS: readonly SamplingParam[] = [
  "temperature",
  "top_p",
  "presence_penalty",
  "frequency_penalty",
];

/** The one value a model takes for a sampling parameter, as a refusal named it. */
export interface FixedSampling {
  /** The parameter. */
  param: SamplingParam;
  /** The only value the model takes for it. */
  value: number;
}

const REFUSAL =
  /\binvalid (temperature|top_p|presence_penalty|frequency_penalty)\b[^\n]*?\bonly (-?\d+(?:\.\d+)?) is allowed\b/i;

/** The parameter and the one value a provider's refusal names, or undefined for other errors. */
export function fixedSamplingFrom(message: string): FixedSampling | undefined {
  const match = REFUSAL.exec(message);
  if (!match) return undefined;
  const value = Number(match[2]);
  if (!Number.isFinite(value)) return undefined;
  return { param: (match[1] ?? "").toLowerCase() as SamplingParam, value };
}

/**
 * A refusal of the thinking switch itself. Not one of the other refusals that speak of thinking:
 * a history without `reasoning_content`, or `tool_choice` while thinking.
 */
export function refusesThinkingSwitch(message: string): boolean {
  return (
    /\bthinking\b/i.test(message) &&
    !/reasoning_content|tool_choice/i.test(message) &&
    !refusesThinkingKeep(message)
  );
}

/** A refusal of preserved thinking (`thinking.keep`), not of the thinking switch it rides on. */
export function refusesThinkingKeep(message: string): boolean {
  return /\bthinking\.keep\b[^\n]*\bnot supported\b/i.test(message);
}

/**
 * The value the request to `model` sends for `param`: the caller's, else the model's configured
 * `params`; undefined when neither sets it (the provider then uses its own, which is allowed).
 */
export function sentSampling(
  model: ResolvedModel,
  request: ChatRequest,
  param: SamplingParam,
): number | undefined {
  const params = model.params as Record<string, unknown>;
  switch (param) {
    case "temperature":
      return request.temperature ?? finiteNumber(params.temperature);
    case "top_p":
      return request.topP ?? finiteNumber(params.topP ?? params.top_p);
    default:
      return finiteNumber(request.extraBody?.[param]) ?? finiteNumber(params[param]);
  }
}

/** A copy of `request` that sends `value` for `param`. */
export function withSampling(
  request: ChatRequest,
  param: SamplingParam,
  value: number,
): ChatRequest {
  switch (param) {
    case "temperature":
      return { ...request, temperature: value };
    case "top_p":
      return { ...request, topP: value };
    default:
      return { ...request, extraBody: { ...request.extraBody, [param]: value } };
  }
}

/** A refused request put right: what to send instead, and what the retry event says of it. */
export interface Correction {
  /** The request to send instead. */
  request: ChatRequest;
  /** What was changed, as the retry event tells it. */
  event:
    | {
        /** A value the model does not take, sent as one it does. */
        corrected: CorrectedValue & {
          /** The parameter changed: a sampling one the model fixes, or `max_tokens`. */
          param: SamplingParam | "max_tokens";
        };
      }
    // The other changes, as the retry event says them.
    | Exclude<RequestChange, Record<"corrected", unknown>>;
  /**
   * Set when an answer cap over the window was lowered: the window the provider refused against
   * (its limit, which may not be the configured one) and the input counted beside the cap.
   */
  window?: {
    /** The window's size in tokens, as the provider's refusal gave it. */
    limit: number;
    /** The request's input tokens beside the cap: the provider's count when its refusal gave one. */
    inputTokens: number;
  };
}

/** Refusals that only a thinking model gets. */
const MISSING_REASONING = /\breasoning_content is missing\b/i;
const FORCED_TOOL_WHILE_THINKING = /\btool_choice\b[^\n]*\bthinking\b/i;

/** At most this many model and thinking states are remembered (a config has far fewer). */
const MAX_MODELS = 256;

/** What each model (and thinking state) was found to take, learned from its refusals. */
export class FixedSamplingRules {
  private readonly rules = new Map<string, Map<SamplingParam, number>>();
  /** Models that refused the thinking switch (their refs). */
  private readonly noThinkingSwitch = new Set<string>();
  /** Models that refused `thinking.keep` (their refs): the switch goes without it. */
  private readonly noThinkingKeep = new Set<string>();
  /** Models that took an empty `reasoning_content` as missing (their refs). */
  private readonly emptyReasoningRefused = new Set<string>();
  /** Models the config calls non-reasoning that were found to think unasked (their refs). */
  private readonly thinksUnasked = new Set<string>();
  /**
   * Each such model as a reasoning one, per resolved model object: a config reload resolves new
   * objects (another address, other headers), which get views of their own.
   */
  private readonly reasoningViews = new WeakMap<ResolvedModel, ResolvedModel>();

  /**
   * Rules are kept per model and thinking state: thinking, not thinking, or left to a model the
   * config does not call a reasoning one (kimi-k2.5 then thinks, and takes other values than when
   * told not to).
   */
  private static key(model: ResolvedModel, thinking: boolean, request: ChatRequest): string {
    const state = thinking
      ? "thinking"
      : model.reasoning || sendsThinkingSwitch(model, request)
        ? "plain"
        : "default";
    return `${model.ref}\u0000${state}`;
  }

  /** Remembers that `model` (in that thinking state) takes only `fixed.value` for `fixed.param`. */
  learn(model: ResolvedModel, thinking: boolean, request: ChatRequest, fixed: FixedSampling): void {
    const key = FixedSamplingRules.key(model, thinking, request);
    let rules = this.rules.get(key);
    if (!rules) {
      if (this.rules.size >= MAX_MODELS) {
        const oldest = this.rules.keys().next().value;
        if (oldest !== undefined) this.rules.delete(oldest);
      }
      rules = new Map();
      this.rules.set(key, rules);
    }
    rules.set(fixed.param, fixed.value);
  }

  /**
   * The correction for a refusal of `request` to `model` (a value it does not take), learned for
   * later requests; undefined when the refusal is not one of those, or the request already sent
   * what the model takes.
   */
  correct(
    model: ResolvedModel,
    thinking: boolean,
    request: ChatRequest,
    message: string,
  ): Correction | undefined {
    if (
      !model.reasoning &&
      thinkingLevel(model, request) !== "off" &&
      model.compat.thinkingFormat === "moonshot"
    ) {
      if (MISSING_REASONING.test(message)) {
        const messages = withReasoningSlots(request.messages, keepsAllReasoning(request));
        // Every turn had its slot: "" itself was taken as missing (below).
        if (messages !== request.messages) {
          this.learnThinksUnasked(model);
          return { request: { ...request, messages }, event: { thinksUnasked: true } };
        }
      }
      if (FORCED_TOOL_WHILE_THINKING.test(message)) {
        this.learnThinksUnasked(model);
        const messages = withReasoningSlots(request.messages, keepsAllReasoning(request));
        return { request: { ...request, messages }, event: { thinksUnasked: true } };
      }
    }
    // The turns that must carry reasoning carried it, some of them empty, and the model took ""
    // as missing: the empty ones go as UNKEPT_REASONING, now and from now on.
    if (model.compat.thinkingFormat === "moonshot" && MISSING_REASONING.test(message)) {
      const messages = withFilledReasoning(request.messages, keepsAllReasoning(request));
      if (messages === request.messages) return undefined;
      if (this.emptyReasoningRefused.size >= MAX_MODELS) this.emptyReasoningRefused.clear();
      this.emptyReasoningRefused.add(model.ref);
      return { request: { ...request, messages }, event: { filledReasoning: true } };
    }
    const fixed = fixedSamplingFrom(message);
    if (fixed) {
      const sent = sentSampling(model, request, fixed.param);
      if (sent === undefined || sent === fixed.value) return undefined;
      this.learn(model, thinking, request, fixed);
      return {
        request: withSampling(request, fixed.param, fixed.value),
        event: { corrected: { param: fixed.param, from: sent, to: fixed.value } },
      };
    }
    if (request.thinkingOptions?.keep !== undefined && refusesThinkingKeep(message)) {
      if (this.noThinkingKeep.size >= MAX_MODELS) this.noThinkingKeep.clear();
      this.noThinkingKeep.add(model.ref);
      return { request: withoutThinkingKeep(request), event: { droppedThinkingKeep: true } };
    }
    // The level the switch said: the caller's, or "off" for a forced tool choice.
    const sent = thinkingLevel(model, request);
    if (sent === undefined || !sendsThinkingSwitch(model, request)) return undefined;
    if (!refusesThinkingSwitch(message)) return undefined;
    this.learnNoThinkingSwitch(model);
    const without = leftToModel(model, request);
    return {
      request: this.apply(model, isThinkingOn(model, without), without),
      event: { droppedThinking: sent },
    };
  }

  /** Remembers that `model` refuses the thinking switch: it is no longer sent to it. */
  learnNoThinkingSwitch(model: ResolvedModel): void {
    if (this.noThinkingSwitch.size >= MAX_MODELS) this.noThinkingSwitch.clear();
    this.noThinkingSwitch.add(model.ref);
  }

  /**
   * Notes that `model`, which the config calls non-reasoning, thinks unasked; what was learned of
   * its sampling while it did so (its "default" state) is kept as its thinking state's.
   */
  learnThinksUnasked(model: ResolvedModel): void {
    // Moonshot's way only: elsewhere reasoning in an answer says nothing about what a request
    // must carry (providers differ on whether reasoning may be sent back at all).
    if (model.compat.thinkingFormat !== "moonshot") return;
    if (model.reasoning || this.thinksUnasked.has(model.ref)) return;
    if (this.thinksUnasked.size >= MAX_MODELS) this.thinksUnasked.clear();
    this.thinksUnasked.add(model.ref);
    const unasked = this.rules.get(FixedSamplingRules.key(model, false, { messages: [] }));
    const thinking = FixedSamplingRules.key(this.effective(model), true, { messages: [] });
    if (unasked && !this.rules.has(thinking)) this.rules.set(thinking, new Map(unasked));
  }

  /** `model` as it was found to be: a reasoning model, when it thinks unasked; else itself. */
  effective(model: ResolvedModel): ResolvedModel {
    if (this.thinksUnasked.size === 0 || model.reasoning || !this.thinksUnasked.has(model.ref))
      return model;
    let view = this.reasoningViews.get(model);
    if (!view) {
      view = { ...model, reasoning: true };
      markFoundThinking(view);
      this.reasoningViews.set(model, view);
    }
    return view;
  }

  /** Whether `model` refused the thinking switch before: it thinks whatever it is sent. */
  refusedSwitch(model: Pick<ResolvedModel, "ref">): boolean {
    return this.noThinkingSwitch.has(model.ref);
  }

  /**
   * `request` without what `model` refused before: its thinking switch (the whole thinking
   * object), or only `thinking.keep`; else itself.
   */
  withoutRefusedThinking(model: ResolvedModel, request: ChatRequest): ChatRequest {
    const keepless =
      this.noThinkingKeep.has(model.ref) && request.thinkingOptions?.keep !== undefined
        ? withoutThinkingKeep(request)
        : request;
    if (!this.noThinkingSwitch.has(model.ref) || thinkingLevel(model, keepless) === undefined)
      return keepless;
    return leftToModel(model, keepless);
  }

  /**
   * The sampling values `apply` changed in `before` to make `after`, said for the caller: a
   * refusal retried once teaches the runtime, and later requests are sent corrected at once,
   * with no retry whose note would say so. (A thinking switch left out is said by the request's
   * own adjustments, which see the request's `noThinkingSwitch`.) Parameters in `saidElsewhere`
   * are left out: their value was known before any refusal, and said so (known-fixed-sampling.ts).
   */
  learnedChanges(
    model: ResolvedModel,
    before: ChatRequest,
    after: ChatRequest,
    saidElsewhere?: ReadonlySet<SamplingParam>,
  ): string[] {
    if (before === after) return [];
    const changes: string[] = [];
    if (
      before.thinkingOptions?.keep !== undefined &&
      after.thinkingOptions?.keep === undefined &&
      !after.noThinkingSwitch
    )
      changes.push(
        `thinking.keep not sent: ${model.ref} refused it before (it has no preserved thinking)`,
      );
    if (hasUnkeptReasoning(after.messages) && !hasUnkeptReasoning(before.messages))
      changes.push(
        `earlier tool-call turns with an empty reasoning_content sent with "${UNKEPT_REASONING}": ${model.ref} took "" as missing before`,
      );
    for (const param of SAMPLING_PARAMS) {
      if (saidElsewhere?.has(param)) continue;
      const from = sentSampling(model, before, param);
      const to = sentSampling(model, after, param);
      if (from !== undefined && to !== undefined && from !== to)
        changes.push(`${param} ${from} sent as ${to}: the only value ${model.ref} took before`);
    }
    return changes;
  }

  /** `request` with its empty reasoning filled, to a thinking model that refused "" before. */
  private withLearnedReasoning(
    model: ResolvedModel,
    thinking: boolean,
    request: ChatRequest,
  ): ChatRequest {
    if (!thinking || this.emptyReasoningRefused.size === 0) return request;
    if (!this.emptyReasoningRefused.has(model.ref)) return request;
    const messages = withFilledReasoning(request.messages, keepsAllReasoning(request));
    return messages === request.messages ? request : { ...request, messages };
  }

  /**
   * `request` with every learned value in place of what it would send; the same object when
   * nothing changes (the common case: no rule, or the caller sent the allowed value already).
   */
  apply(model: ResolvedModel, thinking: boolean, request: ChatRequest): ChatRequest {
    const filled = this.withLearnedReasoning(model, thinking, request);
    if (this.rules.size === 0) return filled;
    const rules = this.rules.get(FixedSamplingRules.key(model, thinking, filled));
    if (!rules) return filled;
    let result = filled;
    for (const [param, value] of rules) {
      const sent = sentSampling(model, result, param);
      if (sent !== undefined && sent !== value) result = withSampling(result, param, value);
    }
    return result;
  }
}

/** Whether a turn of `messages` carries UNKEPT_REASONING (see withFilledReasoning). */
function hasUnkeptReasoning(messages: ChatRequest["messages"]): boolean {
  return messages.some(
    (message) => message.role === "assistant" && message.reasoning_content === UNKEPT_REASONING,
  );
}

/**
 * A copy of `request` that leaves the thinking switch to the model (which refused it): none is
 * sent, not even the "off" a forced tool choice brings.
 */
export function withoutThinkingSwitch(request: ChatRequest): ChatRequest {
  const { thinking: _switch, thinkingOptions: _options, ...rest } = request;
  return { ...rest, noThinkingSwitch: true };
}

/** A copy of `request` whose thinking object goes without `keep` (its other options stay). */
export function withoutThinkingKeep(request: ChatRequest): ChatRequest {
  const { keep: _keep, ...options } = request.thinkingOptions ?? {};
  const { thinkingOptions: _options, ...rest } = request;
  return Object.keys(options).length > 0 ? { ...rest, thinkingOptions: options } : rest;
}

/**
 * `request` without the switch `model` refused, as that model gets it: it thinks then (it
 * refused to stop), so earlier tool-call turns get the `reasoning_content` it demands.
 */
function leftToModel(model: ResolvedModel, request: ChatRequest): ChatRequest {
  const without = withoutThinkingSwitch(request);
  if (!isThinkingOn(model, without)) return without;
  const messages = withReasoningSlots(without.messages, keepsAllReasoning(request));
  return messages === without.messages ? without : { ...without, messages };
}
