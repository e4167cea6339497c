/**
 * The one rule for what counts as a web origin the gateway can allow (`gateway.cors.origins`):
 * an http or https page's scheme, host and port, compared as the URL standard serializes it (so
 * `HTTP://LOCALHOST:3000` is `http://localhost:3000`). Used by the config check, by the gateway's
 * CORS policy and by the hint of its 403, so that what one accepts the others accept too. Browser
 * extensions (`chrome-extension://…`, `moz-extension://…`) and opaque origins (`null`, sent by
 * sandboxed frames and `file:` pages) cannot be listed: an extension's id is not something a
 * person can check, and `null` is shared by every sandboxed page on the web. Such clients use a
 * gateway token, with the list left unset. Pure.
 */

/** `https://Chat.Example.com:443/` → `https://chat.example.com`; undefined when not an origin. */
export function normalizeWebOrigin(text: string): string | undefined {
  try {
    const url = new URL(text.trim());
    if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
    if (url.pathname !== "/" || url.search || url.hash || url.username || url.password)
      return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

/** The refusal of `"*"` in `gateway.cors.origins` without a token, after the entry's path. */
export const OPEN_CORS_WITHOUT_TOKEN = {
  message:
    'is "*" while the gateway runs without a token (gateway.auth.mode "none"): any web page could use your provider keys',
  hint: 'list the origins of your web apps (like "http://localhost:3000"), or set gateway.auth.mode to "token"',
} as const;

/** What lets a client whose origin cannot be listed call, under the gateway's auth mode. */
function unlistableRemedy(tokenAuth: boolean): string {
  return tokenAuth
    ? 'with a gateway token, leave gateway.cors.origins unset (or ["*"]): then every origin, this one included, may call with the token'
    : 'such a client needs a gateway token: set gateway.auth.mode to "token", leave gateway.cors.origins unset, and have the client send the token';
}

/**
 * Why `text` is not an origin the gateway can allow, and what works instead, for a config
 * message's hint. `tokenAuth`: whether the gateway runs with a token (the default).
 */
export function webOriginHint(text: string, tokenAuth: boolean): string {
  const trimmed = text.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  if (trimmed.toLowerCase() === "null")
    return `"null" is the origin of sandboxed frames and file: pages, shared by every such page, so it cannot be listed; ${unlistableRemedy(tokenAuth)}`;
  if (scheme === "file")
    return `file: pages send the origin "null", shared by every such page, so they cannot be listed; ${unlistableRemedy(tokenAuth)}`;
  if (scheme?.endsWith("-extension"))
    return `${scheme}: origins (browser extensions) cannot be listed, as an extension's id is not something a person can check; ${unlistableRemedy(tokenAuth)}`;
  // `localhost:3000` parses as scheme "localhost": only `x://` is read as a scheme here.
  if (
    scheme !== undefined &&
    scheme !== "http" &&
    scheme !== "https" &&
    /^[^:]+:\/\//.test(trimmed)
  )
    return `${scheme}: is not a web page's origin; only http(s) origins can be listed, written as scheme, host and port, like "https://chat.example.com"`;
  return 'write scheme, host and port only, like "https://chat.example.com"';
}
