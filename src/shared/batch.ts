// Helpers for DataLoader batch functions: results must come back in key order, one per key.
import DataLoader from "dataloader";
import { commonOmission, WHOLE_ROW } from "./column-selection.js";

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

/** Whether rows read leaving out `fetched` have every column a read leaving out `wanted` needs. */
function covers(fetched: readonly string[], wanted: readonly string[]): boolean {
  return fetched === wanted || fetched.every((column) => wanted.includes(column));
}

/** One load or prefetch: some keys, and the columns the caller can do without. */
interface SelectiveRequest<Key> {
  keys: readonly Key[];
  omit: readonly string[];
}

/**
 * The batching both selective loaders share. Loads and prefetches of one tick, whatever columns
 * each leaves out, share one statement that reads the columns any of them needs (the statement
 * count stays one per level, whatever mix of selections reaches it), and every value it read is
 * kept by the omission it was read with: a later load whose columns those rows cover is answered
 * at once (`known`), without a statement or a promise. Prefetching is how a field of many rows
 * gets there: a page's loader asks once for all its rows' relations (statement.prefetch.ts), and
 * each row's field then takes its value synchronously instead of a DataLoader load of its own.
 */
class SelectiveBatches<Key, Value> {
  /** Values by the omission they were read with: nothing left out first, when there are such. */
  private readonly byOmission = new Map<readonly string[], Map<Key, Value>>();
  private readonly batches: DataLoader<SelectiveRequest<Key>, ReadonlyMap<Key, Value>>;

  constructor(fetch: (keys: readonly Key[], omit: readonly string[]) => Promise<Map<Key, Value>>) {
    this.batches = new DataLoader<SelectiveRequest<Key>, ReadonlyMap<Key, Value>>(
      async (requests) => {
        const omit = commonOmission(requests.map((request) => request.omit));
        const keys = new Set<Key>();
        for (const request of requests) for (const key of request.keys) keys.add(key);
        const values = await fetch([...keys], omit);
        this.keep(values, omit);
        return requests.map(() => values);
      },
      // Requests are not cached by DataLoader: values are, by omission (`known`).
      { cache: false },
    );
  }

  keep(values: ReadonlyMap<Key, Value>, omit: readonly string[]): void {
    let kept = this.byOmission.get(omit);
    if (!kept) this.byOmission.set(omit, (kept = new Map()));
    for (const [key, value] of values) kept.set(key, value);
  }

  /** The value when one read with columns covering `omit` is kept; undefined otherwise. */
  known(key: Key, omit: readonly string[]): Value | undefined {
    for (const [fetched, values] of this.byOmission) {
      if (!covers(fetched, omit)) continue;
      const value = values.get(key);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  load(key: Key, omit: readonly string[], missing: Value): Promise<Value> {
    const known = this.known(key, omit);
    if (known !== undefined) return Promise.resolve(known);
    return this.batches.load({ keys: [key], omit }).then((values) => values.get(key) ?? missing);
  }

  prefetch(keys: readonly Key[], omit: readonly string[]): Promise<void> {
    const unknown = keys.filter((key) => this.known(key, omit) === undefined);
    return unknown.length === 0 ? Promise.resolve() : this.batches.load({ keys: unknown, omit }).then(() => undefined);
  }
}

/**
 * A by-key loader whose reads may leave columns out (`columnsToOmit`). Loads of one tick with
 * different omissions share one statement that reads the columns any of them needs; a whole row
 * (fetched or primed) answers every later load of its key.
 */
export class SelectiveRowLoader<Key extends number | string, Row> {
  private readonly batches: SelectiveBatches<Key, Row | null>;

  constructor(fetch: (keys: readonly Key[], omit: readonly string[]) => Promise<readonly Row[]>, keyOf: (row: Row) => Key) {
    this.batches = new SelectiveBatches(async (keys, omit) => {
      const byKey = indexBy(await fetch(keys, omit), keyOf);
      return new Map(keys.map((key) => [key, byKey.get(key) ?? null]));
    });
  }

  load(key: Key, omit: readonly string[] = WHOLE_ROW): Promise<Row | null> {
    return this.batches.load(key, omit, null);
  }

  /** The row (or null: there is none) when it is already known with the columns `omit` keeps; undefined otherwise. */
  peek(key: Key, omit: readonly string[] = WHOLE_ROW): Row | null | undefined {
    return this.batches.known(key, omit);
  }

  /** Reads these keys' rows in the tick's batch, for later `peek`s. */
  prefetch(keys: readonly Key[], omit: readonly string[] = WHOLE_ROW): Promise<void> {
    return this.batches.prefetch(keys, omit);
  }

  /** A whole row read elsewhere (a page, a lookup by slug). */
  prime(key: Key, row: Row): this {
    this.batches.keep(new Map([[key, row]]), WHOLE_ROW);
    return this;
  }
}

/** The one-to-many form of SelectiveRowLoader: every key gets the (possibly empty) list of its rows. */
export class SelectiveListLoader<Key extends number | string, Row> {
  private readonly batches: SelectiveBatches<Key, Row[]>;

  constructor(fetch: (keys: readonly Key[], omit: readonly string[]) => Promise<readonly Row[]>, keyOf: (row: Row) => Key) {
    this.batches = new SelectiveBatches(async (keys, omit) => {
      const byKey = groupBy(await fetch(keys, omit), keyOf);
      return new Map(keys.map((key) => [key, byKey.get(key) ?? []]));
    });
  }

  load(key: Key, omit: readonly string[] = WHOLE_ROW): Promise<Row[]> {
    return this.batches.load(key, omit, []);
  }

  /** The key's rows when they were read with the columns `omit` keeps; undefined otherwise. */
  peek(key: Key, omit: readonly string[] = WHOLE_ROW): Row[] | undefined {
    return this.batches.known(key, omit);
  }

  /** Reads these keys' rows in the tick's batch, for later `peek`s. */
  prefetch(keys: readonly Key[], omit: readonly string[] = WHOLE_ROW): Promise<void> {
    return this.batches.prefetch(keys, omit);
  }
}
