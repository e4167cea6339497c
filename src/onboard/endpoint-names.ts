/**
 * How onboarding names the built-in endpoints it speaks of together: its key check's target and
 * the others it tries a refused key at (`Moonshot international (…) rejected the key, but Moonshot
 * China (…) accepts it`), the region menu, and the key prompts around them. Each by the short
 * address endpointAddress gives (`api.moonshot.ai`, an override's `127.0.0.1:4010`) while those
 * tell them apart; else every one by its base URL, whole: two endpoints behind one host (a
 * simulator or a proxy serving Moonshot at `/v1` and Kimi Code at `/coding/v1`) were both named
 * `127.0.0.1:4010`, and one named by its host beside another named by its URL read as different
 * kinds of place.
 */
import {
  ENDPOINTS,
  type EndpointAddress,
  type EndpointId,
  endpointAddress,
  endpointBaseUrl,
} from "../auth/index.js";
import type { Env } from "../config/index.js";
import { displayUrl } from "../util/display-url.js";

/** What naming needs of an endpoint: how a sentence says where it is, and its base URL. */
export interface AddressedEndpoint {
  address?: string | undefined;
  baseUrl: string;
}

/**
 * `endpoints` named so that one sentence can hold them all: their addresses as given when each is
 * short (not its whole URL) and no two are the same; else every one by its base URL (a login in
 * it masked).
 */
export function namedApart<T extends AddressedEndpoint>(endpoints: readonly T[]): T[] {
  const addresses = endpoints.map((endpoint) => endpoint.address);
  const allShort = endpoints.every((endpoint) => endpoint.address !== displayUrl(endpoint.baseUrl));
  if (allShort && new Set(addresses).size === addresses.length) return [...endpoints];
  return endpoints.map((endpoint) => ({ ...endpoint, address: displayUrl(endpoint.baseUrl) }));
}

const BUILTIN_ENDPOINTS = Object.keys(ENDPOINTS) as EndpointId[];

/**
 * A built-in endpoint's address as onboarding says it everywhere (prompt, menu, key check): the
 * three named apart together, since a key check names them all; the variable it comes from.
 */
export function onboardEndpointAddress(endpoint: EndpointId, env: Env): EndpointAddress {
  const named = namedApart(
    BUILTIN_ENDPOINTS.map((id) => ({
      id,
      ...endpointAddress(id, env),
      baseUrl: endpointBaseUrl(id, env),
    })),
  );
  const entry = named.find((each) => each.id === endpoint);
  if (entry === undefined) return endpointAddress(endpoint, env);
  const { address, overrideVar } = entry;
  return overrideVar === undefined ? { address } : { address, overrideVar };
}

/** endpointTarget with onboarding's address: its name, the address to say, the URL to call. */
export function onboardEndpointTarget(
  endpoint: EndpointId,
  env: Env,
): { label: string; address: string; baseUrl: string } {
  return {
    label: ENDPOINTS[endpoint].label,
    address: onboardEndpointAddress(endpoint, env).address,
    baseUrl: endpointBaseUrl(endpoint, env),
  };
}
