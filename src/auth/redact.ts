import { displayUrl } from "../util/display-url.js";
import { maskKey } from "./mask.js";

/** Bearer tokens in echoed headers. */
const BEARER = String.raw`\b(?<bearer>Bearer\s+)(?<token>[A-Za-z0-9._~+/=-]{12,})`;
/**
 * Anything shaped like a provider key (`sk-…`, `sk-kimi-…`, `ak-…`, `msk-…`), however short. No
 * key has a `.`: one ends it, so that a key pasted as a provider's name leaves the rest of a
 * dotted path readable (`models.providers.sk-***.baseUrl`, not `models.providers.sk-***`).
 */
const KEY_LIKE = String.raw`\b(?<prefix>sk|ak|msk)-[A-Za-z0-9_-]{4,}`;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Replaces every occurrence of the given keys with its masked form (`sk-…0001`), bearer tokens
 * likewise, anything else shaped like an API key with its prefix and `***`, and a password in a
 * URL (`https://user:***@host`). Keys are masked in one pass, so a masked key is never masked
 * again. Use on any text that may reach a log, an error or stdout.
 */
export function redactSecrets(text: string, knownKeys: Iterable<string> = []): string {
  return redactKeys(displayUrl(text), knownKeys);
}

function redactKeys(text: string, knownKeys: Iterable<string>): string {
  const keys = [...knownKeys]
    .map((key) => key.trim())
    .filter((key) => key.length >= 4)
    .sort((a, b) => b.length - a.length);
  const known = keys.length > 0 ? [`(?<known>${keys.map(escapeRegExp).join("|")})`] : [];
  const pattern = new RegExp([...known, BEARER, KEY_LIKE].join("|"), "gi");
  return text.replace(pattern, (...args: unknown[]) => {
    const match = args[0] as string;
    const groups = args[args.length - 1] as Record<string, string | undefined>;
    if (groups.known !== undefined) return maskKey(match);
    if (groups.bearer !== undefined && groups.token !== undefined) {
      return `${groups.bearer}${maskKey(groups.token)}`;
    }
    return `${groups.prefix}-***`;
  });
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
