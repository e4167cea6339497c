/**
 * OpenAI's `prompt_cache_options` (`{"mode": "implicit" | "explicit", "ttl": "30m"}`), the
 * setting that replaces `prompt_cache_retention`, on chat completions and /v1/responses alike.
 * Moonshot and Kimi Code cache prompts on their own and take no such setting: it is checked as
 * OpenAI checks it, not sent, and the client is told (an x-openclaw-notes line), as for
 * `prompt_cache_retention`. Before, chat completions sent it upstream unchecked and unsaid, and
 * /v1/responses refused the request. So is a content part's `prompt_cache_breakpoint` (OpenAI's
 * explicit cache breakpoint), on both doors in the same words (`breakpointsNote`). Pure.
 */
import { clippedJson, describe, quoted } from "../util/client-value.js";
import { isRecord } from "../util/is-record.js";
import { badRequest } from "./http-error.js";

const MODES = new Set(["implicit", "explicit"]);

/** The note for a `prompt_cache_options` given (absent or null: none), or a 400 for a wrong one. */
export function promptCacheOptionsNote(options: unknown): string | undefined {
  if (options === undefined || options === null) return undefined;
  if (!isRecord(options))
    throw badRequest(
      `prompt_cache_options must be an object such as {"ttl": "30m"}, got ${describe(options)}`,
      "prompt_cache_options",
      "invalid_type",
    );
  const mode = options.mode;
  if (mode !== undefined && mode !== null && !(typeof mode === "string" && MODES.has(mode)))
    throw badRequest(
      `prompt_cache_options.mode must be "implicit" or "explicit", got ${quoted(mode)}`,
      "prompt_cache_options.mode",
      typeof mode === "string" ? "invalid_value" : "invalid_type",
    );
  const ttl = options.ttl;
  if (ttl !== undefined && ttl !== null && typeof ttl !== "string")
    throw badRequest(
      `prompt_cache_options.ttl must be a string such as "30m", got ${describe(ttl)}`,
      "prompt_cache_options.ttl",
      "invalid_type",
    );
  return `prompt_cache_options ${clippedJson(options)} not sent: a caching setting the provider does not take (Moonshot and Kimi Code cache prompts on their own)`;
}

/**
 * The note for `prompt_cache_breakpoint`s taken out of `count` content parts (above 0), the same
 * on chat completions and /v1/responses.
 */
export function breakpointsNote(count: number): string {
  return `prompt_cache_breakpoint not sent (on ${count} content part${count === 1 ? "" : "s"}): a caching hint the provider does not take (Moonshot and Kimi Code cache prompts on their own)`;
}
