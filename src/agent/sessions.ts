/**
 * Sessions on disk: `<state>/agents/<agentId>/sessions/<sessionId>.jsonl`, one JSON event per
 * line. Every event is written with one `write` and flushed (fdatasync) before the next, so a
 * crash loses at most the line being written. On load a torn line (a partial write) is skipped,
 * and before appending to a file whose last line is torn a newline is added so the next event
 * starts clean.
 */

import { randomUUID } from "node:crypto";
import { closeSync, fdatasyncSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import path from "node:path";
import { sessionsDir } from "../config/index.js";
import { OpenClawError } from "../errors.js";
import type { ChatMessage, Cost, Usage } from "../providers/types.js";
import { messageProblem } from "../runtime/check-request.js";
import { fsError, fsReason } from "../util/atomic-files.js";
import { refuseHomeShorthand } from "../util/home-shorthand.js";
import { maskKeyShapedNames } from "../util/key-shaped-names.js";
import { checkOptionNames, type OptionNames } from "../util/option-names.js";
import { checkOptionTypes, optionType } from "../util/option-types.js";
import { checkStringArguments } from "../util/string-arguments.js";

/** The version a session file's first event (`type: "session"`) records. */
export const SESSION_VERSION = 1;

/**
 * One line of a session file (JSON Lines): its header, a message, a model change or what a turn
 * used; each with `at`, an ISO time.
 */
export type SessionEvent =
  | {
      /** The file's first line: which session it is. */
      type: "session";
      /** The file format's version (`SESSION_VERSION`). */
      version: number;
      /** The session id. */
      id: string;
      /** The agent the session belongs to (`main`). */
      agentId: string;
      /** When the session began, as an ISO time. */
      at: string;
    }
  | {
      /** A message of the conversation. */
      type: "message";
      /** The message. */
      message: ChatMessage;
      /** When it was written, as an ISO time. */
      at: string;
      /** The answer was cut off (Ctrl-C, a dropped stream): this is what had come. */
      interrupted?: true;
    }
  | {
      /**
       * The model the session was put on (`--model`, chat's `/model`), so that it resumes on it;
       * `null` puts it back on the default. The last such event counts.
       */
      type: "model";
      /** The model's ref or alias as given; null: the default. */
      model: string | null;
      /** When it was chosen, as an ISO time. */
      at: string;
    }
  | {
      /** What one model call of a turn used. */
      type: "usage";
      /** Ref of the model that answered. */
      model: string;
      /** Tokens the provider reported; undefined when it reported none. */
      usage: Usage | undefined;
      /** Cost in USD at the model's configured prices. */
      cost: Cost;
      /** The model the chain started from, when a fallback answered. */
      fallbackFrom?: string | undefined;
      /**
       * The usage is openclaw's estimate, not the provider's report: a request cancelled (chat's
       * Ctrl-C) before its provider reported usage. Absent when reported (and in older files).
       */
      estimated?: true;
      /** When it was written, as an ISO time. */
      at: string;
    };

/** How many messages of the wrong shape are named one by one in the warnings. */
const MISSHAPEN_SHOWN = 5;

const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function assertSessionId(id: string): void {
  checkStringArguments(
    "assertSessionId",
    { id },
    'assertSessionId(id), the id a string such as "support-42"',
  );
  refuseBadId(id, "session id");
}

/**
 * Throws (code `invalid_session_id`) unless `id` may name a session or an agent (a file or
 * directory name under the state dir): said as the id it is, so that sessionPath's agent id is
 * not told as a session id.
 */
function refuseBadId(id: string, kind: "session id" | "agent id"): void {
  if (SESSION_ID.test(id) && !id.includes("..")) return;
  const rule = "use letters, digits, '.', '_' or '-' (up to 128 characters)";
  throw new OpenClawError("invalid_session_id", `${kind} "${id}" is not allowed`, {
    hint: (kind === "session id" ? sessionFileGiven(id) : undefined) ?? rule,
    exitCode: 2,
  });
}

/**
 * For an id that is the path of a session file (`~/.openclaw/agents/main/sessions/notes.jsonl`,
 * pasted from a listing): the id it names, as a hint.
 */
function sessionFileGiven(id: string): string | undefined {
  const file = /[/\\]([^/\\]+)\.jsonl$/i.exec(id);
  const named = file?.[1];
  if (named === undefined || !SESSION_ID.test(named) || named.includes("..")) return undefined;
  return `a session is named by its id, not by its file's path: the id of ${named}.jsonl is ${named}`;
}

/** What to pass for a state dir written `~/.openclaw`. */
const STATE_DIR_INSTEAD =
  'pass resolveStateDir(), the state dir the CLI uses ($OPENCLAW_STATE_DIR, else ~/.openclaw, expanded), or an absolute path such as path.join(os.homedir(), ".openclaw")';

/** What to pass for a session file written `~/.openclaw/…`. */
const SESSION_FILE_INSTEAD =
  'pass an absolute path: sessionPath(resolveStateDir(), "main", id) is the file the CLI uses for session id, or expand ~ with os.homedir()';

export function sessionPath(stateDir: string, agentId: string, sessionId: string): string {
  checkStringArguments(
    "sessionPath",
    { stateDir, agentId, sessionId },
    'sessionPath(stateDir, agentId, sessionId), e.g. sessionPath("/var/lib/my-app/openclaw", "main", "support-42")',
  );
  refuseHomeShorthand("sessionPath", "stateDir", stateDir, STATE_DIR_INSTEAD);
  refuseBadId(sessionId, "session id");
  refuseBadId(agentId, "agent id");
  return path.join(sessionsDir(stateDir, agentId), `${sessionId}.jsonl`);
}

/** A new session id: a random UUID, which names the session's file `<id>.jsonl`. */
export function newSessionId(): string {
  return randomUUID();
}

/** A session file as loadSession read it; a file not there yet is an empty session. */
export interface LoadedSession {
  /** The session's id, the one loadSession was given. */
  id: string;
  /** The conversation so far, to pass as a turn's `history`. */
  messages: ChatMessage[];
  /** Every event read from the file in order (messages, usage records, model changes). */
  events: SessionEvent[];
  /** Lines that could not be read (a torn write) or held a message of the wrong shape, skipped. */
  skippedLines: number;
  /**
   * What was odd about the file, one sentence each (lines skipped and their numbers, a header
   * naming another session): the CLI prints these as warnings.
   */
  warnings: string[];
  /** The model the session was last put on; undefined when never (it follows the default). */
  model: string | undefined;
}

/**
 * What loadSession and openSessionWriter do with a file whose header names another session than
 * the id given.
 */
export interface LoadSessionOptions {
  /**
   * `"warn"` (the CLI, whose file is named by its id: a file copied or renamed by hand) loads it
   * with a warning and appends to it; `"refuse"` (the library, given a file and an id apart: one
   * of the two is the wrong one) throws `session_mismatch` rather than hand another session's
   * conversation to a turn of this one, or write this one's messages into its file.
   */
  otherSession?: "warn" | "refuse";
}

/** Reads a session file; a missing file is an empty session. */
export function loadSession(
  file: string,
  id: string,
  options: LoadSessionOptions = {},
): LoadedSession {
  checkStringArguments(
    "loadSession",
    { file, id },
    'loadSession(file, id), e.g. loadSession(sessionPath(stateDir, "main", "support-42"), "support-42")',
  );
  refuseHomeShorthand("loadSession", "file", file, SESSION_FILE_INSTEAD);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      return { id, messages: [], events: [], skippedLines: 0, warnings: [], model: undefined };
    }
    const isDirectory = (error as NodeJS.ErrnoException).code === "EISDIR";
    throw new OpenClawError(
      "session_unreadable",
      `cannot read session ${file}: ${fsReason(error)}`,
      {
        where: file,
        hint: isDirectory
          ? `a session is one file: move or remove the directory ${file}, or use another session id`
          : "check that the state directory (OPENCLAW_STATE_DIR, default ~/.openclaw) and the session file are readable",
        cause: error,
      },
    );
  }
  const events: SessionEvent[] = [];
  const skipped: number[] = [];
  const warnings: string[] = [];
  const misshapen: string[] = [];
  const lines = text.split("\n");
  for (const [index, line] of lines.entries()) {
    if (line.trim() === "") continue;
    const event = parseEvent(line);
    if (!event) {
      skipped.push(index + 1);
      continue;
    }
    // A message of the wrong shape (edited by hand: content a number, a tool result without its
    // call's id) is left out where it is named: sent, the request would be refused naming
    // messages[i], which is no line of the file, or it would break what reads the history.
    const problem = event.type === "message" ? messageProblem(event.message, "message") : undefined;
    if (problem) {
      misshapen.push(`session ${file} line ${index + 1}: ${problem.message} (left out)`);
      continue;
    }
    if (event.type === "session") {
      if (typeof event.version === "number" && event.version > SESSION_VERSION) {
        throw new OpenClawError(
          "session_version",
          `session ${file} was written in format version ${event.version}; this openclaw reads version ${SESSION_VERSION}`,
          {
            where: file,
            hint: "use the openclaw that wrote it, or start another session with a new --session-id",
          },
        );
      }
      if (typeof event.id === "string" && event.id !== id) {
        if (options.otherSession === "refuse") {
          throw otherSessionError(file, index + 1, event.id, id);
        }
        warnings.push(
          `session ${file} line ${index + 1}: the header names session "${event.id}", not "${id}" (used anyway)`,
        );
      }
    }
    events.push(event);
  }
  if (skipped.length > 0) {
    // The last line alone, without a newline after it, is a write a crash tore.
    const torn = skipped.length === 1 && skipped[0] === lines.length && !text.endsWith("\n");
    warnings.unshift(
      `session ${file}: skipped ${skipped.length === 1 ? "line" : "lines"} ${shortList(skipped)} (${torn ? "a write cut off" : "not a session event"})`,
    );
  }
  // One warning a line, the first few: a file with many such lines is not worth a screenful.
  warnings.push(...misshapen.slice(0, MISSHAPEN_SHOWN));
  if (misshapen.length > MISSHAPEN_SHOWN)
    warnings.push(
      `session ${file}: ${misshapen.length - MISSHAPEN_SHOWN} more messages of the wrong shape left out`,
    );
  const messages = events.flatMap((event) => (event.type === "message" ? [event.message] : []));
  const lastModel = events.findLast((event) => event.type === "model");
  return {
    id,
    messages,
    events,
    skippedLines: skipped.length + misshapen.length,
    warnings,
    model: lastModel?.type === "model" ? (lastModel.model ?? undefined) : undefined,
  };
}

/**
 * Throws `session_mismatch` when the file's text (`existing`) starts with the header of another
 * session than `id`: appending would write this session's messages into that one's file.
 */
function refuseOtherSessionFile(file: string, existing: string, id: string): void {
  const lines = existing.split("\n");
  const index = lines.findIndex((line) => line.trim() !== "");
  const header = index < 0 ? undefined : parseEvent(lines[index] ?? "");
  if (header?.type !== "session" || typeof header.id !== "string" || header.id === id) return;
  throw otherSessionError(file, index + 1, header.id, id, "openSessionWriter");
}

/** The library's refusal of a file whose header (at `line`) names session `named`, not `id`. */
function otherSessionError(
  file: string,
  line: number,
  named: string,
  id: string,
  call: "loadSession" | "openSessionWriter" = "loadSession",
): OpenClawError {
  const sameFile =
    call === "loadSession"
      ? `load this one as loadSession(file, "${named}")`
      : `open this one as openSessionWriter(file, "${named}", agentId)`;
  return new OpenClawError(
    "session_mismatch",
    `session file ${file} belongs to session "${named}" (its header, line ${line}), not "${id}"`,
    {
      where: file,
      hint: `the file and the id given to ${call} name two sessions: pass the file of session "${id}", sessionPath(stateDir, agentId, "${id}"), or ${sameFile}; to go on from another session's conversation, load it under its own id and give its messages as the history of a turn written to the new session's file`,
    },
  );
}

function shortList(numbers: number[]): string {
  const shown = numbers.slice(0, 10).join(", ");
  return numbers.length > 10 ? `${shown} and ${numbers.length - 10} more` : shown;
}

function parseEvent(line: string): SessionEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const type = (value as { type?: unknown }).type;
  if (type === "message") {
    const message = (value as { message?: unknown }).message;
    if (typeof message !== "object" || message === null) return undefined;
    const role = (message as { role?: unknown }).role;
    if (
      role !== "system" &&
      role !== "developer" &&
      role !== "user" &&
      role !== "assistant" &&
      role !== "tool"
    ) {
      return undefined;
    }
  } else if (type === "model") {
    const model = (value as { model?: unknown }).model;
    if (model !== null && (typeof model !== "string" || model.trim() === "")) return undefined;
  } else if (type !== "session" && type !== "usage") {
    return undefined;
  }
  return value as SessionEvent;
}

/** The part of a runtime result a session keeps for each model call. */
export interface UsageRecord {
  /** Ref of the model that answered. */
  model: string;
  /** Tokens the provider reported; undefined when it reported none. */
  usage: Usage | undefined;
  /** Cost in USD at the model's configured prices. */
  cost: Cost;
  /** The model the chain started from, when a fallback answered. */
  fallbackFrom?: string | undefined;
  /** The usage is an estimate (a request cut short before its provider reported usage). */
  estimated?: true | undefined;
}

/** An open session file that events are appended to as they happen. */
export interface SessionWriter {
  /** The session file written to. */
  readonly file: string;
  /** The session's id, as the file's header names it. */
  readonly id: string;
  /** Writes one event as a line of the file, as it is. */
  append(event: SessionEvent): void;
  /**
   * Records a message of the conversation (`meta.interrupted`: an answer cut off before its end);
   * one loadSession would leave out of the history is refused before anything is written.
   */
  appendMessage(message: ChatMessage, meta?: { interrupted?: true }): void;
  /** Records what one model call used and cost (and the model it fell back from). */
  appendUsage(run: UsageRecord): void;
  /** Puts the session on a model (a ref or alias as typed), or back on the default (`null`). */
  appendModel(model: string | null): void;
  /** Closes the file; an append after it throws `session_closed`. */
  close(): void;
}

/** What a program may pass to the library's openSessionWriter. */
export interface SessionWriterOptions {
  /** Flush (fdatasync) each event before the next (default true; undefined is the default). */
  sync?: boolean | undefined;
}

const SESSION_WRITER_OPTIONS = { sync: true } as const satisfies OptionNames<SessionWriterOptions>;

/**
 * Refuses, as lockSession does, what plain JavaScript passes without a word: a misspelled option
 * (`{ sinc: false }` flushed every event, as if nothing had been given) or a `sync` that is no
 * boolean (`"false"` read from a setting is truthy, and flushed every event too).
 */
export function checkSessionWriterOptions(options: unknown): void {
  checkOptionNames("openSessionWriter", options, SESSION_WRITER_OPTIONS);
  checkOptionTypes("openSessionWriter", options, { sync: optionType.boolean });
}

export function openSessionWriter(
  file: string,
  id: string,
  agentId: string,
  options: SessionWriterOptions & LoadSessionOptions = {},
): SessionWriter {
  checkStringArguments(
    "openSessionWriter",
    { file, id, agentId },
    'openSessionWriter(file, id, agentId), e.g. openSessionWriter(file, "support-42", "main")',
  );
  refuseHomeShorthand("openSessionWriter", "file", file, SESSION_FILE_INSTEAD);
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  } catch (error) {
    throw fsError(error, "write", file);
  }
  let existing = "";
  try {
    existing = readFileSync(file, "utf8");
  } catch {
    existing = "";
  }
  if (options.otherSession === "refuse") refuseOtherSessionFile(file, existing, id);
  let fd: number;
  try {
    fd = openSync(file, "a", 0o600);
  } catch (error) {
    // A directory at the file's path, or one that cannot be written: said in words, as above.
    throw fsError(error, "write", file);
  }
  const sync = options.sync ?? true;
  const write = (text: string) => {
    writeSync(fd, text);
    if (sync) fdatasyncSync(fd);
  };
  if (existing.length > 0 && !existing.endsWith("\n")) write("\n");
  let closed = false;
  const writer: SessionWriter = {
    file,
    id,
    append(event) {
      if (closed) {
        throw new OpenClawError("session_closed", `session ${id} is closed`, {
          where: file,
          hint: "to go on with the session, open it again with openSessionWriter(file, id, agentId): it appends to the same file; call close() only when done with it",
        });
      }
      write(`${JSON.stringify(event)}\n`);
    },
    appendMessage(message, meta) {
      writer.append({
        type: "message",
        message,
        at: new Date().toISOString(),
        ...(meta?.interrupted ? { interrupted: true as const } : {}),
      });
    },
    appendUsage(run) {
      // A session file is generated, and kept: a key pasted as a provider's name goes in masked
      // (`sk-kimi-***/kimi-k2.5`), as the gateway's ledger keeps it. Nothing reads the ref back.
      writer.append({
        type: "usage",
        model: maskKeyShapedNames(run.model),
        usage: run.usage,
        cost: run.cost,
        fallbackFrom:
          run.fallbackFrom === undefined ? undefined : maskKeyShapedNames(run.fallbackFrom),
        ...(run.estimated ? { estimated: true as const } : {}),
        at: new Date().toISOString(),
      });
    },
    appendModel(model) {
      // Masked as a usage event's ref is: a key pasted as a provider's name stays out of the file
      // (the masked name then resolves to nothing, which the next run warns about).
      writer.append({
        type: "model",
        model: model === null ? null : maskKeyShapedNames(model),
        at: new Date().toISOString(),
      });
    },
    close() {
      if (closed) return;
      closed = true;
      closeSync(fd);
    },
  };
  if (existing.trim() === "") {
    writer.append({
      type: "session",
      version: SESSION_VERSION,
      id,
      agentId,
      at: new Date().toISOString(),
    });
  }
  return writer;
}
