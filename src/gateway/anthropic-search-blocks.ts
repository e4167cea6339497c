/**
 * A web search Moonshot ran for Anthropic's web search tool, as the `server_tool_use` block
 * Anthropic's answer has for each search it runs: Claude Code and the SDKs read these blocks to
 * show that a search ran and what it looked for. Its `input` is `{"query": …}` when the model's
 * `$web_search` call named the query (Moonshot's call may carry only an id for the search: then
 * `{}`). No `web_search_tool_result` block follows it: Moonshot does not hand the caller the
 * pages it read (no URLs, no titles), and a block of results made up, or an empty one, would tell
 * the client something untrue. Pure.
 */
import type { WebSearch } from "../runtime/types.js";

/** Anthropic's name for its web search tool, the one a `server_tool_use` block of it carries. */
export const SEARCH_TOOL_NAME = "web_search";

/** A `server_tool_use` block. */
export interface ServerToolUseBlock {
  type: "server_tool_use";
  id: string;
  name: string;
  input: { query?: string };
}

/**
 * The block's id, as Anthropic's are (`srvtoolu_` then letters, digits and `_`), from the
 * message's id (`msg_chatcmpl-…`) and the search's place in the answer: unique across a
 * conversation, where Moonshot's own call ids (`$web_search:0`) repeat from turn to turn.
 */
function serverToolUseId(messageId: string, index: number): string {
  return `srvtoolu_${messageId.replace(/^msg_/, "").replace(/[^A-Za-z0-9_]/g, "_")}_${index}`;
}

/** The `input` of the search's block: its query when known. */
export function searchInput(search: WebSearch): { query?: string } {
  return search.query === undefined ? {} : { query: search.query };
}

/** The `server_tool_use` block of the `index`th search of the answer `messageId`. */
export function searchUseBlock(
  messageId: string,
  index: number,
  search: WebSearch,
): ServerToolUseBlock {
  return {
    type: "server_tool_use",
    id: serverToolUseId(messageId, index),
    name: SEARCH_TOOL_NAME,
    input: searchInput(search),
  };
}
