/**
 * An answer that says no API is at the address asked (a server's words for a path it has no
 * route at, a web page, an empty answer), not that the model is unknown.
 */
import { URL_NOT_FOUND } from "./base-url-path.js";
import { parseErrorBody } from "./error-body.js";
import { isEmptyAnswer, saysApiGatewayNoRoute } from "./foreign-answer.js";
import { isWebPage } from "./web-page-answer.js";

/**
 * A server's own words for a path it has no route at, not an API's refusal of a model: Go's and
 * Ollama's "404 page not found", Express's "Cannot POST /…", FastAPI's `{"detail": "Not Found"}`
 * (vLLM, LiteLLM, most self-hosted OpenAI-compatible servers), Spring Boot's `"error": "Not Found"`
 * and any other bare "Not Found", Azure OpenAI's "Resource not found" (a wrong path or
 * api-version; its unknown deployment is `DeploymentNotFound`, "The API deployment … does not exist"),
 * OpenAI's "Invalid URL (POST /chat/completions)", Groq's "Unknown request URL: POST …",
 * llama.cpp's "File Not Found", Fastify's "Route POST:/chat/completions not found". vLLM's
 * refusal of a model it does not serve says which ("The model `x` does not exist."), as
 * Ollama's does ("model 'x' not found"): those stay an unknown model.
 */
const NO_ROUTE_WORDS =
  /^\s*(?:(?:404:? )?(?:page |file |resource )?not found\.?\s*$|cannot (?:get|post) \/|invalid url \([a-z]+ \/|unknown request url: [a-z]+ \/|route [a-z]+:\/\S* not found)/i;

/**
 * Words for a path without a route that no refusal of a model shares, whatever the status they
 * come with: LM Studio's "Unexpected endpoint or method. (POST /chat/completions)", which it
 * answers with a 200; Cloudflare's "No route for that URI" (code 7000, a 400 or a 404) and its
 * "Could not route to /accounts/…, perhaps your object identifier is invalid?" (code 7003: the
 * account id in the base URL is wrong); Kong's "no Route matched with those values".
 */
const NO_ROUTE_AT_ANY_STATUS =
  /^\s*(?:unexpected endpoint or method\. \([a-z]+ \/|no route for that uri\b|could not route to \/|no route matched with those values\b)/i;

/** The types of a refusal that names the model as what is not found, whatever its words. */
const MODEL_NOT_FOUND_TYPES = new Set(["model_not_found", "resource_not_found_error"]);

/**
 * Whether a 404 says the address is wrong, not the model: the host's `url.not_found`, a web
 * page, or a server's words for a path it has no route at. Moonshot answers an unknown model
 * with its API's `resource_not_found_error`. A 405 says so too: every request here is a POST.
 */
export function isMissingPath(
  status: number | undefined,
  type: string | undefined,
  body: unknown,
  message: string,
) {
  // A chat URL that takes no POST is no chat API's (a static site's nginx: "405 Not Allowed").
  if (status === 405) return true;
  // Caddy's empty 200, API Gateway's 403 "Missing Authentication Token": no route, whatever key.
  if (isEmptyAnswer(status, body) || saysApiGatewayNoRoute(status, message)) return true;
  // A web page for a chat request, whether 404 or 200 (a site or its SPA's page at that address).
  if (
    typeof body === "string" &&
    isWebPage(body) &&
    (status === 404 || (status !== undefined && status >= 200 && status < 300))
  )
    return true;
  const notTheModel = type === undefined || !MODEL_NOT_FOUND_TYPES.has(type);
  if (notTheModel && NO_ROUTE_AT_ANY_STATUS.test(message)) return true;
  if (status !== 404) return false;
  if (type === URL_NOT_FOUND) return true;
  return notTheModel && NO_ROUTE_WORDS.test(message);
}

/**
 * Whether a 200 body that is no chat completion is a server's words for a path it has no route at
 * (LM Studio's `{"error": "Unexpected endpoint or method. (POST /chat/completions)"}` for a base
 * URL without /v1): told as no API at the base URL, not as an answer that is not one.
 */
export function saysNoRoute(body: unknown): boolean {
  const { type, message } = parseErrorBody(body);
  return (
    message !== undefined &&
    (type === undefined || !MODEL_NOT_FOUND_TYPES.has(type)) &&
    NO_ROUTE_AT_ANY_STATUS.test(message)
  );
}

/**
 * Whether an answer of `status` with `text` says no API is at the address, whatever it was asked:
 * a server's no-route words (saysNoRoute), an empty 2xx (Caddy's), or API Gateway's 403 "Missing
 * Authentication Token". A model listing reads its answer so.
 */
export function saysNoRouteAt(status: number, text: string): boolean {
  if (isEmptyAnswer(status, text)) return true;
  const { message } = parseErrorBody(text);
  if (message !== undefined && saysApiGatewayNoRoute(status, message)) return true;
  return saysNoRoute(text);
}
