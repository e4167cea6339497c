/**
 * How a hint names where a provider's base URL came from: the config key with the `file:line`
 * that writes it, the variables a `${VAR}` there names (with the host they give), or the
 * provider's built-in address, which no config holds. One wording for every message that asks
 * the reader to check the address.
 */
import { displayUrl } from "../util/display-url.js";
import { urlHost } from "../util/url-host.js";
import type { ResolvedModel } from "./types.js";

type BaseUrlOwner = Pick<ResolvedModel, "provider" | "baseUrl" | "baseUrlAt" | "baseUrlOrigin">;

/** The proxy variables a hint names when the network is what to check. */
export const PROXY_VARIABLES = "HTTPS_PROXY, HTTP_PROXY or ALL_PROXY";

/** `models.providers.<id>.baseUrl`: the key, whoever holds it. */
export function baseUrlKey(model: Pick<ResolvedModel, "provider">): string {
  return `models.providers.${model.provider}.baseUrl`;
}

/**
 * The place to show as an error's `where`: the line when a file holds it, else the key; none
 * for a built-in address, which no config holds.
 */
export function baseUrlWhere(model: BaseUrlOwner): string | undefined {
  if (model.baseUrlOrigin?.kind === "builtin") return undefined;
  return model.baseUrlAt ?? baseUrlKey(model);
}

/**
 * Where the base URL is set, for a sentence ("check …"): the key followed by its line in
 * parentheses, `models.providers.x.baseUrl (f:3)`; for a value that names variables, those first
 * with the host they give (`$MOONSHOT_URL (host relay.example:8080), read by
 * models.providers.x.baseUrl at f:3`); for a built-in address, that no config sets it.
 */
export function baseUrlSetting(model: BaseUrlOwner): string {
  const key = baseUrlKey(model);
  const origin = model.baseUrlOrigin;
  if (origin?.kind === "builtin")
    return `the built-in address of ${model.provider}, set in no config`;
  if (origin?.kind === "variable") {
    const names = origin.variables.map((name) => `$${name}`).join(" and ");
    // A value that is no URL, or one with no host, is shown as it is (its secrets masked).
    const host = urlHost(model.baseUrl) || displayUrl(model.baseUrl);
    return `${names} (host ${host}), read by ${key}${model.baseUrlAt ? ` at ${model.baseUrlAt}` : ""}`;
  }
  return model.baseUrlAt ? `${key} (${model.baseUrlAt})` : key;
}

/** What a hint says of a built-in base URL that could not be reached. */
export interface BuiltInBaseUrl {
  /** "https://api.moonshot.ai/v1 is moonshot's built-in address, set in no config". */
  said: string;
  /** How to send the requests elsewhere: the key to set. */
  elsewhere: string;
}

/**
 * For a base URL that is the provider's own built-in one, the words that say so: the address is
 * right as built in, so the network (DNS, a proxy, a firewall) is what to check, and only then the
 * key that would point it elsewhere. Undefined for one a config or a variable gives.
 */
export function builtInBaseUrl(model: BaseUrlOwner): BuiltInBaseUrl | undefined {
  if (model.baseUrlOrigin?.kind !== "builtin") return undefined;
  return {
    said: `${displayUrl(model.baseUrl)} is ${model.provider}'s built-in address, set in no config`,
    elsewhere: `to send its requests to another address (a mirror or a relay), set ${baseUrlKey(model)}`,
  };
}
