/**
 * A URL as it may be shown: a password written into it (`https://user:secret@host/v1`) is
 * replaced by `***`, and so is the value of a query parameter named like a credential
 * (`?key=…`, `?api_key=…`, `&access_token=…`, `&sig=…`). Text that is not a URL is returned as it
 * is; a URL in a longer text is found and masked in place.
 */
export function displayUrl(text: string): string {
  return text.replace(URL_PASSWORD, "$1***@").replace(CREDENTIAL_PARAMETER, "$1***");
}

/**
 * `scheme://user:password@`: the part up to the password, which is dropped. A scheme has at
 * most 32 characters here, so that a long run of letters and dashes (an error body a provider
 * sends) is not searched for `://` from each of its words, which took seconds for 64 KB.
 */
export const URL_PASSWORD = /\b([a-z][a-z0-9+.-]{0,31}:\/\/[^:/@\s]*:)[^@/\s]+@/gi;

/**
 * A query parameter named like a credential, where a query begins or goes on (`?` or `&`):
 * `key=`, `apikey=`, `api_key=`, `x-api-key=`, `access_token=`, `client_secret=`, `sig=`…, the
 * whole name or its last word after `-`, `_` or `.` (not `monkey=`). Its value ends at `&`, `#`,
 * a space, a quote or a bracket. Looked for anywhere, not only after a URL found first: finding
 * the URL around each `?` would search the text again from every word.
 */
const CREDENTIAL_PARAMETER =
  /([?&](?:[^=&\s]*[-_.])?(?:key|apikey|token|secret|password|passwd|pwd|sig|signature|auth|credentials?)=)[^&#\s"'<>]+/gi;
