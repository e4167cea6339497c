/**
 * The request that reads the models a key can use at a base URL, as said to a person:
 * `GET /v1/models`. One wording for doctor, `models status --probe`, onboarding and the gateway's
 * start-up line. Without a base URL (a provider the config lost), the path alone.
 */
import { sideRequestUrl } from "./endpoint-url.js";

/** `api`: the provider's; an `anthropic-messages` one lists under /v1 (sideRequestBase). */
export function modelsListRequest(baseUrl: string | undefined, api?: string): string {
  if (baseUrl === undefined) return "GET /models";
  try {
    return `GET ${new URL(sideRequestUrl(baseUrl, api, "/models")).pathname}`;
  } catch {
    return "GET /models";
  }
}
