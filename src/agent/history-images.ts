/**
 * Pictures earlier in a conversation, for a model that takes text only: each is replaced with a
 * short text saying so, so that one image in a session does not lock it out of text-only models.
 * (An image in the turn being asked is the caller's to refuse or route: it is what they asked.)
 */
import type { ChatMessage, ContentPart } from "../providers/types.js";

/** The text that stands in a history's image for a model that takes no images. */
export function imageOmitted(model: string): string {
  return `[image omitted: ${model} does not take images]`;
}

/** `history` with every image part replaced by a placeholder; the same array when there is none. */
export function withoutHistoryImages(
  history: readonly ChatMessage[],
  model: string,
): { messages: ChatMessage[]; replaced: number } {
  let replaced = 0;
  const messages = history.map((message): ChatMessage => {
    if (message.role !== "user" || typeof message.content === "string") return message;
    if (!message.content.some((part) => part.type === "image_url")) return message;
    const content = message.content.map((part): ContentPart => {
      if (part.type !== "image_url") return part;
      replaced++;
      return { type: "text", text: imageOmitted(model) };
    });
    return { ...message, content };
  });
  return { messages, replaced };
}
