/**
 * The usage an answer tells its client when the upstream reported none (an OpenAI-compatible
 * server that never does, a stream ended before its usage): the gateway's estimate, the same
 * counts its ledger keeps for the request, marked as an estimate where the format has room (an
 * x-openclaw-notes entry on a whole answer, an SSE comment in a stream; clients skip comments).
 */
import type { AssistantMessage, ChatRequest, Usage } from "../providers/types.js";
import { estimateTextTokens } from "../runtime/index.js";
import type { ClientNotes } from "./client-notes.js";
import { completedUsage, estimatedUsage, type RequestRecord } from "./request-record.js";

/** Says the counts are the gateway's, not the provider's. */
export const ESTIMATED_USAGE_NOTE = "usage estimated by the gateway: the provider reported none";

/** Says some counts are the gateway's: the provider left them out of its usage. */
export const PARTLY_ESTIMATED_USAGE_NOTE =
  "usage partly estimated by the gateway: the provider's usage left out some counts";

/** The same, as an SSE comment before the closing events that carry the usage. */
const ESTIMATED_USAGE_COMMENT = `: ${ESTIMATED_USAGE_NOTE}\n\n`;

/**
 * Tokens of a whole answer as a stream counts them while it arrives (text, reasoning, tool
 * arguments): what an answer that did not stream adds to the estimate as its completion.
 */
export function answerTokens(message: AssistantMessage): number {
  let total = message.reasoning_content ? estimateTextTokens(message.reasoning_content) : 0;
  const content = message.content;
  if (typeof content === "string") total += estimateTextTokens(content);
  else if (content) for (const part of content) total += estimateTextTokens(part.text);
  for (const call of message.tool_calls ?? []) total += estimateTextTokens(call.function.arguments);
  return total;
}

/**
 * The usage a whole answer (one JSON body) tells: the upstream's, else the estimate, with a note
 * for the x-openclaw-notes header saying so.
 */
export function wholeAnswerUsage(
  usage: Usage | undefined,
  record: RequestRecord,
  request: Pick<ChatRequest, "messages" | "tools">,
  notes: ClientNotes,
): Usage {
  if (usage && usage.missing === undefined) return usage;
  notes.add(usage ? PARTLY_ESTIMATED_USAGE_NOTE : ESTIMATED_USAGE_NOTE);
  return usage ? completedUsage(usage, record, request) : estimatedUsage(record, request);
}

/**
 * A stream's closing events as `close` writes them with the usage: the upstream's, else the
 * estimate, after an SSE comment saying so (the headers went out with the first token).
 */
export function closeWithUsage(
  usage: Usage | undefined,
  record: RequestRecord,
  request: Pick<ChatRequest, "messages" | "tools">,
  close: (usage: Usage) => string,
): string {
  if (usage && usage.missing === undefined) return close(usage);
  if (usage)
    return `: ${PARTLY_ESTIMATED_USAGE_NOTE}\n\n${close(completedUsage(usage, record, request))}`;
  return ESTIMATED_USAGE_COMMENT + close(estimatedUsage(record, request));
}
