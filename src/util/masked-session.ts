/**
 * Sessions on disk as the library hands them out: what loading, opening, writing and running a
 * turn throws, and the warnings a load gives back, show a key pasted where a name goes (a
 * session file under a directory named `sk-kimi-…`, a session id that is a key) masked, as the
 * CLI shows them. The CLI uses the session functions as they are (it masks when it prints).
 */
import type { AgentEvent, AgentResult } from "../agent/loop.js";
import type { SessionTurnOptions } from "../agent/session-turn.js";
import type { LoadedSession, SessionWriter } from "../agent/sessions.js";
import { checkWritableMessage } from "../agent/writable-message.js";
import { maskKeyShapedNames } from "./key-shaped-names.js";
import { withCallerRuntimeAndTools } from "./masked-agent.js";
import { callerCallback, maskingRejectedNames, maskingThrownNames } from "./masked-error.js";

/** `loaded` with its warnings (which quote the file's path and its header's id) masked. */
export function withWarningsMasked(loaded: LoadedSession): LoadedSession {
  return { ...loaded, warnings: loaded.warnings.map(maskKeyShapedNames) };
}

/**
 * `writer` whose calls throw with names masked (a closed session names its id and file), and
 * whose appendMessage refuses a message loadSession would leave out (see writable-message.ts).
 */
export function maskedSessionWriter(writer: SessionWriter): SessionWriter {
  return {
    file: writer.file,
    id: writer.id,
    append: (event) => maskingThrownNames(() => writer.append(event)),
    appendMessage: (message, meta) =>
      maskingThrownNames(() => {
        checkWritableMessage(writer.id, message);
        writer.appendMessage(message, meta);
      }),
    appendUsage: (run) => maskingThrownNames(() => writer.appendUsage(run)),
    appendModel: (model) => maskingThrownNames(() => writer.appendModel(model)),
    close: () => maskingThrownNames(() => writer.close()),
  };
}

/**
 * `runTurn` (runSessionTurn as written) run with names masked in what it rejects with, except
 * what the caller's own `record`, `recordUsage`, `recordModel`, `onEvent`, tools or runtime
 * threw: that comes back as it is.
 */
export function maskingSessionTurn(
  runTurn: (
    options: SessionTurnOptions,
    onEvent?: (event: AgentEvent) => void,
  ) => Promise<AgentResult>,
  options: SessionTurnOptions,
  onEvent?: (event: AgentEvent) => void,
): Promise<AgentResult> {
  // Not an options object: runSessionTurn says so (masked), as it does for a missing callback.
  if (typeof options !== "object" || options === null) {
    return maskingRejectedNames(() => runTurn(options, onEvent));
  }
  // Only functions are wrapped: anything else reaches runSessionTurn as it was, to be named.
  const record = callerFunction(options.record);
  const recordUsage = callerFunction(options.recordUsage);
  const recordModel = callerFunction(options.recordModel);
  const event = callerFunction(onEvent);
  // A runtime or tool registry of the caller's own, as runAgent takes them (masked-agent.ts).
  const parts = withCallerRuntimeAndTools(options);
  const wrapped: SessionTurnOptions = {
    ...parts.options,
    ...(record ? { record: record.callback } : {}),
    ...(recordUsage ? { recordUsage: recordUsage.callback } : {}),
    ...(recordModel ? { recordModel: recordModel.callback } : {}),
  };
  return maskingRejectedNames(
    () => runTurn(wrapped, event?.callback ?? onEvent),
    (error) =>
      parts.threwIt(error) ||
      [record, recordUsage, recordModel, event].some((caller) => caller?.threwIt(error)),
  );
}

function callerFunction<A extends unknown[], R>(
  callback: ((...args: A) => R) | undefined,
): ReturnType<typeof callerCallback<A, R>> | undefined {
  return typeof callback === "function" ? callerCallback(callback) : undefined;
}
