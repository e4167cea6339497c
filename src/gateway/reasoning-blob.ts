/**
 * The reasoning blob: what this gateway gives its clients for them to send back with a turn, so
 * that the turn's reasoning (and the upstream's signature of it) comes back exactly, even after
 * a restart or past the hour the gateway remembers reasoning for. It is the `encrypted_content`
 * of a Responses reasoning item (asked for with `include: ["reasoning.encrypted_content"]` by a
 * client that keeps the conversation itself, `store: false`: the Vercel AI SDK, Codex) and the
 * `signature` of a thinking block on /v1/messages (which Claude Code sends back unchanged).
 *
 * `openclaw-reasoning.v1.` + the reasoning, base64url; `openclaw-reasoning.v2.` + the reasoning
 * and, after a dot, the signature the upstream put on it (api anthropic-messages: Anthropic's
 * Messages API and Kimi Code's refuse a replayed thinking block without its own signature), both
 * base64url. v2 is written when there is such a signature, v1 when there is none; both are read.
 * It is not encrypted, only encoded: the reasoning is the client's own conversation, which the
 * summary or thinking text already shows in full, and the signature is the upstream's opaque
 * string, which Anthropic itself hands its clients in the clear.
 */
import { thinkingSignatureOf } from "../providers/thinking-signatures.js";

const V1 = "openclaw-reasoning.v1.";
const V2 = "openclaw-reasoning.v2.";
const BASE64URL = /^[A-Za-z0-9_-]*$/;
/** Reasoning (possibly empty), a dot, a signature (not empty). */
const V2_PAYLOAD = /^([A-Za-z0-9_-]*)\.([A-Za-z0-9_-]+)$/;

/** What a blob of this gateway's holds: a turn's reasoning and, when it had one, its signature. */
export interface BlobReasoning {
  reasoning: string;
  signature?: string;
}

/** Whether a Responses request's `include` asks for reasoning items' `encrypted_content`. */
export function wantsReasoningBlob(include: unknown): boolean {
  return Array.isArray(include) && include.includes("reasoning.encrypted_content");
}

const encoded = (text: string) => Buffer.from(text, "utf8").toString("base64url");
const decoded = (text: string) => Buffer.from(text, "base64url").toString("utf8");

/** The blob of `reasoning`, with `signature` (the upstream's, when it gave one) in it. */
export function reasoningBlob(reasoning: string, signature?: string): string {
  if (signature === undefined || signature === "") return V1 + encoded(reasoning);
  return `${V2}${encoded(reasoning)}.${encoded(signature)}`;
}

/**
 * The blob of streamed reasoning, whose block or item closes before the answer's message is
 * whole: the signature is the one this process's transport kept for that text as the upstream's
 * thinking block ended (thinking-signatures.ts), if any.
 */
export function streamedReasoningBlob(reasoning: string): string {
  return reasoningBlob(reasoning, thinkingSignatureOf(reasoning));
}

/**
 * What a blob of this gateway's holds; undefined for anything else (null, another server's opaque
 * value replayed from a conversation that began elsewhere, or a blob of ours garbled on the way).
 */
export function reasoningFromBlob(value: unknown): BlobReasoning | undefined {
  if (typeof value !== "string") return undefined;
  if (value.startsWith(V1)) {
    const payload = value.slice(V1.length);
    return BASE64URL.test(payload) ? { reasoning: decoded(payload) } : undefined;
  }
  if (!value.startsWith(V2)) return undefined;
  const parts = V2_PAYLOAD.exec(value.slice(V2.length));
  if (!parts) return undefined;
  const signature = decoded(parts[2] as string);
  if (signature === "") return undefined;
  return { reasoning: decoded(parts[1] as string), signature };
}
