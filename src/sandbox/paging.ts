import { createHash } from "node:crypto";
import { invalidParameter } from "./errors.js";

// Enough for many concurrent paginations; the oldest snapshots are dropped first.
const MAX_SNAPSHOTS = 20_000;

interface Snapshot {
  scope: string;
  items: readonly unknown[];
  offset: number;
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/**
 * Opaque, single-use-looking tokens over a snapshot of the result list taken at the first page.
 * Every page gets a fresh token (the JS SDK paginators loop forever on a repeated token), the
 * last page gets none, and a token only works in the scope (account, region, operation,
 * detector) it was issued for.
 */
export class Pager {
  private readonly snapshots = new Map<string, Snapshot>();
  private issued = 0;

  constructor(private readonly salt: string) {}

  page<T>(
    scope: string,
    nextToken: string | undefined,
    maxResults: number,
    compute: () => readonly T[],
  ): Page<T> {
    let items: readonly T[];
    let offset = 0;
    if (nextToken) {
      const snapshot = this.snapshots.get(nextToken);
      if (!snapshot || snapshot.scope !== scope) throw invalidParameter("nextToken");
      items = snapshot.items as readonly T[];
      offset = snapshot.offset;
    } else {
      items = compute();
    }
    const end = offset + maxResults;
    const page: Page<T> = { items: items.slice(offset, end) };
    if (end < items.length) page.nextToken = this.issue({ scope, items, offset: end });
    return page;
  }

  clear(): void {
    this.snapshots.clear();
  }

  private issue(snapshot: Snapshot): string {
    this.issued += 1;
    const token = createHash("sha256")
      .update(`${this.salt}:${this.issued}`)
      .digest("base64url")
      .slice(0, 43);
    this.snapshots.set(token, snapshot);
    if (this.snapshots.size > MAX_SNAPSHOTS) {
      const oldest = this.snapshots.keys().next().value;
      if (oldest !== undefined) this.snapshots.delete(oldest);
    }
    return token;
  }
}
