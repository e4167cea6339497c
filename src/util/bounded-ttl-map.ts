/**
 * A map that forgets: entries expire after `ttlMs`, and beyond `maxEntries` the oldest go first.
 * For what the gateway remembers between a client's requests without letting clients grow it.
 */
export interface BoundedTtlMapOptions {
  maxEntries: number;
  ttlMs: number;
  now?: () => number;
}

export class BoundedTtlMap<K, V> {
  /** In insertion order, oldest first: a re-set entry moves to the end. */
  private readonly entries = new Map<K, { value: V; expiresAt: number }>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: BoundedTtlMapOptions) {
    this.maxEntries = Math.max(1, options.maxEntries);
    this.ttlMs = options.ttlMs;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  /** The live value, or undefined (an expired entry is dropped on the way). */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Drops expired entries; called from a timer so memory shrinks when traffic stops. */
  sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) this.entries.delete(key);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
