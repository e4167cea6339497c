/**
 * OpenAI APIs this gateway does not serve, and what its 404 tells a client that asks for one:
 * what the API is and what to use instead. Clients reach for them on their own (promptfoo's
 * `similar` asks for embeddings, old SDK code for the Assistants API), and a list of the
 * routes that are served does not say why theirs is missing nor where to send it.
 */

/** A chat request stands in for these: the route and the field it takes the text in. */
const CHAT_INSTEAD = "POST /v1/chat/completions";

/** What the Responses API keeps (docs/guide.md, "The Responses API"): the nearest stateful thing. */
const KEPT_CONVERSATION =
  "continue a conversation with POST /v1/responses and `previous_response_id` (the gateway keeps its responses in memory for an hour), or send the whole conversation each time";

/**
 * The advice for each API, by the path segment after /v1 (`/v1/embeddings`, `/v1/audio/speech`):
 * one sentence each, said after the list of routes.
 */
const ADVICE_BY_SEGMENT: Readonly<Record<string, string>> = {
  embeddings:
    "Embeddings are not served here (Moonshot has no embedding model): point the client's embeddings at another provider (for promptfoo's `similar`, an embedding provider in the assertion's `provider` or in `defaultTest.options.provider.embedding`)",
  audio:
    "OpenAI's audio API (speech, transcription, translation) is not served here: this gateway serves chat models only, so send audio to another provider",
  images:
    "OpenAI's image generation API is not served here: this gateway serves chat models only (one that reads images takes them in a user message), so generate images with another provider",
  moderations:
    "OpenAI's moderation API is not served here: this gateway has no moderation model, so check content with another provider",
  files: `OpenAI's Files API is not served here (the gateway keeps no files): put a file's text, or an image, in the request itself, to ${CHAT_INSTEAD} or POST /v1/responses`,
  uploads: `OpenAI's Uploads API is not served here (the gateway keeps no files): put a file's text, or an image, in the request itself, to ${CHAT_INSTEAD} or POST /v1/responses`,
  batches: `OpenAI's Batch API is not served here (no request runs in the background): send each request of the batch to ${CHAT_INSTEAD} or POST /v1/responses`,
  assistants: `OpenAI's Assistants API is not served here: ${KEPT_CONVERSATION} to ${CHAT_INSTEAD}`,
  threads: `OpenAI's Assistants API (threads and runs) is not served here: ${KEPT_CONVERSATION} to ${CHAT_INSTEAD}`,
  vector_stores:
    "OpenAI's vector stores are not served here, nor file search: keep the documents' embeddings with another provider and put the passages you retrieve in the request's messages",
  fine_tuning:
    "Fine-tuning is not served here: the gateway serves its providers' models as they are",
  "fine-tunes":
    "Fine-tuning is not served here: the gateway serves its providers' models as they are",
  realtime:
    "OpenAI's Realtime API is not served here (no WebSocket or WebRTC sessions): stream a chat completion or a response instead (`stream: true`)",
  conversations: `OpenAI's Conversations API is not served here: ${KEPT_CONVERSATION}`,
};

/**
 * OpenAI's stored chat completions: a completion made with `store: true` is read back, updated or
 * deleted at /v1/chat/completions/{id} (its messages at …/{id}/messages) and listed with GET
 * /v1/chat/completions. The gateway takes `store` and keeps nothing, nor does Moonshot.
 */
const STORED_CHAT_COMPLETIONS =
  "OpenAI's stored chat completions (`store: true`, read back at /v1/chat/completions/{id} and listed with GET /v1/chat/completions) are not kept here: the gateway takes `store` but keeps no completion, nor do Moonshot and Kimi Code, so keep the answers on the client's side, or use POST /v1/responses, whose responses the gateway keeps in memory for an hour (GET /v1/responses/{id})";

/** A stored chat completion's path: /v1/chat/completions/{id}, and what lies under it. */
const STORED_CHAT_COMPLETION_PATH = /^\/v1\/chat\/completions\/[^/]+/;

/**
 * Whether `path` is a stored chat completion's, which an OpenAI client asks:
 * /v1/chat/completions/{id}/messages ends as Anthropic's /v1/messages does, but its error goes in
 * OpenAI's format.
 */
export function isStoredChatCompletionPath(path: string): boolean {
  return STORED_CHAT_COMPLETION_PATH.test(path);
}

/**
 * What a request of `method` on POST /v1/chat/completions asked for, when it is OpenAI's list of
 * stored chat completions (GET): said after the 405's "use POST", which alone reads as if the
 * client had sent its chat request with the wrong method.
 */
export function chatCompletionsMethodAdvice(method: string | undefined): string | undefined {
  return method === "GET" || method === "HEAD" ? STORED_CHAT_COMPLETIONS : undefined;
}

/** The first segment of a path under /v1 (`/v1/audio/speech` → `audio`), if it is one. */
const V1_SEGMENT = /^\/v1\/([^/]+)(\/.*)?$/;

/**
 * What to use instead of the OpenAI API `path` belongs to, if it is one this gateway does not
 * serve. (The legacy completions, POST /v1/completions, are served; `/v1/completions/{id}` is no
 * API of OpenAI's, so its 404 gives no advice.)
 */
export function unservedOpenAiApiAdvice(path: string): string | undefined {
  if (isStoredChatCompletionPath(path)) return STORED_CHAT_COMPLETIONS;
  const match = V1_SEGMENT.exec(path);
  const segment = match?.[1];
  if (segment === undefined || !Object.hasOwn(ADVICE_BY_SEGMENT, segment)) return undefined;
  return ADVICE_BY_SEGMENT[segment];
}
