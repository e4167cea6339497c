/**
 * A note that `openclaw gateway` leaves in the state directory while it runs: its pid, address,
 * port and start time, removed when it exits. `openclaw doctor` reads it to tell a person where
 * the gateway of this config serves when that is not the configured port (`--port 9999`), which
 * asking the configured port alone never saw. Nothing secret is in it: no token, no key.
 *
 * One file per process (`run/gateway-<pid>.json`), so that two gateways on one state directory
 * each have theirs and each removes only its own. A gateway killed (SIGKILL, a crash) leaves its
 * note behind: a reader keeps only notes whose process still runs (the same process: its start
 * time is recorded, against a pid given to another process since), and the next start removes
 * the others.
 */
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ensurePrivateDir } from "../util/atomic-files.js";
import { isRecord } from "../util/is-record.js";
import { holderMayRun, ownProcessStart } from "../util/lock-takeover.js";
import { portHolder } from "./port-holder.js";

export interface RunningNote {
  pid: number;
  /** The address it binds (0.0.0.0 for `lan`) and the port it listens on (the one picked for 0). */
  host: string;
  port: number;
  /** The config file it serves. */
  configPath: string;
  /** ISO time of the start. */
  startedAt: string;
  /** The process's start token (see processStart): tells it from a later process with its pid. */
  processStart?: string;
}

const NOTE_NAME = /^gateway-(\d+)\.json$/;

/** `<state>/run`: where running gateways leave their notes. */
export function runningNotesDir(stateDir: string): string {
  return join(stateDir, "run");
}

function notePath(stateDir: string, pid: number): string {
  return join(runningNotesDir(stateDir), `gateway-${pid}.json`);
}

function parseNote(text: string): RunningNote | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  const { pid, host, port, configPath, startedAt, processStart } = value;
  if (typeof pid !== "number" || !Number.isInteger(pid) || pid <= 0) return undefined;
  if (typeof port !== "number" || !Number.isInteger(port)) return undefined;
  if (typeof host !== "string") return undefined;
  if (typeof configPath !== "string" || typeof startedAt !== "string") return undefined;
  return {
    pid,
    host,
    port,
    configPath,
    startedAt,
    ...(typeof processStart === "string" ? { processStart } : {}),
  };
}

/** Every note in the state directory, running or not, with its file. */
function allNotes(stateDir: string): { file: string; note: RunningNote | undefined }[] {
  let names: string[];
  try {
    names = readdirSync(runningNotesDir(stateDir));
  } catch {
    return [];
  }
  return names
    .filter((name) => NOTE_NAME.test(name))
    .map((name) => {
      const file = join(runningNotesDir(stateDir), name);
      try {
        return { file, note: parseNote(readFileSync(file, "utf8")) };
      } catch {
        return { file, note: undefined };
      }
    });
}

/** Whether the process a note names still runs (the same process, where this system can tell). */
function stillRuns(note: RunningNote): boolean {
  return holderMayRun(note.pid, note.processStart);
}

/** The notes of gateways whose process still runs; a stale note (a crashed gateway's) is left out. */
function readRunningNotes(stateDir: string): RunningNote[] {
  return allNotes(stateDir)
    .map(({ note }) => note)
    .filter((note): note is RunningNote => note !== undefined && stillRuns(note));
}

/** The notes of running gateways that serve the config file `configPath`. */
export function runningNotesOfConfig(stateDir: string, configPath: string): RunningNote[] {
  const config = resolve(configPath);
  return readRunningNotes(stateDir).filter((note) => resolve(note.configPath) === config);
}

/** Best effort: a stale note another user's gateway left, and we may not remove, misleads no reader. */
function removeStaleNote(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // Readers leave it out all the same (its process does not run).
  }
}

/**
 * Writes this process's note (mode 0600, in a 0700 directory), first removing the notes of
 * gateways that no longer run; returns what removes it again. Throws when it cannot be written
 * (the caller decides whether that matters).
 */
export function leaveRunningNote(
  stateDir: string,
  note: Omit<RunningNote, "pid" | "processStart">,
): () => void {
  for (const { file, note: old } of allNotes(stateDir))
    if (old === undefined || (old.pid !== process.pid && !stillRuns(old))) removeStaleNote(file);
  ensurePrivateDir(runningNotesDir(stateDir));
  const file = notePath(stateDir, process.pid);
  const start = ownProcessStart();
  const full: RunningNote = {
    pid: process.pid,
    ...note,
    ...(start !== undefined ? { processStart: start } : {}),
  };
  // Written beside, then renamed: a reader never sees half a note.
  const staged = `${file}.tmp`;
  writeFileSync(staged, `${JSON.stringify(full)}\n`, { mode: 0o600 });
  renameSync(staged, file);
  return () => rmSync(file, { force: true });
}

/**
 * The other gateways serving `configPath` now: a note of a process that runs, whose port answers
 * /healthz as a gateway (asked for up to `timeoutMs`). A second gateway on the same state
 * directory says so at its start: both write the same usage ledger.
 */
export async function otherRunningGateways(
  stateDir: string,
  configPath: string,
  timeoutMs: number,
): Promise<RunningNote[]> {
  const notes = runningNotesOfConfig(stateDir, configPath).filter(
    (note) => note.pid !== process.pid,
  );
  const answering = await Promise.all(
    notes.map(async (note) => (await portHolder(note.host, note.port, timeoutMs)) === "gateway"),
  );
  return notes.filter((_, index) => answering[index]);
}
