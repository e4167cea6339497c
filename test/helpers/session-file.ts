/** A CLI session on disk, as tests read it back: where it is and the events it holds. */
import { readFileSync } from "node:fs";
import path from "node:path";

export function sessionFile(stateDir: string, id: string): string {
  return path.join(stateDir, "agents", "main", "sessions", `${id}.jsonl`);
}

/** The session's events, one per non-blank line. */
export function sessionEvents(file: string): Record<string, unknown>[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
