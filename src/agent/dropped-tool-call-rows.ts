/**
 * Tool-call arguments an upstream streamed after the call was complete, left out of the answer,
 * listed per run: each request's `droppedToolCallData` with the round it came in. A run that
 * fails after some requests finished carries them on its error, as a finished run's results do.
 */
import { OpenClawError } from "../errors.js";
import type { DroppedToolCallRow } from "../providers/types.js";
import type { RunResult } from "../runtime/types.js";

/** Every request's left-out arguments, in order; empty when nothing was left out. */
export function droppedToolCallRows(results: readonly RunResult[]): DroppedToolCallRow[] {
  return results.flatMap((run, at) =>
    (run.droppedToolCallData ?? []).map((drop) => ({ round: at + 1, ...drop })),
  );
}

/**
 * `error` with what the finished requests left out on it (an OpenClawError's
 * `droppedToolCallData`), so that a caller who gets no result still learns of it.
 */
export function withDroppedToolCallData(error: unknown, finished: readonly RunResult[]): unknown {
  if (!(error instanceof OpenClawError)) return error;
  // Set (or removed), not added to: an error object a tool throws again in another run must say
  // that run's, not pile up every run's.
  const rows = droppedToolCallRows(finished);
  if (rows.length > 0) error.droppedToolCallData = rows;
  else delete error.droppedToolCallData;
  return error;
}
