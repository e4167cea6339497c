/**
 * What counts as a credential when a config value is shown: by its key's name (`apiKey`, `token`,
 * `MOONSHOT_API_KEY`, `Authorization`) and by the value's own shape (`sk-…`, `sk-kimi-…`, the
 * gateway's `ocg_…` token, a long run of letters mixed with digits), whatever key holds it. Pure.
 */
const SECRET_KEY = /(api[-_]?key|token|secret|password|authorization|cookie)$/i;

/** `apiKey`, `token`, `MOONSHOT_API_KEY`, `Authorization`, … */
export function isSecretKeyName(name: string): boolean {
  return SECRET_KEY.test(name) || /_KEY$/.test(name);
}

/** A key's well-known prefix, standing alone (not the end of a word such as `task-`). */
const KEY_PREFIX = /(?:^|[^A-Za-z0-9])(?:(?:sk|ak|msk)-|ocg_)[A-Za-z0-9]/;
/** Letters and digits this long without a separator: a token, not a word, id or path. */
const OPAQUE_RUN = /[A-Za-z0-9]{24,}/g;

/** A URL, or a host and path written without its scheme (`gateway.ai.cloudflare.com/v1/…`). */
const URL_LIKE = /^(?:https?:\/\/|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?::\d+)?(?:\/|$))/i;

/**
 * Whether a string is shaped like a key or token (and so is never shown as it is). In a URL only
 * a password and the query string can hold one: an id in its path (a Cloudflare account's 32 hex
 * digits, a deployment) is an address, shown so that it can be read back.
 */
export function looksLikeSecret(value: string): boolean {
  if (KEY_PREFIX.test(value)) return true;
  if (URL_LIKE.test(value)) {
    if (/^[a-z]+:\/\/[^/@\s]*:[^/@\s]*@/i.test(value)) return true;
    const query = value.indexOf("?");
    return query >= 0 && hasOpaqueRun(value.slice(query));
  }
  return hasOpaqueRun(value);
}

/** Whether `value` has the key prefix of a known provider or gateway (`sk-…`, `ocg_…`). */
export function hasKeyPrefix(value: string): boolean {
  return KEY_PREFIX.test(value);
}

function hasOpaqueRun(value: string): boolean {
  for (const run of value.match(OPAQUE_RUN) ?? []) {
    if (/\d/.test(run) && /[A-Za-z]/.test(run)) return true;
  }
  return false;
}

const PREFIXES = ["sk-kimi-", "sk-", "ak-", "msk-", "ocg_"];

/**
 * A credential as it may be shown: its well-known prefix, an ellipsis and its last four
 * characters (`sk-…9876`), or only the ellipsis for a short one.
 */
export function maskSecret(value: string): string {
  const trimmed = value.trim();
  const prefix = PREFIXES.find((candidate) => trimmed.startsWith(candidate)) ?? "";
  const body = trimmed.slice(prefix.length);
  return body.length < 8 ? `${prefix}…` : `${prefix}…${body.slice(-4)}`;
}

/**
 * A key pasted where a name goes (a provider's key under models.providers, an alias's ref, a
 * header's name): its prefix and a run of at least eight letters, digits, `-` or `_` after it.
 * A `.`, `/`, `"` or `]` ends it, so that the rest of a dotted path or ref stays readable.
 */
const KEY_SHAPED_NAME = /(?<![A-Za-z0-9])(sk-kimi-|sk-|ak-|msk-)[A-Za-z0-9][A-Za-z0-9_-]{7,}/g;

/**
 * `text` (a message, a dotted path, a model ref) with every key-shaped name in it shown as its
 * prefix and `***` (`models.providers.sk-kimi-***.baseUrl`), as the usage ledger keeps a key a
 * client sent. Values are masked where they are described; this is for names, which messages
 * quote as they are. A masked name (`sk-…9876`, `sk-***`) is left as it is.
 */
export function maskKeyShapedNames(text: string): string {
  return text.replace(KEY_SHAPED_NAME, "$1***");
}

/** Whether `text` holds a name maskKeyShapedNames would mask. */
export function hasKeyShapedName(text: string): boolean {
  KEY_SHAPED_NAME.lastIndex = 0;
  const found = KEY_SHAPED_NAME.test(text);
  KEY_SHAPED_NAME.lastIndex = 0;
  return found;
}
