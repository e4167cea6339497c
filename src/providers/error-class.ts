/**
 * The class of an upstream refusal (ProviderErrorClass): by the provider's own `error.type`
 * first (Moonshot sends an empty balance as 403 in one place and 429 in another), by its words
 * (a context overflow, a used-up plan, an unknown model), then by the HTTP status.
 */
import type { ContextOverflow } from "../errors.js";
import type { ProviderErrorClass } from "./errors.js";

const TYPE_CLASSES: Record<string, ProviderErrorClass> = {
  invalid_authentication_error: "auth",
  incorrect_api_key_error: "auth",
  authentication_error: "auth",
  permission_denied_error: "auth",
  access_terminated_error: "forbidden_client",
  resource_not_found_error: "not_found",
  not_found_error: "not_found",
  model_not_found: "not_found",
  rate_limit_reached_error: "rate_limit",
  rate_limit_error: "rate_limit",
  engine_overloaded_error: "overloaded",
  overloaded_error: "overloaded",
  exceeded_current_quota_error: "quota",
  insufficient_quota: "quota",
  insufficient_balance_error: "quota",
  content_filter: "content_filter",
  server_error: "server",
  api_error: "server",
  context_length_exceeded: "context_length",
};

const CONTEXT_PATTERN =
  /exceeded model token limit|context length|context window|maximum context|too many tokens|prompt is too long|model max length exceeded/i;
/**
 * Kimi's limit on the size of a request's messages, in bytes, whatever the tokens
 * ("total message size 2100954 exceeds limit 2097152", MoonshotAI/kimi-code#1862): a long
 * session with kimi-k3's 1M window reached it at about 770k tokens. The answer's cap plays no part.
 */
export const MESSAGE_SIZE_PATTERN = /\btotal message size (\d+) exceeds limit (\d+)/i;
/**
 * Moonshot's refusal of a prompt and answer cap that together go over the window, with its own
 * counts: "Your request exceeded model token limit: 262144 (requested: 270336)".
 */
const TOKEN_LIMIT_PATTERN = /exceeded model token limit: (\d+) \(requested: (\d+)\)/i;
/** The same refusal as Moonshot sometimes words it, with its limit alone: "…token limit: 262144". */
const TOKEN_LIMIT_ONLY_PATTERN = /exceeded model token limit: (\d+)(?!\d)(?! \(requested)/i;
/**
 * Kimi Code's plan limits, which it refuses with the type of its User-Agent refusal
 * (403 `access_terminated_error`): "You've reached your weekly (7-day) usage limit. Your quota
 * will reset when the current 7-day window ends…", "…your usage limit for this billing cycle.
 * Your quota will be refreshed in the next cycle…" (openclaw #142656, kimi-code #3014).
 */
const PLAN_LIMIT_PATTERN = /usage limit|quota will (?:reset|be refreshed)|purchase extra usage/i;
const QUOTA_PATTERN = new RegExp(
  `insufficient (balance|quota)|exceeded (your )?current quota|suspended|not active|balance|${PLAN_LIMIT_PATTERN.source}`,
  "i",
);

/**
 * A 400 whose words say the model is what is unknown: DeepSeek's "Model Not Exist", LiteLLM's
 * "Invalid model name passed in model=x", Mistral's "Invalid model: x", Perplexity's "Invalid
 * model 'x'", OpenRouter's "x is not a valid model ID", SiliconFlow's "Model does not exist",
 * "The model `kimi-k2.5-x` does not exist" (an id with dots in it too), Together's "Unable to
 * access non-serverless model x", Zhipu's "模型不存在". Told as an unknown model (its hint: the ids
 * the key may use; a fallback is worth trying), not as a request whose params are wrong. Only the
 * model itself, named or not, as what is unknown: "Invalid model output", "Unknown model
 * parameter 'x'", "the tool 'x' requested by the model was not found" stay a bad request.
 */
export const UNKNOWN_MODEL_PATTERN =
  /\bmodel not exists?\b|\binvalid model(?: name| id)?(?=\s*(?:[:='"`.]|passed\b|$))|\bunknown model(?=\s*(?:[:='"`]|$))|\bnot a valid model\b|\bunable to access (?:non-serverless )?model\b|模型不存在|\bmodel(?:\s+(?:[`'"][^`'"\n]{1,200}[`'"]|(?!(?:was|is|has|had)\b)[\w./:@-]+))?\s+(?:does not exist|not found)\b/i;

/** A refusal of a request too big for the model's window, or for the provider's size limit. */
export function isContextRefusal(message: string): boolean {
  return CONTEXT_PATTERN.test(message) || MESSAGE_SIZE_PATTERN.test(message);
}

/** The counts a provider's context-length refusal told, read once here where its words are known. */
export function overflowOf(rawMessage: string): ContextOverflow | undefined {
  const tokens = TOKEN_LIMIT_PATTERN.exec(rawMessage);
  if (tokens)
    return {
      by: "provider_tokens",
      limitTokens: Number(tokens[1]),
      requestedTokens: Number(tokens[2]),
    };
  const limit = TOKEN_LIMIT_ONLY_PATTERN.exec(rawMessage);
  if (limit) return { by: "provider_limit", limitTokens: Number(limit[1]) };
  const size = MESSAGE_SIZE_PATTERN.exec(rawMessage);
  if (size)
    return { by: "provider_bytes", messageBytes: Number(size[1]), limitBytes: Number(size[2]) };
  return undefined;
}

/**
 * Types that put the fault in the request, which OpenAI's API also sends with a 401 or a 404
 * (`invalid_request_error` with `invalid_api_key`, `model_not_found`): by the status where there is
 * one, but what a stream that began says with no status of its own is the request's to fix.
 */
const REQUEST_FAULT_TYPES: ReadonlySet<string> = new Set(["invalid_request_error"]);

/** The class of a refusal: its `type` first, then its words, then its status. */
export function classOf(
  status: number | undefined,
  type: string | undefined,
  message: string,
): ProviderErrorClass {
  // A used-up plan is not a refused client, whatever the type says.
  if (type === "access_terminated_error" && PLAN_LIMIT_PATTERN.test(message)) return "quota";
  const byType = type ? TYPE_CLASSES[type] : undefined;
  if (byType) return byType;
  if (isContextRefusal(message)) return "context_length";
  // No status: an error sent in a stream that began (its 200 said nothing of it).
  if (status === undefined)
    return type !== undefined && REQUEST_FAULT_TYPES.has(type) ? "bad_request" : "server";
  if (status === 400 || status === 422) return "bad_request";
  if (status === 401) return "auth";
  if (status === 402) return "quota";
  if (status === 403) return QUOTA_PATTERN.test(message) ? "quota" : "forbidden_client";
  if (status === 404) return "not_found";
  if (status === 407) return "proxy_auth"; // a proxy's login, not the provider (see hintFor)
  if (status === 408) return "timeout";
  if (status === 413) return "context_length";
  if (status === 429) return QUOTA_PATTERN.test(message) ? "quota" : "rate_limit";
  if (status >= 500) return "server";
  return "bad_request";
}
