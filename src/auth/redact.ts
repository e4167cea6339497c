import { maskKey } from "./mask.js";

/** Shapes of secrets we recognise even when we were not told the exact value. */
const SECRET_PATTERNS: RegExp[] = [
  // OpenAI-style keys as Moonshot and Kimi Code issue them (`sk-…`, `sk-kimi-…`).
  /\bsk-[A-Za-z0-9_-]{16,}/g,
  // Bearer tokens in echoed headers.
  /\b(Bearer\s+)([A-Za-z0-9._~+/=-]{12,})/gi,
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Replaces every occurrence of the given keys (and anything shaped like an API key or bearer
 * token) with its masked form. Use on any text that may reach a log, an error or stdout.
 */
export function redactSecrets(text: string, knownKeys: Iterable<string> = []): string {
  let out = text;
  const keys = [...knownKeys]
    .map((key) => key.trim())
    .filter((key) => key.length >= 4)
    .sort((a, b) => b.length - a.length);
  for (const key of keys) {
    out = out.replace(new RegExp(escapeRegExp(key), "g"), maskKey(key));
  }
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (match: string, bearer?: string, token?: string) =>
      typeof bearer === "string" && typeof token === "string"
        ? `${bearer}${maskKey(token)}`
        : maskKey(match),
    );
  }
  return out;
}

/** Deep-copies a JSON-like value, redacting every string in it. */
export function redactValue<T>(value: T, knownKeys: Iterable<string> = []): T {
  const keys = [...knownKeys];
  const walk = (node: unknown): unknown => {
    if (typeof node === "string") return redactSecrets(node, keys);
    if (Array.isArray(node)) return node.map(walk);
    if (node !== null && typeof node === "object") {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    }
    return node;
  };
  return walk(value) as T;
}
