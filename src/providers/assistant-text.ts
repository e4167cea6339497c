import type { AssistantMessage } from "./types.js";

/** An assistant message's text: its string content, or its text parts joined ("" for none). */
export function assistantText(message: Pick<AssistantMessage, "content">): string {
  const content = message.content;
  if (typeof content === "string") return content;
  return Array.isArray(content) ? content.map((part) => part.text).join("") : "";
}
