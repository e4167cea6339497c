/**
 * The host of a URL as a URL parser reads it, or undefined when the text is no URL: each caller
 * says for itself what to show or do instead (the URL as written, nothing at all), so one parse
 * serves hints that name a host and checks that compare one. A URL with no host (`mailto:…`,
 * `file:///…`) gives "", not undefined: it parsed.
 */

function parsed(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** `host:port` (the port left out when it is the scheme's own), never the login. */
export function urlHost(url: string): string | undefined {
  return parsed(url)?.host;
}

/** The host name alone, without the port (an IPv6 address in its brackets). */
export function urlHostname(url: string): string | undefined {
  return parsed(url)?.hostname;
}
