/**
 * An Anthropic `document` block as the text the chat upstream takes. A plain-text document
 * (`source.type` "text") or one of content blocks (`source.type` "content") is its text, behind
 * its `title` and `context` when it has them, as Anthropic shows them to the model. A PDF (base64
 * or url) or a Files API file has no place in a chat message of text and images: refused with a
 * 400 that names the block and says what to send instead, never dropped without a word (a model
 * answering about a PDF it never saw, as CLIProxyAPI#4765 reported of another bridge).
 *
 * In a tool result it is different: Claude Code's Read tool answers a .pdf with a base64 PDF
 * document, and the client replays that result on every later turn, so a 400 there would stick
 * the session for good. There the PDF is left out and a short text saying so takes its place,
 * which the model reads and can tell the user about; the client's notes say it too. Claude Code
 * 2.1.197 sends the PDF its Read tool read not inside the tool result but as a block of its own
 * beside the tool results, in the same user message, and replays it just the same: there too it
 * is left out. A PDF in a message that answers no tool is the user's own, and still a 400.
 */
import { describe, quoted } from "../util/client-value.js";
import { isRecord } from "../util/is-record.js";
import { badRequest } from "./http-error.js";

const SEND_TEXT_INSTEAD =
  'send its text instead, as a text block or a plain-text document ({"type":"document","source":{"type":"text","media_type":"text/plain","data":"…"}})';

/** The text blocks of a `content` source (a string, or text blocks), joined. */
function contentSourceText(content: unknown, where: string): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content))
    throw badRequest(
      `${where} must be a string or an array of text blocks, got ${describe(content)}`,
      where,
      "invalid_type",
    );
  return content
    .map((block, i) => {
      const at = `${where}[${i}]`;
      if (isRecord(block) && block.type === "text" && typeof block.text === "string")
        return block.text;
      throw badRequest(
        `${at} must be a text block: a document's content goes upstream as text (send an image as an image block of the message)`,
        at,
        "invalid_value",
      );
    })
    .join("\n");
}

/** What a source that is not text is, for the refusal: `a PDF document (source.type "base64")`. */
function unreadableKind(source: Record<string, unknown>): string {
  const kind =
    source.media_type === "application/pdf" || source.type === "url"
      ? "a PDF document"
      : "a document";
  return `${kind} (source.type ${quoted(source.type)})`;
}

/** The text of the `document` block at `where` (`messages[2].content[0]`), or a 400 saying why not. */
export function documentText(block: Record<string, unknown>, where: string): string {
  const source = block.source;
  let body: string;
  if (isRecord(source) && source.type === "text" && typeof source.data === "string")
    body = source.data;
  else if (isRecord(source) && source.type === "content")
    body = contentSourceText(source.content, `${where}.source.content`);
  else if (isRecord(source) && ["base64", "url", "file"].includes(String(source.type)))
    throw badRequest(
      `${where} is ${unreadableKind(source)}: the models behind this gateway are sent text and images, not PDFs or files; ${SEND_TEXT_INSTEAD}`,
      where,
      "unsupported_value",
    );
  else
    throw badRequest(
      `${where}.source must be {"type":"text","media_type":"text/plain","data":"…"} or {"type":"content","content":[…]}`,
      `${where}.source`,
      "invalid_value",
    );
  const heading = [block.title, block.context].filter(
    (part): part is string => typeof part === "string" && part !== "",
  );
  return [...heading, body].join("\n\n");
}

/** What the left-out source was, in words: `a PDF of 48213 bytes`, `a PDF given by URL`. */
function leftOutKind(source: Record<string, unknown>): string {
  if (source.type === "base64" && typeof source.data === "string") {
    const kind = source.media_type === "application/pdf" ? "a PDF" : "a document";
    return `${kind} of ${Buffer.byteLength(source.data, "base64")} bytes`;
  }
  // A URL is not repeated: a signed one is a credential.
  if (source.type === "url") return "a PDF given by URL";
  return "a Files API file";
}

/** Where a tool's document stands: inside a `tool_result`, or beside the results in their message. */
export type ToolOutputPlace = "in a tool result" | "beside tool results";

/**
 * The text of a `document` block a tool's output brought, at `where`: its text as `documentText`
 * makes it, or, for a PDF or file the upstream cannot take, the text that stands in its place and
 * the note for the client's x-openclaw-notes. Other malformed documents are still a 400.
 */
export function toolResultDocument(
  block: Record<string, unknown>,
  where: string,
  place: ToolOutputPlace = "in a tool result",
): { text: string; note?: string } {
  const source = block.source;
  if (!isRecord(source) || !["base64", "url", "file"].includes(String(source.type)))
    return { text: documentText(block, where) };
  const kind = leftOutKind(source);
  const leftOutOf = place === "in a tool result" ? "this tool result" : "the tool results' message";
  const text = `[Left out of ${leftOutOf}: ${kind}. The model cannot read PDFs or files in tool results; to have it read, extract its text first (for example with pdftotext) and give the model that text.]`;
  return {
    text,
    note: `${where}: ${kind} ${place} not sent (the model cannot read PDFs); a text saying so went in its place`,
  };
}
