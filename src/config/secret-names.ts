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

export { hasKeyShapedName, maskKeyShapedNames } from "../util/key-shaped-names.js";
