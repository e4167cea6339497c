/**
 * A base URL written with a login (`https://user:password@host/v1`) is sent as
 * `Authorization: Basic`, as curl sends it, only when no other `Authorization` goes with the
 * request. A provider that sends its key (`authHeader` is not false) or has an `Authorization`
 * in its headers sends that instead, and the login would be left out without a word: a warning
 * says so. The login itself is never shown. Pure.
 */

import type { Catalog } from "./build.js";
import type { CatalogFinding } from "./check.js";

function hasLogin(baseUrl: string): boolean {
  try {
    const url = new URL(baseUrl);
    return url.username !== "" || url.password !== "";
  } catch {
    return false;
  }
}

/** Each configured provider whose base URL's login another Authorization displaces. */
export function displacedLogins(catalog: Catalog): CatalogFinding[] {
  const out: CatalogFinding[] = [];
  for (const provider of catalog.providers.values()) {
    if (!provider.configPath || !hasLogin(provider.baseUrl)) continue;
    const configured = Object.keys(provider.headers).some(
      (name) => name.toLowerCase() === "authorization",
    );
    if (!configured && !provider.authHeader) continue;
    out.push({
      level: "warning",
      path: `${provider.configPath}.baseUrl`,
      message: configured
        ? "the login in the URL (user:password@) is not sent: the Authorization in the provider's headers is, and a request carries one"
        : "the login in the URL (user:password@) is not sent when a key is found for the provider: the key goes as Authorization: Bearer, and a request carries one",
      hint: configured
        ? "remove the login from the URL, or the Authorization header to send the login as Basic auth"
        : `to send the login (as Authorization: Basic) and no key, set ${provider.configPath}.authHeader to false; else remove the login from the URL`,
    });
  }
  return out;
}
