/**
 * How a streamed chat completion's events are written: tool calls one whole call after another.
 *
 * Why: OpenAI streams each call whole before the next, and the official SDKs' stream helpers
 * (`client.chat.completions.stream()` in JavaScript and Python, which `parse` with a Pydantic
 * tool goes through) take a call's first fragment under a new `index` as the end of the call
 * before: they give its arguments out then, parsed for a strict tool. The fragments of an
 * OpenAI-compatible upstream that interleaves calls by index went out as they came, so such a
 * helper parsed half a call (a pydantic ValidationError in Python, a SyntaxError in
 * JavaScript). Calls now go through the block writer, which streams one at a time and holds the
 * rest back until it is complete (see block-writer.ts); Moonshot's calls, whole one after
 * another, stream live as before.
 *
 * Text and reasoning before the first call go straight to the encoder: an answer without tool
 * calls is written with no more work than before.
 */
import type { BlockWriter } from "./block-writer.js";
import { blockWriter } from "./block-writer.js";
import type { ChunkEncoder } from "./openai-format.js";

export function chatStreamWriter(encoder: ChunkEncoder): BlockWriter {
  /** Made with the first tool call: from then on everything goes through it, in its order. */
  let calls: BlockWriter | undefined;
  const ordered = (): BlockWriter => {
    calls ??= blockWriter(encoder, (delta, logprobs) => encoder.text(delta, logprobs));
    return calls;
  };
  return {
    setModel: (model) => encoder.setModel(model),
    text: (delta, logprobs) =>
      calls ? calls.text(delta, logprobs) : encoder.text(delta, logprobs),
    reasoning: (delta) => (calls ? calls.reasoning(delta) : encoder.reasoning(delta)),
    toolCallDelta: (event) => ordered().toolCallDelta(event),
    toolCall: (index, call) => ordered().toolCall(index, call),
    done: (reason) => (calls ? calls.done(reason) : "") + encoder.finish(reason),
    asStreamed: (message) => (calls ? calls.asStreamed(message) : message),
  };
}
