/**
 * Responses `input` (a string or items) as chat-completions messages: messages, function and
 * custom tool calls and their outputs, reasoning (the next assistant turn's `reasoning_content`)
 * and web_search_call items, after the items of the conversation `previous_response_id`
 * continues; and the input items as the gateway keeps them. Pure: no I/O.
 */
import { quoted } from "../util/client-value.js";
import { isRecord } from "../util/is-record.js";
import { customCallArguments } from "./custom-tools.js";
import { badRequest, type GatewayHttpError } from "./http-error.js";
import { type BlobReasoning, reasoningFromBlob } from "./reasoning-blob.js";
import { keptPlaceOf } from "./response-history.js";
import {
  breakpointsIn,
  convertContent,
  EARLIER,
  toolImagesCaption,
  toolOutput,
} from "./responses-content-parts.js";
import { type ItemLookup, keptItem, referenced } from "./responses-kept-items.js";
import { upstreamToolName } from "./responses-namespaces.js";

type Obj = Record<string, unknown>;

/**
 * The text of a reasoning item: the reasoning its `encrypted_content` holds when this gateway
 * made it (exactly what the model said, with the upstream's signature of it when there was one),
 * else its raw reasoning content, else its summary.
 */
function reasoningOf(item: Obj, at: string): BlobReasoning {
  const fromBlob = reasoningFromBlob(item.encrypted_content);
  if (fromBlob !== undefined) return fromBlob;
  return { reasoning: reasoningText(item, at) };
}

function reasoningText(item: Obj, at: string): string {
  const pieces = Array.isArray(item.content) ? item.content : item.summary;
  if (!Array.isArray(pieces)) {
    throw badRequest(`${at}.summary must be an array`, `${at}.summary`, "invalid_type");
  }
  return pieces
    .map((piece, i) => {
      if (!isRecord(piece) || typeof piece.text !== "string") {
        throw badRequest(`${at} part ${i} must have a text string`, at, "invalid_type");
      }
      return piece.text;
    })
    .join("");
}

/** Responses `input` as items: a string is one user message. */
function itemsOf(input: unknown): unknown[] {
  if (typeof input === "string") return [{ type: "message", role: "user", content: input }];
  if (!Array.isArray(input)) {
    throw badRequest("input must be a string or an array of items", "input", "invalid_type");
  }
  return input;
}

/**
 * The input items of a request as the gateway keeps them for `previous_response_id`: a string
 * becomes its user message, and `item_reference`s the items they name (while those are kept).
 */
export function inputItemsToKeep(input: unknown, lookup: ItemLookup): Obj[] {
  return itemsOf(input).map((item) =>
    isRecord(item) && item.type === "item_reference" && typeof item.id === "string"
      ? (keptItem(lookup(item.id)) ?? item)
      : (item as Obj),
  );
}

/** Chat messages, and for each the Responses field it came from (`input[2]`, `instructions`). */
export interface Converted {
  messages: Obj[];
  sources: string[];
  /**
   * How many content parts of the client's own items (not the kept ones they continue or name)
   * carried a `prompt_cache_breakpoint`, left out of the chat parts; absent when none did.
   */
  breakpoints?: number;
}

/**
 * Responses `input` (a string or items) as chat messages, in order, after the items of the
 * conversation it continues (`earlier`, from `previous_response_id`).
 */
export function convertInput(
  input: unknown,
  lookup: ItemLookup,
  earlier: readonly unknown[] = [],
): Converted {
  const given = itemsOf(input);
  if (earlier.length === 0 && typeof input === "string")
    return { messages: [{ role: "user", content: input }], sources: ["input"] };
  const all = earlier.length === 0 ? given : [...earlier, ...given];
  const messages: Obj[] = [];
  const sources: string[] = [];
  let breakpoints = 0;
  /** The call ids of the function calls so far: an output must answer one of them. */
  const calls = new Set<string>();
  /** The assistant turn being built from consecutive output items (text, calls, reasoning). */
  let turn: Obj | undefined;
  /** The reasoning items since the last turn, for the next assistant turn. */
  let pendingReasoning: BlobReasoning[] = [];
  const assistantTurn = (at: string): Obj => {
    if (!turn) {
      turn = { role: "assistant", content: null };
      if (pendingReasoning.length > 0)
        turn.reasoning_content = pendingReasoning.map((piece) => piece.reasoning).join("");
      // The upstream's signature signs one item's text: kept when the turn has just that one.
      const [only] = pendingReasoning;
      if (pendingReasoning.length === 1 && only?.signature !== undefined)
        turn.reasoning_signature = only.signature;
      pendingReasoning = [];
      messages.push(turn);
      sources.push(at);
    }
    return turn;
  };
  /** Images tool outputs returned, for the user message that follows those outputs. */
  const toolImages: { callId: string; images: Obj[]; at: string }[] = [];
  const sendToolImages = (): void => {
    for (const { callId, images, at } of toolImages.splice(0)) {
      messages.push({
        role: "user",
        content: [toolImagesCaption(callId, images.length), ...images],
      });
      sources.push(at);
    }
  };
  all.forEach((entry, i) => {
    const at = i < earlier.length ? EARLIER : `input[${i - earlier.length}]`;
    const kept = i < earlier.length && isRecord(entry) ? keptPlaceOf(entry) : undefined;
    if (!isRecord(entry)) throw badRequest(`${at} must be an object`, at, "invalid_type");
    const item = entry.type === "item_reference" ? referenced(entry, at, lookup) : entry;
    // The client's own item, sent in this request (its breakpoints are told of).
    const sent = item === entry && i >= earlier.length;
    const type = item.type ?? (item.role !== undefined ? "message" : undefined);
    if (type !== "function_call_output" && type !== "custom_tool_call_output") sendToolImages();
    switch (type) {
      case "message": {
        const role = item.role;
        if (role === "assistant") {
          const text = convertContent(
            item.content,
            `${at}.content`,
            "an assistant message holds text only",
          );
          if (sent) breakpoints += breakpointsIn(item.content);
          if (typeof text !== "string") {
            throw badRequest(
              `${at}.content of an assistant message must be text`,
              `${at}.content`,
              "invalid_type",
            );
          }
          const current = assistantTurn(at);
          current.content = typeof current.content === "string" ? current.content + text : text;
          return;
        }
        if (role !== "user" && role !== "system" && role !== "developer") throw wrongRole(role, at);
        turn = undefined;
        pendingReasoning = []; // reasoning belongs to the assistant turn right after it
        const images =
          role === "user"
            ? undefined
            : `images go in user messages; a ${role} message holds text only`;
        messages.push({
          role,
          content: convertContent(item.content, `${at}.content`, images, kept),
        });
        sources.push(at);
        if (sent) breakpoints += breakpointsIn(item.content);
        return;
      }
      case "reasoning":
        // It belongs to the assistant turn that follows it.
        if (turn) turn = undefined;
        pendingReasoning.push(reasoningOf(item, at));
        return;
      case "function_call":
      case "custom_tool_call": {
        if (typeof item.call_id !== "string" || item.call_id === "")
          throw badRequest(
            `${at}.call_id must be a non-empty string`,
            `${at}.call_id`,
            "invalid_type",
          );
        if (typeof item.name !== "string")
          throw badRequest(`${at}.name must be a string`, `${at}.name`, "invalid_type");
        const args = callArguments(item, at);
        const current = assistantTurn(at);
        const toolCalls = (current.tool_calls as Obj[] | undefined) ?? [];
        toolCalls.push({
          id: item.call_id,
          type: "function",
          function: { name: upstreamToolName(item, item.name), arguments: args },
        });
        current.tool_calls = toolCalls;
        calls.add(item.call_id);
        return;
      }
      case "web_search_call":
        // A search this gateway had Moonshot run: what it found was in that request only, and
        // the answer after it carries what the model took from it.
        return;
      case "function_call_output":
      case "custom_tool_call_output": {
        if (typeof item.call_id !== "string")
          throw badRequest(`${at}.call_id must be a string`, `${at}.call_id`, "invalid_type");
        if (!calls.has(item.call_id)) {
          const call = type === "function_call_output" ? "function_call" : "custom_tool_call";
          throw badRequest(
            `${at}.call_id ${quoted(item.call_id)} matches no ${call} before it in input${earlier.length > 0 ? " (nor in the conversation previous_response_id continues)" : ""}: send the ${call} item this output answers ahead of it, or continue with previous_response_id from the response that made the call`,
            `${at}.call_id`,
          );
        }
        const { content, images } = toolOutput(item.output, `${at}.output`, kept);
        if (sent) breakpoints += breakpointsIn(item.output);
        turn = undefined;
        pendingReasoning = [];
        messages.push({ role: "tool", tool_call_id: item.call_id, content });
        sources.push(at);
        if (images.length > 0) toolImages.push({ callId: item.call_id, images, at });
        return;
      }
      default:
        throw badRequest(
          `${at}.type ${type === undefined || type === null ? "is missing (and there is no role that would make the item a message)" : `${quoted(type)} is not supported`}; this gateway takes message, function_call, function_call_output, custom_tool_call, custom_tool_call_output, reasoning and web_search_call items`,
          `${at}.type`,
          type === undefined || type === null ? "missing_required_parameter" : "unsupported_value",
        );
    }
  });
  sendToolImages();
  return breakpoints > 0 ? { messages, sources, breakpoints } : { messages, sources };
}

/**
 * A message role the Responses API does not have, with what to send instead for the one a chat
 * completions client sends (its tool results).
 */
function wrongRole(role: unknown, at: string): GatewayHttpError {
  const field = `${at}.role`;
  if (role === undefined || role === null)
    return badRequest(
      `${field} is required on a message item: user, assistant, system or developer`,
      field,
      "missing_required_parameter",
    );
  const instead =
    role === "tool" || role === "function"
      ? ': a tool\'s result is a function_call_output item, {"type": "function_call_output", "call_id": "…", "output": "…"}, after the function_call it answers'
      : "";
  return badRequest(
    `${field} must be user, assistant, system or developer; got ${quoted(role)}${instead}`,
    field,
  );
}

/**
 * A call item's arguments as the chat request's tool call has them: a function call's JSON text,
 * or a custom tool call's input as the arguments of the function it went upstream as.
 */
function callArguments(item: Obj, at: string): string {
  if (item.type === "custom_tool_call") {
    if (typeof item.input !== "string")
      throw badRequest(`${at}.input must be a string`, `${at}.input`, "invalid_type");
    return customCallArguments(item.input);
  }
  if (typeof item.arguments !== "string")
    throw badRequest(
      `${at}.arguments must be a string (JSON text)`,
      `${at}.arguments`,
      "invalid_type",
    );
  return item.arguments;
}
