/**
 * The Responses API's `context_management` (`[{"type": "compaction", "compact_threshold":
 * 200000}]`): OpenAI compacts a conversation past the threshold while answering. The gateway
 * compacts nothing (it drops nothing from a conversation either, as `truncation` says), so the
 * request is answered as sent and the client is told (an x-openclaw-notes line); before, it was
 * refused as an unknown field, and a client that turns compaction on (VS Code's Copilot Chat
 * does) could not work at all. The entries are checked as OpenAI's SDK types them. Pure.
 */
import { describe } from "../util/client-value.js";
import { isRecord } from "../util/is-record.js";
import { badRequest } from "./http-error.js";

/** The note for a `context_management` given (absent, null or []: none), or a 400 for a wrong one. */
export function contextManagementNote(entries: unknown): string | undefined {
  if (entries === undefined || entries === null) return undefined;
  if (!Array.isArray(entries))
    throw badRequest(
      `context_management must be an array such as [{"type": "compaction", "compact_threshold": 200000}], got ${describe(entries)}`,
      "context_management",
      "invalid_type",
    );
  if (entries.length === 0) return undefined;
  entries.forEach((entry: unknown, i) => {
    const at = `context_management[${i}]`;
    if (!isRecord(entry))
      throw badRequest(`${at} must be an object, got ${describe(entry)}`, at, "invalid_type");
    if (typeof entry.type !== "string")
      throw badRequest(
        `${at}.type must be a string such as "compaction", got ${describe(entry.type)}`,
        `${at}.type`,
        "invalid_type",
      );
    const threshold = entry.compact_threshold;
    if (
      threshold !== undefined &&
      threshold !== null &&
      !(typeof threshold === "number" && Number.isInteger(threshold) && threshold > 0)
    )
      throw badRequest(
        `${at}.compact_threshold must be a positive integer (tokens), got ${typeof threshold === "number" ? threshold : describe(threshold)}`,
        `${at}.compact_threshold`,
        typeof threshold === "number" ? "invalid_value" : "invalid_type",
      );
  });
  return "context_management not applied: this gateway compacts no conversation and drops nothing from one, so the model gets it whole; one too long for the model is a 400 (context_length_exceeded), to shorten on the client's side";
}
