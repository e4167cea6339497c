/**
 * A URL as it may be shown: a password written into it (`https://user:secret@host/v1`) is
 * replaced by `***`, as is a user name written alone (`https://TOKEN@host/v1`), and so is the value of a query parameter named like a credential
 * (`?key=…`, `?api_key=…`, `&access_token=…`, `&sig=…`). Text that is not a URL is returned as it
 * is; a URL in a longer text is found and masked in place.
 */
export function displayUrl(text: string): string {
  return maskedQueryCredentials(
    text.replace(URL_PASSWORD, "$1***@").replace(URL_USER_ALONE, "$1***@"),
  );
}

/**
 * `scheme://user@`, a login with no password: the user name, which is dropped. Alone it is
 * often the credential itself (`https://TOKEN@host/v1`, as git hosts and proxies take a token),
 * so it is masked as a password is. The login ends at the last `@` before the host; one with a
 * `:` is URL_PASSWORD's (its user name is kept), and an `@` after the host (a path's
 * `/users/a@b.c`, a query's) is no login's. A `${VAR}` reference names a variable and is kept.
 */
export const URL_USER_ALONE =
  /\b([a-z][a-z0-9+.-]{0,31}:\/\/)(?!\$\{[^}]*\}@)[^:/?#\s"'<>]+@(?=[^@/?#\s"'<>]*(?:[/?#\s"'<>]|$))/gi;

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
 * The start of a query parameter, where a query begins or goes on (`?` or `&`), or in a fragment
 * (`#`, where a sign-in page hands back `#access_token=…`): its name, at most 64 characters, so
 * that a long run of `?` is not searched to its end from each. Looked for anywhere, not only
 * after a URL found first: finding the URL around each `?` would search the text again from
 * every word.
 */
const PARAMETER_START = /[?&#]([^=&#?\s"'<>]{1,64})=/g;

/** A parameter's value: up to `&`, `#`, a space, a quote or a bracket. */
const PARAMETER_VALUE = /[^&#\s"'<>]*/y;

/**
 * A name of a credential: `key`, `apikey`, `api_key`, `X-Api-Key`, `access_token`,
 * `client_secret`, `sig`, `Authorization`…, the whole name or its last word after `-`, `_` or `.`
 * (not `monkey`), in any case.
 */
const CREDENTIAL_NAME =
  /^(?:.*[-_.])?(?:key|apikey|token|secret|password|passwd|pwd|sig|signature|auth|authorization|credentials?)$/i;

/**
 * The text with the value of each query parameter named like a credential masked, its name read
 * as a server reads it: percent-decoded (`api%5Fkey` is `api_key`, `%6Bey` is `key`). Another
 * parameter's value is searched on from its `=`: it may hold a URL's query
 * (`?next=/v1?key=…`). One pass from left to right, not a search of each value in turn, which
 * nested once per `?a=` and overflowed the stack for a 10 KB error body of them.
 */
function maskedQueryCredentials(text: string): string {
  let shown = "";
  let copiedTo = 0;
  for (const start of text.matchAll(PARAMETER_START)) {
    const [whole, name = ""] = start;
    const at = start.index ?? 0;
    // A start inside a value already masked is part of that value.
    if (at < copiedTo || !CREDENTIAL_NAME.test(decodedName(name))) continue;
    const valueAt = at + whole.length;
    PARAMETER_VALUE.lastIndex = valueAt;
    const valueEnd = valueAt + (PARAMETER_VALUE.exec(text)?.[0].length ?? 0);
    if (valueEnd === valueAt) continue;
    shown += `${text.slice(copiedTo, valueAt)}***`;
    copiedTo = valueEnd;
  }
  return shown + text.slice(copiedTo);
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
