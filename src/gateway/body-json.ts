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
        : `the request body is not valid JSON (${error instanceof Error ? error.message : "parse error"})`,
      null,
      "invalid_json",
    );
  }
}
