import type { SimError, SimErrorName } from "./errors.js";
import type { SimModel } from "./models.js";

export type SimRegion = "ai" | "cn";
export type SimSurface = "moonshot" | "kimi-code";

export interface SimToolCallSpec {
  name: string;
  /** A JSON string sent as is, or an object serialised for you. */
  arguments?: string | Record<string, unknown>;
  /** Override the generated `functions.<name>:<n>` id. */
  id?: string;
}

/** What the model answers. Anything left out is generated deterministically from the request. */
export interface SimReply {
  text?: string;
  reasoning?: string;
  toolCalls?: SimToolCallSpec[];
  finishReason?: string;
  usage?: {
    promptTokens?: number;
    completionTokens?: number;
    cachedTokens?: number;
    /**
     * Prompt tokens written to the cache, sent as `cache_creation_input_tokens` (left out unless
     * given), as OpenAI-compatible upstreams in front of Anthropic's models report them.
     */
    cacheWriteTokens?: number;
    /** Sent as `completion_tokens_details.reasoning_tokens` (left out unless given). */
    reasoningTokens?: number;
  };
  /**
   * The `usage` object sent as it is, instead of one made from `usage` (an upstream that reports
   * it wrong: a negative count, a string, a count left out, more cached tokens than the prompt).
   */
  usageAsSent?: Record<string, unknown>;
  /** The `model` field of the response (defaults to the requested model). */
  model?: string;
}

/** How a stream is framed on the wire. */
export interface SimStreamShape {
  /** `\r\n` line endings instead of `\n`. */
  crlf?: boolean;
  /** SSE comment lines (`: keep-alive`) between events. */
  comments?: boolean;
  /** Characters of text per delta. Default 6. */
  chunkChars?: number;
  /** Tool-call deltas carry `index` (default true). Moonshot sometimes leaves it out. */
  toolCallIndex?: boolean;
  /**
   * Several tool calls' deltas take turns (call 0's head, call 1's head, call 0's first piece of
   * arguments, call 1's…), told apart by `index` only, as some OpenAI-compatible upstreams send
   * them; Moonshot sends each call whole before the next (the default).
   */
  interleaveToolCalls?: boolean;
  /**
   * The text's pieces go between the tool-call chunks (a piece, a tool-call chunk, a piece…)
   * instead of before them all, as an OpenAI-compatible upstream may send them.
   */
  textAmongToolCalls?: boolean;
  /**
   * Where usage goes: inside `choices[0].usage` of the last chunk (default), a top-level chunk,
   * both, or nowhere ("none" leaves it out of a request's answer that does not stream too).
   */
  usageIn?: "choice" | "top" | "both" | "none";
  /**
   * Where cached tokens go: `usage.cached_tokens` (default), `usage.prompt_tokens_details.cached_tokens`,
   * or the chunk's top level (the body's, for a request that does not stream: it applies to both).
   */
  cachedIn?: "usage" | "details" | "chunk";
  /** End with `data: [DONE]` (default true). */
  done?: boolean;
  /**
   * Write the stream in pieces of these many bytes (taken in turn, over and over), each sent
   * after the one before has left, as TCP may deliver a stream: a line, a `\r\n` pair, a
   * `: keep-alive` comment or a UTF-8 character cut anywhere. `cutAfterChunks` then counts
   * pieces. Without it the whole stream goes in one write (a frame at a time with
   * `chunkDelayMs` or `cutAfterChunks`).
   */
  writeSizes?: number[];
}

export interface SimRespond {
  /** Answer with this error (a row of the reference table by name, or your own). */
  error?: SimError | SimErrorName;
  /** Accept the request and never answer. */
  hang?: boolean;
  /** Wait this long before sending the response headers. */
  firstByteDelayMs?: number;
  /**
   * Send nothing until this settles, then answer as the rest of the rule says: a test holds the
   * answer while something that must happen during it is done (on a loaded machine a delay may
   * be over before that has begun), and releases it after.
   */
  heldUntil?: Promise<unknown>;
  /** Wait this long between two stream chunks. */
  chunkDelayMs?: number;
  /**
   * During each `chunkDelayMs` wait, send an SSE comment line (`: keep-alive`) every this many
   * ms, as Moonshot keeps a stream alive while a model thinks: bytes, but no event.
   */
  keepAliveEveryMs?: number;
  /** Destroy the socket after this many `data:` events of a stream. */
  cutAfterChunks?: number;
  /** Send `data: {"error": …}` after this many events of a stream, then end it. */
  midStreamError?: { afterChunks: number; error: SimError | SimErrorName };
  reply?: SimReply;
  stream?: SimStreamShape;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /** Skip the request checks (auth is still checked). */
  skipChecks?: boolean;
  /**
   * Send the whole reply however long, past the request's `max_tokens`, as an upstream that
   * ignores the cap: for tests of long answers. Without it an answer longer than the cap is cut
   * there with `finish_reason: "length"`, as the real API cuts it (see output-cap.ts).
   */
  overrunsOutputCap?: boolean;
  /**
   * Answer a request that asks for a stream with the whole completion as JSON
   * (`application/json`), as an OpenAI-compatible upstream that does not stream does.
   */
  ignoreStream?: boolean;
}

export interface SimRule {
  /**
   * Which requests it answers. `GET …/models` and `GET …/usages` are answered only by a rule
   * naming that `path`: a gateway asks the first on its own at start, and the runtime the second
   * when a Kimi Code plan refuses a request, which must not use up a rule meant for a chat request.
   */
  when?: { model?: string; path?: string; stream?: boolean; surface?: SimSurface };
  respond: SimRespond;
  /**
   * How many matching requests this rule answers (default 1; `Infinity` for all). A request the
   * API's own checks refuse (a 400) does not use up a rule that only shapes the reply.
   */
  times?: number;
}

export interface SimKeys {
  ai: string[];
  cn: string[];
  kimiCode: string[];
}

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /**
   * Which Moonshot region `/v1` behaves as; the other is served under `/<other>/v1`. Kimi Code is
   * served under `/coding/v1` either way.
   */
  region?: SimRegion;
  keys?: Partial<SimKeys>;
  models?: SimModel[];
  /**
   * Serve the ids retired during 2026 (the K2 previews, kimi-k2-thinking*) beside today's, as
   * the API did before: for tests of the built-in catalog and seed config, which still name them.
   * Without it a request for one gets 404 `resource_not_found_error`. Ignored with `models`.
   */
  serveRetiredModels?: boolean;
  /**
   * Answer requests that carry no `Authorization` header at all, as an endpoint that needs no key
   * does (a local model server, for `authHeader: false`). A wrong key is still refused.
   */
  keyless?: boolean;
  /** User-Agents Kimi Code accepts. Default: recognised coding agents such as `KimiCLI/1.0`. */
  allowedUserAgents?: RegExp;
  /** Answer every chat request with a correct key with a fixed small completion, nothing else. */
  instant?: boolean;
  /** Keep `requests` (default true, false in instant mode). */
  record?: boolean;
  /** Default stream framing for every reply. */
  stream?: SimStreamShape;
  /** What `GET /v1/users/me/balance` reports. */
  balance?: { available: number; voucher: number; cash: number };
  /**
   * What Kimi Code's `GET /coding/v1/usages` reports; a function is asked on every request (a
   * plan whose resets stay ahead of the clock however long the simulator runs).
   */
  kimiCodeUsage?: SimQuota | (() => SimQuota);
  /**
   * What it reports of the 5-hour window (`limits[0].detail`), a quota or a function as
   * `kimiCodeUsage`; the same as `usage` by default.
   */
  kimiCodeWindow?: SimQuota | (() => SimQuota);
  /** Report the week alone (no `limits[]`), as a plan without a 5-hour window answers. */
  kimiCodeWeekOnly?: boolean;
  /**
   * How `/usages` is written: `counts` (default) as `usage` and `limits[]`; `ratios` as the ratio
   * pools some accounts get since September 2026 (akitaonrails/ai-usagebar#199,
   * steipete/CodexBar#3697): no `usage` nor `limits`, `usages: {limit_5h, limit_7d}` each
   * `{used_ratio, reset_time}`, the share used (`kimiCodeWindow`'s and `kimiCodeUsage`'s) as a
   * number and the time to the second, plus `limit_month_total` with `kimiCodeMonth`.
   */
  kimiCodeUsageShape?: "counts" | "ratios";
  /** The month's pool the ratio shape reports (`limit_month_total`); none without it. */
  kimiCodeMonth?: { usedRatio: number; resetTime: string };
  /**
   * Tokens the simulator counts per token of its plain estimate (default 1): a real tokenizer
   * counts some text longer than a client's local estimate does.
   */
  tokenFactor?: number;
  /**
   * How a request over the window is refused: `requested` (default) as `Your request exceeded
   * model token limit: 262144 (requested: 270336)`; `short` as `Your request exceeded model token
   * limit: 262144`, without the count, as Moonshot sometimes answers.
   */
  tokenLimitWording?: "requested" | "short";
  /**
   * Play Moonshot's automatic context caching (context-cache.ts): a prompt's leading messages
   * that an earlier request of the same key sent come back as cached tokens; on Kimi Code only
   * under the same `prompt_cache_key`. Off by default: a reply then reports no cached tokens
   * unless a rule scripts them (which wins either way).
   */
  contextCaching?: boolean;
  /**
   * The headers a response names its trace by. `x-trace-id` (default) is what the reference
   * says; `msh` sends `x-msh-trace-id` and `msh-request-id`, as responses of the real API were
   * captured with (lucasdicioccio/agents-exe#336), and no `x-trace-id`.
   */
  traceHeaders?: "x-trace-id" | "msh";
}

/** One of a Kimi Code plan's quotas: its size, what is left and when it resets (ISO 8601). */
export interface SimQuota {
  limit: number;
  remaining: number;
  resetTime: string;
}

export interface SimRecordedRequest {
  method: string;
  path: string;
  surface: SimSurface | undefined;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, or undefined. */
  body: unknown;
  traceId: string;
}

export interface Simulator {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly region: SimRegion;
  /** `<url>/v1`: the Moonshot Open Platform of this instance's region. */
  readonly moonshotBaseUrl: string;
  /**
   * `<url>/<other region>/v1`: the other region's platform, which takes `keys.otherRegion` and
   * refuses `keys.moonshot` with 401, as the real platforms refuse each other's keys.
   */
  readonly otherRegionBaseUrl: string;
  /** `<url>/coding/v1`: Kimi Code. */
  readonly kimiCodeBaseUrl: string;
  /** A valid key for each surface, plus one valid only on the other region. */
  readonly keys: { moonshot: string; otherRegion: string; kimiCode: string };
  /** Every request received, in order. */
  readonly requests: SimRecordedRequest[];
  /** Chat-completion requests only. */
  chatRequests(): SimRecordedRequest[];
  /** Add rules; the first matching rule with uses left answers. */
  script(rules: SimRule[]): void;
  /** The next `count` matching requests fail with `error`, then normal answers resume. */
  failNext(count: number, error: SimError | SimErrorName, when?: SimRule["when"]): void;
  /** Drop rules and recorded requests. */
  reset(): void;
  /** Sockets currently open on the server side. */
  openSockets(): number;
  /**
   * Requests whose answer is neither finished nor cut off by the client: a hung request counts
   * until the client closes its connection (idle keep-alive sockets do not count).
   */
  unansweredRequests(): number;
  /**
   * Requests whose connection closed before their answer was finished: the client went away (or
   * a rule's `cutAfterChunks` cut it).
   */
  closedBeforeAnswered(): number;
  close(): Promise<void>;
}
