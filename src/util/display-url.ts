/**
 * A URL as it may be shown: a password written into it (`https://user:secret@host/v1`) is
 * replaced by `***`, and so is the value of a query parameter named like a credential
 * (`?key=…`, `?api_key=…`, `&access_token=…`, `&sig=…`). Text that is not a URL is returned as it
 * is; a URL in a longer text is found and masked in place.
 */
export function displayUrl(text: string): string {
  return text.replace(URL_PASSWORD, "$1***@").replace(QUERY_PARAMETER, maskedParameter);
}

/**
 * `scheme://user:password@`: the part up to the password, which is dropped. A scheme has at
 * most 32 characters here, so that a long run of letters and dashes (an error body a provider
 * sends) is not searched for `://` from each of its words, which took seconds for 64 KB. The
 * login ends at the last `@` before the host, as a URL parser reads it: a password with an `@`
 * in it (`user:p@ss@host`) is masked whole, not up to its own `@`, and so is one after a user
 * name with an `@` (`me@corp:secret@host`).
 */
export const URL_PASSWORD = /\b([a-z][a-z0-9+.-]{0,31}:\/\/[^:/?#\s"'<>]*:)[^/?#\s"'<>]+@/gi;

/**
 * A query parameter, where a query begins or goes on (`?` or `&`), or in a fragment (`#`, where
 * a sign-in page hands back `#access_token=…`): its name (at most 64 characters, so that a long
 * run of `?` is not searched to its end from each) and its value, which ends at `&`, `#`, a
 * space, a quote or a bracket. Looked for anywhere, not only after a URL found first: finding the
 * URL around each `?` would search the text again from every word.
 */
const QUERY_PARAMETER = /([?&#])([^=&#?\s"'<>]{1,64})=([^&#\s"'<>]+)/g;

/**
 * A name of a credential: `key`, `apikey`, `api_key`, `X-Api-Key`, `access_token`,
 * `client_secret`, `sig`, `Authorization`…, the whole name or its last word after `-`, `_` or `.`
 * (not `monkey`), in any case.
 */
const CREDENTIAL_NAME =
  /^(?:.*[-_.])?(?:key|apikey|token|secret|password|passwd|pwd|sig|signature|auth|authorization|credentials?)$/i;

/**
 * A query parameter with its value masked when its name is a credential's, read as a server
 * reads it: percent-decoded (`api%5Fkey` is `api_key`, `%6Bey` is `key`). Another's value is
 * searched in turn: it may hold a URL's query (`?next=/v1?key=…`).
 */
function maskedParameter(_whole: string, start: string, name: string, value: string): string {
  if (CREDENTIAL_NAME.test(decodedName(name))) return `${start}${name}=***`;
  return `${start}${name}=${value.replace(QUERY_PARAMETER, maskedParameter)}`;
}

function decodedName(name: string): string {
  if (!name.includes("%")) return name;
  try {
    return decodeURIComponent(name.replaceAll("+", " "));
  } catch {
    // A stray `%` (`api%key`): each escape that is one decoded, the rest left as written.
    return name.replace(/%([0-9a-f]{2})/gi, (_, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
  }
}
