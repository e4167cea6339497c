/**
 * The `encrypted_content` of a reasoning item, which a Responses client asks for with
 * `include: ["reasoning.encrypted_content"]` when it keeps the conversation itself
 * (`store: false`: the Vercel AI SDK, Codex) and sends back with the item on the next turn.
 * OpenAI's is opaque; here it is the model's reasoning, base64url-encoded behind a tag, so a
 * reasoning item sent back restores that turn's `reasoning_content` exactly, even after a restart
 * or past the hour the gateway remembers reasoning for. It is not encrypted: it is the client's
 * own conversation, which the summary already shows in full.
 */

const TAG = "openclaw-reasoning.v1.";

/** Whether a Responses request's `include` asks for reasoning items' `encrypted_content`. */
export function wantsReasoningBlob(include: unknown): boolean {
  return Array.isArray(include) && include.includes("reasoning.encrypted_content");
}

export function reasoningBlob(reasoning: string): string {
  return TAG + Buffer.from(reasoning, "utf8").toString("base64url");
}

/**
 * The reasoning a blob of this gateway's holds; undefined for anything else (null, or another
 * server's opaque value replayed from a conversation that began elsewhere).
 */
export function reasoningFromBlob(value: unknown): string | undefined {
  if (typeof value !== "string" || !value.startsWith(TAG)) return undefined;
  const encoded = value.slice(TAG.length);
  if (!/^[A-Za-z0-9_-]*$/.test(encoded)) return undefined;
  return Buffer.from(encoded, "base64url").toString("utf8");
}
