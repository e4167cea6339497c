/**
 * The conversations behind the responses this gateway served, so that a client may continue one
 * with `previous_response_id` instead of sending it all again, or fetch a response again. Each
 * response keeps only its own turn (the input items it was sent, the response object answered,
 * whose output items are the turn's other items) and the id of the response before it; a
 * conversation is the chain of its turns. Memory only, bounded in entries, text and time: a chain
 * with a forgotten turn cannot be continued, and the client is told to send it whole.
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

  constructor(options: ResponseHistoryOptions) {
    this.turns = new BoundedTtlMap<string, Turn>({
      maxEntries: options.maxEntries,
      ttlMs: options.ttlMs,
      maxWeight: options.maxChars,
      weigh: (turn) => charsOf(turn.items) + responseChars(turn.response),
      ...(options.now ? { now: options.now } : {}),
    });
  }

  /** Keeps response `id`: the turn's input items, then its output items, after `previous`. */
  remember(
    id: string,
    previous: string | undefined,
    input: readonly Item[],
    output: readonly Item[],
    response?: Item,
  ): void {
    this.turns.set(id, {
      previous,
      items: [...input, ...output],
      inputCount: input.length,
      response,
    });
  }

  /** The response object served as `id`, while it is kept. */
  response(id: string): Item | undefined {
    return this.turns.get(id)?.response;
  }

  /** The input items response `id` was sent (its own turn's, not the earlier turns'). */
  inputItems(id: string): readonly Item[] | undefined {
    const turn = this.turns.get(id);
    return turn ? turn.items.slice(0, turn.inputCount) : undefined;
  }

  /**
   * Output item `itemId` of response `id`, while the response is kept (for `item_reference`s: a
   * response deleted, or never kept, leaves none to refer to).
   */
  outputItem(id: string, itemId: string): Item | undefined {
    const turn = this.turns.get(id);
    if (!turn) return undefined;
    for (let i = turn.inputCount; i < turn.items.length; i++)
      if (turn.items[i]?.id === itemId) return turn.items[i];
    return undefined;
  }

  /** Forgets response `id`: it can no longer be fetched or continued from. */
  forget(id: string): boolean {
    return this.turns.delete(id);
  }

  /**
   * Every item of the conversation that ends with response `id`, oldest first; undefined when
   * any of its turns is no longer kept. A conversation in use is kept fresh as a whole.
   */
  conversation(id: string): Item[] | undefined {
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
    for (const [key, turn] of chain) this.turns.set(key, turn);
    return chain.flatMap(([, turn]) => turn.items);
  }

  sweep(): void {
    this.turns.sweep();
  }

  get size(): number {
    return this.turns.size;
  }
}
