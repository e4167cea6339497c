/**
 * A URL as it may be shown: a password written into it (`https://user:secret@host/v1`) is
 * replaced by `***`. Anything that does not parse as a URL is returned as it is.
 */
export function displayUrl(text: string): string {
  return text.replace(URL_PASSWORD, "$1***@");
}

/** `scheme://user:password@`: the part up to the password, which is dropped. */
export const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@/\s]+@/gi;
