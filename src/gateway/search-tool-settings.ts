/**
 * What a web search tool's settings ask that Moonshot's `$web_search`, which answers the search,
 * cannot do: it takes no settings at all. OpenAI's Responses tool (`{"type": "web_search",
 * "filters": {"allowed_domains"}, "user_location", "search_context_size"}`) and Anthropic's
 * (`{"type": "web_search_20250305", "allowed_domains", "blocked_domains", "user_location",
 * "max_uses"}`) went as a bare search, the settings dropped unsaid: a client that kept the answer
 * to some sites had no way to learn it may draw on any. Each setting left unused is noted. Pure.
 */
import { MAX_SEARCH_ROUNDS } from "../runtime/web-search-loop.js";
import { clippedJson } from "../util/client-value.js";
import { isRecord } from "../util/is-record.js";

const WHO = "Moonshot's $web_search, which answers the search,";

/** Whether a setting was given: null and an empty list ask for nothing. */
function given(value: unknown): boolean {
  return value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);
}

function allowedNote(at: string): string {
  return `${at} not used: ${WHO} takes no list of sites, so the answer may draw on any site; name the sites in the prompt to ask for them`;
}

function locationNote(at: string): string {
  return `${at} not used: ${WHO} takes no location; name the place in the prompt when the answer depends on it`;
}

/** Notes for the Responses API's web search tool `tool` at `at` (`tools[1]`). */
export function responsesSearchSettingNotes(tool: Record<string, unknown>, at: string): string[] {
  const notes: string[] = [];
  if (isRecord(tool.filters) && given(tool.filters.allowed_domains))
    notes.push(allowedNote(`${at}.filters.allowed_domains`));
  if (given(tool.user_location)) notes.push(locationNote(`${at}.user_location`));
  const size = tool.search_context_size;
  if (given(size) && size !== "medium")
    notes.push(
      `${at}.search_context_size ${clippedJson(size)} not used: ${WHO} takes no such setting and decides how much it reads`,
    );
  return notes;
}

/** Notes for Anthropic's web search tool `tool` at `at` (`tools[1]`). */
export function messagesSearchSettingNotes(tool: Record<string, unknown>, at: string): string[] {
  const notes: string[] = [];
  if (given(tool.allowed_domains)) notes.push(allowedNote(`${at}.allowed_domains`));
  if (given(tool.blocked_domains))
    notes.push(
      `${at}.blocked_domains not used: ${WHO} takes no list of sites to avoid, so the answer may draw on those too; ask in the prompt to leave them out`,
    );
  if (given(tool.user_location)) notes.push(locationNote(`${at}.user_location`));
  // The gateway asks for an answer after this many requests that searched (see the runtime).
  const rounds = MAX_SEARCH_ROUNDS - 1;
  if (typeof tool.max_uses === "number" && tool.max_uses < rounds)
    notes.push(
      `${at}.max_uses ${tool.max_uses} not applied: ${WHO} takes no limit, and the gateway bounds searching only by rounds: the model may search in up to ${rounds} rounds (any number of searches each) before it is asked to answer`,
    );
  return notes;
}
