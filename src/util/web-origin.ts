/**
 * The one rule for what counts as a web origin the gateway can allow (`gateway.cors.origins`):
 * an http or https page's scheme, host and port. Used by the config check, by the gateway's CORS
 * policy and by the hint of its 403, so that what one accepts the others accept too. Browser
 * extensions (`chrome-extension://…`, `moz-extension://…`) and opaque origins (`null`, sent by
 * sandboxed frames and `file:` pages) are not allowed: an extension's id is not something a
 * person can check, and `null` is shared by every sandboxed page on the web. Such clients use a
 * gateway token instead. Pure.
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

/** Why `text` is not an origin the gateway can allow, for a config message's hint. */
export function webOriginHint(text: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text.trim())?.[1]?.toLowerCase();
  if (text.trim() === "null")
    return '"null" is the origin of sandboxed frames and file: pages, shared by every such page, so it cannot be allowed; such a client needs a gateway token (gateway.auth.mode "token")';
  if (scheme !== undefined && scheme !== "http" && scheme !== "https")
    return `${scheme}: origins (browser extensions and the like) cannot be allowed; such a client needs a gateway token (gateway.auth.mode "token"). Write http(s) origins as scheme, host and port only, like "https://chat.example.com"`;
  return 'write scheme, host and port only, like "https://chat.example.com"';
}
