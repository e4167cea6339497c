/**
 * The one sentence for tool-call arguments an upstream streamed after the call was complete (see
 * DroppedToolCallData), as `agent` and `chat` warn it on stderr and the gateway logs it: who
 * sent them, then each call and how many characters were left out. Never the arguments
 * themselves. Pure: each surface says who sent them and what it knows of each call.
 */
import { printable } from "../util/printable.js";

/** One call's left-out arguments, with what the surface can say about it. */
export interface DroppedCallLine {
  /** The call's id, as the final message has it. */
  id: string;
  /**
   * What says which call it is, in order: its tool's name, `round N`, `index N`; a `$web_search`
   * call is named so, without its index.
   */
  about: readonly string[];
  characters: number;
}

/**
 * `<sender> sent more arguments for tool calls after they were complete, left out of the answer:
 * <id> (<about>): <n> characters; …`. Calls are parted by `; `, as a call's own parts are by
 * `, ` (`call_a (read_file, round 1, index 0)`).
 */
export function droppedToolCallSentence(sender: string, calls: readonly DroppedCallLine[]): string {
  const listed = calls.map(
    (call) => `${printable(call.id)} (${call.about.join(", ")}): ${call.characters} characters`,
  );
  return `${sender} sent more arguments for tool calls after they were complete, left out of the answer: ${listed.join("; ")}`;
}
