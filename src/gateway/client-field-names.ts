/**
 * The runtime's notes name a field as the chat-completions request it built has it (`verbosity
 * "low" not sent: …`). A Responses client wrote that field elsewhere (`text.verbosity`) and would
 * not find the chat name in its request: its notes name the field as it sent it.
 */
import type { ParsedChatRequest } from "./validate-request.js";

/** For each chat field a client's API writes otherwise, the client's own dotted path. */
export type ClientFieldNames = Readonly<Record<string, string>>;

/** The Responses API's names of the chat fields a note may begin with. */
export const RESPONSES_FIELD_NAMES: ClientFieldNames = { verbosity: "text.verbosity" };

const unchanged = (text: string): string => text;

/** Rewrites the chat field a note begins with (`verbosity …`) into the client's (`text.verbosity …`). */
export function fieldsAsSent(parsed: ParsedChatRequest): (text: string) => string {
  const names = parsed.clientFieldNames;
  if (names === undefined) return unchanged;
  return (text) => {
    for (const [chat, own] of Object.entries(names))
      if (text.startsWith(`${chat} `)) return `${own}${text.slice(chat.length)}`;
    return text;
  };
}
