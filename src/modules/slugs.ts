// Ids → slugs for the records that reference other entities (exports, and the current record an
// edit is overlaid on). A lookup is cached for the life of the object: the same speakers and
// incidents recur on every article of an export. An export resolves a batch's ids in one read
// (`resolve`, engine-neutral) before building its records, as the writers do for a revision.
import { sql } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Dialect } from "../db/dialect.js";
import { jsonList } from "../db/query.js";
import { rows } from "../db/read.js";
import { read, type ReadProgram } from "../db/read-program.js";

/** A table whose rows have an integer `id` and a unique `slug`. */
export type SluggedTable = SQLiteTable & { id: SQLiteColumn; slug: SQLiteColumn };

/**
 * Past this many slugs of one table the cache starts again (before a batch is resolved, never
 * during one): an export of any size keeps a bounded map, and the ids a batch needs are read anew.
 */
const MAX_CACHED = 100_000;

export class SlugLookup {
  private readonly cache = new Map<SluggedTable, Map<number, string>>();

  /** For a dialect: ids are resolved (`resolve`, one read per batch) before their slugs are asked for. */
  constructor(readonly dialect: Dialect) {}

  private slugsOf(table: SluggedTable): Map<number, string> {
    let slugs = this.cache.get(table);
    if (!slugs) this.cache.set(table, (slugs = new Map()));
    return slugs;
  }

  /** Reads the slugs of the ids not known yet, in one statement. */
  *resolve(table: SluggedTable, ids: Iterable<number | null>): ReadProgram<void> {
    let slugs = this.slugsOf(table);
    if (slugs.size > MAX_CACHED) {
      slugs.clear();
      slugs = this.slugsOf(table);
    }
    const missing = [...new Set([...ids].filter((id): id is number => id !== null && !slugs.has(id)))];
    if (missing.length === 0) return;
    const found = yield* read(
      rows<{ id: number; slug: string }>(this.dialect, () => sql`select ${table.id} as "id", ${table.slug} as "slug" from ${table} where ${table.id} ${this.dialect.inList(jsonList(missing))}`),
    );
    for (const id of missing) slugs.set(id, "");
    for (const row of found) slugs.set(row.id, row.slug);
  }

  /** The slug of row `id` of `table`; empty when there is none. */
  of(table: SluggedTable, id: number): string {
    const slugs = this.slugsOf(table);
    let slug = slugs.get(id);
    if (slug === undefined) throw new Error(`slug of ${String(id)} read before it was resolved`);
    return slug;
  }
}

/** Drops null, undefined and empty lists, so records stay small and stable. */
export function compact<Value extends object>(value: Value): Value {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== null && field !== undefined && !(Array.isArray(field) && field.length === 0))) as Value;
}
