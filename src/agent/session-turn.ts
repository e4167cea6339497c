/**
 * One turn of a conversation kept on disk: the user's message is written once the model has
 * started to answer (so a request refused up front, or cancelled before anything came back,
 * leaves no trace), then every message the run adds and the usage of every model call.
 *
 * An answer cut off after it had started (Ctrl-C, a dropped stream) is kept as what it was: the
 * assistant turn with the text received so far, marked `interrupted` in the stored event. The
 * next turn then sends the model what the user saw, not two user messages in a row.
 * `agent` runs one turn; `chat` one per line.
 */

import { ModelRefError } from "../catalog/index.js";
import type { AssistantMessage, ChatMessage, UserMessage } from "../providers/types.js";
import type { RunResult } from "../runtime/types.js";
import { checkCallOptions, holds, type RequiredOption } from "../util/call-options.js";
import { checkCallbackArgument } from "../util/callback-argument.js";
import type { OptionNames } from "../util/option-names.js";
import {
  AGENT_RUN_OPTIONS,
  type AgentEvent,
  type AgentResult,
  type AgentRunOptions,
  RUNTIME_OPTION,
  runAgentToEnd,
} from "./loop.js";
import { MOVE_WITH_OPTION, rememberModel, sessionModelGone } from "./session-model.js";
import { checkToolsOption } from "./tools.js";

/** Stored for an answer cut off while the model was still thinking, before any text. */
export const INTERRUPTED_WHILE_THINKING = "(interrupted while thinking, before any answer)";

/** What is recorded with a session message beside it. */
export interface RecordMeta {
  /** The message is an answer cut off before it was complete. */
  interrupted?: true;
}

/** What runSessionTurn takes: runAgent's options, with the conversation as the session holds it. */
export interface SessionTurnOptions
  extends Omit<AgentRunOptions, "messages" | "onMessage" | "onResult"> {
  /** The conversation before this turn. */
  history: ChatMessage[];
  /** The user's message this turn answers; recorded first, once the model starts to answer. */
  user: UserMessage;
  /** Keeps a message of the turn (the user's, then each one the run adds). */
  record: (message: ChatMessage, meta?: RecordMeta) => void;
  /** Keeps what one model call used and cost. */
  recordUsage: (run: RunResult) => void;
  /**
   * The model the session was put on (`loadSession(…).model`): the turn runs on it when `model`
   * is not given, as `agent --session-id` and `chat` do; undefined follows the default. One that
   * no longer resolves fails the turn (a ModelRefError naming the session, the ref and how to
   * move it) rather than running another model unasked: pass `model` to go on. `| undefined`:
   * `loadSession`'s `model` passes as it is under exactOptionalPropertyTypes.
   */
  sessionModel?: string | undefined;
  /** The session's id (`loadSession(…).id`), named in errors about it. */
  sessionId?: string | undefined;
  /**
   * Keeps the model the session is put on (`writer.appendModel`): called with `model` when it
   * differs from `sessionModel` (`null` for `openclaw/default`, back on the default), once the
   * model has started to answer, just before the user's message is recorded.
   */
  recordModel?: ((model: string | null) => void) | undefined;
}

/** The part of an answer received before it was cut off (empty strings: nothing came). */
export interface PartialAnswer {
  /** The answer's text so far. */
  text: string;
  /** The model's reasoning so far. */
  reasoning: string;
}

/** Thrown errors of a turn carry what was received so far, for callers that show it. */
export function partialOf(error: unknown): PartialAnswer | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  return (error as { partialAnswer?: PartialAnswer }).partialAnswer;
}

// A turn passes a run's options on, but for the three it supplies itself (as its type says).
const {
  messages: _messages,
  onMessage: _onMessage,
  onResult: _onResult,
  ...RUN_OPTIONS_OF_A_TURN
} = AGENT_RUN_OPTIONS;

const SESSION_TURN_OPTIONS = {
  ...RUN_OPTIONS_OF_A_TURN,
  history: true,
  user: true,
  record: true,
  recordUsage: true,
  sessionModel: true,
  sessionId: true,
  recordModel: true,
} as const satisfies OptionNames<SessionTurnOptions>;

const SESSION_TURN_REQUIRED: readonly RequiredOption[] = [
  RUNTIME_OPTION,
  {
    name: "history",
    shape: "an array of chat messages (empty for a new session)",
    holds: holds.array,
  },
  { name: "user", shape: '{ role: "user", content }', holds: holds.object },
  { name: "record", shape: "(message, meta?) => void", holds: holds.function },
  { name: "recordUsage", shape: "(result) => void", holds: holds.function },
];

export async function runSessionTurn(
  options: SessionTurnOptions,
  onEvent?: (event: AgentEvent) => void,
): Promise<AgentResult> {
  checkCallOptions("runSessionTurn", options, SESSION_TURN_OPTIONS, SESSION_TURN_REQUIRED);
  checkToolsOption("runSessionTurn", options.tools);
  checkCallbackArgument(
    {
      call: "runSessionTurn",
      name: "onEvent",
      position: "second",
      optional: true,
      otherwise: "or leave it out: runSessionTurn resolves with the result",
    },
    onEvent,
  );
  const { history, user, record, recordUsage, sessionModel, sessionId, recordModel, ...given } =
    options;
  // Without a model of the caller's, the session's own, so that a resumed conversation stays on it.
  const model = given.model ?? sessionModel;
  const run = { ...given, ...(model !== undefined ? { model } : {}) };
  let userRecorded = false;
  const recordUser = () => {
    if (userRecorded) return;
    userRecorded = true;
    // The caller's model is the session's from now on; written with the first words it answered.
    if (recordModel) rememberModel({ appendModel: recordModel }, given.model, sessionModel);
    record(user);
  };
  let text = "";
  let reasoning = "";
  try {
    return await runAgentToEnd(
      {
        ...run,
        messages: [...history, user],
        onMessage: (message) => {
          recordUser();
          record(message);
        },
        onResult: recordUsage,
      },
      (event) => {
        switch (event.type) {
          case "text":
            if (event.delta !== "") recordUser();
            text += event.delta;
            break;
          case "reasoning":
            if (event.delta !== "") recordUser();
            reasoning += event.delta;
            break;
          case "tool_call_delta":
            recordUser();
            break;
          case "retry":
          case "fallback":
          case "result":
            text = "";
            reasoning = "";
            break;
          default:
            break;
        }
        onEvent?.(event);
      },
    );
  } catch (error) {
    // The session's own model, not the caller's, did not resolve: say so, and how to go on.
    if (
      given.model === undefined &&
      sessionModel !== undefined &&
      error instanceof ModelRefError &&
      error.input === sessionModel
    )
      throw sessionModelGone(sessionId, sessionModel, error, MOVE_WITH_OPTION);
    if (userRecorded && (text !== "" || reasoning !== "")) {
      const partial: AssistantMessage = {
        role: "assistant",
        content: text !== "" ? text : INTERRUPTED_WHILE_THINKING,
        ...(reasoning !== "" ? { reasoning_content: reasoning } : {}),
      };
      try {
        record(partial, { interrupted: true });
      } catch {
        // The session could not take it: the error that ended the turn is the one to report.
      }
    }
    if (typeof error === "object" && error !== null) {
      Object.defineProperty(error, "partialAnswer", {
        value: { text, reasoning } satisfies PartialAnswer,
        enumerable: false,
        configurable: true,
      });
    }
    throw error;
  }
}
