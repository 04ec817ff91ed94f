// Helpers for DataLoader batch functions: results must come back in key order, one per key.
import DataLoader from "dataloader";

/** A by-key loader over a function that fetches many rows at once. Unknown keys give null. */
export function createRowLoader<Key extends number | string, Row>(
  fetch: (keys: readonly Key[]) => readonly Row[],
  keyOf: (row: Row) => Key,
): DataLoader<Key, Row | null> {
  return new DataLoader<Key, Row | null>(async (keys) => {
    const byKey = new Map<Key, Row>();
    for (const row of fetch(keys)) byKey.set(keyOf(row), row);
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** A one-to-many loader: every key gets the (possibly empty) list of its rows, in fetch order. */
export function createListLoader<Key extends number | string, Row>(
  fetch: (keys: readonly Key[]) => readonly Row[],
  keyOf: (row: Row) => Key,
): DataLoader<Key, Row[]> {
  return new DataLoader<Key, Row[]>(async (keys) => {
    const byKey = new Map<Key, Row[]>();
    for (const row of fetch(keys)) {
      const key = keyOf(row);
      const list = byKey.get(key);
      if (list) list.push(row);
      else byKey.set(key, [row]);
    }
    return keys.map((key) => byKey.get(key) ?? []);
  });
}
