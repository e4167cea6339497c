/**
 * A digest of a conversation as the model saw it, for telling conversations apart across a
 * client's requests. Clients send a conversation back reshaped: without `reasoning_content`,
 * text as parts or as a string, `null` content as `""`, tool names on results dropped. The digest
 * is of a canonical form that none of that changes — system and developer messages alike, content
 * as its text (and image and video URLs), tool calls as name and arguments, tool results as which call of the
 * conversation they answer and their text — so the same conversation sent back gives the same
 * digest, and any other conversation a different one. Tool-call ids are left out: some clients
 * send each call back under an id of their own (Factory's Droid turns Moonshot's
 * `functions.Read:0` into `call_tc-…_0`), and they tell no conversations apart that the rest does
 * not (Moonshot's are counters within the conversation). Pure: no I/O.
 */
import { createHash, type Hash } from "node:crypto";
import type { ChatMessage, ContentPart, ToolCall } from "../providers/types.js";

/** The text of content (parts joined as sent), then the URL of each image or video, in order. */
function canonicalContent(content: string | readonly ContentPart[] | null | undefined): string[] {
  if (content === undefined || content === null) return [""];
  if (typeof content === "string") return [content];
  let text = "";
  const images: string[] = [];
  for (const part of content) {
    if (part.type === "text") text += part.text;
    else if (part.type === "image_url") images.push(part.image_url.url);
    else images.push(part.video_url.url);
  }
  return [text, ...images];
}

/**
 * Arguments as JSON text without the spacing a client may change when it parses and writes them
 * again (the Vercel AI SDK does); text that is not JSON (a call cut short) as it came.
 */
function canonicalArguments(text: string): string {
  // No arguments are `{}` to a client (a tool_use block's input, a Responses function_call's
  // arguments): the turn it sends back with `{}` is the turn remembered with none.
  if (text.trim() === "") return "{}";
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

/** A turn's tool calls as text: name and arguments of each, in order (not their ids). */
export function canonicalToolCalls(calls: readonly ToolCall[]): string {
  return JSON.stringify(
    calls.map((call) => [
      call.function?.name ?? "",
      canonicalArguments(call.function?.arguments ?? ""),
    ]),
  );
}

/**
 * `message` in canonical form. `callNumbers` numbers the conversation's tool calls so far by their
 * ids, in order: a tool result names the call it answers by that number, whatever the id.
 */
function canonicalMessage(message: ChatMessage, callNumbers: Map<string, number>): string {
  switch (message.role) {
    case "system":
    case "developer":
      return JSON.stringify(["system", ...canonicalContent(message.content)]);
    case "user":
      return JSON.stringify(["user", ...canonicalContent(message.content)]);
    case "tool": {
      // A result for no call made before it is named by its id, as it came.
      const answers = callNumbers.get(message.tool_call_id) ?? message.tool_call_id;
      return JSON.stringify(["tool", answers, ...canonicalContent(message.content)]);
    }
    default: {
      const calls = message.tool_calls ?? [];
      for (const call of calls) {
        if (!callNumbers.has(call.id)) callNumbers.set(call.id, callNumbers.size);
      }
      // Not reasoning_content: most clients drop it, which is why it is remembered at all.
      return JSON.stringify([
        "assistant",
        ...canonicalContent(message.content),
        canonicalToolCalls(calls),
      ]);
    }
  }
}

/**
 * Digests of a conversation's beginnings, computed in one pass: `at(i)` is the digest of the
 * messages before index `i` (`at(messages.length)`, of them all). `scope` (the request's `user`)
 * is part of every digest, so identical conversations of two clients that name themselves differ.
 */
export class ConversationDigests {
  private readonly hash: Hash;
  private readonly messages: readonly ChatMessage[];
  private readonly withoutInstructions: boolean;
  private readonly callNumbers = new Map<string, number>();
  private next = 0;

  /**
   * `withoutInstructions` leaves system and developer messages out of every digest: the same
   * conversation under other instructions (an agent framework's handoff to another agent, or
   * instructions written afresh for each request) gives the same digest.
   */
  constructor(
    messages: readonly ChatMessage[],
    scope: string | undefined,
    options: { withoutInstructions?: boolean } = {},
  ) {
    this.messages = messages;
    this.withoutInstructions = options.withoutInstructions === true;
    this.hash = createHash("sha256").update(
      JSON.stringify([
        this.withoutInstructions ? "scope-without-instructions" : "scope",
        scope ?? null,
      ]),
    );
    this.hash.update("\n");
  }

  /** The digest of `messages[0 .. index)`; indexes must come in increasing order. */
  at(index: number): string {
    if (index < this.next) throw new RangeError("ConversationDigests.at: indexes must increase");
    for (; this.next < index; this.next++) {
      const message = this.messages[this.next] as ChatMessage;
      if (this.withoutInstructions && (message.role === "system" || message.role === "developer"))
        continue;
      this.hash.update(canonicalMessage(message, this.callNumbers));
      this.hash.update("\n");
    }
    return this.hash.copy().digest("base64");
  }
}
