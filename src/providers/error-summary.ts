/** What each class of failure is said as after the provider's name: "rejected the API key". */
import type { ProviderErrorClass } from "./errors.js";

export const SUMMARIES: Record<ProviderErrorClass, string> = {
  auth: "rejected the API key",
  wrong_region: "rejected the API key (it belongs to the other Moonshot region)",
  forbidden_client: "refused this client",
  not_found: "does not know the model",
  rate_limit: "rate-limited the request",
  overloaded: "is overloaded",
  quota: "reports the balance or quota is used up",
  context_length: "says the request is too long",
  bad_request: "rejected the request",
  content_filter: "filtered the content",
  server: "had a server error",
  network: "could not be reached",
  proxy_auth: "could not be reached through a proxy",
  network_login: "got a web page from the network in place of its API",
  timeout: "timed out",
  cancelled: "request was cancelled",
};
