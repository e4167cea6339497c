/**
 * When a model came out, as unix seconds: what the gateway's `GET /v1/models` gives as `created`
 * (OpenAI's clients show it as a date; 0 read as 1970-01-01 for every model). Pure; the gateway
 * takes it once per config load, not per request.
 */
import { BUILTIN_PROVIDERS } from "./builtin-providers.js";

/**
 * For a model with no known release day (a custom provider's own model, or a built-in one whose
 * day the sources disagree on or that names no one model, as Kimi Code's kimi-for-coding, which
 * points at its current model): 2025-07-11, the day Moonshot released Kimi K2
 * (kimi-k2-0711-preview), the first model of the family this package serves. The same on every
 * start and reload, so a client sorting by it keeps its order; never the time the config was
 * read, which would move.
 */
export const UNKNOWN_RELEASE_DAY = "2025-07-11";

/** Unix seconds of a `YYYY-MM-DD` day's start, UTC. */
function daySeconds(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / 1000;
}

const UNKNOWN_RELEASE_SECONDS = daySeconds(UNKNOWN_RELEASE_DAY);

/** Built-in model id → its release day in unix seconds, for those with a known day. */
const RELEASED = new Map(
  BUILTIN_PROVIDERS.flatMap((provider) =>
    provider.models.flatMap((model) =>
      model.released === undefined ? [] : [[model.id, daySeconds(model.released)] as const],
    ),
  ),
);

/**
 * When the model with this id (bare: `kimi-k2.5`) came out, in unix seconds: a built-in model's
 * release day, also for a config entry or another provider serving the same id (the same model);
 * else UNKNOWN_RELEASE_DAY.
 */
export function releaseTime(modelId: string): number {
  return RELEASED.get(modelId) ?? UNKNOWN_RELEASE_SECONDS;
}
