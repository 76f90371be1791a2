import { createHash } from "node:crypto";

/** Keys longer than this (a long criterion) are kept as a digest. */
const MAX_KEY_CHARS = 256;

export interface MemoLimits {
  /** Entries kept at most. */
  entries: number;
  /** Array elements kept at most over all entries (a result list costs its length). */
  items: number;
}

/**
 * Memoized query results, least recently used dropped first, bounded both in number and in the
 * total length of the lists they hold: every distinct criterion adds an entry, and one entry can
 * hold a whole detector's worth of findings. The newest entry is always kept.
 */
export class Memo {
  private readonly values = new Map<string, { value: unknown; weight: number }>();
  private items = 0;

  constructor(private readonly limits: MemoLimits) {}

  /** `weigh` says what a value that is not an array costs (an index: its length). */
  get<T>(key: string, compute: () => T, weigh?: (value: T) => number): T {
    const id = key.length > MAX_KEY_CHARS ? createHash("sha256").update(key).digest("hex") : key;
    const hit = this.values.get(id);
    if (hit) {
      // Re-inserted so the Map's insertion order is the order of last use.
      this.values.delete(id);
      this.values.set(id, hit);
      return hit.value as T;
    }
    const value = compute();
    const weight = weigh ? weigh(value) : Array.isArray(value) ? value.length : 1;
    this.values.set(id, { value, weight });
    this.items += weight;
    this.evict();
    return value;
  }

  /** Drops every entry whose key `keep` refuses (digested keys included: they are not known). */
  retain(keep: (key: string) => boolean): void {
    for (const [key, entry] of this.values) {
      if (keep(key)) continue;
      this.values.delete(key);
      this.items -= entry.weight;
    }
  }

  clear(): void {
    this.values.clear();
    this.items = 0;
  }

  get size(): number {
    return this.values.size;
  }

  get heldItems(): number {
    return this.items;
  }

  private evict(): void {
    while (
      this.values.size > 1 &&
      (this.values.size > this.limits.entries || this.items > this.limits.items)
    ) {
      const [oldest, entry] = this.values.entries().next().value as [string, { weight: number }];
      this.values.delete(oldest);
      this.items -= entry.weight;
    }
  }
}
