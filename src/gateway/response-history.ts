/**
 * The conversations behind the responses this gateway served, so that a client may continue one
 * with `previous_response_id` instead of sending it all again, or fetch a response again. Each
 * response keeps only its own turn (the input items it was sent, the response object answered,
 * whose output items are the turn's other items) and the id of the response before it; a
 * conversation is the chain of its turns. Memory only, bounded in entries, text and time: a chain
 * with a forgotten turn cannot be continued, and the client is told to send it whole.
 *
 * A deleted response can no longer be fetched, referred to or continued from; when a kept
 * response continued from it, its turn stays (hidden) as their context until it expires, so that
 * deleting one response does not end the conversations built on it. It also keeps, bounded, the
 * ids of responses sent with `store: false` or deleted, and of their output items, to say why
 * such a response cannot be continued from or such an item referred to.
 *
 * A response being streamed is known from its `response.created` on: fetching it answers its
 * object as it stands (`in_progress`) until it is kept, or forgotten when it fails or its client
 * goes away. It cannot be deleted or continued from until it has ended.
 */
import { BoundedTtlMap } from "../util/bounded-ttl-map.js";

type Item = Record<string, unknown>;

interface Turn {
  previous: string | undefined;
  /** The input items, then the output items. */
  items: readonly Item[];
  inputCount: number;
  /** The response object as the client got it (its output items are those in `items`). */
  response: Item | undefined;
  /** Deleted, kept only as the context of the responses that continued from it. */
  hidden?: true;
}

/** Why an output item is not kept: its response was sent with `store: false`, or deleted. */
export type ItemGone = "store_false" | "deleted";

/**
 * Why a response id this gateway gave cannot be continued from: it was sent with `store: false`,
 * deleted, or an earlier turn of its conversation is no longer kept (the response itself is).
 */
export type ResponseGone = ItemGone | "earlier_turn_forgotten";

/** What an output item's id names: the item, or why it is not kept (undefined: not known). */
export type ItemFound = { item: Item } | { gone: ItemGone };

/** Where a kept item was sent or answered: its response, and its field there (`input[2]`). */
export interface KeptPlace {
  response: string;
  field: string;
}

/** The place of each kept item, the first turn that held it (a referenced item is in two). */
const places = new WeakMap<Item, KeptPlace>();

/** Where `item`, an item of a kept conversation, was first: undefined for any other object. */
export function keptPlaceOf(item: object): KeptPlace | undefined {
  return places.get(item as Item);
}

/** Characters of every string in a value: texts, arguments, image data URLs alike. */
function charsOf(value: unknown): number {
  if (typeof value === "string") return value.length;
  if (typeof value !== "object" || value === null) return 8;
  let sum = 16;
  for (const entry of Array.isArray(value) ? value : Object.values(value)) sum += charsOf(entry);
  return sum;
}

/**
 * Characters of a response object beyond its output items, which it shares with the turn's
 * items (counted there): the echoed instructions, tools and settings.
 */
function responseChars(response: Item | undefined): number {
  if (!response) return 0;
  let sum = 16;
  for (const key in response) if (key !== "output") sum += charsOf(response[key]);
  return sum;
}

/** Longer chains than this are refused rather than walked (no client gets near it). */
const MAX_TURNS = 10_000;

export interface ResponseHistoryOptions {
  maxEntries: number;
  ttlMs: number;
  /** Characters kept at most, over all turns (every string counts, images' data URLs too). */
  maxChars: number;
  now?: () => number;
}

export class ResponseHistory {
  private readonly turns: BoundedTtlMap<string, Turn>;
  /** Ids of the responses a kept response continued from (see `forget`). */
  private readonly continued: BoundedTtlMap<string, true>;
  /** Output item ids of responses not kept (`store: false`) or deleted, and which. */
  private readonly gone: BoundedTtlMap<string, ItemGone>;
  /** The ids of those responses themselves, and which, to say why one is not continued. */
  private readonly goneResponses: BoundedTtlMap<string, ItemGone>;
  /** Responses being streamed (one per running request): their input, their object so far. */
  private readonly running = new Map<string, { input: readonly Item[]; snapshot: () => Item }>();

  constructor(options: ResponseHistoryOptions) {
    const now = options.now ? { now: options.now } : {};
    this.turns = new BoundedTtlMap<string, Turn>({
      maxEntries: options.maxEntries,
      ttlMs: options.ttlMs,
      maxWeight: options.maxChars,
      weigh: (turn) => charsOf(turn.items) + responseChars(turn.response),
      ...now,
    });
    this.continued = new BoundedTtlMap({
      maxEntries: options.maxEntries,
      ttlMs: options.ttlMs,
      ...now,
    });
    this.gone = new BoundedTtlMap({ maxEntries: options.maxEntries, ttlMs: options.ttlMs, ...now });
    this.goneResponses = new BoundedTtlMap({
      maxEntries: options.maxEntries,
      ttlMs: options.ttlMs,
      ...now,
    });
  }

  /** Notes response `id`, sent with `store: false`, and its output items: none is kept. */
  notStored(id: string, output: readonly Item[]): void {
    this.goneResponses.set(id, "store_false");
    for (const item of output)
      if (typeof item.id === "string") this.gone.set(item.id, "store_false");
  }

  /**
   * Why response `id`, one this gateway answered, cannot be continued from (undefined when it
   * can, or when the id is not known here).
   */
  whyNotContinued(id: string): ResponseGone | undefined {
    if (this.visible(id)) return this.conversation(id) ? undefined : "earlier_turn_forgotten";
    return this.goneResponses.get(id);
  }

  /** Why output item `itemId` is not kept, when it was of a `store: false` or deleted response. */
  whyGone(itemId: string): ItemGone | undefined {
    return this.gone.get(itemId);
  }

  /** Keeps response `id`: the turn's input items, then its output items, after `previous`. */
  remember(
    id: string,
    previous: string | undefined,
    input: readonly Item[],
    output: readonly Item[],
    response?: Item,
  ): void {
    const place = (field: string) => (item: Item, i: number) => {
      if (!places.has(item)) places.set(item, { response: id, field: `${field}[${i}]` });
    };
    input.forEach(place("input"));
    output.forEach(place("output"));
    this.turns.set(id, {
      previous,
      items: [...input, ...output],
      inputCount: input.length,
      response,
    });
    if (previous !== undefined) this.continued.set(previous, true);
  }

  /** Response `id`, sent `input`, is being streamed: `snapshot` tells its object as it stands. */
  begin(id: string, input: readonly Item[], snapshot: () => Item): void {
    this.running.set(id, { input, snapshot });
  }

  /** Response `id`'s stream has ended (kept with `remember`, or failed and not kept). */
  end(id: string): void {
    this.running.delete(id);
  }

  /** Whether response `id` is being streamed still. */
  inProgress(id: string): boolean {
    return this.running.has(id);
  }

  /** Response `id`'s turn, unless it is not kept or was deleted. */
  private visible(id: string): Turn | undefined {
    const turn = this.turns.get(id);
    return turn?.hidden ? undefined : turn;
  }

  /** The response object served as `id`, while it is kept, or as it stands while streamed. */
  response(id: string): Item | undefined {
    return this.visible(id)?.response ?? this.running.get(id)?.snapshot();
  }

  /** The input items response `id` was sent (its own turn's, not the earlier turns'). */
  inputItems(id: string): readonly Item[] | undefined {
    const turn = this.visible(id);
    return turn ? turn.items.slice(0, turn.inputCount) : this.running.get(id)?.input;
  }

  /**
   * Output item `itemId` of response `id`, while the response is kept (for `item_reference`s: a
   * response deleted, or never kept, leaves none to refer to), or why it is not.
   */
  outputItem(id: string | undefined, itemId: string): ItemFound | undefined {
    const turn = id === undefined ? undefined : this.visible(id);
    if (turn) {
      for (let i = turn.inputCount; i < turn.items.length; i++) {
        const item = turn.items[i];
        if (item?.id === itemId) return { item };
      }
    }
    const gone = this.gone.get(itemId);
    return gone === undefined ? undefined : { gone };
  }

  /**
   * Deletes response `id`: it can no longer be fetched, referred to or continued from. When a
   * kept response continued from it, its turn stays, hidden, as that conversation's context.
   */
  forget(id: string): boolean {
    const turn = this.visible(id);
    if (!turn) return false;
    this.goneResponses.set(id, "deleted");
    for (let i = turn.inputCount; i < turn.items.length; i++) {
      const itemId = turn.items[i]?.id;
      if (typeof itemId === "string") this.gone.set(itemId, "deleted");
    }
    if (this.continued.get(id)) {
      // Changed in place: the entry keeps its age and weight.
      turn.hidden = true;
      turn.response = undefined;
    } else {
      this.turns.delete(id);
    }
    return true;
  }

  /**
   * Every item of the conversation that ends with response `id`, oldest first; undefined when
   * any of its turns is no longer kept. A conversation in use is kept fresh as a whole.
   */
  conversation(id: string): Item[] | undefined {
    // A deleted response is not continued from; the responses after it still are.
    if (!this.visible(id)) return undefined;
    const chain: Array<[string, Turn]> = [];
    let at: string | undefined = id;
    while (at !== undefined) {
      const turn = this.turns.get(at);
      if (!turn || chain.length >= MAX_TURNS) return undefined;
      chain.push([at, turn]);
      at = turn.previous;
    }
    chain.reverse();
    // Oldest first, so the turns keep their order among the entries kept longest.
    for (const [key, turn] of chain) {
      this.turns.set(key, turn);
      if (turn.previous !== undefined) this.continued.set(turn.previous, true);
    }
    return chain.flatMap(([, turn]) => turn.items);
  }

  sweep(): void {
    this.turns.sweep();
    this.continued.sweep();
    this.gone.sweep();
    this.goneResponses.sweep();
  }

  get size(): number {
    return this.turns.size;
  }
}
