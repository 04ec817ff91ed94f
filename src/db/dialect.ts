// What differs between the engines in the read path's SQL, as fragments: everything else Khabar
// reads is written once, with Drizzle's `sql` template, whose tables and columns render the same
// on both (double-quoted identifiers). Id lists travel as one JSON text parameter on both
// engines, so a statement's parameters never depend on the engine, only its text.
import { sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";

export type ListType = "integer" | "text";

export interface Dialect {
  readonly name: "sqlite" | "postgres";
  /** `{ sql, params }` with the engine's placeholders (`?` or `$1`). */
  render(query: SQL): { sql: string; params: unknown[] };
  /** `in (…)`: membership in a JSON list parameter. */
  inList(list: SQL, type?: ListType): SQL;
  /** The JSON list as a table with one column, "value", under `alias` (the outer loop of a batch). */
  listTable(list: SQL, alias: string, type?: ListType): SQL;
  /** A JSON list of [first, second] integer pairs as a table under `alias`; `pairElement` reads one of a row's two. */
  pairTable(list: SQL, alias: string): SQL;
  pairElement(alias: string, index: 0 | 1): SQL;
  /**
   * The join that makes the listed parents the outer loop: SQLite must be told (`cross join`),
   * or it may scan the whole row table and re-run a correlated subquery per row.
   */
  readonly outerLoopJoin: SQL;
  /** count(*) as a JavaScript number (PostgreSQL's is a bigint, which node-postgres gives as text). */
  readonly countAll: SQL;
  /**
   * Ends the subquery of a claim (`update … where id in (select … <skipLocked>)`): on PostgreSQL,
   * `for update skip locked`, so processes claiming at once take different rows instead of waiting
   * on, or both taking, the same ones; nothing on SQLite, whose writes are serialized anyway.
   */
  readonly skipLocked: SQL;
}

const sqliteRenderer = new SQLiteSyncDialect();
const postgresRenderer = new PgDialect();

export const SQLITE: Dialect = {
  name: "sqlite",
  render: (query) => sqliteRenderer.sqlToQuery(query),
  inList: (list) => sql`in (select "value" from json_each(${list}))`,
  listTable: (list, alias) => sql`json_each(${list}) as ${sql.identifier(alias)}`,
  pairTable: (list, alias) => sql`json_each(${list}) as ${sql.identifier(alias)}`,
  pairElement: (alias, index) => sql`${sql.identifier(alias)}."value" ->> ${sql.raw(String(index))}`,
  outerLoopJoin: sql.raw("cross join"),
  countAll: sql.raw("count(*)"),
  skipLocked: sql.raw(""),
};

function postgresElements(list: SQL, type: ListType): SQL {
  return type === "integer"
    ? sql`(select "value"::integer as "value" from jsonb_array_elements_text(${list}::jsonb))`
    : sql`(select "value" from jsonb_array_elements_text(${list}::jsonb))`;
}

export const POSTGRES: Dialect = {
  name: "postgres",
  render: (query) => postgresRenderer.sqlToQuery(query),
  inList: (list, type = "integer") => sql`in ${postgresElements(list, type)}`,
  listTable: (list, alias, type = "integer") => sql`${postgresElements(list, type)} as ${sql.identifier(alias)}`,
  pairTable: (list, alias) =>
    sql`(select ("value" ->> 0)::integer as "first", ("value" ->> 1)::integer as "second" from jsonb_array_elements(${list}::jsonb)) as ${sql.identifier(alias)}`,
  pairElement: (alias, index) => sql`${sql.identifier(alias)}.${sql.identifier(index === 0 ? "first" : "second")}`,
  outerLoopJoin: sql.raw("join"),
  countAll: sql.raw("count(*)::integer"),
  skipLocked: sql.raw("for update skip locked"),
};
