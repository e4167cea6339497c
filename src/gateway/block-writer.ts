/**
 * The writer events both block encoders (Responses output items, Messages content blocks) take
 * alike: the model, reasoning and tool calls. Tool calls are put in order here, one at a time.
 *
 * Why: an OpenAI-compatible upstream may interleave several calls' fragments, told apart by
 * `index` only (call 0's arguments, call 1's, call 0's again); Moonshot sends each call whole
 * before the next. Anthropic's content blocks cannot interleave (one is open at a time), and the
 * Responses encoder closes a call's item once the next begins. So a call is streamed live while
 * it is the current one; fragments of a later call are held back until the current call's
 * arguments are a whole JSON value (the call is complete), and then go out at once, its later
 * fragments live again. A call whose arguments never complete (cut by the token cap) keeps the
 * later ones back to the end, where they go out whole, in the order they began.
 *
 * The stream parser's whole `tool_call` event is not taken as the end of a call that came as
 * fragments: it sends it for the earlier calls as soon as a new call begins, which with an
 * interleaving upstream is before their last fragments.
 */
import type { FinishReason, ToolCall } from "../providers/types.js";
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

export interface BlockWriter {
  setModel(model: string): void;
  reasoning(delta: string): string;
  toolCallDelta(event: Extract<RuntimeEvent, { type: "tool_call_delta" }>): string;
  toolCall(index: number, call: ToolCall): string;
  /** At the upstream's end: the calls held back go out, after the current one. */
  done(reason: FinishReason): string;
}

/** One call as its fragments arrived. `whole`: the parser's call (its id when none was sent). */
interface CallSoFar {
  index: number;
  id: string | undefined;
  name: string | undefined;
  args: string;
  whole: ToolCall | undefined;
  /** Given to the encoder: streamed (the current call), then closed. */
  state: "held" | "current" | "closed";
}

/** Whether `text` is one whole JSON value. Cheap first: an object or array ends with } or ]. */
function isWholeJson(text: string): boolean {
  let end = text.length - 1;
  while (end >= 0 && /\s/.test(text.charAt(end))) end--;
  const last = text.charAt(end);
  if (last !== "}" && last !== "]") return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export function blockWriter(encoder: BlockEncoder): BlockWriter {
  const calls = new Map<number, CallSoFar>();
  /** Calls held back, in the order they began. */
  const held: CallSoFar[] = [];
  let current: CallSoFar | undefined;

  const assembled = (call: CallSoFar): ToolCall => ({
    id: call.whole?.id ?? call.id ?? "",
    type: "function",
    function: { name: call.whole?.function.name ?? call.name ?? "", arguments: call.args },
  });

  /** The current call is complete (or the answer is over): it closes, the next held one opens. */
  const closeCurrent = (): string => {
    if (!current) return "";
    const closing = current;
    closing.state = "closed";
    current = undefined;
    return encoder.toolCall(closing.index, assembled(closing));
  };

  /** A held call becomes the current one: what arrived of it so far goes out in one fragment. */
  const openNext = (): string => {
    const next = held.shift();
    if (!next) return "";
    next.state = "current";
    current = next;
    return encoder.toolCallDelta(next.index, next.id, next.name, next.args);
  };

  /** While calls are held back and the current one is complete, the next one takes its turn. */
  const advance = (): string => {
    let out = "";
    while (held.length > 0 && (current === undefined || isWholeJson(current.args)))
      out += closeCurrent() + openNext();
    return out;
  };

  const callOf = (index: number): CallSoFar => {
    let call = calls.get(index);
    if (!call) {
      call = { index, id: undefined, name: undefined, args: "", whole: undefined, state: "held" };
      calls.set(index, call);
      if (current === undefined) {
        call.state = "current";
        current = call;
      } else held.push(call);
    }
    return call;
  };

  return {
    setModel: (model) => encoder.setModel(model),
    reasoning: (delta) => encoder.reasoning(delta),
    toolCallDelta(event) {
      const call = callOf(event.index);
      call.id ??= event.id;
      call.name ??= event.name;
      // A fragment after its call closed has no place left (its block or item is done); only
      // a call completed as JSON closes early, and JSON cannot continue after its end.
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
        return "";
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
      return encoder.toolCall(index, call);
    },
    done() {
      let out = closeCurrent();
      while (held.length > 0) out += openNext() + closeCurrent();
      return out;
    },
  };
}
