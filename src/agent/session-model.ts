/**
 * Which model a session's run uses: the one given with `--model`, else the one the session was
 * last put on (kept in its file, so that a resumed conversation stays on it), else the default.
 * A session never put on a model follows the default, so `models set` still moves it.
 */
import {
  type Catalog,
  ModelRefError,
  namesDefaultChain,
  resolveModelChain,
} from "../catalog/index.js";
import type { SessionWriter } from "./sessions.js";

/** Why the run uses its model: said by chat's banner and `agent --json`'s `requestedModelFrom`. */
export type ModelSource = "--model" | "session" | "default";

/** The model a session's run asks for, and where that choice came from. */
export interface SessionModel {
  /** The model to ask for; undefined for the default chain. */
  model: string | undefined;
  /** `--model` given, the model the session was put on, or the default chain. */
  source: ModelSource;
  /** Said once when the model the session was put on no longer resolves. */
  warning?: string;
}

/**
 * The model for a run of session `sessionId`. A remembered model that no longer resolves (taken
 * out of the config, an alias renamed) is warned about and the default used: the history goes to
 * any model, and refusing would stop every resume until the person finds out which flag to add.
 */
export function sessionModel(
  catalog: Catalog,
  sessionId: string,
  given: string | undefined,
  remembered: string | undefined,
): SessionModel {
  if (given !== undefined) return { model: given, source: "--model" };
  if (remembered === undefined) return { model: undefined, source: "default" };
  try {
    resolveModelChain(catalog, remembered);
    return { model: remembered, source: "session" };
  } catch (error) {
    const gone = sessionModelGone(sessionId, remembered, error, MOVE_WITH_FLAG);
    return {
      model: undefined,
      source: "default",
      warning: `${gone.message.replace(/\.$/, "")}: this run uses the default${defaultRef(catalog)}; ${MOVE_WITH_FLAG}`,
    };
  }
}

/** How a person at the CLI moves a session off a model that no longer resolves. */
const MOVE_WITH_FLAG =
  "to move the session, run it once with --model <ref or alias> (--model openclaw/default to follow the default again)";

/** How a program moves a session off it: the option of runSessionTurn, in the same words. */
export const MOVE_WITH_OPTION =
  'to move the session, pass model to runSessionTurn, a ref or alias ("openclaw/default" to follow the default again)';

/**
 * The error of a session whose remembered model no longer resolves: the session, the ref it
 * remembers and why (`error`, the resolver's), with the closest refs; `move` says how to go on.
 * The CLI warns with its message and runs the default; the library throws it (no silent switch).
 */
export function sessionModelGone(
  sessionId: string | undefined,
  remembered: string,
  error: unknown,
  move: string,
): ModelRefError {
  const session = sessionId !== undefined ? `session ${sessionId}` : "the session";
  const facts = `${session} was put on model "${remembered}", which no longer resolves`;
  if (!(error instanceof ModelRefError)) {
    const why = error instanceof Error ? error.message.replace(/\.$/, "") : String(error);
    return new ModelRefError("model.unknown", remembered, `${facts} (${why})`, [], move);
  }
  return new ModelRefError(
    error.code,
    remembered,
    `${facts} (${error.reason.replace(/\.$/, "")})`,
    error.suggestions,
    error.hint !== undefined ? `${move}; or: ${error.hint}` : move,
    error.suggestedByName,
  );
}

/** ", <ref>" of the default model, or nothing when there is none to name. */
function defaultRef(catalog: Catalog): string {
  try {
    const primary = resolveModelChain(catalog)[0];
    return primary ? `, ${primary.ref}` : " model";
  } catch {
    return " model";
  }
}

/**
 * Writes to the session the model `given` with `--model` or `/model`, when it changes what the
 * session remembers; a name of the default chain (`openclaw/default`) puts it back on the default.
 */
export function rememberModel(
  writer: Pick<SessionWriter, "appendModel">,
  given: string | undefined,
  remembered: string | undefined,
): string | undefined {
  if (given === undefined) return remembered;
  if (namesDefaultChain(given)) {
    if (remembered !== undefined) writer.appendModel(null);
    return undefined;
  }
  if (given !== remembered) writer.appendModel(given);
  return given;
}
