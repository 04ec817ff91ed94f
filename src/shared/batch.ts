// Helpers for DataLoader batch functions: results must come back in key order, one per key.
import DataLoader from "dataloader";
import { commonOmission, omissionKey, WHOLE_ROW } from "./column-selection.js";

function indexBy<Key, Row>(rows: readonly Row[], keyOf: (row: Row) => Key): Map<Key, Row> {
  const byKey = new Map<Key, Row>();
  for (const row of rows) byKey.set(keyOf(row), row);
  return byKey;
}

/** Rows by key, each key's in fetch order. */
export function groupBy<Key, Row>(rows: readonly Row[], keyOf: (row: Row) => Key): Map<Key, Row[]> {
  const byKey = new Map<Key, Row[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = byKey.get(key);
    if (list) list.push(row);
    else byKey.set(key, [row]);
  }
  return byKey;
}

/** A by-key loader over a function that fetches many rows at once. Unknown keys give null. */
export function createRowLoader<Key extends number | string, Row>(
  fetch: (keys: readonly Key[]) => Promise<readonly Row[]>,
  keyOf: (row: Row) => Key,
): DataLoader<Key, Row | null> {
  return new DataLoader<Key, Row | null>(async (keys) => {
    const byKey = indexBy(await fetch(keys), keyOf);
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** A one-to-many loader: every key gets the (possibly empty) list of its rows, in fetch order. */
export function createListLoader<Key extends number | string, Row>(
  fetch: (keys: readonly Key[]) => Promise<readonly Row[]>,
  keyOf: (row: Row) => Key,
): DataLoader<Key, Row[]> {
  return new DataLoader<Key, Row[]>(async (keys) => {
    const byKey = groupBy(await fetch(keys), keyOf);
    return keys.map((key) => byKey.get(key) ?? []);
  });
}

interface SelectiveKey<Key> {
  key: Key;
  omit: readonly string[];
}

/**
 * A by-key loader whose reads may leave columns out (`columnsToOmit`). Loads of one tick with
 * different omissions share one statement that reads the columns any of them needs; a whole row
 * (fetched or primed) answers every later load of its key.
 */
export class SelectiveRowLoader<Key extends number | string, Row> {
  private readonly whole = new Map<Key, Row | null>();
  private readonly batches: DataLoader<SelectiveKey<Key>, Row | null, string>;

  constructor(fetch: (keys: readonly Key[], omit: readonly string[]) => Promise<readonly Row[]>, keyOf: (row: Row) => Key) {
    const whole = this.whole;
    this.batches = new DataLoader<SelectiveKey<Key>, Row | null, string>(
      async (requests) => {
        const omit = commonOmission(requests.map((request) => request.omit));
        const keys = [...new Set(requests.map((request) => request.key))];
        const byKey = indexBy(await fetch(keys, omit), keyOf);
        if (omit.length === 0) for (const key of keys) whole.set(key, byKey.get(key) ?? null);
        return requests.map((request) => byKey.get(request.key) ?? null);
      },
      { cacheKeyFn: (request) => `${request.key}|${omissionKey(request.omit)}` },
    );
  }

  load(key: Key, omit: readonly string[] = WHOLE_ROW): Promise<Row | null> {
    const known = this.whole.get(key);
    return known !== undefined ? Promise.resolve(known) : this.batches.load({ key, omit });
  }

  /** A whole row read elsewhere (a page, a lookup by slug). */
  prime(key: Key, row: Row): this {
    this.whole.set(key, row);
    return this;
  }
}

/** The one-to-many form of SelectiveRowLoader: every key gets the (possibly empty) list of its rows. */
export class SelectiveListLoader<Key extends number | string, Row> {
  private readonly batches: DataLoader<SelectiveKey<Key>, Row[], string>;

  constructor(fetch: (keys: readonly Key[], omit: readonly string[]) => Promise<readonly Row[]>, keyOf: (row: Row) => Key) {
    this.batches = new DataLoader<SelectiveKey<Key>, Row[], string>(
      async (requests) => {
        const omit = commonOmission(requests.map((request) => request.omit));
        const byKey = groupBy(await fetch([...new Set(requests.map((request) => request.key))], omit), keyOf);
        return requests.map((request) => byKey.get(request.key) ?? []);
      },
      { cacheKeyFn: (request) => `${request.key}|${omissionKey(request.omit)}` },
    );
  }

  load(key: Key, omit: readonly string[] = WHOLE_ROW): Promise<Row[]> {
    return this.batches.load({ key, omit });
  }
}
