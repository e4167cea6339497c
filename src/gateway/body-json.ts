/**
 * A request body's text as JSON, for the gateway's POST routes. No body at all is a client that
 * sent none (curl without -d, a GET turned POST), not JSON that broke: "Unexpected end of JSON
 * input" would send it looking for a typo, so it is told what to send, in its route's own shape.
 * Pure.
 */
import { badRequest } from "./http-error.js";
import type { ChatApi } from "./ledger.js";

/** The routes that take a JSON body: the chat routes and Anthropic's token count. */
export type JsonRoute = ChatApi | "count_tokens";

const HELLO = '"messages": [{"role": "user", "content": "Hello"}]';

/** The smallest body each route takes: the Messages API also needs its max_tokens. */
const EXAMPLES: Readonly<Record<JsonRoute, string>> = {
  chat_completions: `{"model": "openclaw", ${HELLO}}`,
  responses: '{"model": "openclaw", "input": "Hello"}',
  completions: '{"model": "openclaw", "prompt": "Once upon a time", "max_tokens": 64}',
  messages: `{"model": "openclaw", "max_tokens": 1024, ${HELLO}}`,
  count_tokens: `{"model": "openclaw", ${HELLO}}`,
};

export function parseBodyJson(text: string, route: JsonRoute): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(
      text.trim() === ""
        ? `the request body is empty: send the request as a JSON object (Content-Type: application/json), such as ${EXAMPLES[route]}`
        : `the request body is not valid JSON (${error instanceof Error ? whereInText(error.message, text) : "parse error"})${likelySlip(error, text)}`,
      null,
      "invalid_json",
    );
  }
}

/** The parser's message with the line and column of its `position N`, for a body of many lines. */
function whereInText(message: string, text: string): string {
  const position = positionOf(message);
  if (position === undefined || /\(line \d+ column \d+\)/.test(message)) return message;
  const before = text.slice(0, position);
  const line = before.split("\n").length;
  const column = position - before.lastIndexOf("\n");
  return `${message}, line ${line} column ${column}`;
}

function positionOf(message: string): number | undefined {
  const match = /at position (\d+)/.exec(message);
  return match ? Number(match[1]) : undefined;
}

/**
 * The two slips of a hand-written body that the parser's words do not name: a comma before `}`
 * or `]` (JSON5 and JavaScript take it) and single quotes. Empty when neither is at the fault.
 */
function likelySlip(error: unknown, text: string): string {
  const position = error instanceof Error ? positionOf(error.message) : undefined;
  if (position === undefined) return "";
  const at = text[position];
  if ((at === "}" || at === "]") && text.slice(0, position).trimEnd().endsWith(","))
    return `: a comma before ${at}; JSON takes no trailing comma`;
  if (at === "'") return ": a single quote; JSON writes keys and strings in double quotes";
  return "";
}
