/**
 * Tool-call arguments an upstream streamed after the call was complete, left out of the answer
 * (the runtime's `droppedToolCallData`), as `agent` and `chat` tell them: a field of
 * `agent --json` and one warning line on stderr. Never the arguments themselves: only which
 * call and how many characters.
 */

import { droppedToolCallRows } from "../agent/dropped-tool-call-rows.js";
import { droppedToolCallSentence } from "../providers/dropped-tool-call-text.js";
import type { RunResult } from "../runtime/types.js";
import { printable } from "../util/printable.js";

export type { DroppedToolCallRow } from "../providers/types.js";
// Shared with the agent, whose failed run carries them on its error.
export { droppedToolCallRows };

/**
 * The warning for a person, one line: the model(s), each call with its tool's name, its index
 * (the round too when the run took several requests) and the characters left out. `failedAfter`:
 * the run failed after these requests (a later round's), so it took several whatever their count.
 */
export function droppedToolCallWarning(
  results: readonly RunResult[],
  options: { failedAfter?: boolean } = {},
): string | undefined {
  const rows = droppedToolCallRows(results);
  if (rows.length === 0) return undefined;
  const models = [...new Set(rows.map((row) => results[row.round - 1]?.model ?? "the model"))];
  const severalRounds =
    options.failedAfter === true ||
    new Set(rows.map((row) => row.round)).size > 1 ||
    results.length > 1;
  const calls = rows.map((row) => {
    const name = row.webSearch
      ? "$web_search"
      : results[row.round - 1]?.message.tool_calls?.find((call) => call.id === row.id)?.function
          .name;
    const place = row.webSearch ? [] : [`index ${row.index}`];
    if (severalRounds) place.unshift(`round ${row.round}`);
    const about = [...(name ? [printable(name)] : []), ...place];
    return { id: row.id, about, characters: row.characters };
  });
  return droppedToolCallSentence(models.map(printable).join(" and "), calls);
}
