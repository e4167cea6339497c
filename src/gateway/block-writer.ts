/**
 * The writer events both block encoders (Responses output items, Messages content blocks) take
 * alike: the model, reasoning, text and tool calls. Tool calls are put in order here, one at a
 * time. A streamed chat completion's calls go through it too (see chat-stream-writer.ts).
 *
 * Why: an OpenAI-compatible upstream may interleave several calls' fragments, told apart by
 * `index` only (call 0's arguments, call 1's, call 0's again), and may send text or reasoning
 * between them; Moonshot sends each call whole before the next. Anthropic's content blocks
 * cannot interleave (one is open at a time), and a Responses item is done before the next one
 * begins. So a call is streamed live while it is the current one; what comes while it is not
 * complete yet (fragments of a later call, text, reasoning) is held back, in the order it came,
 * and goes out once the current call is complete: text as a block (or item) after the call, a
 * later call's fragments at once, its later fragments live again. A call whose arguments never
 * close (cut by the token cap) keeps the rest back to the end, where it goes out in the order it
 * came.
 *
 * A call is complete when the stream parser says so with its `tool_call` event (its arguments
 * a whole JSON value of any type and something else came, or none at all when another call's
 * arguments began; see parse-chat-stream.ts), not by a rule of its own: the parser drops what
 * an upstream sends for a call after that, so what a client is streamed here is what the final
 * message holds.
 */
import type {
  AssistantMessage,
  ChoiceLogprobs,
  FinishReason,
  ToolCall,
} from "../providers/types.js";
import type { RuntimeEvent } from "../runtime/types.js";

/** An encoder of block-structured events (Responses output items, Messages content blocks). */
export interface BlockEncoder {
  setModel(model: string): void;
  reasoning(delta: string): string;
  toolCallDelta(
    callIndex: number,
    id: string | undefined,
    name: string | undefined,
    args: string,
  ): string;
  toolCall(callIndex: number, call: ToolCall): string;
}

/** How an encoder writes a piece of text (each takes its own form of log probabilities). */
export type TextOut = (delta: string, logprobs: ChoiceLogprobs | undefined) => string;

export interface BlockWriter {
  setModel(model: string): void;
  reasoning(delta: string): string;
  text(delta: string, logprobs: ChoiceLogprobs | undefined): string;
  toolCallDelta(event: Extract<RuntimeEvent, { type: "tool_call_delta" }>): string;
  toolCall(index: number, call: ToolCall): string;
  /** At the upstream's end: what was held back goes out, after the current call. */
  done(reason: FinishReason): string;
  /**
   * `message` with its tool calls in the order they were streamed (the order the upstream began
   * them), which is how a client replays the turn; the final message has them in index order.
   */
  asStreamed(message: AssistantMessage): AssistantMessage;
}

/** One call as its fragments arrived. `whole`: the parser's call (its id when none was sent). */
interface CallSoFar {
  kind: "call";
  index: number;
  id: string | undefined;
  name: string | undefined;
  args: string;
  whole: ToolCall | undefined;
  /** Given to the encoder: streamed (the current call), then closed. */
  state: "held" | "current" | "closed";
}

/** Text or reasoning that came while a call was incomplete: written once it is its turn. */
interface HeldContent {
  kind: "content";
  write: () => string;
}

export function blockWriter(encoder: BlockEncoder, textOut: TextOut): BlockWriter {
  const calls = new Map<number, CallSoFar>();
  /** Calls and content held back, in the order they came. */
  const held: (CallSoFar | HeldContent)[] = [];
  let current: CallSoFar | undefined;
  /** The ids of the calls in the order they were given to the encoder. */
  const streamedIds: string[] = [];

  const assembled = (call: CallSoFar): ToolCall => ({
    id: call.whole?.id ?? call.id ?? "",
    type: "function",
    function: { name: call.whole?.function.name ?? call.name ?? "", arguments: call.args },
  });

  /** The parser gave the call out whole: nothing more of it will come. */
  const complete = (call: CallSoFar): boolean => call.whole !== undefined;

  /** The current call is complete (or the answer is over): it closes. */
  const closeCurrent = (): string => {
    if (!current) return "";
    const closing = current;
    closing.state = "closed";
    current = undefined;
    const call = assembled(closing);
    streamedIds.push(call.id);
    return encoder.toolCall(closing.index, call);
  };

  /**
   * The next thing held back goes out: content as it came, or a call that becomes the current
   * one, what arrived of it so far in one fragment.
   */
  const openNext = (): string => {
    const next = held.shift();
    if (!next) return "";
    if (next.kind === "content") return next.write();
    next.state = "current";
    current = next;
    return encoder.toolCallDelta(next.index, next.id, next.name, next.args);
  };

  /** While things are held back and the current call is complete, the next one takes its turn. */
  const advance = (): string => {
    let out = "";
    while (held.length > 0 && (current === undefined || complete(current)))
      out += closeCurrent() + openNext();
    return out;
  };

  const callOf = (index: number): CallSoFar => {
    let call = calls.get(index);
    if (!call) {
      call = {
        kind: "call",
        index,
        id: undefined,
        name: undefined,
        args: "",
        whole: undefined,
        state: "held",
      };
      calls.set(index, call);
      if (current === undefined && held.length === 0) {
        call.state = "current";
        current = call;
      } else held.push(call);
    }
    return call;
  };

  /**
   * Text or reasoning: written now unless a call is being streamed and not complete yet (its
   * block or item cannot be left and come back to), then held back until it is.
   */
  const content = (write: () => string): string => {
    if (held.length > 0 || (current !== undefined && !complete(current))) {
      held.push({ kind: "content", write });
      return "";
    }
    return closeCurrent() + write();
  };

  return {
    setModel: (model) => encoder.setModel(model),
    reasoning: (delta) => content(() => encoder.reasoning(delta)),
    text: (delta, logprobs) => content(() => textOut(delta, logprobs)),
    toolCallDelta(event) {
      const call = callOf(event.index);
      call.id ??= event.id;
      call.name ??= event.name;
      // A fragment after its call closed has no place left (its block or item is done); the
      // parser sends none (a call closes once the parser gave it out whole).
      if (call.state === "closed") return "";
      call.args += event.argumentsDelta;
      const out =
        call.state === "current"
          ? encoder.toolCallDelta(event.index, event.id, event.name, event.argumentsDelta)
          : "";
      return out + advance();
    },
    toolCall(index, call) {
      const known = calls.get(index);
      if (known) {
        known.whole = call;
        // Complete: if it is the current one, what waits behind it takes its turn.
        return advance();
      }
      // A call that never came as fragments (one found in the text): whole at once, unless
      // another is being streamed, when it waits its turn as a held one.
      const whole = callOf(index);
      whole.id = call.id;
      whole.name = call.function.name;
      whole.args = call.function.arguments;
      whole.whole = call;
      if (whole.state === "held") return advance();
      whole.state = "closed";
      current = undefined;
      streamedIds.push(call.id);
      return encoder.toolCall(index, call);
    },
    done() {
      let out = closeCurrent();
      while (held.length > 0) out += openNext() + closeCurrent();
      return out;
    },
    asStreamed(message) {
      const calls = message.tool_calls;
      if (!calls || calls.length < 2) return message;
      const left = [...calls];
      const inOrder: ToolCall[] = [];
      for (const id of streamedIds) {
        const at = left.findIndex((call) => call.id === id);
        if (at >= 0) inOrder.push(...left.splice(at, 1));
      }
      // Calls not streamed (none expected) keep their place after the streamed ones.
      return { ...message, tool_calls: [...inOrder, ...left] };
    },
  };
}
