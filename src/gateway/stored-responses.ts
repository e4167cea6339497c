/**
 * The Responses API's routes for a response already served: `GET /v1/responses/{id}` (the
 * response again), `DELETE /v1/responses/{id}`, and `GET /v1/responses/{id}/input_items` (what it
 * was sent). They answer from the same memory `previous_response_id` reads: an hour, bounded, lost
 * on restart, and nothing for a request sent with `store: false`. A response still streaming is
 * answered as it stands (`in_progress`) and cannot be deleted yet.
 */
import { isRecord } from "../util/is-record.js";
import { GatewayHttpError } from "./http-error.js";
import type { ResponseHistory } from "./response-history.js";
import { unknownRoute } from "./unknown-route.js";

export type StoredResponseAnswer =
  | { status: 200; body: string }
  | { allow: string }
  | { noRoute: true };

type Obj = Record<string, unknown>;

const PAGE_DEFAULT = 20;
const PAGE_MAX = 100;

/**
 * OpenAI's endpoints under `/v1/responses/` that are not a response's id, with what to do here
 * instead: taken for an id, a POST to one got a 405 telling the client to GET or DELETE it.
 */
const UNSERVED_ENDPOINTS: Record<string, string> = {
  input_tokens:
    "counting a request's input tokens (client.responses.inputTokens.count, in Python client.responses.input_tokens.count) is not served by this gateway; each response's usage.input_tokens says what its input took",
  compact:
    "compacting a conversation (client.responses.compact) is not served by this gateway; send the shortened conversation in input yourself",
};

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
  if (id.trim() === "") {
    const said =
      id === "" ? "no response id" : `only blanks (${JSON.stringify(id)}) for a response id`;
    const ask =
      method === "POST" && sub === undefined
        ? "to create a response, POST /v1/responses (no trailing slash)"
        : "ask for /v1/responses/{id} with the id (resp_…) of a response this gateway served";
    throw new GatewayHttpError(
      404,
      "invalid_request_error",
      `${said} after /v1/responses/: ${ask}`,
      {
        param: "response_id",
        code: "response_not_found",
        errorClass: "not_found",
      },
    );
  }
  const unserved = Object.hasOwn(UNSERVED_ENDPOINTS, id) ? UNSERVED_ENDPOINTS[id] : undefined;
  if (unserved !== undefined && method === "POST" && sub === undefined) {
    throw unknownRoute(`POST /v1/responses/${id}: ${unserved}`);
  }
  if (sub === undefined) {
    if (method === "GET") {
      refuseStreaming(new URLSearchParams(query));
      const response = history.response(id);
      if (!response) throw notKept(id);
      return { status: 200, body: JSON.stringify(response) };
    }
    if (method === "DELETE") {
      if (history.inProgress(id)) throw stillRunning(id);
      if (!history.forget(id)) throw notKept(id);
      return { status: 200, body: JSON.stringify({ id, object: "response", deleted: true }) };
    }
    return { allow: "GET, HEAD, DELETE" };
  }
  if (sub === "input_items" && more === undefined) {
    if (method !== "GET") return { allow: "GET, HEAD" };
    const items = history.inputItems(id);
    if (!items) throw notKept(id);
    return {
      status: 200,
      body: JSON.stringify(page(inputItemViews(id, items), new URLSearchParams(query), id)),
    };
  }
  return { noRoute: true };
}

/**
 * `stream=true` (the SDK's `responses.retrieve(id, {stream: true})`) would replay the response's
 * events: not done here, and said so, rather than answering JSON the SDK reads as no events.
 */
function refuseStreaming(params: URLSearchParams): void {
  const stream = params.get("stream");
  const field =
    stream !== null && stream !== "false"
      ? "stream"
      : params.has("starting_after")
        ? "starting_after"
        : undefined;
  if (field === undefined) return;
  throw new GatewayHttpError(
    400,
    "invalid_request_error",
    `${field} is not supported when retrieving a response: this gateway does not replay a response's events; GET /v1/responses/{id} without it returns the whole response object (stream when creating the response to get its events)`,
    { param: field, code: "unsupported_parameter", errorClass: "bad_request" },
  );
}

/** Request ids become the ids of a response's items: `resp_<request id>` → `<request id>`. */
function baseOf(responseId: string): string {
  return responseId.startsWith("resp_") ? responseId.slice(5) : responseId;
}

/** A message's content as OpenAI lists it: parts, a string being one text part. */
function contentParts(content: unknown, role: unknown): Obj[] {
  const textType = role === "assistant" ? "output_text" : "input_text";
  if (typeof content === "string") {
    return [
      role === "assistant"
        ? { type: textType, text: content, annotations: [] }
        : { type: textType, text: content },
    ];
  }
  if (!Array.isArray(content)) return [];
  return content.map((part: unknown) => {
    if (!isRecord(part)) return { type: textType, text: "" };
    if (part.type === "input_image") {
      return { type: "input_image", image_url: part.image_url, detail: part.detail ?? "auto" };
    }
    if (part.type === "input_text" || part.type === "output_text") {
      const text = typeof part.text === "string" ? part.text : "";
      return role === "assistant"
        ? { type: "output_text", text, annotations: [] }
        : { type: part.type, text };
    }
    return part;
  });
}

/** Id prefixes OpenAI's items carry, by type. */
const PREFIX: Record<string, string> = {
  message: "msg",
  function_call: "fc",
  function_call_output: "fco",
  custom_tool_call: "ctc",
  custom_tool_call_output: "ctco",
  reasoning: "rs",
  web_search_call: "ws",
};

/**
 * A response's input items as OpenAI lists them: each with an `id` (its own when it has one no
 * other item shares, else one made from the response's id and its position, the same on every
 * listing) and a `type`, messages with their content as parts, calls and outputs `completed`.
 */
function inputItemViews(responseId: string, items: readonly Obj[]): Obj[] {
  const base = baseOf(responseId);
  const given = new Map<string, number>();
  for (const item of items)
    if (typeof item.id === "string") given.set(item.id, (given.get(item.id) ?? 0) + 1);
  return items.map((item, index) => {
    const type =
      typeof item.type === "string" ? item.type : item.role !== undefined ? "message" : "item";
    const own = typeof item.id === "string" && given.get(item.id) === 1 ? item.id : undefined;
    const id = own ?? `${PREFIX[type] ?? "item"}_${base}_in_${index}`;
    switch (type) {
      case "message":
        return {
          id,
          type,
          role: item.role,
          status: "completed",
          content: contentParts(item.content, item.role),
        };
      case "function_call":
        return {
          id,
          type,
          call_id: item.call_id,
          name: item.name,
          arguments: item.arguments,
          status: "completed",
        };
      case "custom_tool_call":
        return {
          id,
          type,
          call_id: item.call_id,
          name: item.name,
          input: item.input,
          status: "completed",
        };
      case "function_call_output":
      case "custom_tool_call_output":
        return { id, type, call_id: item.call_id, output: item.output, status: "completed" };
      default:
        return { ...item, id, type };
    }
  });
}

/**
 * One page of input items, as OpenAI lists them: newest first unless `order=asc`, `limit` of
 * them after the item `after` names (or the `limit` right before the one `before` names).
 */
function page(items: readonly Obj[], params: URLSearchParams, responseId: string): unknown {
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
  const ordered = order === "asc" ? [...items] : [...items].reverse();
  const cursor = (name: "after" | "before"): number | undefined => {
    const id = params.get(name);
    if (id === null) return undefined;
    const at = ordered.findIndex((item) => item.id === id);
    if (at >= 0) return at;
    throw new GatewayHttpError(
      400,
      "invalid_request_error",
      `${name} names item ${JSON.stringify(id)}, which is not among the input items of ${responseId}`,
      { param: name, code: "invalid_value" },
    );
  };
  const after = cursor("after");
  const before = cursor("before");
  const from = after === undefined ? 0 : after + 1;
  const to = before === undefined ? ordered.length : before;
  let data: Obj[];
  let hasMore: boolean;
  if (before !== undefined && after === undefined) {
    // The items closest before the cursor; more remain when any come before them.
    const start = Math.max(0, to - limit);
    data = ordered.slice(start, to);
    hasMore = start > 0;
  } else {
    data = ordered.slice(from, Math.min(to, from + limit));
    hasMore = from + limit < to;
  }
  const idOf = (item: Obj | undefined) => (typeof item?.id === "string" ? item.id : null);
  return {
    object: "list",
    data,
    first_id: idOf(data[0]),
    last_id: idOf(data.at(-1)),
    has_more: hasMore,
  };
}

/** A response still streaming is not deleted under its client: only once it has ended. */
function stillRunning(id: string): GatewayHttpError {
  return new GatewayHttpError(
    409,
    "invalid_request_error",
    `response ${JSON.stringify(id)} is still in progress: it can be deleted once it has ended (GET /v1/responses/{id} says its status); to stop it, its client closes the stream`,
    // OpenAI's SDKs retry a 409 by default: told not to, the client hears the reason at once.
    {
      param: "response_id",
      code: "response_in_progress",
      errorClass: "bad_request",
      retryable: false,
    },
  );
}

function notKept(id: string): GatewayHttpError {
  return new GatewayHttpError(
    404,
    "invalid_request_error",
    `no response ${JSON.stringify(id)} is kept here: the gateway keeps the responses it finished in memory for an hour (not one that failed or whose client disconnected before its end, not across a restart, not at all for a request sent with store: false, and not once deleted)`,
    { param: "response_id", code: "response_not_found", errorClass: "not_found" },
  );
}
