/**
 * The value a key of the config takes when it is not written, for the keys that have one fixed
 * default (`gateway.port`: 18789), read from the constants the code applies so that what a hint
 * says cannot drift from what runs. A key not listed has no fixed default: nothing applies in its
 * place (`agents.defaults.model.primary`), or what applies depends on something else (a model's
 * `compat`).
 */

import {
  DEFAULT_DRAIN_MS,
  DEFAULT_LIMITS,
  DEFAULT_PORT,
  GATEWAY_TIMEOUT_DEFAULTS,
} from "./gateway-defaults.js";
import { formatPath, type PathSegment } from "./schema-dsl.js";

const shown = (value: string | number | boolean) => JSON.stringify(value);

/** The defaults, by dotted path, as a hint shows them. */
const DEFAULTS: ReadonlyMap<string, string> = new Map([
  ["gateway.port", shown(DEFAULT_PORT)],
  ["gateway.bind", shown("loopback")],
  ["gateway.auth.mode", shown("token")],
  ["gateway.ledger.enabled", shown(true)],
  ["gateway.ledger.path", "usage.sqlite in the state directory"],
  ["gateway.ledger.keepDays", "none: every row is kept"],
  ["gateway.timeouts.firstByteMs", shown(GATEWAY_TIMEOUT_DEFAULTS.firstByteMs)],
  ["gateway.timeouts.idleMs", shown(GATEWAY_TIMEOUT_DEFAULTS.idleMs)],
  ["gateway.timeouts.totalMs", shown(GATEWAY_TIMEOUT_DEFAULTS.totalMs)],
  ["gateway.limits.maxBodyBytes", shown(DEFAULT_LIMITS.maxBodyBytes)],
  ["gateway.limits.maxMessages", shown(DEFAULT_LIMITS.maxMessages)],
  ["gateway.limits.maxConcurrentStreams", shown(DEFAULT_LIMITS.maxConcurrentUpstream)],
  ["gateway.limits.headersTimeoutMs", shown(DEFAULT_LIMITS.headersTimeoutMs)],
  ["gateway.limits.requestTimeoutMs", shown(DEFAULT_LIMITS.requestTimeoutMs)],
  ["gateway.limits.drainTimeoutMs", shown(DEFAULT_DRAIN_MS)],
  ["models.mode", shown("merge")],
  // No fallbacks: the primary alone answers (the chain the gateway's `openclaw` model is).
  ["agents.defaults.model.fallbacks", "[]"],
  ["gateway.cors.origins", "any origin with a token, none without"],
]);

/** A key under a name of the user's choosing (a provider id), `*` standing for that name. */
const PATTERN_DEFAULTS: ReadonlyArray<{ pattern: readonly string[]; value: string }> = [
  // The catalog sends the key unless a provider, built-in or written, says false.
  { pattern: ["models", "providers", "*", "authHeader"], value: shown(true) },
];

function matches(pattern: readonly string[], segments: readonly PathSegment[]): boolean {
  return (
    pattern.length === segments.length &&
    pattern.every((part, index) => part === "*" || part === segments[index])
  );
}

/** The default of the key at `segments` as a hint shows it (`18789`, `"loopback"`), if it has one. */
export function keyDefault(segments: readonly PathSegment[]): string | undefined {
  return (
    DEFAULTS.get(formatPath(segments)) ??
    PATTERN_DEFAULTS.find((entry) => matches(entry.pattern, segments))?.value
  );
}
