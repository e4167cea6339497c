/**
 * An Anthropic request's `stop_sequences`, which go upstream as the chat `stop`. What Anthropic
 * itself refuses (not a list, an entry not a string, an empty one) is refused here. More or longer
 * than the model's endpoint takes (Moonshot: 5 of at most 32 bytes) are held by the gateway, as on
 * every route (held-stop-request.ts); should the request builder still refuse a `stop` (its check
 * of each model's request stays), its refusal names `request.stop` and `request.stop[1]`, which
 * are told here as the client's `stop_sequences` and `stop_sequences[1]`.
 * A whitespace-only sequence ("\n"), which Anthropic refuses, is passed on: the upstream takes it.
 * An empty list, which Anthropic takes, sends no `stop`, as chat completions' `stop: []` does;
 * before, the client got chat completions' old refusal of an empty list, naming chat's `stop`.
 */
import { isOpenClawError } from "../errors.js";
import { describe } from "../util/client-value.js";
import { badRequest, type GatewayHttpError } from "./http-error.js";
import { stopRefusalInClientTerms } from "./request-blame.js";

/** `stop_sequences` as the chat body's `stop`, or a 400 naming what Anthropic would refuse. */
export function checkedStopSequences(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value))
    throw badRequest(
      `stop_sequences must be an array of strings, got ${describe(value)}: send ["…"] for one`,
      "stop_sequences",
      "invalid_type",
    );
  if (value.length === 0) return undefined;
  value.forEach((entry: unknown, i) => {
    const at = `stop_sequences[${i}]`;
    if (typeof entry !== "string")
      throw badRequest(`${at} must be a string, got ${describe(entry)}`, at, "invalid_type");
    if (entry === "")
      throw badRequest(
        `${at} is empty: each stop sequence needs at least one character; leave it out`,
        at,
        "invalid_value",
      );
  });
  return value as string[];
}

/**
 * The run's refusal of stop sequences the model takes fewer or shorter of, as a 400 naming the
 * Anthropic request's field (`stop_sequences[1] "…" is 34 bytes …`); undefined for any other error.
 */
export function stopSequencesRefusal(error: unknown): GatewayHttpError | undefined {
  if (!isOpenClawError(error) || error.code !== "request.invalid") return undefined;
  const told = stopRefusalInClientTerms(error.where, error.message);
  if (!told) return undefined;
  const field = `stop_sequences${told.param.slice("stop".length)}`;
  return badRequest(`${field}${told.message.slice(told.param.length)}`, field, "invalid_value");
}
