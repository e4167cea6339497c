/**
 * What of OpenAI's `web_search_options` Moonshot's `$web_search` cannot do, said to the client.
 * The gateway answers `web_search_options` with Moonshot's search (see chat-forced-search.ts and
 * the runtime's `webSearch`), which takes no settings: `search_context_size` (how much of the
 * results the model reads; "medium" is OpenAI's default, the same as not giving it) and
 * `user_location` (where results should be local to) are not used. Before, they were dropped
 * unsaid, and a client asking for results local to Berlin had no way to learn it got none. Pure.
 */
import { clippedJson } from "../util/client-value.js";

/** Notes for the x-openclaw-notes of a request whose `web_search_options` are `options`. */
export function webSearchOptionNotes(options: Record<string, unknown>): string[] {
  const notes: string[] = [];
  const size = options.search_context_size;
  if (size !== undefined && size !== null && size !== "medium") {
    notes.push(
      `web_search_options.search_context_size ${clippedJson(size)} not used: Moonshot's $web_search, which answers the search, takes no such setting and decides how much it reads`,
    );
  }
  const location = options.user_location;
  if (location !== undefined && location !== null) {
    notes.push(
      "web_search_options.user_location not used: Moonshot's $web_search, which answers the search, takes no location; name the place in the prompt when the answer depends on it",
    );
  }
  return notes;
}
