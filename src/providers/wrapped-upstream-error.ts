/**
 * The upstream's own refusal inside a router's error. OpenRouter answers every provider failure
 * with the same words, `{"error": {"code": 400, "message": "Provider returned error",
 * "metadata": {"provider_name": "Moonshot AI", "raw": "<the provider's body>"}}}` (its API
 * reference: errors, provider errors), so a Kimi model routed through it said only "Provider
 * returned error" where Moonshot had said what to change ("invalid temperature: only 1 is
 * allowed for this model", "thinking is enabled but reasoning_content is missing …", "… is not a
 * valid moonshot flavored json schema …"), and nothing that reads those words could act on them.
 */
import { isRecord } from "../util/is-record.js";

export interface WrappedUpstreamError {
  /** Who refused (`provider_name`), when the router says. */
  provider: string | undefined;
  /** The upstream's error type, when its body has one. */
  type: string | undefined;
  /** The upstream's own message (or its body's text, clipped). */
  message: string;
}

/** Upstream text kept of a body that is not an error object (it only feeds a message). */
const MAX_RAW_TEXT = 300;

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** The message and type of an upstream body: an error object, FastAPI's `detail`, or text. */
function upstreamBody(raw: unknown): Omit<WrappedUpstreamError, "provider"> | undefined {
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      const plain = text(raw);
      return plain ? { type: undefined, message: plain.slice(0, MAX_RAW_TEXT) } : undefined;
    }
  }
  if (!isRecord(value)) return undefined;
  const error = isRecord(value.error) ? value.error : value;
  const message = text(error.message) ?? text(error.detail) ?? text(value.detail);
  if (message === undefined) return undefined;
  return { type: text(error.type) ?? text(error.code), message };
}

/** The refusal `error` (a router's error object) carries from the provider behind it, if any. */
export function wrappedUpstreamError(
  error: Record<string, unknown>,
): WrappedUpstreamError | undefined {
  const metadata = error.metadata;
  if (!isRecord(metadata) || metadata.raw === undefined) return undefined;
  const inner = upstreamBody(metadata.raw);
  return inner ? { provider: text(metadata.provider_name), ...inner } : undefined;
}
