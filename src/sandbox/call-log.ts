/**
 * The newest `capacity` entries, oldest dropped first: a fixed array used as a ring, so a
 * long-running sandbox keeps constant memory and each push costs the same.
 */
export class RingLog<T> {
  private readonly entries: (T | undefined)[];
  private start = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a positive integer; got ${capacity}`);
    }
    this.entries = new Array<T | undefined>(capacity);
  }

  push(entry: T): void {
    if (this.size < this.capacity) {
      this.entries[(this.start + this.size) % this.capacity] = entry;
      this.size += 1;
      return;
    }
    this.entries[this.start] = entry;
    this.start = (this.start + 1) % this.capacity;
  }

  /** Oldest first. */
  toArray(): T[] {
    const out: T[] = new Array(this.size);
    for (let i = 0; i < this.size; i += 1) {
      out[i] = this.entries[(this.start + i) % this.capacity] as T;
    }
    return out;
  }

  clear(): void {
    this.entries.fill(undefined);
    this.start = 0;
    this.size = 0;
  }
}
