/**
 * The Responses API's routes for a response already served: `GET /v1/responses/{id}` (the
 * response again), `DELETE /v1/responses/{id}`, and `GET /v1/responses/{id}/input_items` (what it
 * was sent). They answer from the same memory `previous_response_id` reads: an hour, bounded, lost
 * on restart, and nothing for a request sent with `store: false`.
 */
import { GatewayHttpError } from "./http-error.js";
import type { ResponseHistory } from "./response-history.js";

export type StoredResponseAnswer =
  | { status: 200; body: string }
  | { allow: string }
  | { noRoute: true };

const PAGE_DEFAULT = 20;
const PAGE_MAX = 100;

/** `rest` is the path after `/v1/responses/`; `query` the URL's search part (without `?`). */
export function answerStoredResponse(
  requestMethod: string | undefined,
  rest: string,
  query: string,
  history: ResponseHistory,
): StoredResponseAnswer {
  // HEAD is GET without the body (node:http leaves it out).
  const method = requestMethod === "HEAD" ? "GET" : requestMethod;
  const [rawId = "", sub, more] = rest.split("/");
  let id: string;
  try {
    id = decodeURIComponent(rawId);
  } catch {
    throw new GatewayHttpError(
      400,
      "invalid_request_error",
      "the response id in the path is not valid percent-encoding",
      {
        param: "response_id",
        code: "invalid_value",
      },
    );
  }
  if (sub === undefined) {
    if (method === "GET") {
      const response = history.response(id);
      if (!response) throw notKept(id);
      return { status: 200, body: JSON.stringify(response) };
    }
    if (method === "DELETE") {
      if (!history.forget(id)) throw notKept(id);
      return { status: 200, body: JSON.stringify({ id, object: "response", deleted: true }) };
    }
    return { allow: "GET, HEAD, DELETE" };
  }
  if (sub === "input_items" && more === undefined) {
    if (method !== "GET") return { allow: "GET, HEAD" };
    const items = history.inputItems(id);
    if (!items) throw notKept(id);
    return { status: 200, body: JSON.stringify(page(items, new URLSearchParams(query))) };
  }
  return { noRoute: true };
}

/** One page of input items, as OpenAI lists them: newest first unless `order=asc`. */
function page(items: readonly Record<string, unknown>[], params: URLSearchParams): unknown {
  const order = params.get("order") ?? "desc";
  if (order !== "asc" && order !== "desc") {
    throw new GatewayHttpError(400, "invalid_request_error", 'order must be "asc" or "desc"', {
      param: "order",
      code: "invalid_value",
    });
  }
  const limitText = params.get("limit");
  const limit = limitText === null ? PAGE_DEFAULT : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_MAX) {
    throw new GatewayHttpError(
      400,
      "invalid_request_error",
      `limit must be an integer from 1 to ${PAGE_MAX}`,
      {
        param: "limit",
        code: "invalid_value",
      },
    );
  }
  let ordered = order === "asc" ? [...items] : [...items].reverse();
  const after = params.get("after");
  if (after !== null) {
    const at = ordered.findIndex((item) => item.id === after);
    ordered = at < 0 ? [] : ordered.slice(at + 1);
  }
  const data = ordered.slice(0, limit);
  const idOf = (item: Record<string, unknown> | undefined) =>
    typeof item?.id === "string" ? item.id : null;
  return {
    object: "list",
    data,
    first_id: idOf(data[0]),
    last_id: idOf(data.at(-1)),
    has_more: ordered.length > limit,
  };
}

function notKept(id: string): GatewayHttpError {
  return new GatewayHttpError(
    404,
    "invalid_request_error",
    `no response ${id} is kept here: the gateway keeps responses in memory for an hour (not across a restart, and not at all for a request sent with store: false)`,
    { param: "response_id", code: "response_not_found", errorClass: "not_found" },
  );
}
