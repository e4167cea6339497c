/**
 * Answers that come from something other than the API a base URL should reach: a web server with
 * no route for the path (Caddy's empty 200, AWS API Gateway's 403 "Missing Authentication Token"),
 * or a page something on the network put in its place (a captive portal's or a proxy's sign-in
 * page). Each is told as what it is, not as a refused key or a server error. Pure.
 */
import { PROXY_VARIABLES } from "../catalog/base-url-setting.js";
import { displayUrl } from "../util/display-url.js";

/**
 * A 2xx with nothing in it (whitespace at most): Caddy's answer to a request no route matched.
 * No API answers a chat request or a model listing so.
 */
export function isEmptyAnswer(status: number | undefined, body: unknown): boolean {
  return (
    status !== undefined &&
    status >= 200 &&
    status < 300 &&
    typeof body === "string" &&
    body.trim() === ""
  );
}

/** How an empty 2xx is said after its status. */
export const EMPTY_ANSWER_SAID =
  "an empty body, as a web server answers a path it has no route at (Caddy does)";

/**
 * AWS API Gateway's words for a resource or method it has no route at, a 403 sent before any key
 * is looked at (`x-amzn-errortype: MissingAuthenticationTokenException`): the path is wrong, not
 * the key.
 */
const API_GATEWAY_NO_ROUTE = /^\s*missing authentication token\s*$/i;

export function saysApiGatewayNoRoute(status: number | undefined, message: string): boolean {
  return status === 403 && API_GATEWAY_NO_ROUTE.test(message);
}

/** What follows API Gateway's words, so that nobody reads them as a refused key. */
export const API_GATEWAY_SAID =
  " (AWS API Gateway's answer for a path it has no route at, not a refusal of the key)";

/**
 * What to do when a web page answered where the address is an API's (see looksLikeApiBaseUrl):
 * the network's sign-in first, the address second. `setting` names where the base URL is set; a
 * provider's built-in address (`builtIn`) is its API's, so only the network is to check.
 */
export function networkPageHint(baseUrl: string, setting: string, builtIn = false): string {
  const network = `most likely a captive portal (a hotel's, a train's or a guest Wi-Fi's sign-in page) or a proxy's login page; sign in to the network in a browser, or check the proxy (${PROXY_VARIABLES}), then retry`;
  return builtIn
    ? `something on this network answered in place of the API at ${displayUrl(baseUrl)} (${setting}, which is the provider's API): ${network}`
    : `something on this network answered in place of the API at ${displayUrl(baseUrl)} (${setting}): ${network}; if that address is a web site rather than the provider's API, set it to the API's address`;
}
