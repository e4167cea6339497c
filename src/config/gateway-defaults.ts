/**
 * What the gateway runs with where `gateway.*` says nothing. Kept in the config layer, which
 * states a key's default (`config get gateway.port` says 18789), so that the gateway and the
 * hints read one set of numbers and the config modules need not load the gateway's.
 */
import { MAX_TIMER_MS } from "../util/timer-limit.js";

/** The port the gateway listens on when `gateway.port` is not set. */
export const DEFAULT_PORT = 18789;

/** How long running streams get to finish after SIGTERM (`gateway.limits.drainTimeoutMs`). */
export const DEFAULT_DRAIN_MS = 10_000;

/** Upstream timeouts for every call (`gateway.timeouts.*`). */
export const GATEWAY_TIMEOUT_DEFAULTS: {
  readonly firstByteMs: number;
  readonly idleMs: number;
  readonly totalMs: number;
} = {
  firstByteMs: 120_000,
  idleMs: 120_000,
  totalMs: 600_000,
};

/** The whole numbers a limit takes: from `min`, up to `max` when it has one. */
export interface LimitRange {
  readonly min: number;
  readonly max?: number;
}

/**
 * What each of `gateway.limits` takes, stated once for the config's check and for
 * `startGateway`'s `limits` (which call maxConcurrentStreams maxConcurrentUpstream). Node's
 * timers hold 32 bits: a longer delay fires at once (with a warning).
 */
export const GATEWAY_LIMIT_RANGES = {
  maxBodyBytes: { min: 1024 },
  maxMessages: { min: 1 },
  maxConcurrentStreams: { min: 1 },
  headersTimeoutMs: { min: 1, max: MAX_TIMER_MS },
  requestTimeoutMs: { min: 1, max: MAX_TIMER_MS },
  drainTimeoutMs: { min: 0, max: MAX_TIMER_MS },
} as const satisfies Readonly<Record<string, LimitRange>>;

/** The gateway's request limits (`gateway.limits.*`; `startGateway`'s `limits`), each filled from `DEFAULT_LIMITS`. */
export interface GatewayLimits {
  /** Largest request body in bytes; a larger one gets 413. Default 8 MiB. */
  maxBodyBytes: number;
  /** Most messages in one request; more are refused. Default 2048. */
  maxMessages: number;
  /** Time allowed to receive the request headers. */
  headersTimeoutMs: number;
  /** Time allowed to receive the whole request (headers and body). */
  requestTimeoutMs: number;
  /**
   * How long an idle client connection is kept open for its next request. Longer than the idle
   * time of the pools that reuse it (nginx's upstream keepalive_timeout 60 s, a load balancer's
   * 60 s, openai-python's 5 s): a pool that sends on a connection the gateway has just closed
   * gets a reset (a 502 from the proxy, "Server disconnected" in the client), not an answer.
   */
  keepAliveTimeoutMs: number;
  /** Upstream requests in flight at once; beyond it clients get 429 with Retry-After. */
  maxConcurrentUpstream: number;
  /** A client that reads nothing for this long while the gateway has data for it is dropped. */
  writeStallMs: number;
  /** Client connections open at once; further ones are closed on arrival (no limit: undefined). */
  maxConnections: number | undefined;
}

export const DEFAULT_LIMITS: GatewayLimits = {
  maxBodyBytes: 8 * 1024 * 1024,
  maxMessages: 2048,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 65_000,
  maxConcurrentUpstream: 1024,
  writeStallMs: 30_000,
  maxConnections: undefined,
};
