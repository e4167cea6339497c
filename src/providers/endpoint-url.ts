/**
 * The URL of one of a provider's endpoints (`/chat/completions`, `/models`, `/users/me/balance`…)
 * from its base URL, and the login a base URL carries. The endpoint's path joins the base URL's
 * path and the base URL's query stays at the end: `http://h/v1?api-version=1` + `/models` is
 * `http://h/v1/models?api-version=1`, where gluing the strings sent `/v1?api-version=1/models`.
 * Every request to a provider is built here so that they all agree. Pure.
 */

/**
 * `base` with `path` (starting with `/`, no query) joined to its path; the base's query is kept,
 * a `user:password@` is left out (it goes as a header: `withUrlLogin`).
 */
export function endpointUrl(base: string, path: string): string {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    // Not a URL (config validation says so where it can): the request fails with its own error.
    return `${base.replace(/\/+$/, "")}${path}`;
  }
  // As written when there is nothing to move: the URL's own form would re-spell it.
  if (url.search === "" && url.hash === "" && url.username === "" && url.password === "") {
    return `${base.replace(/\/+$/, "")}${path}`;
  }
  url.pathname = `${url.pathname.replace(/\/+$/, "")}${path}`;
  // A fragment is never sent over HTTP; config validation refuses it.
  url.hash = "";
  url.username = "";
  url.password = "";
  return url.href;
}

/**
 * The base a provider's side requests (`/models`, `/usages`, `/users/me/balance`, the token
 * count) join: its base URL, but for `api: "anthropic-messages"` the base URL with `/v1` on its
 * path (Kimi Code's `https://api.kimi.com/coding` lists its models at `/coding/v1/models`, as
 * Anthropic's clients join `/v1/messages` to it), unless the path already ends in `/v1`. The
 * base's query and login stay where they are. Pure.
 */
export function sideRequestBase(baseUrl: string, api: string | undefined): string {
  if (api !== "anthropic-messages") return baseUrl;
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    // Not a URL: joined as written, and the request fails with its own error.
    return /\/v1\/*$/.test(baseUrl) ? baseUrl : `${baseUrl.replace(/\/+$/, "")}/v1`;
  }
  if (/\/v1\/*$/.test(url.pathname)) return baseUrl;
  if (url.search === "" && url.hash === "") return `${baseUrl.replace(/\/+$/, "")}/v1`;
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/v1`;
  return url.href;
}

/** `path` at a provider's side-request base (sideRequestBase): `…/coding/v1/models` for one. */
export function sideRequestUrl(baseUrl: string, api: string | undefined, path: string): string {
  return endpointUrl(sideRequestBase(baseUrl, api), path);
}

/** `%`-escapes decoded, as curl does for a URL's login; a stray `%` leaves the text as it is. */
export function decodedOrAsIs(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `Basic <base64 of user:password>` for a base URL written with a login; undefined without one. */
export function basicAuthOf(base: string): string | undefined {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return undefined;
  }
  if (url.username === "" && url.password === "") return undefined;
  const login = `${decodedOrAsIs(url.username)}:${decodedOrAsIs(url.password)}`;
  return `Basic ${Buffer.from(login, "utf8").toString("base64")}`;
}

/**
 * `headers` with the base URL's login as `Authorization: Basic …`, as curl sends
 * `https://user:password@host/`, unless they already carry an `Authorization` (the API key's
 * Bearer, or one configured): that one is sent, as curl lets `-H Authorization` win over a login.
 */
export function withUrlLogin(
  base: string,
  headers: Record<string, string>,
): Record<string, string> {
  if (Object.keys(headers).some((name) => name.toLowerCase() === "authorization")) return headers;
  const basic = basicAuthOf(base);
  return basic === undefined ? headers : { ...headers, authorization: basic };
}
