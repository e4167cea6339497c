/**
 * An Anthropic `search_result` block (`{"type": "search_result", "source", "title", "content":
 * [text blocks]}`, what a retrieval tool returns so the model can cite it) as the text the chat
 * upstream takes: its title, its source and its text, as the model would read them. Anthropic
 * takes such blocks in a user message and in a `tool_result`; the gateway refused them with a
 * 400. No citations come back: the upstream makes none. Pure.
 */
import { describe } from "../util/client-value.js";
import { isRecord } from "../util/is-record.js";
import { badRequest } from "./http-error.js";

const SHAPE = '{"type": "search_result", "source": "…", "title": "…", "content": [text blocks]}';

/** A 400 for the field at `at`, required or of the wrong kind. */
function wrongField(at: string, value: unknown, want: string): Error {
  return value === undefined
    ? badRequest(`${at} is required: a search result is ${SHAPE}`, at, "missing_required_parameter")
    : badRequest(`${at} must be ${want}, got ${describe(value)}`, at, "invalid_type");
}

/** The text of the `search_result` block at `where` (`messages[2].content[0].content[1]`). */
export function searchResultText(block: Record<string, unknown>, where: string): string {
  const { title, source, content } = block;
  if (typeof title !== "string") throw wrongField(`${where}.title`, title, "a string");
  if (typeof source !== "string") throw wrongField(`${where}.source`, source, "a string");
  if (!Array.isArray(content))
    throw wrongField(`${where}.content`, content, "an array of text blocks");
  const texts = content.map((part, i) => {
    if (isRecord(part) && part.type === "text" && typeof part.text === "string") return part.text;
    const at = `${where}.content[${i}]`;
    throw badRequest(
      `${at} must be a text block: a search result's content is text`,
      at,
      "invalid_value",
    );
  });
  return [title, `Source: ${source}`, ...texts].filter((part) => part !== "").join("\n\n");
}
