/**
 * An Anthropic Messages API request (`POST /v1/messages`, what Claude Code sends) as the gateway's
 * chat request: the body is rewritten into a chat completions body and validated by the same
 * `parseChatRequest`, so compat, limits and the field checks are the chat route's. Its errors are
 * renamed back to the client's own fields (`messages[2]`, `stop_sequences`, `tools[0].input_schema`).
 *
 * Decisions (docs/guide.md says them too): `top_k` is refused, as neither Moonshot nor Kimi Code
 * takes it; a `temperature` outside Anthropic's 0 to 1 is refused, as Anthropic refuses it;
 * `stop_sequences` beyond the model's limit for `stop` (Moonshot's 5 of 32 bytes) are held by
 * the gateway, as on every route (held-stop-request.ts), and an empty one is refused (see
 * anthropic-stop-sequences);
 * `thinking.budget_tokens` is read as "thinking on" (Moonshot has no budget); a `tool_result` with
 * `is_error` goes upstream as its text behind "Error: "; a plain-text `document` goes as its text
 * and a PDF one is refused, but in a tool result or beside one left out with a text in its place (see
 * anthropic-documents); a `search_result` block goes as its title, source and text (see
 * anthropic-search-results); a tool-call id the gateway encoded for the
 * client goes upstream as the upstream made it (see anthropic-tool-ids); `output_config.effort`
 * is the thinking level (see anthropic-output-config); a `tool_choice` that forces the web search
 * tool goes as "auto" with the search the only tool (see anthropic-forced-search); other fields are Anthropic's own and are
 * not sent upstream, each named in the client's notes (see anthropic-unsent-fields).
 */
import { describe, quoted } from "../util/client-value.js";
import { isRecord } from "../util/is-record.js";
import { anthropicClientId } from "./anthropic-client-id.js";
import { documentText, toolResultDocument } from "./anthropic-documents.js";
import { forcedSearchNote } from "./anthropic-forced-search.js";
import { outputConfig } from "./anthropic-output-config.js";
import { SEARCH_TOOL_NAME } from "./anthropic-search-blocks.js";
import { searchResultText } from "./anthropic-search-results.js";
import { checkedStopSequences } from "./anthropic-stop-sequences.js";
import { threadContinueRefusal } from "./anthropic-threads.js";
import { RequestToolIds } from "./anthropic-tool-ids.js";
import {
  unsentCacheMarksNote,
  unsentFieldNotes,
  unsentToolFieldNotes,
} from "./anthropic-unsent-fields.js";
import { searchNotRunText } from "./forced-search.js";
import { badRequest, GatewayHttpError } from "./http-error.js";
import { checkedImageMediaType } from "./image-media-type.js";
import { imagePartOrigins } from "./image-part-origins.js";
import { reasoningFromBlob } from "./reasoning-blob.js";
import { isMoonshotSearchName, searchNameClash } from "./search-name-clash.js";
import { messagesSearchSettingNotes } from "./search-tool-settings.js";
import { messagesSearchToolShape } from "./search-tool-shapes.js";
import { checkUniqueToolNames, type ToolParts } from "./unique-tool-names.js";
import {
  messageLimitText,
  type ParsedChatRequest,
  parseChatRequest,
  type RequestLimits,
} from "./validate-request.js";

type Obj = Record<string, unknown>;

/** Anthropic fields mapped here; any other is left out of the chat body, and the client told. */
const MAPPED = new Set([
  "model",
  "system",
  "messages",
  "max_tokens",
  "stop_sequences",
  "temperature",
  "top_p",
  "top_k",
  "tools",
  "tool_choice",
  "thinking",
  "metadata",
  "stream",
  "output_config",
]);

/** The chat body's field names in an error, as the Anthropic client spelled them. */
const FIELD_NAMES: [RegExp, string][] = [
  [/\btools\[(\d+)\]\.function\.parameters\b/g, "tools[$1].input_schema"],
  [/\btools\[(\d+)\]\.function\.name\b/g, "tools[$1].name"],
  [/\btools\[(\d+)\]\.function\b/g, "tools[$1]"],
  [/\bstop\b(?= must)/g, "stop_sequences"],
  [/\buser must\b/g, "metadata.user_id must"],
  // A tool message is a tool_result block (named as its source, `messages[2].content[1]`).
  [/\.tool_call_id\b/g, ".tool_use_id"],
  [/\btool_calls\b/g, "tool_use blocks"],
  // Chat's tool_choice names a function; Anthropic's names a tool.
  [/\bnames function\b/g, "names tool"],
];

/**
 * `system` (or a system message's content, `where`) as a string or text blocks, joined; the text
 * blocks `leftOut` matches are checked but not joined.
 */
function systemText(
  system: unknown,
  where = "system",
  leftOut?: (text: string) => boolean,
): string | undefined {
  if (system === undefined || system === null) return undefined;
  if (typeof system === "string") return system;
  if (!Array.isArray(system))
    throw badRequest(
      `${where} must be a string or an array of text blocks, got ${describe(system)}`,
      where,
      "invalid_type",
    );
  let text = "";
  let joined = 0;
  for (let i = 0; i < system.length; i++) {
    const block: unknown = system[i];
    if (!isRecord(block) || block.type !== "text" || typeof block.text !== "string")
      throw badRequest(
        `${where}[${i}] must be a text block ({"type":"text","text":"…"})`,
        `${where}[${i}]`,
        "invalid_type",
      );
    if (leftOut?.(block.text)) continue;
    text = joined++ === 0 ? block.text : `${text}\n\n${block.text}`;
  }
  return text;
}

/**
 * Claude Code 2.x opens `system` with a text block of its own for Anthropic's billing,
 * `x-anthropic-billing-header: cc_version=2.1.197.476; cc_entrypoint=sdk-cli;`, whose version
 * suffix changes from one session to the next. Sent on, it would be the first words the model
 * reads and would make each session's prompt differ from its first token, so the provider's
 * prompt cache could not serve one session's long system prompt to the next: it is left out.
 */
const BILLING_HEADER = "x-anthropic-billing-header:";

/** `system` as its text, without that block. */
function clientSystemText(system: unknown): string | undefined {
  let leftOut = false;
  const text = systemText(system, "system", (block) => {
    const billing = block.startsWith(BILLING_HEADER);
    leftOut ||= billing;
    return billing;
  });
  // A system of that block alone is no system prompt at all.
  return text === "" && leftOut ? undefined : text;
}

/**
 * A system message among the turns (Claude Code sends one with its beta
 * `mid-conversation-system-2026-04-07`: the agent types it may start, after the first user turn)
 * goes upstream where it stands, as a chat system message: Moonshot takes those anywhere.
 */
function midConversationSystem(content: unknown, where: string): Obj {
  const text = systemText(content, `${where}.content`);
  if (text === undefined)
    throw badRequest(
      `${where}.content is required: a system message carries a string or text blocks`,
      `${where}.content`,
      "missing_required_parameter",
    );
  return { role: "system", content: text };
}

/**
 * Where each image part came from in the client's request (`messages[2].content[0].content[1]`
 * for a tool result's): an image moves (a tool result's goes into the user message after it),
 * so the chat body's position would name the wrong block. Keyed by the part, so nothing is kept.
 */
const imageOrigins = new WeakMap<Obj, string>();

/** An image block's source as a chat `image_url` part. */
function imagePart(block: Obj, where: string): Obj {
  const source = block.source;
  let part: Obj | undefined;
  if (isRecord(source) && source.type === "base64" && typeof source.data === "string") {
    const mediaType = checkedImageMediaType(source.media_type, source.data, `${where}.source`);
    part = { type: "image_url", image_url: { url: `data:${mediaType};base64,${source.data}` } };
  } else if (isRecord(source) && source.type === "url" && typeof source.url === "string")
    part = { type: "image_url", image_url: { url: source.url } };
  if (part) {
    imageOrigins.set(part, where);
    return part;
  }
  throw badRequest(
    `${where}.source must be {"type":"base64","media_type","data"} or {"type":"url","url"}`,
    `${where}.source`,
    "invalid_value",
  );
}

/**
 * A tool_result's content (a string, or text and image blocks) as the tool message's text, and
 * its images: a tool message carries text only upstream, so they go in the user message after it
 * (an agent's file-reading tool answers with the image it read).
 */
function toolResult(block: Obj, where: string, notes: string[]): { text: string; images: Obj[] } {
  const content = block.content;
  const texts: string[] = [];
  const images: Obj[] = [];
  if (typeof content === "string") texts.push(content);
  else if (Array.isArray(content)) {
    content.forEach((part, i) => {
      const at = `${where}.content[${i}]`;
      if (isRecord(part) && part.type === "text" && typeof part.text === "string")
        texts.push(part.text);
      else if (isRecord(part) && part.type === "image") images.push(imagePart(part, at));
      else if (isRecord(part) && part.type === "document") {
        const document = toolResultDocument(part, at);
        texts.push(document.text);
        if (document.note !== undefined) notes.push(document.note);
      } else if (isRecord(part) && part.type === "search_result")
        texts.push(searchResultText(part, at));
      else if (isRecord(part) && (part.type === undefined || part.type === null))
        throw missingBlockType(at, "text, image or document");
      else
        throw badRequest(
          `${at} must be a text, image, document or search_result block (a tool result here carries text and images)`,
          at,
          "invalid_value",
        );
    });
  } else if (content !== undefined && content !== null)
    throw badRequest(
      `${where}.content must be a string or an array of text and image blocks`,
      `${where}.content`,
      "invalid_type",
    );
  if (images.length > 0)
    texts.push(
      `(${images.length === 1 ? "its image follows" : `its ${images.length} images follow`} in the next user message)`,
    );
  const text = texts.join("\n");
  if (block.is_error !== true) return { text, images };
  // A failure that said nothing is told as a result that said nothing is: "Error: " alone reads
  // as a message cut off.
  return { text: `Error: ${text === "" ? "(no output)" : text}`, images };
}

/**
 * A user or assistant turn's content that is neither a string nor blocks: left out (or null, as
 * a chat completions client writes an assistant turn of tool calls), it is said to be required,
 * not to have been "a undefined".
 */
function notTurnContent(content: unknown, where: string): GatewayHttpError {
  const field = `${where}.content`;
  if (content === undefined || content === null)
    return badRequest(
      `${field} is required: a string or an array of content blocks (such as "Hello" or [{"type": "text", "text": "Hello"}])`,
      field,
      "missing_required_parameter",
    );
  return badRequest(
    `${field} must be a string or an array of content blocks, got ${describe(content)}`,
    field,
    "invalid_type",
  );
}

/**
 * A content block sent without its type: the field is missing, not null (as the client wrote
 * it), so the answer says it is required and which types go there.
 */
function missingBlockType(at: string, types: string): GatewayHttpError {
  return badRequest(
    `${at}.type is required: ${types} (a text block is {"type": "text", "text": "Hello"})`,
    `${at}.type`,
    "missing_required_parameter",
  );
}

/**
 * A role the Messages API does not have, with what to send instead for the ones a chat
 * completions client sends (its tool results, its developer messages).
 */
function wrongRole(role: unknown, where: string): GatewayHttpError {
  const field = `${where}.role`;
  if (role === undefined || role === null)
    return badRequest(
      `${field} is required: user, assistant or system`,
      field,
      "missing_required_parameter",
    );
  const instead =
    role === "tool" || role === "function"
      ? ': a tool\'s result goes in the user message after the tool_use, as a block {"type": "tool_result", "tool_use_id": "…", "content": "…"}'
      : role === "developer"
        ? ": put its text in system (or send it as a message of role system)"
        : "";
  return badRequest(
    `${field} must be user, assistant or system; got ${quoted(role)}${instead}`,
    field,
    "invalid_value",
  );
}

/**
 * The client's block each tool message came from (`messages[2].content[1]`): a user turn of
 * several tool results is several chat messages, and an error about one of them (a result that
 * answers no call) names its block, not only the turn. Keyed by the message, so nothing is kept.
 */
const toolResultOrigins = new WeakMap<Obj, string>();

/** A user turn: its tool results become tool messages (first, as chat wants), the rest a user message. */
function userMessages(
  content: unknown,
  where: string,
  toolIds: RequestToolIds,
  notes: string[],
): Obj[] {
  if (typeof content === "string") return [{ role: "user", content }];
  if (!Array.isArray(content)) throw notTurnContent(content, where);
  if (content.length === 0)
    throw badRequest(
      `${where}.content must not be empty: send a string or at least one content block`,
      `${where}.content`,
      "invalid_value",
    );
  const results: Obj[] = [];
  const parts: Obj[] = [];
  /** The tool results' images, ahead of the turn's own parts. */
  const resultImages: Obj[] = [];
  // A document beside tool results came from a tool (Claude Code's Read on a .pdf), not the user.
  const answersTools = content.some((block) => isRecord(block) && block.type === "tool_result");
  content.forEach((block, i) => {
    const at = `${where}.content[${i}]`;
    if (!isRecord(block)) throw badRequest(`${at} must be an object`, at, "invalid_type");
    if (block.type === "text") parts.push({ type: "text", text: block.text });
    else if (block.type === "image") parts.push(imagePart(block, at));
    else if (block.type === "document" && answersTools) {
      const document = toolResultDocument(block, at, "beside tool results");
      parts.push({ type: "text", text: document.text });
      if (document.note !== undefined) notes.push(document.note);
    } else if (block.type === "document")
      parts.push({ type: "text", text: documentText(block, at) });
    else if (block.type === "search_result")
      parts.push({ type: "text", text: searchResultText(block, at) });
    else if (block.type === "tool_result") {
      if (typeof block.tool_use_id !== "string")
        throw badRequest(`${at}.tool_use_id must be a string`, `${at}.tool_use_id`, "invalid_type");
      const { text, images } = toolResult(block, at, notes);
      const result: Obj = {
        role: "tool",
        tool_call_id: toolIds.upstream(block.tool_use_id, `${at}.tool_use_id`),
        content: text,
      };
      toolResultOrigins.set(result, at);
      results.push(result);
      resultImages.push(...images);
    } else if (block.type === undefined || block.type === null)
      throw missingBlockType(at, "text, image, document (plain text) or tool_result");
    else
      throw badRequest(
        `${at}.type ${quoted(block.type)} is not one a user message takes here: text, image, document (plain text), search_result or tool_result`,
        `${at}.type`,
        "invalid_value",
      );
  });
  const userParts = [...resultImages, ...parts];
  // Empty text blocks beside tool results (Claude Code at times ends such a turn with one, with
  // cache_control) say nothing. As a user message of "" after the results, Kimi Code refused it,
  // on every later turn too, as the client sends the turn again; the results carry the turn. A
  // block of whitespace alone ("\n", which Anthropic refuses too) says nothing either: sent, the
  // model read a blank turn after the results.
  if (results.length > 0 && userParts.every(isBlankTextPart)) return results;
  return userParts.length > 0 ? [...results, { role: "user", content: userParts }] : results;
}

/** A text part with no words in it: "" or whitespace alone. */
function isBlankTextPart(part: Obj): boolean {
  return part.type === "text" && typeof part.text === "string" && part.text.trim() === "";
}

/**
 * An assistant turn: text, tool_use as tool calls (ids as the upstream made them, see
 * anthropic-tool-ids), and the reasoning of a thinking block, from its signature when it is this
 * gateway's (exact), else from its text.
 */
function assistantMessage(content: unknown, where: string, toolIds: RequestToolIds): Obj {
  if (typeof content === "string") return { role: "assistant", content };
  if (!Array.isArray(content)) throw notTurnContent(content, where);
  const texts: string[] = [];
  const calls: Obj[] = [];
  /** Each tool_use id of the turn, with the block that has it. */
  const callBlocks = new Map<string, number>();
  let reasoning: string | undefined;
  /** Each thinking block's signature from a blob of ours (undefined: it had none). */
  const signatures: (string | undefined)[] = [];
  content.forEach((block, i) => {
    const at = `${where}.content[${i}]`;
    if (!isRecord(block)) throw badRequest(`${at} must be an object`, at, "invalid_type");
    if (block.type === "text") {
      if (typeof block.text !== "string")
        throw badRequest(`${at}.text must be a string`, `${at}.text`, "invalid_type");
      texts.push(block.text);
    } else if (block.type === "tool_use") {
      if (typeof block.id !== "string" || typeof block.name !== "string")
        throw badRequest(`${at} needs a string id and name`, at, "invalid_value");
      // Its JSON text (or any other value) would reach the model as arguments of another kind.
      if (block.input !== undefined && block.input !== null && !isRecord(block.input))
        throw badRequest(
          `${at}.input must be an object (the tool's arguments), got ${describe(block.input)}`,
          `${at}.input`,
          "invalid_type",
        );
      const first = callBlocks.get(block.id);
      if (first !== undefined) throw repeatedToolUseId(block.id, where, first, i);
      callBlocks.set(block.id, i);
      calls.push({
        id: toolIds.upstream(block.id, `${at}.id`),
        type: "function",
        function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) },
      });
    } else if (block.type === "thinking") {
      const ours = reasoningFromBlob(block.signature);
      const text =
        ours?.reasoning ?? (typeof block.thinking === "string" ? block.thinking : undefined);
      if (text !== undefined) {
        reasoning = (reasoning ?? "") + text;
        signatures.push(ours?.signature);
      }
    } else if (block.type === "redacted_thinking") {
      // Another server's is opaque and cannot be replayed; the reasoning memory may fill it in.
      const ours = reasoningFromBlob(block.data);
      if (ours !== undefined) {
        reasoning = (reasoning ?? "") + ours.reasoning;
        signatures.push(ours.signature);
      }
    } else if (block.type === "server_tool_use" || block.type === "web_search_tool_result") {
      // A web search the gateway (or Anthropic) ran for the turn, sent back with it: Moonshot's
      // search exchange is not replayed upstream, the turn's text carries what it found.
    } else if (block.type === undefined || block.type === null)
      throw missingBlockType(at, "text, tool_use, thinking or redacted_thinking");
    else
      throw badRequest(
        `${at}.type ${quoted(block.type)} is not one an assistant message takes here: text, tool_use, thinking, redacted_thinking, or a web search's server_tool_use and web_search_tool_result`,
        `${at}.type`,
        "invalid_value",
      );
  });
  // Chat's assistant message carries text or tool calls; reasoning rides along on one of them.
  // Without either, the chat check's "content is required" would not say that the thinking
  // blocks were there and why they are not enough.
  if (texts.length === 0 && calls.length === 0)
    throw badRequest(
      content.length === 0
        ? `${where}.content must not be empty: send a string or at least one text or tool_use block`
        : `${where}.content has no text or tool_use block, only ${blockTypes(content)}: an assistant turn goes upstream as its text and tool calls, and thinking alone is nothing to send; add the turn's text or leave the turn out`,
      `${where}.content`,
      "invalid_value",
    );
  const message: Obj = { role: "assistant", content: texts.length > 0 ? texts.join("") : null };
  if (calls.length > 0) message.tool_calls = calls;
  if (reasoning !== undefined) message.reasoning_content = reasoning;
  // The upstream's signature signs one thinking block's text: kept when the turn has just that one.
  const [signature] = signatures;
  if (signatures.length === 1 && signature !== undefined) message.reasoning_signature = signature;
  return message;
}

/**
 * Two tool_use blocks of one assistant turn with the same id, which Anthropic refuses ("tool_use
 * ids must be unique"): upstream, one tool result would answer both calls, or the model would
 * read two results for what it takes as one call.
 */
function repeatedToolUseId(
  id: string,
  where: string,
  first: number,
  again: number,
): GatewayHttpError {
  return badRequest(
    `${where}.content[${again}].id ${quoted(id)} is also the id of ${where}.content[${first}]: tool_use ids must be unique; give each tool_use block its own id, and answer each with a tool_result of that id`,
    `${where}.content[${again}].id`,
    "invalid_value",
  );
}

/** The block types of `content`, each once, as the client named them: `thinking blocks`. */
function blockTypes(content: readonly unknown[]): string {
  const types = [...new Set(content.map((block) => (isRecord(block) ? String(block.type) : "")))];
  return `${types.join(" and ")} block${content.length === 1 ? "" : "s"}`;
}

function chatToolChoice(choice: unknown): unknown {
  if (choice === undefined || choice === null) return undefined;
  if (!isRecord(choice))
    throw badRequest(
      'tool_choice must be an object such as {"type":"auto"}',
      "tool_choice",
      "invalid_type",
    );
  switch (choice.type) {
    case "auto":
      return "auto";
    case "any":
      return "required";
    case "none":
      return "none";
    case "tool":
      if (choice.name === undefined || choice.name === null)
        throw badRequest(
          'tool_choice.name is required with {"type": "tool"}: the name of the tool to call (such as {"type": "tool", "name": "get_weather"})',
          "tool_choice.name",
          "missing_required_parameter",
        );
      if (typeof choice.name !== "string")
        throw badRequest(
          `tool_choice.name must be a string, the name of the tool to call, got ${describe(choice.name)}`,
          "tool_choice.name",
          "invalid_type",
        );
      return { type: "function", function: { name: choice.name } };
    case undefined:
    case null:
      throw badRequest(
        'tool_choice.type is required: auto, any, tool or none (such as {"type": "auto"})',
        "tool_choice.type",
        "missing_required_parameter",
      );
    default:
      throw badRequest(
        "tool_choice.type must be auto, any, tool or none",
        "tool_choice.type",
        "invalid_value",
      );
  }
}

/** Anthropic's own web search tool (`web_search_20250305` and its later versions). */
const WEB_SEARCH_TOOL = /^web_search_\d+$/;

/**
 * The client's tools as chat function tools. Anthropic's web search server tool is answered with
 * Moonshot's own search, as `web_search_options` is on chat completions (`webSearch`); other
 * server tools (code execution, bash, text editor…) run on Anthropic's side, not here: refused.
 */
function chatTools(tools: unknown): {
  tools: unknown;
  /** The web search tool's name (`web_search`), when the client sent one. */
  webSearch: string | undefined;
  /** The web search tool's index in `tools`. */
  webSearchAt?: number;
  sources: number[];
  notes: string[];
  /** What of the web search tool's settings Moonshot's search cannot use: told when it runs. */
  searchSettingNotes: string[];
} {
  if (!Array.isArray(tools))
    return { tools, webSearch: undefined, sources: [], notes: [], searchSettingNotes: [] };
  let webSearch: string | undefined;
  let webSearchAt: number | undefined;
  /** What of the web search tool's settings Moonshot's search cannot use. */
  const settingNotes: string[] = [];
  const functions: unknown[] = [];
  /** For each chat tool, its index in the client's `tools` (a web search tool before it is left out). */
  const sources: number[] = [];
  /** Each client tool's parts by its index in `tools` (none for a server tool). */
  const parts: (ToolParts | undefined)[] = [];
  tools.forEach((tool, i) => {
    // Passed on, it met chat completions' check, which asked for a "function" type.
    if (!isRecord(tool))
      throw badRequest(
        `tools[${i}] must be an object, a tool such as {"name": "get_weather", "description": …, "input_schema": {"type": "object", …}}, got ${describe(tool)}`,
        `tools[${i}]`,
        "invalid_type",
      );
    if (typeof tool.type === "string" && WEB_SEARCH_TOOL.test(tool.type)) {
      // Anthropic names it web_search, the name a tool_choice that forces it gives.
      webSearch = typeof tool.name === "string" ? tool.name : "web_search";
      webSearchAt = i;
      settingNotes.push(...messagesSearchSettingNotes(tool, `tools[${i}]`));
      return;
    }
    if (typeof tool.name === "string")
      parts[i] = { name: tool.name, description: tool.description, parameters: tool.input_schema };
    if (tool.type === "function") throw chatShapedTool(tool, i);
    const otherSearch = messagesSearchToolShape(tool, `tools[${i}]`);
    if (otherSearch) throw otherSearch;
    if (tool.type !== undefined && tool.type !== null && tool.type !== "custom")
      throw badRequest(
        `tools[${i}] is Anthropic's server tool ${quoted(tool.type)}, which runs on Anthropic's side and not here; send it as a client tool (name, description, input_schema). Of the server tools, web_search is answered with Moonshot's own search`,
        `tools[${i}].type`,
        "unsupported_value",
      );
    const fn: Obj = { name: tool.name };
    if (tool.description !== undefined) fn.description = tool.description;
    if (tool.input_schema !== undefined) fn.parameters = tool.input_schema;
    // Anthropic's strict is chat's: sent where the provider has a strict mode, else noted.
    if (tool.strict !== undefined) fn.strict = tool.strict;
    functions.push({ type: "function", function: fn });
    sources.push(i);
  });
  if (webSearch !== undefined && webSearchAt !== undefined) {
    const searchName = webSearch;
    const clash = parts.findIndex((part) => clashesWithSearch(part?.name, searchName));
    const name = parts[clash]?.name;
    if (name !== undefined) {
      // The answer names the search web_search (server_tool_use), whatever the tool's own name.
      const search = `tools[${webSearchAt}], the web search server tool${name === SEARCH_TOOL_NAME && name !== searchName ? ", in the answer's server_tool_use blocks" : ""}`;
      throw searchNameClash(name, `tools[${clash}].name`, search);
    }
  }
  const { repeats, notes } = checkUniqueToolNames(Array.from(parts), "tools", {
    name: ".name",
    description: ".description",
    parameters: ".input_schema",
  });
  const kept = sources.flatMap((source, k) => (repeats.has(source) ? [] : [k]));
  return {
    tools: kept.map((k) => functions[k]),
    webSearch,
    ...(webSearchAt === undefined ? {} : { webSearchAt }),
    sources: kept.map((k) => sources[k] as number),
    notes: [...notes, ...unsentToolFieldNotes(tools)],
    searchSettingNotes: settingNotes,
  };
}

/**
 * Whether a client tool named `name` is taken for the web search server tool named `searchName`:
 * by its own name, by `web_search` (the name its server_tool_use blocks go by in the answer), or
 * by Moonshot's `$web_search`, which answers it upstream (see search-name-clash).
 */
function clashesWithSearch(name: string | undefined, searchName: string): boolean {
  return name === searchName || name === SEARCH_TOOL_NAME || isMoonshotSearchName(name);
}

/** The name of a chat function tool made by `chatTools`. */
function functionName(tool: unknown): string {
  const fn = isRecord(tool) ? tool.function : undefined;
  return isRecord(fn) ? String(fn.name) : "";
}

/**
 * A tool written as chat completions write one (`{"type": "function", "function": {…}}`), as a
 * client moved from an OpenAI-compatible API sends it. Taken for a server tool named "function",
 * it was refused as one "which runs on Anthropic's side", which is not what is wrong.
 */
function chatShapedTool(tool: Obj, i: number): GatewayHttpError {
  const fn = isRecord(tool.function) ? tool.function : undefined;
  const name = typeof fn?.name === "string" ? quoted(fn.name) : "…";
  return badRequest(
    `tools[${i}] is written as chat completions write a tool ({"type": "function", "function": {…}}); /v1/messages takes the Anthropic form, {"name": ${name}, "description": …, "input_schema": {…}}, with the function's parameters as its input_schema (or send the request to /v1/chat/completions, which takes it as it is)`,
    `tools[${i}]`,
    "invalid_value",
  );
}

function chatThinking(thinking: unknown): Obj | undefined {
  // budget_tokens has no counterpart upstream: the switch alone goes on.
  if (isRecord(thinking) && (thinking.type === "enabled" || thinking.type === "disabled"))
    return { type: thinking.type };
  // The model decides whether to think: the provider's default, no switch sent.
  if (isRecord(thinking) && thinking.type === "adaptive") return undefined;
  if (thinking === undefined || thinking === null) return undefined;
  // Said here in Anthropic's terms: chat completions' check knows enabled and disabled only.
  if (!isRecord(thinking))
    throw badRequest(
      `thinking must be an object such as {"type": "adaptive"}, got ${describe(thinking)}`,
      "thinking",
      "invalid_type",
    );
  if (thinking.type === undefined || thinking.type === null)
    throw badRequest(
      'thinking.type is required: enabled, disabled or adaptive (such as {"type": "adaptive"})',
      "thinking.type",
      "missing_required_parameter",
    );
  throw badRequest(
    `thinking.type must be enabled, disabled or adaptive, got ${quoted(thinking.type)}`,
    "thinking.type",
    "invalid_value",
  );
}

interface Converted {
  chat: Obj;
  /**
   * For each chat message, the client's `messages[i]` it came from (or `system`), a tool
   * message the tool_result block (`messages[i].content[j]`).
   */
  sources: string[];
  /** For the chat body's image parts (`messages[4].content[0]`), the client's block. */
  imageSources: Map<string, string>;
  /** For each chat tool, the client's `tools[i]` it came from. */
  toolSources: number[];
  /** The tool-call ids decoded for the upstream, to be named in errors as the client sent them. */
  toolIds: RequestToolIds;
  /** Notes for what the request asked that is not sent upstream. */
  leftOut: string[];
  /** `output_config.effort`, when it is the request's thinking level. */
  effort?: string;
}

/**
 * Anthropic takes temperatures from 0 to 1 and refuses any other; the chat route's own range (0
 * to 2, OpenAI's) would let 1.5 through, to be lowered to 1 with only a note, and name 0 to 2 when
 * it refused one. An Anthropic client is told its API's own range.
 */
function anthropicTemperature(value: unknown): unknown {
  if (value === null) return value;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 1)
    throw badRequest(
      `temperature must be a number between 0 and 1 (the Anthropic Messages API's range), got ${typeof value === "number" ? value : describe(value)}`,
      "temperature",
    );
  return value;
}

function convertBody(body: unknown): Converted {
  if (!isRecord(body))
    throw badRequest("the request body must be a JSON object", null, "invalid_type");
  if (body.max_tokens === undefined || body.max_tokens === null)
    throw badRequest(
      "max_tokens is required by the Anthropic Messages API: send the most tokens the answer may have, such as 4096",
      "max_tokens",
      "missing_required_parameter",
    );
  if (body.top_k !== undefined && body.top_k !== null)
    throw badRequest(
      "top_k is not supported: neither Moonshot nor Kimi Code takes it; leave it out (temperature and top_p are passed on)",
      "top_k",
      "unsupported_parameter",
    );
  const threadRefusal = threadContinueRefusal(body.thread);
  if (threadRefusal) throw threadRefusal;
  const chat: Obj = { model: body.model };
  const unmapped: string[] = [];
  for (const key in body) if (!MAPPED.has(key) && body[key] !== null) unmapped.push(key);
  const output = outputConfig(body);
  if (output.reasoningEffort !== undefined) chat.reasoning_effort = output.reasoningEffort;
  if (output.responseFormat !== undefined) chat.response_format = output.responseFormat;
  const sources: string[] = [];
  const messages: Obj[] = [];
  const toolIds = new RequestToolIds();
  /** Notes for documents left out of tool results. */
  const documentNotes: string[] = [];
  const system = clientSystemText(body.system);
  if (system !== undefined) {
    messages.push({ role: "system", content: system });
    sources.push("system");
  }
  const raw = body.messages;
  if (raw !== undefined && !Array.isArray(raw))
    throw badRequest(`messages must be an array, got ${describe(raw)}`, "messages", "invalid_type");
  /** System messages held back until the tool results they came before (see below). */
  let heldSystems: { entry: Obj; where: string }[] = [];
  const push = (entry: Obj, where: string): void => {
    messages.push(entry);
    sources.push(where);
  };
  (raw ?? []).forEach((message: unknown, i: number) => {
    const where = `messages[${i}]`;
    if (!isRecord(message)) throw badRequest(`${where} must be an object`, where, "invalid_type");
    if (message.role === "system") {
      const entry = midConversationSystem(message.content, where);
      // Between an assistant's tool calls and the tool results answering them, a chat API takes
      // no other message (the calls would count as unanswered): it goes after the results.
      if (heldSystems.length > 0 || messages.at(-1)?.tool_calls !== undefined)
        heldSystems.push({ entry, where });
      else push(entry, where);
      return;
    }
    let converted: Obj[];
    if (message.role === "user")
      converted = userMessages(message.content, where, toolIds, documentNotes);
    else if (message.role === "assistant")
      converted = [assistantMessage(message.content, where, toolIds)];
    else throw wrongRole(message.role, where);
    let results = 0;
    while (results < converted.length && converted[results]?.role === "tool") results++;
    converted.forEach((entry, j) => {
      if (j === results) for (const held of heldSystems) push(held.entry, held.where);
      push(entry, toolResultOrigins.get(entry) ?? where);
    });
    if (results === converted.length) for (const held of heldSystems) push(held.entry, held.where);
    heldSystems = [];
  });
  for (const held of heldSystems) push(held.entry, held.where);
  // A last assistant turn of text is a prefill the answer continues (Anthropic's), which is
  // Moonshot's partial mode: only the rest comes back, as Anthropic answers it.
  const last = messages.at(-1);
  if (last?.role === "assistant" && last.tool_calls === undefined && last.content)
    last.partial = true;
  if (raw !== undefined) chat.messages = messages;
  chat.max_tokens = body.max_tokens;
  const stop = checkedStopSequences(body.stop_sequences);
  if (stop !== undefined) chat.stop = stop;
  if (body.temperature !== undefined) chat.temperature = anthropicTemperature(body.temperature);
  if (body.top_p !== undefined) chat.top_p = body.top_p;
  let toolSources: number[] = [];
  let toolNotes: string[] = [];
  let searchName: string | undefined;
  let functionNames: string[] = [];
  if (body.tools !== undefined) {
    const converted = chatTools(body.tools);
    toolSources = converted.sources;
    toolNotes = converted.notes;
    // No function tools left (web search alone): none are sent, as none were asked for.
    if (!Array.isArray(converted.tools) || converted.tools.length > 0) chat.tools = converted.tools;
    if (converted.webSearch !== undefined) {
      // {"type": "none"} lets the model call no tool: the search is not offered, and said so
      // (its settings, which nothing would use, are not noted beside that).
      if (isRecord(body.tool_choice) && body.tool_choice.type === "none")
        toolNotes = [
          ...toolNotes,
          searchNotRunText(body.tool_choice, `tools[${converted.webSearchAt ?? 0}]`),
        ];
      else {
        chat.web_search_options = {};
        searchName = converted.webSearch;
        toolNotes = [...toolNotes, ...converted.searchSettingNotes];
      }
    }
    if (Array.isArray(converted.tools)) functionNames = converted.tools.map(functionName);
  }
  const choice = chatToolChoice(body.tool_choice);
  const forcedSearch = forcedSearchNote(body.tool_choice, searchName, functionNames);
  if (forcedSearch !== undefined) {
    // The search is the call asked for: the client's own tools are not offered beside it.
    delete chat.tools;
    toolSources = [];
    toolNotes = [...toolNotes, forcedSearch];
  } else if (choice !== undefined) chat.tool_choice = choice;
  // Only with something to call: the chat request refuses parallel_tool_calls without tools.
  if (
    isRecord(body.tool_choice) &&
    body.tool_choice.disable_parallel_tool_use === true &&
    (chat.tools !== undefined || chat.web_search_options !== undefined)
  )
    chat.parallel_tool_calls = false;
  const thinking = chatThinking(body.thinking);
  if (thinking !== undefined) chat.thinking = thinking;
  if (isRecord(body.metadata) && body.metadata.user_id !== undefined)
    chat.user = anthropicClientId(body.metadata.user_id);
  if (body.stream !== undefined) chat.stream = body.stream;
  const cacheMarksNote = unsentCacheMarksNote(body.system, raw);
  return {
    chat,
    sources,
    imageSources: imagePartOrigins(messages, imageOrigins),
    toolSources,
    toolIds,
    leftOut: [
      ...unsentFieldNotes(unmapped),
      ...(cacheMarksNote === undefined ? [] : [cacheMarksNote]),
      ...toolNotes,
      ...output.leftOut,
      ...documentNotes,
    ],
    ...(output.reasoningEffort === undefined ? {} : { effort: output.reasoningEffort }),
  };
}

/**
 * The chat body's field names in `text` as the Anthropic request has them: its messages (a system
 * message, tool results split out), its moved images, its tools, its decoded tool-call ids.
 */
function clientFieldRenamer(converted: Converted): (text: string) => string {
  const { sources, imageSources, toolSources, toolIds } = converted;
  return (text) => {
    let out = text.replace(
      /\bmessages\[(\d+)\](\.content\[\d+\])?/g,
      (whole, index: string, part: string | undefined) =>
        (part !== undefined ? imageSources.get(whole) : undefined) ??
        `${sources[Number(index)] ?? `messages[${index}]`}${part ?? ""}`,
    );
    // A web search tool is left out of the chat tools: the ones after it sit one place earlier.
    out = out.replace(
      /\btools\[(\d+)\]/g,
      (_whole, index: string) => `tools[${toolSources[Number(index)] ?? index}]`,
    );
    for (const [pattern, name] of FIELD_NAMES) out = out.replace(pattern, name);
    return toolIds.asClientSpelled(out);
  };
}

/** Renames the chat body's fields in an error to the Anthropic request's. */
function renamed(error: GatewayHttpError, rename: (text: string) => string): GatewayHttpError {
  return new GatewayHttpError(error.status, error.type, rename(error.message), {
    param: error.param === null ? null : rename(error.param),
    code: error.code,
    errorClass: error.errorClass,
    ...(error.retryAfterSec === undefined ? {} : { retryAfterSec: error.retryAfterSec }),
  });
}

/** A tool_result block of the request holds an image (which moves to a user message, see toolResult). */
function toolResultsHoldImages(messages: unknown[]): boolean {
  return messages.some(
    (message) =>
      isRecord(message) &&
      Array.isArray(message.content) &&
      message.content.some(
        (block) =>
          isRecord(block) &&
          block.type === "tool_result" &&
          Array.isArray(block.content) &&
          block.content.some((part) => isRecord(part) && part.type === "image"),
      ),
  );
}

/**
 * The message limit, told in the client's own count: the system prompt and each tool_result
 * block go upstream as a message of their own, so do the tool results' images (in the user
 * message after the results), and "messages has 5 entries" read wrong to a client that sent 3.
 * A request of as many chat messages as it sent is told by the chat check.
 */
function checkMessageCount(body: unknown, chat: Obj, limits: RequestLimits): void {
  const upstream = Array.isArray(chat.messages) ? chat.messages.length : 0;
  if (upstream <= limits.maxMessages) return;
  const messages = isRecord(body) && Array.isArray(body.messages) ? body.messages : [];
  const sent = messages.length;
  if (upstream === sent) return;
  const images = toolResultsHoldImages(messages)
    ? ", and a tool_result's images go to the model in a user message after the results"
    : "";
  throw badRequest(
    `messages has ${sent} entries, which go upstream as ${upstream} messages (the system prompt and each tool_result block are one each${images}); ${messageLimitText(limits)}`,
    "messages",
    "too_many_messages",
  );
}

/** A Messages request as a chat request, and how to name its chat fields as the client did. */
export interface ParsedMessagesRequest extends ParsedChatRequest {
  /** `messages[4].content[0]` of the chat body, in `text`, as the client's own field. */
  clientFields(text: string): string;
}

/** Parses a Messages request into the gateway's chat request (`forCounting`: max_tokens not needed). */
export function parseMessagesRequest(
  body: unknown,
  limits: RequestLimits,
  forCounting = false,
): ParsedMessagesRequest {
  const withCap =
    forCounting && isRecord(body) && body.max_tokens === undefined
      ? { ...body, max_tokens: 1 }
      : body;
  const converted = convertBody(withCap);
  const { chat } = converted;
  checkMessageCount(body, chat, limits);
  if (forCounting) delete chat.stream;
  const clientFields = clientFieldRenamer(converted);
  try {
    const parsed: ParsedMessagesRequest = { ...parseChatRequest(chat, limits), clientFields };
    if (isRecord(body) && body.tool_choice !== undefined)
      parsed.clientToolChoice = body.tool_choice;
    if (isRecord(body) && isRecord(body.thinking) && body.thinking.display === "omitted")
      parsed.thinkingOmitted = true;
    // A note about the level names what the client sent, not chat's reasoning_effort.
    if (converted.effort !== undefined && parsed.request.thinkingAsked !== undefined)
      parsed.request.thinkingAsked = `output_config.effort ${JSON.stringify(converted.effort)}`;
    if (converted.leftOut.length > 0)
      parsed.leftOut = [...(parsed.leftOut ?? []), ...converted.leftOut];
    return parsed;
  } catch (error) {
    if (!(error instanceof GatewayHttpError)) throw error;
    throw renamed(error, clientFields);
  }
}
