/** The error responses of the reference table, as the real endpoints send them. */

export interface SimError {
  status: number;
  type: string;
  message: string;
  /** `Retry-After` header value (seconds, or an HTTP date). */
  retryAfter?: number | string;
  headers?: Record<string, string>;
}

export const SIM_ERRORS = {
  invalidRequest: {
    status: 400,
    type: "invalid_request_error",
    message: "Invalid request: the request body is malformed",
  },
  contentFilter: {
    status: 400,
    type: "content_filter",
    message: "The request was rejected because it was considered high risk",
  },
  tokenLimit: {
    status: 400,
    type: "invalid_request_error",
    // The real refusal ends with what was asked for, which a client can size its answer cap by.
    message: "Invalid request: Your request exceeded model token limit: 262144 (requested: 270336)",
  },
  invalidAuthentication: {
    status: 401,
    type: "invalid_authentication_error",
    message: "Invalid Authentication",
  },
  incorrectApiKey: {
    status: 401,
    type: "incorrect_api_key_error",
    message: "Incorrect API key provided",
  },
  accessTerminated: {
    status: 403,
    type: "access_terminated_error",
    message:
      "Kimi For Coding is currently only available for Coding Agents such as Kimi CLI, Claude Code, Roo Code, Kilo Code, etc.",
  },
  /** Kimi Code's weekly plan limit: the type of its User-Agent refusal (openclaw #142656). */
  planLimit: {
    status: 403,
    type: "access_terminated_error",
    message:
      "You've reached your weekly (7-day) usage limit. Your quota will reset when the current 7-day window ends. To continue now, purchase extra usage or upgrade your plan: https://www.kimi.com/membership/subscription?tab=quota",
  },
  quota403: {
    status: 403,
    type: "exceeded_current_quota_error",
    message: "Your account is suspended, please check your plan and billing details",
  },
  notFound: {
    status: 404,
    type: "resource_not_found_error",
    message: "Not found the model or Permission denied",
  },
  rateLimit: {
    status: 429,
    type: "rate_limit_reached_error",
    message: "Your account reached max request: 3, please try again after 1 seconds",
    retryAfter: 1,
  },
  /**
   * A rate limit as captured from the real API (lucasdicioccio/agents-exe#336, kimi-cli#1599):
   * no `Retry-After` header, the wait only in the message.
   */
  rateLimitRpm: {
    status: 429,
    type: "rate_limit_reached_error",
    message:
      "Your account org-0000<ak-0000> request reached organization max RPM: 3, please try again after 1 seconds",
  },
  /**
   * Kimi Code's limit of the plan's short window (the reference table's "also Kimi Code quota"), as
   * kimi-cli users on kimi-for-coding report it (MoonshotAI/kimi-cli#907, #998): no wait given.
   */
  kimiCodeRateLimit: {
    status: 429,
    type: "rate_limit_reached_error",
    message: "We're receiving too many requests at the moment. Please wait a moment and try again.",
  },
  overloaded: {
    status: 429,
    type: "engine_overloaded_error",
    message: "The engine is currently overloaded, please try again later",
  },
  quota: {
    status: 429,
    type: "exceeded_current_quota_error",
    message: "Your account is not active, please check your billing details",
  },
  server: {
    status: 500,
    type: "server_error",
    message: "Internal server error",
  },
  badGateway: {
    status: 502,
    type: "server_error",
    message: "Bad gateway",
  },
  unavailable: {
    status: 503,
    type: "engine_overloaded_error",
    message: "Service temporarily unavailable",
  },
} as const satisfies Record<string, SimError>;

export type SimErrorName = keyof typeof SIM_ERRORS;

export function errorBody(type: string, message: string): string {
  return JSON.stringify({ error: { type, message } });
}
