/**
 * What a refused key's advice is told of the config in force (RefusedKeyConfig): where each
 * provider sends its requests, and which refs the allowlist lets through, so that the ref it
 * names for the key's own region is one the next command can use.
 */
import type { RefusedKeyConfig } from "../auth/key-home.js";
import { type Catalog, isAllowed } from "../catalog/index.js";
import { providerBaseUrl } from "./detour-standing.js";

export function refusedKeyConfig(
  catalog: Catalog,
): Required<Pick<RefusedKeyConfig, "baseUrlOf" | "allows">> {
  return {
    baseUrlOf: (provider) => providerBaseUrl(catalog, provider),
    allows: (ref) => isAllowed(catalog, ref),
  };
}
