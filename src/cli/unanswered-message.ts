/**
 * A session whose last message is the person's, with no answer after it: the run that sent it
 * was killed (SIGKILL, a crash, the machine going down) after the message was saved and before
 * any of the answer was. `agent` and `chat` resuming it say so, and what happens to it: it stays
 * in the conversation and is sent again, before the new message, as the file says it was asked.
 */
import type { ChatMessage, UserMessage } from "../providers/types.js";

/** How much of the unanswered message is quoted to recognise it. */
const EXCERPT_CHARS = 40;

/**
 * The note for a session ending with an unanswered message, or undefined. `sentWith` says with
 * what it goes: "this message" (agent), "your next message" (chat).
 */
export function unansweredNote(
  messages: readonly ChatMessage[],
  sessionId: string,
  sentWith: "this message" | "your next message",
): string | undefined {
  const last = messages.at(-1);
  if (last?.role !== "user") return undefined;
  return `session ${sessionId} ends with your message "${excerpt(last.content)}", which has no answer: the run that sent it was stopped before its answer was saved. It is sent again, before ${sentWith}`;
}

function excerpt(content: UserMessage["content"]): string {
  const text =
    typeof content === "string"
      ? content
      : content.map((part) => (part.type === "text" ? part.text : "[image]")).join(" ");
  const line = text.trim().split("\n")[0] ?? "";
  const chars = [...line];
  return chars.length > EXCERPT_CHARS
    ? `${chars.slice(0, EXCERPT_CHARS).join("").trimEnd()}…`
    : line;
}
