// Ids → slugs for the records that reference other entities (exports, and the current record an
// edit is overlaid on). A lookup is cached for the life of the object: the same speakers and
// incidents recur on every article of an export.
import { eq } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db } from "../db/client.js";

/** A table whose rows have an integer `id` and a unique `slug`. */
export type SluggedTable = SQLiteTable & { id: SQLiteColumn; slug: SQLiteColumn };

export class SlugLookup {
  private readonly cache = new Map<SluggedTable, Map<number, string>>();

  constructor(private readonly db: Db) {}

  /** The slug of row `id` of `table`; empty when there is none. */
  of(table: SluggedTable, id: number): string {
    let slugs = this.cache.get(table);
    if (!slugs) this.cache.set(table, (slugs = new Map()));
    let slug = slugs.get(id);
    if (slug === undefined) {
      const row = this.db.select({ slug: table.slug }).from(table).where(eq(table.id, id)).get() as { slug: string } | undefined;
      slug = row?.slug ?? "";
      slugs.set(id, slug);
    }
    return slug;
  }
}

/** Drops null, undefined and empty lists, so records stay small and stable. */
export function compact<Value extends object>(value: Value): Value {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== null && field !== undefined && !(Array.isArray(field) && field.length === 0))) as Value;
}
