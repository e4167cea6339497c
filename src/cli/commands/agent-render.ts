/**
 * Terminal rendering shared by `openclaw agent` and `openclaw chat`: a spinner until the first
 * token, reasoning dimmed (or hidden), the answer as it streams, tool calls, retries and
 * fallbacks as short notes on stderr, and the usage/cost line at the end.
 */
import type { AgentEvent, AgentResult } from "../../agent/index.js";
import { planBilledModels } from "../../auth/plan-billed-models.js";
import { zeroPricedInConfig } from "../../config/cost-places.js";
import type { LoadedConfig } from "../../config/index.js";
import { OpenClawError } from "../../errors.js";
import { ProviderError } from "../../providers/errors.js";
import { assistantText } from "../../providers/index.js";
import type { AssistantMessage, Cost, Usage } from "../../providers/types.js";
import { ANSWER_CUT_HINT } from "../../runtime/cut-answer.js";
import { formatUsd } from "../../runtime/index.js";
import { maskKeyShapedNames } from "../../util/key-shaped-names.js";
import { createSurrogateCarry } from "../../util/surrogate-carry.js";
import { createAnswerWrap } from "../answer-wrap.js";
import {
  besideLabel,
  colorEnabled,
  forTerminal,
  labelledText,
  type Spinner,
  startSpinner,
  style,
  terminalWidth,
  wrapAfterLabel,
  wrapHanging,
} from "../output.js";
import { MAX_ROUNDS_ALLOWED } from "./agent.js";
import type { OutputLimit } from "./output-limit.js";
import { type CostWording, planCostText } from "./plan-billed.js";
import { count } from "./usage-numbers.js";

type Stream = NodeJS.WriteStream;

export interface RendererOptions {
  showReasoning: boolean;
  /** The command rendering, for hints that name what its user can do (default `agent`). */
  command?: "agent" | "chat";
  /** Whether the person asked for a thinking level (`--thinking`, `/think`); else web search set it. */
  thinkingAsked?: boolean;
  /**
   * Whether to say an adjustment of a request to `model` (default: each one): chat says a note
   * the config or its /think level causes once, not before every answer (chat-standing-notes.ts).
   */
  sayAdjustment?: (model: string, note: string) => boolean;
  out?: Stream;
  err?: Stream;
}

export interface StreamRenderer {
  onEvent(event: AgentEvent): void;
  /** Stops the spinner and ends the current line. */
  finish(): void;
}

function shorten(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * A note (a retry, a fallback, what was changed in a request) fitted to `width`: each line wraps
 * at spaces with its further lines indented under it, a `  hint: ` line's under its text, so a
 * narrow terminal does not break a model ref or a word in two.
 */
function fitNote(text: string, width: number): string {
  if (!Number.isFinite(width)) return text;
  return text
    .split("\n")
    .map((line) => {
      const label = /^\s*hint: /.exec(line)?.[0];
      if (label)
        return besideLabel(label, wrapAfterLabel(line.slice(label.length), label.length, width));
      // Its further lines go two cells in, as under a label two cells wide.
      return wrapHanging(line, 2, width);
    })
    .join("\n");
}

/** The spinner's words while the model thinks and its reasoning is not shown (--hide-reasoning). */
const HIDDEN_THINKING = "thinking… (reasoning hidden)";

export function createStreamRenderer(options: RendererOptions): StreamRenderer {
  const out = options.out ?? process.stdout;
  const err = options.err ?? process.stderr;
  // On a terminal the reasoning shows dimmed above the answer; when stdout is piped it goes to
  // stderr so that the pipe only gets the answer.
  const reasoningStream = out.isTTY ? out : err;
  // Without colour, dimmed reasoning on the terminal would read like the answer: labelled instead.
  const labelled = reasoningStream === out && Boolean(out.isTTY) && !colorEnabled(out);
  // startSpinner draws nothing on a dumb terminal (it cannot erase a line), in a pipe, or when
  // the answer goes to a pipe (a pager's screen would get the frames).
  const spin = (text: string): Spinner | undefined => startSpinner(text, err, out);
  let spinner: Spinner | undefined = spin("waiting for the model…");
  let mode: "none" | "reasoning" | "text" = "none";
  let lastChar: Record<"out" | "reasoning", string> = { out: "\n", reasoning: "\n" };
  // A delta may end in half an emoji: that half waits for the next delta (or the end).
  const carry = { out: createSurrogateCarry(), reasoning: createSurrogateCarry() };
  // Reasoning shown on a terminal is wrapped at spaces as the answer is, by a wrap of its own (it
  // may go to stderr, and its lines are its own); piped, it is written as sent.
  const reasoningWrap = reasoningStream.isTTY
    ? createAnswerWrap(() => terminalWidth(reasoningStream))
    : undefined;
  const writeReasoningShown = (text: string) => {
    if (text === "") return;
    reasoningStream.write(style.dim(forTerminal(text, reasoningStream), reasoningStream));
    lastChar.reasoning = text.at(-1) ?? lastChar.reasoning;
    if (reasoningStream === out) lastChar.out = lastChar.reasoning;
  };
  const writeReasoning = (text: string) => {
    if (text !== "") writeReasoningShown(reasoningWrap ? reasoningWrap.take(text) : text);
  };
  /** The reasoning's carry, and the word its wrap holds, written now. */
  const flushReasoning = () => {
    writeReasoning(carry.reasoning.flush());
    if (reasoningWrap) writeReasoningShown(reasoningWrap.flush());
  };
  // On a terminal the answer is wrapped at spaces (see answer-wrap.ts); a pipe gets it as sent.
  const wrap = out.isTTY ? createAnswerWrap(() => terminalWidth(out)) : undefined;
  const writeShown = (text: string) => {
    if (text === "") return;
    out.write(forTerminal(text, out));
    lastChar.out = text.at(-1) ?? lastChar.out;
  };
  const writeText = (text: string) => {
    if (text !== "") writeShown(wrap ? wrap.take(text) : text);
  };
  /** The answer's carry, and the word the wrap holds, written now. */
  const flushText = () => {
    writeText(carry.out.flush());
    if (wrap) writeShown(wrap.flush());
  };
  /** Writes what the carries still hold, before anything else goes on the screen. */
  const flushCarries = () => {
    flushReasoning();
    flushText();
  };

  const stopSpinner = () => {
    spinner?.stop();
    spinner = undefined;
  };
  const endLine = (stream: Stream, key: "out" | "reasoning") => {
    if (lastChar[key] !== "\n") {
      stream.write("\n");
      lastChar[key] = "\n";
    }
    if (stream === out) wrap?.lineEnded();
    if (stream === reasoningStream) reasoningWrap?.lineEnded();
  };
  const note = (text: string) => {
    stopSpinner();
    flushCarries();
    if (mode !== "none") {
      endLine(out, "out");
      endLine(reasoningStream, "reasoning");
    }
    err.write(`${style.dim(fitNote(text, terminalWidth(err)), err)}\n`);
    mode = "none";
  };

  return {
    onEvent(event) {
      switch (event.type) {
        case "reasoning": {
          if (!options.showReasoning) {
            // Hidden, the reasoning still shows that the model is at work: "waiting for the
            // model…" through the minutes a thinking model may think read as a hang.
            if (event.delta !== "") spinner?.update(HIDDEN_THINKING);
            return;
          }
          const shown = carry.reasoning.take(event.delta);
          if (shown === "") return;
          stopSpinner();
          flushText();
          if (labelled && mode !== "reasoning") {
            endLine(out, "out");
            out.write("thinking:\n");
          } else if (mode === "text" && reasoningStream === out) {
            // Reasoning after part of the answer starts a line of its own, where its wrap counts.
            endLine(out, "out");
          }
          mode = "reasoning";
          writeReasoning(shown);
          return;
        }
        case "text": {
          const shown = carry.out.take(event.delta);
          if (shown === "") return;
          stopSpinner();
          flushReasoning();
          if (mode === "reasoning") {
            endLine(reasoningStream, "reasoning");
            if (reasoningStream === out) out.write(labelled ? "\nanswer:\n" : "\n");
            lastChar.out = "\n";
            wrap?.lineEnded();
          }
          mode = "text";
          writeText(shown);
          return;
        }
        case "start":
          // What was sent differs from what was asked (a lowered temperature, a rewritten tool
          // schema…): said before the answer, like a retry.
          if (event.adjustments) {
            const say = options.sayAdjustment;
            const said = say
              ? event.adjustments.filter((text) => say(event.model, text))
              : event.adjustments;
            for (const text of said) note(forTerminal(text, err));
            if (said.length > 0) spinner = spin("waiting for the model…");
          }
          return;
        case "tool_start":
          note(
            forTerminal(
              `→ ${event.toolCall.function.name}(${shorten(event.toolCall.function.arguments, 80)})`,
              err,
            ),
          );
          return;
        case "tool_result":
          err.write(
            `${style.dim(forTerminal(`  ${event.isError ? "✗" : "✓"} ${shorten(event.content, 100)}`, err), err)}\n`,
          );
          spinner = spin("waiting for the model…");
          return;
        case "retry":
          if (event.thinksUnasked) {
            note(
              `${event.model} thinks without being asked (the config calls it non-reasoning): sent again as to a thinking model
  hint: set reasoning: true on it in models.providers`,
            );
          } else if (event.droppedThinkingKeep) {
            // Nothing the person typed sends keep (a library caller's request does), so no hint:
            // the runtime keeps it out for this model from now on by itself.
            note(
              `${event.model} does not take thinking.keep (preserved thinking): sent again without it, thinking as asked`,
            );
          } else if (event.droppedThinking !== undefined) {
            // Thinking the person did not ask for was turned off by web search, which needs it off.
            const hint =
              options.thinkingAsked === false
                ? "web search turns thinking off, and this model always thinks: pick a model that can stop thinking to search"
                : options.command !== "chat"
                  ? "leave --thinking out for this model"
                  : event.droppedThinking === "off"
                    ? "this model always thinks: to have answers without thinking, /model one that can stop"
                    : "this model decides how it thinks: /think changes nothing for it";
            note(
              `${event.model} refused thinking "${event.droppedThinking}": sent again without it, the model decides\n  hint: ${hint}`,
            );
          } else if (event.filledReasoning) {
            note(
              `${event.model} took an empty reasoning_content on earlier tool-call turns as missing: sent again with "(reasoning not kept)" there`,
            );
          } else if (event.corrected?.param === "max_tokens") {
            const { from, to } = event.corrected;
            note(
              `${event.model} counted the conversation longer than estimated: the answer may use ${count(to)} tokens, not ${count(from)}; sent again\n  hint: /new or a shorter conversation leaves the answer more room`,
            );
          } else if (event.corrected) {
            // The agent sends no sampling values of its own: this one came from the config.
            const { param, from, to } = event.corrected;
            const key = param === "top_p" ? "topP" : param;
            note(
              `${event.model} takes only ${param} ${to}: sent again with ${to} instead of ${from}\n  hint: remove params.${key} from agents.defaults.models["${event.model}"] (the model sets it itself, and the value it takes can differ with thinking on and off)`,
            );
          } else {
            note(
              `retrying ${event.model} ${retryWhen(event.delayMs)} (attempt ${event.attempt + 1}): ${event.error.message}`,
            );
          }
          spinner = spin("waiting for the model…");
          return;
        case "fallback":
          // No API at the primary's base URL, or a key sent to the other Moonshot region, is the
          // config's to fix, whatever answered instead: the setting and the address to set, as
          // the error itself would say.
          note(
            `falling back from ${event.from} to ${event.to}: ${event.error.message}${(event.error.noApiAtBaseUrl || event.error.errorClass === "wrong_region") && event.error.hint ? `\n  hint: ${event.error.hint}` : ""}`,
          );
          spinner = spin("waiting for the model…");
          return;
        case "web_search":
          note(
            `searched the web${event.tokens === undefined ? "" : ` (${count(event.tokens)} tokens of results)`}`,
          );
          spinner = spin("reading the results…");
          return;
        default:
          return;
      }
    },
    finish() {
      stopSpinner();
      flushCarries();
      endLine(out, "out");
      if (reasoningStream !== out) endLine(reasoningStream, "reasoning");
      lastChar = { out: "\n", reasoning: "\n" };
      mode = "none";
    },
  };
}

/**
 * `formatUsage`'s tokens and cost. `unpriced`: the models whose tokens cost $0 because they have
 * no prices (a model's `cost` is 0 unless the config sets it, and the Moonshot page's snippet
 * writes zeros): their part of the cost is said to be unknown, as a `$0` would read as free; of
 * them, those on a Kimi Code plan are said to use its quota instead (see costText).
 * `loaded`: the config, to tell zeros it writes (said with where, as `openclaw usage` says them)
 * from prices never set.
 */
export function formatUsage(
  usage: Usage | undefined,
  cost: Cost,
  unpriced: readonly string[] = [],
  loaded?: LoadedConfig,
  wording: CostWording = {},
): string {
  if (!usage) return `usage: not reported · cost ${formatUsd(cost.total)}`;
  // Thousands separated, as `gateway --log-requests` and `usage` print token counts.
  const cached = usage.cachedTokens > 0 ? ` (${count(usage.cachedTokens)} cached)` : "";
  return `tokens: ${count(usage.promptTokens)} in${cached}, ${count(usage.completionTokens)} out · cost ${costText(cost, unpriced, loaded, wording)}`;
}

/**
 * `$0.0012`, or what of it is unknown, and why: see `formatUsage`. Models billed by a plan's
 * quota (Kimi Code) cost $0 because the subscription pays: they are said to be on the plan, and
 * not unknown, since no price exists to set for them.
 */
export function costText(
  cost: Cost,
  unpriced: readonly string[],
  loaded?: LoadedConfig,
  wording: CostWording = {},
): string {
  const onPlan = planBilledModels(unpriced, loaded);
  if (onPlan.length === 0) return moneyText(cost, unpriced, loaded, wording);
  const rest = unpriced.filter((model) => !onPlan.includes(model));
  if (cost.total === 0 && rest.length === 0) return planCostText(onPlan, true, wording);
  return `${moneyText(cost, rest, loaded, wording)}, plus ${planCostText(onPlan, false, wording)}`;
}

/**
 * The dollars of `cost`, and which of `unpriced` (models billed per token) are unknown, and why;
 * the why only for those an earlier footer did not explain (`wording.unpricedExplained`).
 */
function moneyText(
  cost: Cost,
  unpriced: readonly string[],
  loaded?: LoadedConfig,
  wording: CostWording = {},
): string {
  if (unpriced.length === 0) return formatUsd(cost.total);
  const explained = wording.unpricedExplained ?? [];
  const toExplain = unpriced.filter((model) => !explained.includes(model));
  const zero = zeroPricedInConfig(loaded, toExplain);
  const unset = toExplain.filter((model) => !zero.has(model));
  // Beside a sum, the models are named before the parenthesis: what is said of all of them
  // ("no prices", "the config prices it at 0") need not name them again.
  const partly = cost.total !== 0;
  const all = toExplain.length === unpriced.length;
  const why: string[] = [];
  if (zero.size > 0) {
    const refs = [...zero.keys()];
    const places = [...new Set(zero.values())];
    const named =
      partly && all && unset.length === 0 ? (refs.length === 1 ? "it" : "them") : refs.join(", ");
    why.push(`the config prices ${named} at 0, at ${places.join(", ")}`);
  }
  if (unset.length > 0)
    why.push(partly && all && zero.size === 0 ? "no prices" : `no prices for ${unset.join(", ")}`);
  const because = why.length > 0 ? ` (${why.join("; ")})` : "";
  return partly
    ? `${formatUsd(cost.total)} and unknown for ${unpriced.join(", ")}${because}`
    : `unknown${because}`;
}

/** The models of the run's requests that used tokens yet cost nothing: they have no prices. */
export function unpricedModels(result: Pick<AgentResult, "results">): string[] {
  const models = new Set<string>();
  for (const run of result.results) {
    const used = run.usage ? run.usage.promptTokens + run.usage.completionTokens : 0;
    if (used > 0 && run.cost.total === 0) models.add(run.model);
  }
  return [...models];
}

/** One line after an answer: model, tokens, cost, and the fallback when one was taken. */
/** Whether the provider reported usage for every request of the run, some, or none. */
export function usageReported(result: AgentResult): "all" | "some" | "none" {
  const reported = result.results.filter((run) => run.usage !== undefined).length;
  return reported === result.results.length ? "all" : reported === 0 ? "none" : "some";
}

export function summaryLine(
  result: AgentResult,
  elapsedMs: number,
  /** The config, to say where it prices a model at 0 (see costText). */
  loaded?: LoadedConfig,
  /** How much of the cost's words an earlier footer said already (chat's later answers). */
  wording: CostWording = {},
): string {
  const reported = usageReported(result);
  const parts = [
    result.model,
    // Zeros would be a guess: a provider that sent no usage is said to have sent none.
    reported === "none"
      ? "usage not reported by the provider"
      : `${formatUsage(result.usage, result.cost, unpricedModels(result), loaded, wording)}${reported === "some" ? " (some requests reported no usage)" : ""}`,
    `${(elapsedMs / 1000).toFixed(1)}s`,
  ];
  if (result.fallbackFrom) parts.push(`fell back from ${result.fallbackFrom}`);
  const searches = result.results.reduce((n, run) => n + (run.webSearches?.length ?? 0), 0);
  if (searches > 0) parts.push(searches === 1 ? "1 web search" : `${searches} web searches`);
  if (result.roundsExhausted) parts.push("stopped: tool round limit reached");
  const dropped = Math.max(0, ...result.results.map((run) => run.droppedMessages ?? 0));
  if (dropped > 0) parts.push(`${dropped} older messages left out to fit the context window`);
  // The refs name the provider as the config does: a key pasted as its name is not shown.
  return maskKeyShapedNames(parts.join(" · "));
}

/** The models without prices whose cost `summaryLine` says is unknown, and why. */
export function namesUnpriced(result: AgentResult): string[] {
  return usageReported(result) === "none" ? [] : unpricedModels(result);
}

/** Whether `summaryLine` names a plan's quota as the cost of the run (Kimi Code's). */
export function namesPlanQuota(result: AgentResult, loaded?: LoadedConfig): boolean {
  return (
    usageReported(result) !== "none" && planBilledModels(unpricedModels(result), loaded).length > 0
  );
}

/** A finish notice on stderr, as `note:` and `hint:` lines (`agent` and `chat` alike). */
export function printNotice(notice: FinishNotice, err: Stream = process.stderr): void {
  // Wrapped as an error's lines are: further lines under the text, a long word whole.
  err.write(`${labelledText("note", notice.text, err)}\n`);
  if (notice.hint) err.write(`${labelledText("hint", notice.hint, err)}\n`);
}

export interface FinishNotice {
  text: string;
  hint?: string;
  /** The run counts as failed (exit 1): what came is not the model's answer. */
  fails: boolean;
}

/**
 * What to tell the person when an answer ended for another reason than being complete:
 * cut at the token limit (`length`) or withheld by the provider's filter (`content_filter`).
 */
export function finishNotice(
  finishReason: string | undefined,
  model: string,
  limit: OutputLimit | undefined,
  message?: AssistantMessage,
  command: "agent" | "chat" = "agent",
): FinishNotice | undefined {
  // Nothing on the screen but the footer would look like a hang or a bug: said, not failed.
  if (
    finishReason === "stop" &&
    message !== undefined &&
    assistantText(message).trim() === "" &&
    !message.tool_calls?.length
  ) {
    return {
      text: `${model} answered with no text${message.reasoning_content?.trim() ? " (only reasoning)" : ""}`,
      hint: "ask again or rephrase; the empty answer is left out of what the model is sent next",
      fails: false,
    };
  }
  if (finishReason === "length") {
    const reached = `${model} reached its output limit${limitText(limit)}`;
    // The reasoning counts against the same limit: a small one can be spent before any answer,
    // which looks like the model said nothing.
    if (
      message !== undefined &&
      assistantText(message).trim() === "" &&
      !message.tool_calls?.length &&
      message.reasoning_content?.trim()
    ) {
      const thinkingOff = command === "chat" ? "/think off" : "--thinking off";
      return {
        text: `the answer is empty: ${reached} while thinking (the reasoning counts against it too), before it wrote any answer`,
        hint: orRaise(
          limit,
          model,
          `ask with thinking off (${thinkingOff}) where the model allows it`,
          command,
        ),
        fails: false,
      };
    }
    return {
      text: `the answer was cut off: ${reached}; what came is incomplete`,
      hint: orRaise(limit, model, "ask for a shorter answer", command),
      fails: false,
    };
  }
  if (finishReason === "content_filter") {
    return {
      text: `${model} stopped the answer: the provider's content filter withheld it (finish_reason content_filter)`,
      hint: "rephrase the request; what was shown before the stop is kept in the session",
      fails: true,
    };
  }
  return undefined;
}

/**
 * `raise the limit to N with: …; or <other>`; for a limit lowered to fit the window, how to leave
 * the answer more room; `<other>` alone when it cannot be raised.
 */
function orRaise(
  limit: OutputLimit | undefined,
  model: string,
  other: string,
  command: "agent" | "chat",
): string {
  if (limit?.lowered) return `${moreRoom(command)}; or ${other}`;
  if (limit?.raise) return `${limit.raise}; or ${other}`;
  return limit ? `${other} (${model} cannot be given a higher limit)` : other;
}

/**
 * What leaves an answer more room than a cap lowered to fit the window: less conversation, or a
 * larger window. A higher maxTokens would be lowered the same way.
 */
function moreRoom(command: "agent" | "chat"): string {
  return command === "chat"
    ? "/new starts a conversation that leaves the answer more room, as does /model with a larger context window (a higher maxTokens would be lowered the same way)"
    : "a new session (no --session-id) or a shorter conversation leaves the answer more room, as does a model with a larger context window (--model); a higher maxTokens would be lowered the same way";
}

/**
 * ` (max_tokens 8192, set by <where>)`, or for a cap the runtime lowered, from what and why;
 * "" when the limit is not known.
 */
function limitText(limit: OutputLimit | undefined): string {
  if (!limit) return "";
  const { lowered } = limit;
  if (lowered) {
    return ` (max_tokens ${limit.maxTokens}, lowered from ${lowered.from} so that the conversation, about ${count(lowered.inputTokens)} tokens, and the answer fit its context window of ${count(lowered.contextWindow)})`;
  }
  return ` (max_tokens ${limit.maxTokens}, set by ${limit.setBy})`;
}

/**
 * A run whose answer the output limit cut while the model wrote its tool calls (the agent loop's
 * `toolCallsCut`): the last call's arguments stop part-way, so no tool ran and there is no
 * answer. Told with the limit and how to raise it, and how to go on from the session.
 */
export function toolCallsCutError(
  result: AgentResult,
  limit: OutputLimit | undefined,
  sessionId: string | undefined,
  command: "agent" | "chat" = "agent",
): OpenClawError {
  const calls = result.message.tool_calls ?? [];
  const searched = result.results.at(-1)?.webSearchCut ? ["web search"] : [];
  const names = [...new Set([...calls.map((call) => call.function.name), ...searched])].join(", ");
  const message = `${result.model} reached its output limit${limitText(limit)} while it wrote its tool calls (${names}): the last one's arguments are cut off, so no tool ran and there is no answer`;
  const goOn = sessionId
    ? `then -m "go on" --session-id ${sessionId} continues the session`
    : 'then say "go on" to continue';
  const hint = limit?.lowered
    ? `${moreRoom(command)}; or ask for less at a time (one tool call at a time)`
    : limit?.raise
      ? `${limit.raise}, ${goOn}; or ask for less at a time`
      : `ask for less at a time (one tool call at a time), ${goOn}`;
  return new OpenClawError("tool_calls_cut", message, { hint });
}

/**
 * A run the round limit stopped while the model still asked for tools: it has no answer. `agent`
 * names its --max-rounds; `chat` (whose limit is the default) says how to let the model go on.
 * The calls not run are answered in the session as stopped, so the next turn continues it.
 */
export function roundsExhaustedError(
  result: AgentResult,
  limit: { maxRounds: number; sessionId: string } | undefined,
): OpenClawError {
  const stoppedAt = limit ? `--max-rounds ${limit.maxRounds}` : `the limit of ${result.rounds}`;
  const message = `${result.model} still asked for tools after ${result.rounds} model ${result.rounds === 1 ? "call" : "calls"}: the run stopped at ${stoppedAt} without an answer`;
  let hint: string;
  if (!limit) {
    hint = 'say "go on" to let it continue from here, or ask for less at a time';
  } else {
    const goOn = `the session keeps what was done, so -m "go on" --session-id ${limit.sessionId} continues it`;
    hint =
      limit.maxRounds < MAX_ROUNDS_ALLOWED
        ? `raise --max-rounds (at most ${MAX_ROUNDS_ALLOWED}), e.g. --max-rounds ${Math.min(MAX_ROUNDS_ALLOWED, limit.maxRounds * 2)}; ${goOn}`
        : `ask for less at a time; ${goOn}`;
  }
  return new OpenClawError("rounds_exhausted", message, { hint });
}

/**
 * A timeout told with what the command's user can do: `agent` has --timeout; `chat` waits as
 * long as the runtime does by default. The library's hint names its own settings.
 */
export function timeoutForCli(error: unknown, command: "agent" | "chat"): unknown {
  if (!(error instanceof ProviderError) || error.errorClass !== "timeout") return error;
  // A timeout in the middle of the answer keeps the hint on what was received.
  if (error.hint === ANSWER_CUT_HINT) return error;
  return error.retold({
    message: error.message,
    hint:
      command === "agent"
        ? "raise --timeout (in seconds; 0: no limit), or try again later"
        : "try again, or ask for a shorter answer (chat waits 120 s for the first token and between tokens; openclaw agent --timeout can wait longer)",
  });
}

/** The hint of a failure after configured fallbacks (src/runtime/after-fallbacks.ts). */
export { afterFallbacks } from "../../runtime/after-fallbacks.js";

/**
 * When a plain retry is sent, as its note says it: `in 1.3s`, or `now` for a wait under a tenth
 * of a second (a `Retry-After: 0` gets only a few milliseconds of jitter).
 */
function retryWhen(delayMs: number): string {
  return delayMs < 100 ? "now" : `in ${(delayMs / 1000).toFixed(1)}s`;
}
