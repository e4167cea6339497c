/**
 * What a gateway token picked up on its way from where it was copied: the quotes around it in a
 * JSON, YAML or .env file (Docker's --env-file keeps them), a `Bearer ` already in the value a
 * client puts after its own `Bearer `, or an invisible character at either end (a non-breaking or
 * zero-width space from a web page or chat). Judged from the token's shape alone, never by
 * comparing it with the gateway's, so a 401 tells nothing about the real token. Pure.
 */

/** Characters a token is written in: printable ASCII, no space. */
const PLAIN_EDGE = /^[\x21-\x7e]$/;

/** Why `presented` (the token as sent, trimmed) is not a token as written, if its shape says. */
export function copiedTokenSlip(presented: string): string | undefined {
  const first = presented[0] ?? "";
  const last = presented[presented.length - 1] ?? "";
  if (presented.length > 2 && first === last && `"'\``.includes(first))
    return `the token sent is in ${first === '"' ? "double" : first === "'" ? "single" : "back"} quotes, copied with it from a file that keeps them (JSON, YAML, an .env file read by docker --env-file); send it without the quotes`;
  if (/^bearer\s/i.test(presented))
    return "the token sent starts with Bearer again: the client adds Bearer itself, so give it the token alone as its API key";
  if (!PLAIN_EDGE.test(first) || !PLAIN_EDGE.test(last))
    return "the token sent begins or ends with a character that is not printable ASCII (a non-breaking or zero-width space copied with it?); send the token alone";
  return undefined;
}
