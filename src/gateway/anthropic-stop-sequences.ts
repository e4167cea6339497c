/**
 * An Anthropic request's `stop_sequences`, checked before they go upstream as the chat `stop`.
 * Moonshot documents at most 5 stop words of at most 32 bytes each (its chat API's `stop`), and
 * Kimi Code is served by the same API; Anthropic itself takes a list of strings and refuses an
 * empty one. A request either would refuse is refused here, naming the entry and the limit, so a
 * client is told in its own API's terms rather than by an upstream message about `stop`.
 * A whitespace-only sequence ("\n"), which Anthropic refuses, is passed on: the upstream takes it.
 */
import { describe, quoted } from "../util/client-value.js";
import { badRequest } from "./http-error.js";

/** The most stop sequences the upstream takes in one request. */
export const MAX_STOP_SEQUENCES = 5;
/** The longest stop sequence the upstream takes, in UTF-8 bytes. */
export const MAX_STOP_SEQUENCE_BYTES = 32;

/** `stop_sequences` as the chat body's `stop`, or a 400 naming what the upstream would refuse. */
export function checkedStopSequences(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value))
    throw badRequest(
      `stop_sequences must be an array of strings, got ${describe(value)}: send ["…"] for one`,
      "stop_sequences",
      "invalid_type",
    );
  if (value.length > MAX_STOP_SEQUENCES)
    throw badRequest(
      `stop_sequences has ${value.length} entries, and the upstream (Moonshot's API) takes at most ${MAX_STOP_SEQUENCES}: send ${MAX_STOP_SEQUENCES} or fewer`,
      "stop_sequences",
      "invalid_value",
    );
  value.forEach((entry: unknown, i) => {
    const at = `stop_sequences[${i}]`;
    if (typeof entry !== "string")
      throw badRequest(`${at} must be a string, got ${describe(entry)}`, at, "invalid_type");
    if (entry === "")
      throw badRequest(
        `${at} is empty: each stop sequence needs at least one character; leave it out`,
        at,
        "invalid_value",
      );
    const bytes = Buffer.byteLength(entry, "utf8");
    if (bytes > MAX_STOP_SEQUENCE_BYTES)
      throw badRequest(
        `${at} ${quoted(entry)} is ${bytes} bytes in UTF-8, and the upstream (Moonshot's API) takes at most ${MAX_STOP_SEQUENCE_BYTES} bytes a stop sequence: shorten it`,
        at,
        "invalid_value",
      );
  });
  return value as string[];
}
