/**
 * The limits one upstream call runs under, alike for every transport (openai-completions,
 * anthropic-messages): the transport's defaults under the call's own, and the first-byte limit
 * as the dispatcher takes it. Pure.
 */
import type { Timeouts } from "./types.js";

/**
 * `base` with each limit `over` sets: one given as undefined (a program forwarding its own
 * optional setting, `totalMs: opts.totalMs`) is left out, not set to undefined, which would take
 * the limit away (no total timer) or make it NaN.
 */
export function overTimeouts(
  base: Required<Timeouts>,
  over: Timeouts | undefined,
): Required<Timeouts> {
  const out = { ...base };
  if (over?.firstByteMs !== undefined) out.firstByteMs = over.firstByteMs;
  if (over?.idleMs !== undefined) out.idleMs = over.idleMs;
  if (over?.totalMs !== undefined) out.totalMs = over.totalMs;
  return out;
}

/**
 * `defaults` for a non-streamed call: its answer sends its head only when it is whole, so the
 * first-byte limit is no shorter than the total one.
 */
export function wholeAnswerDefaults(defaults: Required<Timeouts>): Required<Timeouts> {
  return { ...defaults, firstByteMs: Math.max(defaults.firstByteMs, defaults.totalMs) };
}

/**
 * The limits of `call`: `defaults` (`plainDefaults`, from wholeAnswerDefaults, for a
 * non-streamed call) under the call's own. A non-streamed call that sets no first-byte limit
 * gets one no shorter than its own total limit.
 */
export function callTimeouts(
  defaults: Required<Timeouts>,
  plainDefaults: Required<Timeouts>,
  call: { stream: boolean; timeouts?: Timeouts | undefined },
): Required<Timeouts> {
  if (!call.timeouts) return call.stream ? defaults : plainDefaults;
  const timeouts = overTimeouts(defaults, call.timeouts);
  if (!call.stream && call.timeouts.firstByteMs === undefined)
    timeouts.firstByteMs = Math.max(timeouts.firstByteMs, timeouts.totalMs);
  return timeouts;
}

/**
 * The first-byte limit as the dispatcher takes it (0: none). One no shorter than the total limit
 * adds nothing but a second timer, which could word a call that never answered as a first-byte
 * timeout where the total one is what stopped it.
 */
export function firstByteLimit(timeouts: Required<Timeouts>): number {
  return timeouts.totalMs > 0 && timeouts.firstByteMs >= timeouts.totalMs
    ? 0
    : Math.max(timeouts.firstByteMs, 0);
}
