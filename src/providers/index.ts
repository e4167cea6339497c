/** Wire APIs: request building, streaming transports, error classification. */
import type { ApiKind } from "../catalog/types.js";
import { OpenClawError } from "../errors.js";
import { anthropicMessagesTransport } from "./anthropic-messages.js";
import { openAICompletionsTransport } from "./openai-completions.js";
import type { Transport } from "./types.js";

/** Re-exported for callers that redact provider text; the one implementation lives in auth. */
export { redactSecrets } from "../auth/index.js";
export { createAnthropicMessagesTransport } from "./anthropic-messages.js";
export { assistantText } from "./assistant-text.js";
export {
  type BuildOptions,
  type BuiltChatRequest,
  buildChatRequest,
  DEFAULT_MAX_TOKENS,
  isThinkingOn,
} from "./build-chat-request.js";
export { classifyProviderError } from "./classify-error.js";
export type { ClassifyInput } from "./classify-input.js";
export { type Endpoint, endpointOf } from "./endpoint-kind.js";
export * from "./errors.js";
export {
  Http1Pool,
  type Http1PoolOptions,
  type UpstreamDispatcher,
  type UpstreamHandler,
  UpstreamHttpError,
  type UpstreamRequest,
} from "./http1-pool.js";
export { mapFinishReason } from "./map-finish-reason.js";
export {
  createOpenAICompletionsTransport,
  DEFAULT_TIMEOUTS,
  type OpenAICompletionsTransportOptions,
  openAICompletionsTransport,
} from "./openai-completions.js";
export {
  ChatChunkAccumulator,
  createSseDataDecoder,
  eventsFromCompletion,
  mergeLogprobs,
  parseChatStream,
  StreamErrorPayload,
  TruncatedStreamError,
} from "./parse-chat-stream.js";
export {
  describeProxies,
  type ProxyEndpoint,
  type ProxySettings,
  proxyFor,
  proxySettingsFromEnv,
  sharedProxySettings,
} from "./proxy.js";
export { requestText, type TextRequest, type TextResponse } from "./request-text.js";
export { type HeaderBag, traceIdOf } from "./response-headers.js";
export { parseRetryAfter } from "./retry-after.js";
export { sharedDispatcher } from "./shared-pool.js";
export { transportFailure } from "./transport-failure.js";
export type * from "./types.js";
export {
  isWebSearchCall,
  offersWebSearch,
  searchReady,
  WEB_SEARCH_NAME,
  WEB_SEARCH_TOOL,
  webSearchResult,
  webSearchTokens,
} from "./web-search.js";

/** The transport for a wire API, or a clear error for one this build does not speak. */
export function getTransport(api: ApiKind): Transport {
  if (api === "openai-completions") return openAICompletionsTransport();
  if (api === "anthropic-messages") return anthropicMessagesTransport();
  throw new OpenClawError("provider.unsupported_api", `api "${api}" has no transport yet`, {
    hint: 'use api: "openai-completions" for Moonshot and Kimi Code (or "anthropic-messages" for Kimi Code\'s Anthropic surface)',
  });
}
