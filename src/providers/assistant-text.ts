import { OpenClawError } from "../errors.js";
import { passedValue } from "../util/passed-value.js";
import type { AssistantMessage } from "./types.js";

/** An assistant message's text: its string content, or its text parts joined ("" for none). */
export function assistantText(message: Pick<AssistantMessage, "content">): string {
  // Exported to JavaScript callers: a result's message left out is said so, not `content` of undefined.
  const given: unknown = message;
  if (typeof given !== "object" || given === null) {
    throw new OpenClawError(
      "usage",
      `assistantText needs an assistant message, got ${passedValue(given)}`,
      {
        where: "message",
        hint: "pass a result's message: assistantText(result.message), result being what runtime.complete() or runAgentToEnd() returns",
      },
    );
  }
  const content = message.content;
  if (typeof content === "string") return content;
  return Array.isArray(content) ? content.map((part) => part.text).join("") : "";
}
