/**
 * The request that reads the models a key can use at a base URL, as said to a person:
 * `GET /v1/models`. One wording for doctor, `models status --probe`, onboarding and the gateway's
 * start-up line.
 */
import { endpointUrl } from "./endpoint-url.js";

export function modelsListRequest(baseUrl: string): string {
  try {
    return `GET ${new URL(endpointUrl(baseUrl, "/models")).pathname}`;
  } catch {
    return "GET /models";
  }
}
