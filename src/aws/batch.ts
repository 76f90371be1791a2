/**
 * Helpers that keep the DataLoader contract for every batch function: results in the order and
 * length of the keys, an Error in place of each key that failed, lookups grouped per
 * (region, detector) and cut into chunks at the service's limit, chunks sent concurrently.
 */

export interface Scoped {
  region: string;
  detectorId: string;
}

export function groupByScope<K extends Scoped>(keys: readonly K[]): Map<string, K[]> {
  const groups = new Map<string, K[]>();
  for (const key of keys) {
    const scope = `${key.region}/${key.detectorId}`;
    const group = groups.get(scope);
    if (group) group.push(key);
    else groups.set(scope, [key]);
  }
  return groups;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/**
 * Loads `keys` by calling `fetchChunk` once per (scope, chunk of unique ids); `idOf` names the id
 * a key asks for, `idOfResult` the id a result answers. Keys whose id is not in the answer get
 * `missing(key)`; keys of a failed chunk get that chunk's error.
 */
export async function loadInChunks<K extends Scoped, R>(
  keys: readonly K[],
  options: {
    chunkSize: number;
    idOf: (key: K) => string;
    fetchChunk: (scope: Scoped, ids: string[]) => Promise<Map<string, R>>;
    missing: (key: K) => Error;
  },
): Promise<(R | Error)[]> {
  const answers = new Map<string, R | Error>();
  const work: Promise<void>[] = [];
  for (const [scope, group] of groupByScope(keys)) {
    const first = group[0] as K;
    const ids = [...new Set(group.map(options.idOf))];
    for (const ids50 of chunk(ids, options.chunkSize)) {
      work.push(
        options.fetchChunk({ region: first.region, detectorId: first.detectorId }, ids50).then(
          (found) => {
            for (const id of ids50) {
              const result = found.get(id);
              if (result !== undefined) answers.set(`${scope}/${id}`, result);
            }
          },
          (error: unknown) => {
            const failure = error instanceof Error ? error : new Error(String(error));
            for (const id of ids50) answers.set(`${scope}/${id}`, failure);
          },
        ),
      );
    }
  }
  await Promise.all(work);
  return keys.map(
    (key) =>
      answers.get(`${key.region}/${key.detectorId}/${options.idOf(key)}`) ?? options.missing(key),
  );
}
