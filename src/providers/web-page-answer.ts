/** A web page that answered in place of an API: telling one, and saying it. */
import { looksLikeApiBaseUrl } from "./base-url-path.js";

/** A web page (a web server's or a proxy's, e.g. nginx's 404 page) in place of an API's answer. */
const HTML_PAGE = /^\s*<(?:!doctype|html|head|body|title)\b/i;

/** Whether `text` is a web page, not an API's JSON (a site's page at the base URL). */
export function isWebPage(text: string): boolean {
  return HTML_PAGE.test(text);
}

/**
 * Whether a 2xx web page answered where the base URL is an API's address (looksLikeApiBaseUrl):
 * something on the network (a captive portal, a proxy's login) put it there, not a site at an
 * address missing its API's path.
 */
export function isNetworkPage(status: number | undefined, body: unknown, baseUrl: string): boolean {
  return (
    status !== undefined &&
    status >= 200 &&
    status < 300 &&
    typeof body === "string" &&
    HTML_PAGE.test(body) &&
    looksLikeApiBaseUrl(baseUrl)
  );
}

/**
 * What a web page that answered in place of an API is said as: its title, when it has one
 * ("404 Not Found"), never its HTML.
 */
export function webPageSaid(body: string): string {
  const title = /<title[^>]*>([^<]{1,120})<\/title>/i.exec(body)?.[1]?.replace(/\s+/g, " ").trim();
  return `an HTML page${title ? ` ("${title}")` : ""}, as a web server or proxy sends, not an API's answer`;
}
