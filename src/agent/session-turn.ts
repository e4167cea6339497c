/**
 * One turn of a conversation kept on disk: the user's message is written once the provider has
 * accepted the request (so a request refused up front leaves no trace), then every message the
 * run adds and the usage of every model call. `agent` runs one turn; `chat` one per line.
 */
import type { ChatMessage, UserMessage } from "../providers/types.js";
import type { RunResult } from "../runtime/types.js";
import { type AgentEvent, type AgentResult, type AgentRunOptions, runAgentToEnd } from "./loop.js";

export interface SessionTurnOptions
  extends Omit<AgentRunOptions, "messages" | "onMessage" | "onResult"> {
  /** The conversation before this turn. */
  history: ChatMessage[];
  user: UserMessage;
  /** Keeps a message of the turn (the user's, then each one the run adds). */
  record: (message: ChatMessage) => void;
  /** Keeps what one model call used and cost. */
  recordUsage: (run: RunResult) => void;
}

export function runSessionTurn(
  options: SessionTurnOptions,
  onEvent?: (event: AgentEvent) => void,
): Promise<AgentResult> {
  const { history, user, record, recordUsage, ...run } = options;
  let userRecorded = false;
  return runAgentToEnd(
    { ...run, messages: [...history, user], onMessage: record, onResult: recordUsage },
    (event) => {
      if (event.type === "start" && !userRecorded) {
        userRecorded = true;
        record(user);
      }
      onEvent?.(event);
    },
  );
}
