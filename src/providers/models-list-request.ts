/**
 * The request that reads the models a key can use at a base URL, as said to a person:
 * `GET /v1/models`. One wording for doctor, `models status --probe`, onboarding and the gateway's
 * start-up line. Without a base URL (a provider the config lost), the path alone.
 */
import { endpointUrl } from "./endpoint-url.js";

export function modelsListRequest(baseUrl: string | undefined): string {
  if (baseUrl === undefined) return "GET /models";
  try {
    return `GET ${new URL(endpointUrl(baseUrl, "/models")).pathname}`;
  } catch {
    return "GET /models";
  }
}
