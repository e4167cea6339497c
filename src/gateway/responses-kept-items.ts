/**
 * What a Responses request refers to of the responses this gateway served: the item an
 * `item_reference` names, and the conversation `previous_response_id` continues; when either is
 * not kept, the 400 (or, for a response still streaming, the 409) says why and what to send
 * instead. Pure: the lookups are given.
 */
import { quoted } from "../util/client-value.js";
import { badRequest, GatewayHttpError } from "./http-error.js";
import type { ResponseGone } from "./response-history.js";

type Obj = Record<string, unknown>;

/**
 * The output items of responses the gateway served recently, by id (for `item_reference`), or
 * why an item is not kept; undefined for an id it does not know.
 */
export type ItemLookup = (
  id: string,
) => { item: Record<string, unknown> } | { gone: "store_false" | "deleted" } | undefined;

/**
 * The items of the conversation that ends with a response this gateway served, oldest first;
 * `"in_progress"` for a response still being streamed (it has no end to continue from yet); else,
 * where it is known, why there is none: the response was not kept (`gone`), or the id is an
 * output item's (`itemOf`, the response holding it where that is kept).
 */
export type ConversationLookup = (
  responseId: string,
) =>
  | Record<string, unknown>[]
  | "in_progress"
  | { gone: ResponseGone }
  | { itemOf: string | undefined }
  | undefined;

export function keptItem(found: ReturnType<ItemLookup>): Obj | undefined {
  return found && "item" in found ? found.item : undefined;
}

/** The item an `item_reference` names, from the responses this gateway served. */
export function referenced(reference: Obj, at: string, lookup: ItemLookup): Obj {
  const id = reference.id;
  if (typeof id !== "string")
    throw badRequest(`${at}.id must be a string`, `${at}.id`, "invalid_type");
  const found = lookup(id);
  if (found && "item" in found) return found.item;
  const said = `${at} refers to item ${quoted(id)}`;
  const message =
    found?.gone === "store_false"
      ? `${said}, of a response sent with store: false, which this gateway did not keep. Send the item itself, or leave store out (it defaults to true) on the request whose output you want to refer to`
      : found?.gone === "deleted"
        ? `${said}, of a response that was deleted (DELETE /v1/responses/{id}): its items are no longer kept. Send the item itself`
        : `${said}, which this gateway does not have: it keeps the items of the responses it finished for an hour (not those of one that failed or whose client disconnected before its end, nor across restarts, nor those of a response sent with store: false or deleted). Send the item itself (with the Vercel AI SDK's OpenAI provider, set providerOptions.openai.store to false)`;
  throw badRequest(message, `${at}.id`, "item_not_found");
}

/** The items of the conversation `previous_response_id` continues (none without one). */
export function earlierItems(previous: unknown, history: ConversationLookup): unknown[] {
  if (previous === undefined || previous === null) return [];
  if (typeof previous !== "string") {
    throw badRequest(
      "previous_response_id must be a string",
      "previous_response_id",
      "invalid_type",
    );
  }
  const items = history(previous);
  if (items === "in_progress") throw stillStreaming(previous);
  if (Array.isArray(items)) return items;
  throw badRequest(
    `previous_response_id ${quoted(previous)} ${notContinued(items)}`,
    "previous_response_id",
    "previous_response_not_found",
  );
}

/** Why a `previous_response_id` has no conversation to continue, and what to send instead. */
function notContinued(why: { gone: ResponseGone } | { itemOf: string | undefined } | undefined) {
  const whole = "Send the whole conversation in input";
  if (why && "itemOf" in why)
    return `is the id of an output item, not of a response: previous_response_id takes a response's own id (its id field, resp_…)${why.itemOf === undefined ? "" : `, here ${quoted(why.itemOf)}`}`;
  switch (why?.gone) {
    case "store_false":
      return `was answered to a request sent with store: false, so this gateway kept nothing of it to continue from. ${whole}, or leave store out (it defaults to true) on the requests you want to continue from`;
    case "deleted":
      return `was deleted (DELETE /v1/responses/{id}), so it can no longer be continued from. ${whole}`;
    case "earlier_turn_forgotten":
      return `is kept, but an earlier response of its conversation is not any more (this gateway keeps responses in memory for an hour, within 32 Mi characters in all, dropping the oldest first), so the conversation cannot be put back together. ${whole}`;
    default:
      return `is not a response this gateway keeps: it keeps the conversations of the responses it finished for an hour, in memory (not one that failed or whose client disconnected before its end, nor across restarts, nor those sent with store: false or deleted). ${whole}`;
  }
}

/**
 * A 409, as a delete of a response still streaming gets: its output is not known yet, so there
 * is nothing to continue from. Not retried by OpenAI's SDKs (which retry a 409 by default): the
 * client hears at once what to wait for.
 */
function stillStreaming(id: string): GatewayHttpError {
  return new GatewayHttpError(
    409,
    "invalid_request_error",
    `previous_response_id ${quoted(id)} is still in progress: its output is not known until its stream ends. Wait for its response.completed event (or GET /v1/responses/{id} to say status "completed"), then send this request again`,
    {
      param: "previous_response_id",
      code: "response_in_progress",
      errorClass: "bad_request",
      retryable: false,
    },
  );
}
