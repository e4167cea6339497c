/**
 * `startGateway`'s settings read once at start, checked before anything opens: the address to
 * bind, the upstream timeouts and the server limits, from its options over the config's
 * `gateway.timeouts` and `gateway.limits`. A bad value refuses the start with an error naming it.
 */
import {
  GATEWAY_LIMIT_RANGES,
  GATEWAY_TIMEOUT_DEFAULTS,
  type LimitRange,
} from "../config/gateway-defaults.js";
import type { LoadedConfig } from "../config/index.js";
import { OpenClawError, UsageError } from "../errors.js";
import type { Timeouts } from "../providers/types.js";
import { closestMatches } from "../util/suggest.js";
import { MAX_TIMER_MS } from "../util/timer-limit.js";
import { DEFAULT_LIMITS, type GatewayLimits } from "./server.js";

/**
 * The gateway's upstream timeouts per attempt, where `gateway.timeouts` sets none. A non-streamed
 * answer comes whole, so `firstByteMs` bounds all of it: 120 s, well under the 600 s an OpenAI
 * SDK waits by default, so that a hung model's three tries end (about 6 min) in time for a
 * fallback to answer. 0 is no limit.
 */
export const GATEWAY_TIMEOUTS: Required<Timeouts> = GATEWAY_TIMEOUT_DEFAULTS;

/**
 * What to do about an empty bind: loopback first, since it is the default the person most likely
 * meant by leaving the value empty; "lan" last, as the choice that opens the gateway to others.
 */
export const EMPTY_BIND_HINT =
  'leave it out for loopback, the default (this machine only), or write "loopback"; "lan" (every interface) or an address of this machine only to reach the gateway from the network';

function emptyBind(where: string, message: string): OpenClawError {
  return new OpenClawError("gateway.bad_bind", message, { where, hint: EMPTY_BIND_HINT });
}

/**
 * The address a `gateway.bind` value names (`loopback`, `lan`, or an address as given). An empty
 * one is refused: Node's listen takes host "" as every interface, the opposite of the default.
 */
export function bindAddress(bind: string): string {
  if (typeof bind !== "string" || bind.trim() === "")
    throw emptyBind(
      "gateway.bind",
      "the bind address is empty: it would listen on every interface",
    );
  const value = bind.trim().toLowerCase();
  if (value === "loopback" || value === "localhost") return "127.0.0.1";
  if (value === "lan" || value === "all") return "0.0.0.0";
  return bind.trim();
}

/**
 * `startGateway`'s `bind`, checked before anything opens. An empty one (`bind: process.env.BIND`
 * with BIND set to "") would reach Node's listen as host "", which listens on every interface.
 */
export function bindOption(given: unknown): string | undefined {
  if (given === undefined || (typeof given === "string" && given.trim() !== "")) return given;
  if (typeof given === "string")
    throw emptyBind(
      "bind",
      `startGateway's bind is empty (${JSON.stringify(given)}): it would listen on every interface`,
    );
  throw new OpenClawError(
    "gateway.bad_bind",
    `startGateway's bind must be a string such as "loopback", got ${given === null ? "null" : Array.isArray(given) ? "an array" : typeof given}`,
    { where: "bind", hint: EMPTY_BIND_HINT },
  );
}

/** `gateway.timeouts` over the gateway's defaults. */
export function timeoutsFrom(loaded: LoadedConfig): Required<Timeouts> {
  const set = loaded.config.gateway?.timeouts;
  return {
    firstByteMs: set?.firstByteMs ?? GATEWAY_TIMEOUTS.firstByteMs,
    idleMs: set?.idleMs ?? GATEWAY_TIMEOUTS.idleMs,
    totalMs: set?.totalMs ?? GATEWAY_TIMEOUTS.totalMs,
  };
}

const TIMEOUT_NAMES = Object.keys(GATEWAY_TIMEOUTS) as (keyof Timeouts)[];

function badTimeouts(where: string, message: string): OpenClawError {
  return new OpenClawError("gateway.bad_timeouts", `startGateway's ${where} ${message}`, {
    where,
    hint: "leave it out to use gateway.timeouts of the config (or the default); 0 is no limit",
  });
}

/**
 * `startGateway`'s `timeouts`, checked at start as `gateway.timeouts` is when the config loads
 * (milliseconds from 0, no limit, to the longest a Node timer takes): a bad value is refused here
 * rather than by every request. Names left out or undefined are not set.
 */
export function timeoutsOption(given: unknown): Timeouts {
  if (given === undefined) return {};
  if (typeof given !== "object" || given === null || Array.isArray(given))
    throw badTimeouts(
      "timeouts",
      `must be an object such as { totalMs: 300000 }, got ${given === null ? "null" : Array.isArray(given) ? "an array" : typeof given}`,
    );
  const out: Timeouts = {};
  for (const [name, value] of Object.entries(given)) {
    if (!(TIMEOUT_NAMES as string[]).includes(name)) {
      const near = closestMatches(name, TIMEOUT_NAMES, 1)[0];
      throw badTimeouts(
        `timeouts.${name}`,
        `is not a timeout${near ? ` (did you mean ${near}?)` : ""}: they are ${TIMEOUT_NAMES.join(", ")}`,
      );
    }
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > MAX_TIMER_MS)
      throw badTimeouts(
        `timeouts.${name}`,
        `must be a number of milliseconds from 0 (no limit) to ${MAX_TIMER_MS}, got ${typeof value === "number" ? String(value) : typeof value === "string" ? JSON.stringify(value) : typeof value}`,
      );
    out[name as keyof Timeouts] = value;
  }
  return out;
}

/**
 * What each of `startGateway`'s `limits` takes: whole numbers from `min` (up to `max`), as the
 * config's gateway.limits takes them; the last three are not in the config.
 */
const LIMIT_RANGES: Readonly<Record<keyof GatewayLimits, LimitRange>> = {
  maxBodyBytes: GATEWAY_LIMIT_RANGES.maxBodyBytes,
  maxMessages: GATEWAY_LIMIT_RANGES.maxMessages,
  maxConcurrentUpstream: GATEWAY_LIMIT_RANGES.maxConcurrentStreams,
  headersTimeoutMs: GATEWAY_LIMIT_RANGES.headersTimeoutMs,
  requestTimeoutMs: GATEWAY_LIMIT_RANGES.requestTimeoutMs,
  keepAliveTimeoutMs: { min: 1, max: MAX_TIMER_MS },
  writeStallMs: { min: 1, max: MAX_TIMER_MS },
  maxConnections: { min: 1 },
};

const LIMIT_NAMES = Object.keys(LIMIT_RANGES);

/**
 * The config's `gateway.limits` names that `startGateway`'s `limits` spells otherwise or does
 * not take, with what to write instead: a program copying them from the config was ignored.
 */
const CONFIG_LIMIT_NAMES: Readonly<Record<string, string>> = {
  maxConcurrentStreams:
    "is the config's name (gateway.limits.maxConcurrentStreams); startGateway's limits call it maxConcurrentUpstream",
  drainTimeoutMs:
    "is read from the config (gateway.limits.drainTimeoutMs), not from startGateway's limits; set it there, or give close(deadlineMs) its deadline",
};

function badLimit(name: string, message: string, hint: string): OpenClawError {
  return new OpenClawError("usage", `startGateway's limits.${name} ${message}`, {
    where: `limits.${name}`,
    hint,
  });
}

/** How a value is said in an error: a number as it is, a string quoted, else its kind. */
function valueWords(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  return value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
}

/**
 * `startGateway`'s `limits`, checked at start as `gateway.limits` is when the config loads: a name
 * it does not take (`maxBody`, or the config's `maxConcurrentStreams`) and a value that is no
 * whole number in range (`-5`, `"2048"`) are refused, where the gateway ran on its defaults or
 * with a limit that refused every request. Names left out or undefined are not set.
 */
export function limitsOption(given: Partial<GatewayLimits> | undefined): Partial<GatewayLimits> {
  if (given === undefined) return {};
  const out: Partial<GatewayLimits> = {};
  for (const [name, value] of Object.entries(given)) {
    const range = LIMIT_RANGES[name as keyof GatewayLimits];
    if (range === undefined) {
      const near = closestMatches(name, LIMIT_NAMES, 1)[0];
      throw badLimit(
        name,
        CONFIG_LIMIT_NAMES[name] ??
          `is not a limit startGateway takes${near ? ` (did you mean ${near}?)` : ""}`,
        `the limits it takes are ${LIMIT_NAMES.join(", ")}`,
      );
    }
    if (value === undefined) continue;
    const max = range.max ?? Number.MAX_SAFE_INTEGER;
    if (typeof value !== "number" || !Number.isInteger(value) || value < range.min || value > max) {
      const span = range.max === undefined ? `${range.min} or more` : `from ${range.min} to ${max}`;
      throw badLimit(
        name,
        `must be a whole number ${span}, got ${valueWords(value)}`,
        `give a number ${span}, or leave it out for gateway.limits of the config (or the default)`,
      );
    }
    out[name as keyof GatewayLimits] = value;
  }
  return out;
}

/**
 * The config check refuses `requestTimeoutMs` below `headersTimeoutMs`; `startGateway`'s own
 * `limits` can still make them so, and Node's server then threw a RangeError in its words after
 * the ledger was open, which kept the program from exiting. Refused before anything opens.
 */
export function refuseRequestBeforeHeaders(limits: Partial<GatewayLimits>): void {
  const headers = limits.headersTimeoutMs ?? DEFAULT_LIMITS.headersTimeoutMs;
  const request = limits.requestTimeoutMs ?? DEFAULT_LIMITS.requestTimeoutMs;
  if (request >= headers) return;
  throw new UsageError(
    `startGateway's limits: requestTimeoutMs (${request}) is less than headersTimeoutMs (${headers}): the whole request, its headers included, must arrive within requestTimeoutMs`,
    `give requestTimeoutMs ${headers} or more, or headersTimeoutMs ${request} or less`,
  );
}

export function limitsFrom(loaded: LoadedConfig): Partial<GatewayLimits> {
  const limits = loaded.config.gateway?.limits;
  const out: Partial<GatewayLimits> = {};
  if (limits?.maxBodyBytes !== undefined) out.maxBodyBytes = limits.maxBodyBytes;
  if (limits?.maxMessages !== undefined) out.maxMessages = limits.maxMessages;
  if (limits?.maxConcurrentStreams !== undefined)
    out.maxConcurrentUpstream = limits.maxConcurrentStreams;
  if (limits?.headersTimeoutMs !== undefined) out.headersTimeoutMs = limits.headersTimeoutMs;
  if (limits?.requestTimeoutMs !== undefined) out.requestTimeoutMs = limits.requestTimeoutMs;
  return out;
}
