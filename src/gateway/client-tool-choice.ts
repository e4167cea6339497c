/**
 * The runtime's notes quote the `tool_choice` the upstream request was built from, in chat
 * completions' form. A Responses or Anthropic client wrote its own (`{"type":"function","name":…}`,
 * `{"type":"any"}`) and would not find the chat form in its request: its notes quote its own.
 */
import { clippedJson } from "../util/client-value.js";
import type { ParsedChatRequest } from "./validate-request.js";

/**
 * Shared by every request whose client wrote chat completions' own form (all of
 * /v1/chat/completions): no closure made for it per request.
 */
const unchanged = (text: string): string => text;

/** Rewrites a note's `tool_choice <chat form>` into `tool_choice <the client's form>`. */
export function toolChoiceAsSent(parsed: ParsedChatRequest): (text: string) => string {
  const own = parsed.clientToolChoice;
  const chat = parsed.request.toolChoice;
  if (own === undefined || chat === undefined) return unchanged;
  const asBuilt = `tool_choice ${clippedJson(chat)}`;
  const asSent = `tool_choice ${clippedJson(own)}`;
  if (asBuilt === asSent) return unchanged;
  return (text) => text.replaceAll(asBuilt, asSent);
}
