// Search on PostgreSQL: the analyzer's terms in a tsvector (see migrations/postgres).
import type { SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { ParsedQuery } from "./search-query.js";

export type SearchColumn = "title" | "subtitle" | "body";

export function postgresMatchingIds(_idColumn: SQLiteColumn, _query: ParsedQuery, _codes: readonly number[], _columns?: readonly SearchColumn[]): SQL {
  throw new Error("TODO(issue 12): search filters on PostgreSQL");
}
