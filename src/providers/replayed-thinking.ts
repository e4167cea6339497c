/**
 * What an earlier assistant turn's reasoning goes back as over Anthropic's Messages API while the
 * model thinks. Anthropic checks the signature of every thinking block sent back and refuses one
 * that does not match, an empty one too, so reasoning without a signature (written through
 * another API, such as Moonshot's chat completions before a model switch or a fallback, or kept
 * in a session file by an older openclaw) cannot go as a thinking block at all: it is left out
 * of its turn, whose text and tool calls go as they are. Anthropic allows that: only the last
 * assistant turn, when it called tools (the tool-use cycle still going on), must start with its
 * thinking block; earlier turns' thinking may be left out. When that last turn is the one without
 * a signed block, its refusal says the way out, thinking off for the request: see
 * `openToolTurnLacksThinking`. Pure.
 */
import type { ChatMessage } from "./types.js";

type Json = Record<string, unknown>;

/**
 * The signatures kept on the messages (`reasoning_signature`, as the Messages transport returned
 * them and a session file stores them), by the reasoning they sign. By text because the messages
 * the request is built from are the chat-completions ones, which carry no such field.
 */
export function keptSignatures(messages: readonly ChatMessage[]): ReadonlyMap<string, string> {
  const kept = new Map<string, string>();
  for (const message of messages) {
    if (message.role !== "assistant") continue;
    const reasoning = message.reasoning_content;
    const signature: unknown = message.reasoning_signature;
    if (typeof reasoning === "string" && reasoning !== "" && typeof signature === "string")
      if (signature !== "") kept.set(reasoning, signature);
  }
  return kept;
}

/** A turn's reasoning as a thinking block, or undefined when it has no signature to go with. */
export function replayedThinkingBlock(
  reasoning: string,
  signature: string | undefined,
): Json | undefined {
  if (reasoning === "" || signature === undefined || signature === "") return undefined;
  return { type: "thinking", thinking: reasoning, signature };
}

/**
 * Whether the last assistant turn of `messages` (Anthropic's) calls tools without starting with a
 * thinking block: with thinking on, Anthropic refuses that request ("a final assistant message
 * must start with a thinking block … To avoid this requirement, disable thinking").
 */
export function openToolTurnLacksThinking(messages: readonly Json[]): boolean {
  const last = messages.findLast((message) => message.role === "assistant");
  const blocks = Array.isArray(last?.content) ? (last.content as unknown[]) : [];
  const isBlock = (block: unknown, type: string): boolean =>
    typeof block === "object" && block !== null && (block as Json).type === type;
  if (!blocks.some((block) => isBlock(block, "tool_use"))) return false;
  return !isBlock(blocks[0], "thinking");
}
