/**
 * The signatures Anthropic's Messages API puts on its thinking blocks (`signature_delta` in a
 * stream, `signature` in a whole message), kept by the thinking text they sign so that a turn's
 * reasoning goes back with its own signature when the conversation is sent again: Anthropic
 * refuses a replayed thinking block whose signature does not match it. The answer's message
 * carries it too (`reasoning_signature`, which a session file keeps); this map is for messages
 * that come back without it, as a gateway client's do (clients drop fields of their own), so it is
 * found again by the reasoning's text. Held in this process only, bounded in entries and time:
 * reasoning with no signature on its message nor here goes back without a thinking block (see
 * replayed-thinking.ts).
 */
import { createHash } from "node:crypto";
import { BoundedTtlMap } from "../util/bounded-ttl-map.js";

const signatures = new BoundedTtlMap<string, string>({
  maxEntries: 4096,
  ttlMs: 24 * 60 * 60 * 1000,
  maxWeight: 16 * 1024 * 1024,
  weigh: (signature) => 44 + signature.length,
});

function keyOf(thinking: string): string {
  return createHash("sha256").update(thinking).digest("base64");
}

/** Keeps `signature` as the one of the thinking block whose text is `thinking`. */
export function rememberThinkingSignature(thinking: string, signature: string): void {
  if (thinking === "" || signature === "") return;
  signatures.set(keyOf(thinking), signature);
}

/** The signature a thinking block of text `thinking` came with, if this process saw it. */
export function thinkingSignatureOf(thinking: string): string | undefined {
  // Empty (no answer over Anthropic's API yet): no hash of the text to look up.
  return thinking === "" || signatures.size === 0 ? undefined : signatures.get(keyOf(thinking));
}
