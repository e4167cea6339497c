/**
 * What the gateway keeps of the responses it served, for the Responses API's later requests:
 * their conversations (`previous_response_id`), their output items (`item_reference`), and the
 * ones still being streamed. One per server, swept once a minute.
 */
import { BoundedTtlMap } from "../util/bounded-ttl-map.js";
import type { ChatRelayDeps } from "./chat-relays.js";
import { ResponseHistory } from "./response-history.js";
import { inputItemsToKeep } from "./responses-input-items.js";
import type { ConversationLookup, ItemLookup } from "./responses-kept-items.js";

export interface ResponsesStore {
  /** The kept responses themselves, for GET and DELETE /v1/responses/{id}. */
  readonly history: ResponseHistory;
  readonly lookupItem: ItemLookup;
  readonly conversationOf: ConversationLookup;
  readonly rememberResponse: ChatRelayDeps["rememberResponse"];
  readonly responseBegun: ChatRelayDeps["responseBegun"];
  /** Drops what has outlived its time. */
  sweep(): void;
}

export function createResponsesStore(): ResponsesStore {
  /** The conversations of served responses, for clients that send `previous_response_id`. */
  const history = new ResponseHistory({
    maxEntries: 10_000,
    ttlMs: 3_600_000,
    // Characters, not bytes: up to about twice this much heap for non-Latin text.
    maxChars: 32 * 1024 * 1024,
  });
  /**
   * Which response each output item is of, for clients that send `item_reference`s back: the
   * item itself is read from that response's turn in `history`, so a response sent with
   * `store: false`, or deleted, leaves nothing to refer to.
   */
  const responseOfItem = new BoundedTtlMap<string, string>({
    maxEntries: 50_000,
    ttlMs: 3_600_000,
  });
  const lookupItem: ItemLookup = (id) => {
    return history.outputItem(responseOfItem.get(id), id);
  };
  const rememberResponse = (
    id: string,
    body: unknown,
    output: readonly Record<string, unknown>[],
    response: Record<string, unknown> | undefined,
  ): void => {
    const request = body as { store?: unknown; previous_response_id?: unknown; input?: unknown };
    // `store: false` asks that nothing be kept to fetch or continue from, as OpenAI does.
    if (request.store === false) {
      history.notStored(id, output);
      return;
    }
    const previous =
      typeof request.previous_response_id === "string" ? request.previous_response_id : undefined;
    history.remember(id, previous, inputItemsToKeep(request.input, lookupItem), output, response);
    for (const item of output) if (typeof item.id === "string") responseOfItem.set(item.id, id);
  };
  /**
   * What `previous_response_id` continues: a kept conversation, or a response still streamed;
   * else why there is none, where the id is known here (a response not kept, an item's id).
   */
  const conversationOf: ConversationLookup = (id) => {
    const items = history.conversation(id);
    if (items) return items;
    if (history.inProgress(id)) return "in_progress";
    const gone = history.whyNotContinued(id);
    if (gone !== undefined) return { gone };
    return lookupItem(id) === undefined ? undefined : { itemOf: responseOfItem.get(id) };
  };
  const responseBegun = (
    id: string,
    body: unknown,
    snapshot: () => Record<string, unknown>,
  ): (() => void) => {
    const request = body as { store?: unknown; input?: unknown };
    if (request.store === false) return () => {};
    history.begin(id, inputItemsToKeep(request.input, lookupItem), snapshot);
    return () => history.end(id);
  };
  return {
    history,
    lookupItem,
    conversationOf,
    rememberResponse,
    responseBegun,
    sweep() {
      responseOfItem.sweep();
      history.sweep();
    },
  };
}
