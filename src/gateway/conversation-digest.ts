/**
 * A digest of a conversation as the model saw it, for telling conversations apart across a
 * client's requests. Clients send a conversation back reshaped: without `reasoning_content`,
 * text as parts or as a string, `null` content as `""`, tool names on results dropped. The digest
 * is of a canonical form that none of that changes — system and developer messages alike, content
 * as its text (and image URLs), tool calls as id, name and arguments, tool results as the id they
 * answer and their text — so the same conversation sent back gives the same digest, and any other
 * conversation a different one. Pure: no I/O.
 */
import { createHash, type Hash } from "node:crypto";
import type { ChatMessage, ContentPart, ToolCall } from "../providers/types.js";

/** The text of content (parts joined as sent), then the URL of each image, in order. */
function canonicalContent(content: string | readonly ContentPart[] | null | undefined): string[] {
  if (content === undefined || content === null) return [""];
  if (typeof content === "string") return [content];
  let text = "";
  const images: string[] = [];
  for (const part of content) {
    if (part.type === "text") text += part.text;
    else images.push(part.image_url.url);
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

/** A turn's tool calls as text: id, name and arguments of each, in order. */
export function canonicalToolCalls(calls: readonly ToolCall[]): string {
  return JSON.stringify(
    calls.map((call) => [
      call.id,
      call.function?.name ?? "",
      canonicalArguments(call.function?.arguments ?? ""),
    ]),
  );
}

function canonicalMessage(message: ChatMessage): string {
  switch (message.role) {
    case "system":
    case "developer":
      return JSON.stringify(["system", ...canonicalContent(message.content)]);
    case "user":
      return JSON.stringify(["user", ...canonicalContent(message.content)]);
    case "tool":
      return JSON.stringify(["tool", message.tool_call_id, ...canonicalContent(message.content)]);
    default:
      // Not reasoning_content: most clients drop it, which is why it is remembered at all.
      return JSON.stringify([
        "assistant",
        ...canonicalContent(message.content),
        canonicalToolCalls(message.tool_calls ?? []),
      ]);
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
      this.hash.update(canonicalMessage(message));
      this.hash.update("\n");
    }
    return this.hash.copy().digest("base64");
  }
}
