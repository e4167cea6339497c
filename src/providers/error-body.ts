/**
 * The type and message of an upstream error body, whatever its shape: OpenAI's `error` object,
 * a host's `url.not_found`, a server's string `error` or `detail`, Spring Boot's and
 * Cloudflare's envelopes, a router's wrapped provider error, or plain text.
 */
import { URL_NOT_FOUND } from "./base-url-path.js";
import { wrappedUpstreamError } from "./wrapped-upstream-error.js";

export interface ProviderErrorBody {
  type: string | undefined;
  message: string | undefined;
}

export function parseErrorBody(body: unknown): ProviderErrorBody {
  let value = body;
  if (typeof body === "string") {
    try {
      value = JSON.parse(body);
    } catch {
      const text = body.trim();
      return { type: undefined, message: text ? text.slice(0, 300) : undefined };
    }
  }
  if (typeof value !== "object" || value === null) return { type: undefined, message: undefined };
  const record = value as Record<string, unknown>;
  // The host's own 404 for a path it serves nothing at: `{"code": 5, "error": "url.not_found",
  // "message": "没找到对象"}`, no `type`. Only this marker: another server's string `error` is its
  // message ("model 'x' not found"), not a type.
  if (record.error === URL_NOT_FOUND) {
    const text = record.message;
    return {
      type: URL_NOT_FOUND,
      message: typeof text === "string" && text.trim() !== "" ? text : undefined,
    };
  }
  const error = typeof record.error === "object" && record.error !== null ? record.error : record;
  const e = error as Record<string, unknown>;
  // An empty type or message (a proxy's `{"error":{"type":"","message":""}}`) says nothing:
  // taken as there, it left a double space in the sentence built from them.
  const text = (field: unknown) =>
    typeof field === "string" && field.trim() !== "" ? field : undefined;
  // Spring Boot's placeholder when it keeps its exception's words back: its `error` says more.
  const outer = e.message === SPRING_NO_MESSAGE ? undefined : text(e.message);
  // A router's "Provider returned error": the provider's own words are what can be acted on.
  const upstream = wrappedUpstreamError(e);
  if (upstream) {
    const who = upstream.provider ? ` (${upstream.provider})` : "";
    return {
      type: upstream.type ?? text(e.type) ?? text(e.code),
      message: `${outer ?? "provider error"}${who}: ${upstream.message}`,
    };
  }
  // A server's words as a string `error` (`{"error": "model 'x' not found"}`) or FastAPI's
  // `detail`, when no `message` says them: the person sees why, not only the status.
  const said =
    outer ??
    (e === record
      ? (text(record.error) ?? text(record.detail) ?? firstErrorMessage(record.errors))
      : undefined);
  return { type: text(e.type) ?? text(e.code), message: said };
}

/** What Spring Boot's default error body says in `message` when it shows none of its own. */
const SPRING_NO_MESSAGE = "No message available";

/**
 * The first message of Cloudflare's envelope (`{"success": false, "errors": [{"code": 7000,
 * "message": "No route for that URI"}]}`), Workers AI's too.
 */
function firstErrorMessage(errors: unknown): string | undefined {
  if (!Array.isArray(errors)) return undefined;
  const first: unknown = errors[0];
  if (typeof first !== "object" || first === null) return undefined;
  const message = (first as Record<string, unknown>).message;
  return typeof message === "string" && message.trim() !== "" ? message : undefined;
}
