/**
 * A chat request whose `stop` is more or longer than the model's endpoint takes (its
 * `stopLimits`): the first sequences that fit go upstream, the rest are held for the gateway to
 * stop the text at (completion-stops.ts), on every route alike. A request without `stop`, or
 * within the limits, is returned as it came, with nothing allocated. Pure.
 */
import { type StopLimits, splitStops } from "./completion-stops.js";
import type { ParsedChatRequest } from "./validate-request.js";

/** `parsed` as sent to a model of `limits` (undefined: no limit), with `heldStops` when needed. */
export function withHeldStops<T extends ParsedChatRequest>(
  parsed: T,
  limits: StopLimits | undefined,
): T {
  const stop = parsed.request.stop;
  if (stop === undefined || limits === undefined) return parsed;
  const split = splitStops(stop, limits);
  if (split === undefined) return parsed;
  const { stop: _asked, ...request } = parsed.request;
  return {
    ...parsed,
    request: split.sent.length > 0 ? { ...request, stop: split.sent } : request,
    heldStops: split.held,
  };
}
