/**
 * What the gateway changed in a client's request before sending it upstream (a temperature
 * lowered, a forced tool choice sent as "auto", a thinking switch left out after a refusal…),
 * told to the client in the `x-openclaw-notes` response header. The answer's body keeps OpenAI's
 * (or Anthropic's) shape; without the header a client would get a 200 and no sign that what it
 * asked for was not what was sent.
 */
import type { RuntimeEvent } from "../runtime/types.js";
import { count } from "../util/count.js";

export const NOTES_HEADER = "x-openclaw-notes";

/** Above this many bytes the header lists no more notes and says how many were left out. */
const MAX_HEADER_BYTES = 4096;
/** A single note's entry is cut past this many bytes (the gateway's log keeps it whole). */
const MAX_ENTRY_BYTES = 1000;

/**
 * The notes of one request, in the order they arose, each once. `forClient` is applied to each
 * as it is added: the paths and keys a remote client is not told.
 */
export class ClientNotes {
  private readonly notes: string[] = [];
  /** How many of the first notes `clear` keeps: those about the request itself. */
  private kept = 0;

  constructor(private readonly forClient: (text: string) => string) {}

  /**
   * A note about what the gateway left out of the request before any model saw it: true of
   * every model's answer, so a fallback keeps it. Added before any other note.
   */
  addLasting(text: string): void {
    this.add(text);
    this.kept = this.notes.length;
  }

  add(text: string): void {
    const told = this.forClient(text);
    if (!this.notes.includes(told)) this.notes.push(told);
  }

  /**
   * A fallback answers from another model: what was changed in the request to the one before
   * did not shape the answer the client gets.
   */
  clear(): void {
    this.notes.length = this.kept;
  }

  /** Adds `headers`' notes header, unless there is nothing to say. */
  addTo(headers: Record<string, string | number>): void {
    const value = notesHeaderValue(this.notes);
    if (value !== undefined) headers[NOTES_HEADER] = value;
  }
}

/**
 * A note as a header can carry it: `%`, `,`, control characters and everything past ASCII
 * percent-encoded as UTF-8 bytes, so that the entries split at commas and each decodes with
 * `decodeURIComponent`.
 */
export function encodeNote(text: string): string {
  let entry = "";
  for (const char of text) {
    const encoded =
      /^[\x20-\x7e]$/.test(char) && char !== "%" && char !== "," ? char : percent(char);
    // Cut between characters, never inside one's %XX bytes.
    if (entry.length + encoded.length > MAX_ENTRY_BYTES - 3) return `${entry}...`;
    entry += encoded;
  }
  return entry;
}

/** A character's UTF-8 bytes as %XX; a lone surrogate (no UTF-8 of its own) as U+FFFD's. */
function percent(char: string): string {
  try {
    return encodeURIComponent(char);
  } catch {
    return "%EF%BF%BD";
  }
}

/**
 * The header's value: the encoded notes joined with ", ", up to MAX_HEADER_BYTES, then
 * `and N more` for those left out; undefined for no notes (no header at all).
 */
export function notesHeaderValue(notes: readonly string[]): string | undefined {
  if (notes.length === 0) return undefined;
  const entries: string[] = [];
  let length = 0;
  for (const [index, note] of notes.entries()) {
    const entry = encodeNote(note);
    const left = notes.length - index - 1;
    // Room kept for the "and N more" that would follow should a later note not fit.
    const tail = left > 0 ? `, and ${notes.length} more`.length : 0;
    const added = (entries.length > 0 ? 2 : 0) + entry.length;
    if (length + added + tail > MAX_HEADER_BYTES && entries.length > 0) {
      entries.push(`and ${notes.length - index} more`);
      return entries.join(", ");
    }
    entries.push(entry);
    length += added;
  }
  return entries.join(", ");
}

/**
 * What a retry changed in the request, for the client (the runtime's `retry` events for a
 * corrected request); undefined for a plain retry of the same request.
 */
export function retryNote(event: Extract<RuntimeEvent, { type: "retry" }>): string | undefined {
  if (event.thinksUnasked)
    return `${event.model} thinks without being asked: sent again as to a thinking model`;
  if (event.filledReasoning)
    return `${event.model} took an empty reasoning_content as missing: sent again with "(reasoning not kept)" on those turns`;
  if (event.droppedThinkingKeep)
    return `${event.model} does not take thinking.keep (preserved thinking): sent again without it, the thinking switch as asked`;
  if (event.droppedThinking !== undefined)
    return `${event.model} refused thinking "${event.droppedThinking}": sent again without the thinking switch, the model decides`;
  if (event.corrected?.param === "max_tokens")
    return `${event.model} counted the conversation longer than estimated: the answer may use ${count(event.corrected.to)} tokens, not ${count(event.corrected.from)}`;
  if (event.corrected)
    return `${event.model} takes only ${event.corrected.param} ${event.corrected.to}: sent again with ${event.corrected.to} instead of ${event.corrected.from}`;
  return undefined;
}
