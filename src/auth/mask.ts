import { createHash } from "node:crypto";

const KNOWN_PREFIXES = ["sk-kimi-", "sk-"];

/**
 * Display form of a key: the well-known prefix, an ellipsis and the last four characters
 * (`sk-…a1b2`). Short keys show nothing of their body: four characters of a short key give too much away.
 */
export function maskKey(key: string): string {
  const trimmed = key.trim();
  const prefix = KNOWN_PREFIXES.find((candidate) => trimmed.startsWith(candidate)) ?? "";
  const body = trimmed.slice(prefix.length);
  if (body.length < 8) return `${prefix}…`;
  return `${prefix}…${body.slice(-4)}`;
}

/**
 * A short, stable id for a key (for per-key cooldowns and telling keys apart in output) that
 * cannot be turned back into the key: 12 hex digits of a salted SHA-256.
 */
export function fingerprintKey(key: string): string {
  return createHash("sha256")
    .update("openclaw-key-fingerprint:")
    .update(key)
    .digest("hex")
    .slice(0, 12);
}
