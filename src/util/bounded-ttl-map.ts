/**
 * A map that forgets: entries expire after `ttlMs`, and beyond `maxEntries` (or `maxWeight`, the
 * sum of what `weigh` says each value costs) the oldest go first. For what the gateway remembers
 * between a client's requests without letting clients grow it.
 */
export interface BoundedTtlMapOptions {
  /** Entries kept at most (at least 1); the oldest go first. */
  maxEntries: number;
  /** Milliseconds an entry is kept after it was last set. */
  ttlMs: number;
  /** The clock, in ms (Date.now by default; tests give their own). */
  now?: () => number;
}

export interface WeighedOptions<V> {
  /** Upper bound on the summed weights (say, characters held). */
  maxWeight: number;
  weigh: (value: V) => number;
}

export class BoundedTtlMap<K, V> {
  /** In insertion order, oldest first: a re-set entry moves to the end. */
  private readonly entries = new Map<K, { value: V; expiresAt: number; weight: number }>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly weighed: WeighedOptions<V> | undefined;
  private weight = 0;

  constructor(options: BoundedTtlMapOptions & Partial<WeighedOptions<V>>) {
    this.maxEntries = Math.max(1, options.maxEntries);
    this.ttlMs = options.ttlMs;
    this.now = options.now ?? Date.now;
    if (options.maxWeight !== undefined && options.weigh)
      this.weighed = { maxWeight: options.maxWeight, weigh: options.weigh };
  }

  /** The summed weight of what is held (0 without `weigh`). */
  get totalWeight(): number {
    return this.weight;
  }

  private drop(key: K): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.weight -= entry.weight;
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  set(key: K, value: V): void {
    this.drop(key);
    const weight = this.weighed?.weigh(value) ?? 0;
    // A value heavier than the whole budget is not kept at all (nor does it evict everything).
    if (this.weighed && weight > this.weighed.maxWeight) return;
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs, weight });
    this.weight += weight;
    const maxWeight = this.weighed?.maxWeight ?? Number.POSITIVE_INFINITY;
    while (this.entries.size > this.maxEntries || this.weight > maxWeight) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.drop(oldest.value);
    }
  }

  /** The live value, or undefined (an expired entry is dropped on the way). */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.drop(key);
      return undefined;
    }
    return entry.value;
  }

  /** Forgets `key`; whether a live entry was there. */
  delete(key: K): boolean {
    const live = this.get(key) !== undefined;
    this.drop(key);
    return live;
  }

  /** Drops expired entries; called from a timer so memory shrinks when traffic stops. */
  sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) this.drop(key);
    }
  }

  clear(): void {
    this.entries.clear();
    this.weight = 0;
  }
}
