/**
 * A URL as it may be shown: a password written into it (`https://user:secret@host/v1`) is
 * replaced by `***`, and so is the value of a query parameter named like a credential
 * (`?key=…`, `?api_key=…`, `&access_token=…`, `&sig=…`). Text that is not a URL is returned as it
 * is; a URL in a longer text is found and masked in place.
 */
export function displayUrl(text: string): string {
  return text
    .replace(URL_PASSWORD, "$1***@")
    .replace(URL_QUERY, (query) => query.replace(CREDENTIAL_PARAMETER, "$1***"));
}

/** `scheme://user:password@`: the part up to the password, which is dropped. */
export const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@/\s]+@/gi;

/** A URL's query string: from its `?` to the first space, quote, bracket or `#`. */
const URL_QUERY = /\b[a-z][a-z0-9+.-]*:\/\/[^\s?#"'<>]*\?[^\s#"'<>]*/gi;

/**
 * `key=`, `apikey=`, `api_key=`, `x-api-key=`, `access_token=`, `client_secret=`, `sig=`…: the
 * whole name or its last word after `-`, `_` or `.` (not `monkey=`).
 */
const CREDENTIAL_PARAMETER =
  /([?&](?:[^=&]*[-_.])?(?:key|apikey|token|secret|password|passwd|pwd|sig|signature|auth|credentials?)=)[^&]+/gi;
