/**
 * What a command run with `--json` prints on stdout when it fails before printing its own object
 * (a usage mistake commander found, a config it could not read, a network failure): one JSON
 * object, so that a script reading stdout always gets one. The shape is the same for every
 * command:
 *
 *   {"ok": false, "error": {"code": "usage", "message": "…", "where": "…" | null, "hint": "…" | null}}
 *
 * The error is said there only, not on stderr as well: a script that keeps stderr sees no second
 * copy to parse or to show. `agent --json` keeps its own failure object, which has these keys
 * and more; `gateway --json` prints it as one more event line,
 * `{"time": …, "event": "error", "ok": false, "error": {…}}`.
 */

import type { OpenClawErrorJson } from "../errors.js";
import { jsonError } from "../util/error-json.js";
import type { NamedCommand } from "./command-line.js";
import { jsonText, printJson } from "./output.js";

/** The library's `OpenClawError.toJSON()` shape: one for both, so a script reads the same keys. */
export type JsonError = OpenClawErrorJson;

/** Prints the failure object of `named`'s command for `error`. */
export async function printFailureJson(
  named: NamedCommand,
  argv: readonly string[],
  error: unknown,
): Promise<void> {
  const top = named.path[1];
  if (top === "agent") {
    const { agentFailureJson } = await import("./commands/agent.js");
    printJson(await agentFailureJson(argv, error));
    return;
  }
  if (top === "gateway") {
    // One more line of the event stream a supervisor reads.
    const event = { time: new Date().toISOString(), event: "error", ok: false };
    process.stdout.write(`${jsonText({ ...event, error: jsonError(error) })}\n`);
    return;
  }
  printJson({ ok: false, error: jsonError(error) });
}
