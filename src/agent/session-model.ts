/**
 * Which model a session's run uses: the one given with `--model`, else the one the session was
 * last put on (kept in its file, so that a resumed conversation stays on it), else the default.
 * A session never put on a model follows the default, so `models set` still moves it.
 */
import { type Catalog, namesDefaultChain, resolveModelChain } from "../catalog/index.js";
import type { SessionWriter } from "./sessions.js";

/** Why the run uses its model: said by chat's banner and `agent --json`'s `requestedModelFrom`. */
export type ModelSource = "--model" | "session" | "default";

export interface SessionModel {
  /** The model to ask for; undefined for the default chain. */
  model: string | undefined;
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
    const why = error instanceof Error ? error.message.replace(/\.$/, "") : String(error);
    return {
      model: undefined,
      source: "default",
      warning: `session ${sessionId} was put on model "${remembered}", which no longer resolves (${why}): this run uses the default${defaultRef(catalog)}; to move the session, run it once with --model <ref or alias> (--model openclaw/default to follow the default again)`,
    };
  }
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
