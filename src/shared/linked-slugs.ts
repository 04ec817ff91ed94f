// The slugs a link table points at, for many parents at once (an article's mentions, related
// articles and incidents; an incident's perpetrators): what NDJSON records name their references
// by. One statement per link, ordered by parent, then slug, as records list them.
import { sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Dialect } from "../db/dialect.js";
import { jsonList } from "../db/query.js";
import { rows, type Read } from "../db/read.js";

export interface SlugLink {
  /** The link table's column holding the parent's id, and the one holding the linked row's id. */
  parent: SQLiteColumn;
  target: SQLiteColumn;
  /** The table the linked rows live in (with `id` and `slug`), read as "x". */
  targetTable: SQLiteTable;
}

/** `extra`: more columns of the linked row ("x"), e.g. an actor's type. */
export function linkedSlugs<Extra extends object = object>(dialect: Dialect, link: SlugLink, parentIds: readonly number[], extra?: SQL): Read<({ parentId: number; slug: string } & Extra)[]> {
  return rows(
    dialect,
    () => sql`select ${link.parent} as "parentId", "x"."slug" as "slug"${extra ? sql`, ${extra}` : sql``}
        from ${link.parent.table} join ${link.targetTable} as "x" on "x"."id" = ${link.target}
        where ${link.parent} ${dialect.inList(jsonList(parentIds))}
        order by ${link.parent}, "x"."slug"`,
  );
}
