/**
 * An id typed as the session's file name (`notes.jsonl`, as a listing of the sessions directory
 * shows it) named the file `notes.jsonl.jsonl`: `--session-id notes.jsonl` started an empty
 * session beside the one meant, without a word, and the model answered with no history.
 */

import { existsSync } from "node:fs";
import { OpenClawError } from "../errors.js";
import { sessionPath } from "./sessions.js";

const FILE_EXTENSION = ".jsonl";

/**
 * Throws (code `invalid_session_id`, exit 2) for an id ending in `.jsonl` unless a session of
 * that very id exists already (one made before this was refused goes on being usable).
 * `option` is how the id was given (`--session-id`, `/new`), for the hint.
 */
export function assertNotSessionFileName(
  stateDir: string,
  agentId: string,
  id: string,
  option: string,
): void {
  if (!id.toLowerCase().endsWith(FILE_EXTENSION)) return;
  if (existsSync(sessionPath(stateDir, agentId, id))) return;
  const meant = id.slice(0, -FILE_EXTENSION.length);
  const file = sessionPath(stateDir, agentId, meant);
  const held = existsSync(file);
  throw new OpenClawError(
    "invalid_session_id",
    held
      ? `session id "${id}" is the file name of session "${meant}" (${file})`
      : `session id "${id}" ends in ${FILE_EXTENSION}, which the session's file adds: its file would be ${id}${FILE_EXTENSION}`,
    { hint: `the id leaves out ${FILE_EXTENSION}: ${option} ${meant}`, exitCode: 2 },
  );
}
