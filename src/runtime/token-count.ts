/**
 * Moonshot's exact token count: `POST {baseUrl}/tokenizers/estimate-token-count` with a chat-like
 * body answers `{data: {total_tokens}}`. Used only when a caller asks for it (it costs a round
 * trip); every other provider relies on the local estimate.
 */
import type { ResolvedModel } from "../catalog/types.js";
import { classifyProviderError } from "../providers/classify-error.js";
import { isEmpty404 } from "../providers/empty-404.js";
import { endpointUrl, withUrlLogin } from "../providers/endpoint-url.js";
import { ProviderError } from "../providers/errors.js";
import { unsendableHeaderError } from "../providers/header-values.js";
import type { ProxySettings } from "../providers/proxy.js";
import { requestText, type TextResponse } from "../providers/request-text.js";
import { sharedDispatcher } from "../providers/shared-pool.js";
import type { ChatRequest } from "../providers/types.js";
import type { CancelSignal } from "../util/cancellation.js";
import { displayUrl } from "../util/display-url.js";

/** Whether the provider offers the token-count endpoint (the Moonshot Open Platform does). */
export function hasTokenCountEndpoint(model: ResolvedModel): boolean {
  return (
    model.api === "openai-completions" &&
    (model.provider.startsWith("moonshot") || /moonshot\.(ai|cn)/.test(model.baseUrl))
  );
}

const USE_ESTIMATE = "drop the exact token count option to use the local estimate";

/**
 * The base URL answers, but not at the token-count path (a proxy in front of Moonshot that passes
 * chat requests only): the count is an extra the chat does without, so the runtime stops asking
 * for it at that base URL instead of paying the same 404 before every request.
 */
export class NoTokenCountEndpoint extends ProviderError {}

/** Where `model`'s exact count is asked, as it may be shown (a login in the URL masked). */
export function tokenCountUrl(model: Pick<ResolvedModel, "baseUrl">): string {
  return displayUrl(endpointUrl(model.baseUrl, "/tokenizers/estimate-token-count"));
}

/**
 * The exact input tokens of `request` (its messages and tools) for `model`, asked of Moonshot's
 * `/tokenizers/estimate-token-count` with `apiKey` (30 s at most). Throws a `ProviderError` when
 * the count cannot be had (a `NoTokenCountEndpoint` when the base URL has no such path), mostly
 * with a hint to use the local estimate; an `OpenClawError` when the key or a configured header
 * cannot be sent in a request.
 */
export async function countTokensRemote(
  model: ResolvedModel,
  request: Pick<ChatRequest, "messages" | "tools">,
  apiKey: string | undefined,
  signal?: CancelSignal,
  /** The proxies to go through; the process environment's by default. */
  proxy?: ProxySettings,
): Promise<number> {
  const url = endpointUrl(model.baseUrl, "/tokenizers/estimate-token-count");
  const headers: Record<string, string> = { "content-type": "application/json", ...model.headers };
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  // Told as the chat request tells it (a config error), not as a count that could not be had.
  const unsendable = unsendableHeaderError(model.headers ?? {}, model, apiKey);
  if (unsendable) throw unsendable;
  const body = JSON.stringify({
    model: model.id,
    messages: request.messages,
    ...(request.tools && request.tools.length > 0 ? { tools: request.tools } : {}),
  });
  const fail = (message: string, status?: number, cause?: unknown) =>
    new ProviderError({
      errorClass: status === 401 ? "auth" : status && status >= 500 ? "server" : "bad_request",
      message: `token count at ${displayUrl(url)} failed: ${message}`,
      provider: model.provider,
      model: model.id,
      ...(status !== undefined ? { status } : {}),
      hint: USE_ESTIMATE,
      cause,
    });
  let response: TextResponse;
  try {
    response = await requestText(sharedDispatcher(proxy), {
      url,
      method: "POST",
      headers: withUrlLogin(model.baseUrl, headers),
      body,
      timeoutMs: 30_000,
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    throw fail(error instanceof Error ? error.message : String(error), undefined, error);
  }
  if (response.status >= 400) {
    // Told as a refused chat request is, by the body's type before its status (an empty balance
    // is a 429 or a 403, a key of the other region a 401), with the trace id the API sent.
    const refused = classifyProviderError({
      status: response.status,
      body: response.text,
      ...(response.headers ? { headers: response.headers } : {}),
      model,
      ...(apiKey ? { apiKey } : {}),
    });
    const missing = noEndpointAnswer(refused, response.status, model, url);
    if (missing) throw missing;
    throw refused.retold({
      message: `token count at ${displayUrl(url)} failed: ${refused.message}`,
      // A refused key or an empty balance fails the chat request too; anything else does not
      // have to stop it.
      hint:
        refused.errorClass === "bad_request" || !refused.hint
          ? USE_ESTIMATE
          : refused.retryable
            ? `${refused.hint}; or ${USE_ESTIMATE}`
            : refused.hint,
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.text);
  } catch (error) {
    throw fail("the answer is not JSON", response.status, error);
  }
  const total = readTotal(parsed);
  if (total === undefined) throw fail("the answer has no data.total_tokens", response.status);
  return total;
}

/**
 * A server's answer (`refused`, as classified, with its HTTP `status`) that it has no route at
 * the token-count path (FastAPI's `{"detail": "Not Found"}`, a bare 404, a 405…), said as that
 * path's, never as "no API at its base URL": the chat requests at the same base URL may well be
 * served. Undefined for any other refusal.
 */
function noEndpointAnswer(
  refused: ProviderError,
  status: number,
  model: ResolvedModel,
  url: string,
): NoTokenCountEndpoint | undefined {
  if (!refused.noApiAtBaseUrl && !isEmpty404(refused)) return undefined;
  return new NoTokenCountEndpoint({
    errorClass: "not_found",
    message: `${model.provider} has no token-count endpoint at ${displayUrl(url)}: it answered ${status} as for a path it has no route at${refused.traceId ? ` (trace ${refused.traceId})` : ""}`,
    provider: model.provider,
    model: model.id,
    status,
    ...(refused.traceId ? { traceId: refused.traceId } : {}),
    hint: USE_ESTIMATE,
  });
}

function readTotal(value: unknown): number | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const data = (value as { data?: unknown }).data;
  if (typeof data !== "object" || data === null) return undefined;
  const total = (data as { total_tokens?: unknown }).total_tokens;
  return typeof total === "number" && Number.isFinite(total) ? total : undefined;
}
