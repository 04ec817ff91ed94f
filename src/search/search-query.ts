/**
 * Reading the search index: user text → a safe FTS5 MATCH expression, ranked hits with keyset
 * pages, and the id conditions behind the `search` filters of the lists.
 *
 * Ranking: FTS5's BM25 with column weights (title 10 > subtitle 4 > body 1), negated so that
 * higher is better, plus EXACT_NAME_BONUS when the whole query equals a name, an alias, a headline
 * or a title (so the person Blinken ranks above every article that mentions him). Ties break on
 * the entity's date (newest first: articles by publication), then on the rowid, which makes the
 * order total and lets a cursor be (score, date, rowid).
 */
import type Database from "better-sqlite3";
import { sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { allRows, firstRow, jsonList } from "../db/query.js";
import { BadUserInputError } from "../shared/errors.js";
import type { NodeType } from "../shared/global-id.js";
import { analyze, buildMatchQuery } from "./analyzer.js";
import { ENTRIES_TABLE, exactNameNeedle, ROWID_CODES, ROWID_FACTOR, SEARCH_TABLE } from "./search-index.js";

export const MAX_QUERY_LENGTH = 256;

/** bm25() weights, in the table's column order: title, subtitle, body. */
const COLUMN_WEIGHTS = [10, 4, 1] as const;

/** Added to the score of a hit whose name equals the query; larger than any BM25 score in practice. */
export const EXACT_NAME_BONUS = 1000;

export interface ParsedQuery {
  /** Analyzed terms, for snippets (highlightSnippet). */
  terms: string[];
  /** The FTS5 MATCH expression; null when the text has nothing searchable (only punctuation, emoji…). */
  match: string | null;
}

/**
 * Validates and analyzes what a user typed. Blank or over MAX_QUERY_LENGTH characters is a
 * BAD_USER_INPUT error on `path`; anything else is valid, FTS5 operators included (they become
 * plain words or disappear: see buildMatchQuery).
 */
export function parseSearchQuery(query: string, path: string): ParsedQuery {
  if (query.trim() === "") throw BadUserInputError.field(path, "must contain a word to search for");
  const length = [...query].length;
  if (length > MAX_QUERY_LENGTH) throw BadUserInputError.field(path, `must be at most ${MAX_QUERY_LENGTH} characters long, got ${length}`);
  return { terms: analyze(query), match: buildMatchQuery(query) };
}

function typeCodes(types: readonly NodeType[]): number[] {
  return [...new Set(types)].map((type) => ROWID_CODES[type]);
}

const TABLE = sql.raw(SEARCH_TABLE);
const ENTRIES = sql.raw(ENTRIES_TABLE);
const FACTOR = sql.raw(String(ROWID_FACTOR));

export interface SearchHitRow {
  rowid: number;
  score: number;
  sortDate: string;
}

/** Cursor of a hit: the sort key, in order. */
export type SearchCursor = [score: number, sortDate: string, rowid: number];

export function cursorValuesOf(hit: SearchHitRow): SearchCursor {
  return [hit.score, hit.sortDate, hit.rowid];
}

/** The ranked hits after `after`, at most `limit`, of the given types. */
export function searchHits(sqlite: Database.Database, query: ParsedQuery, types: readonly NodeType[], after: SearchCursor | null, limit: number): SearchHitRow[] {
  if (query.match === null || limit === 0) return [];
  const weights = sql.raw(COLUMN_WEIGHTS.join(", "));
  const ranked = sql`select ${TABLE}.rowid as "rowid", "e"."sort_date" as "sortDate",
      -bm25(${TABLE}, ${weights}) + (case when instr("e"."names", ${exactNameNeedle(query.terms)}) > 0 then ${EXACT_NAME_BONUS} else 0 end) as "score"
    from ${TABLE} join ${ENTRIES} as "e" on "e"."rowid" = ${TABLE}.rowid
    where ${TABLE} match ${query.match} and ${TABLE}.rowid % ${FACTOR} in (select value from json_each(${jsonList(typeCodes(types))}))`;
  const keyset = after
    ? sql`where "score" < ${after[0]} or ("score" = ${after[0]} and ("sortDate" < ${after[1]} or ("sortDate" = ${after[1]} and "rowid" < ${after[2]})))`
    : sql``;
  return allRows<SearchHitRow>(sqlite, sql`select * from (${ranked}) ${keyset} order by "score" desc, "sortDate" desc, "rowid" desc limit ${limit}`);
}

/** How many entities of the given types match. */
export function countHits(sqlite: Database.Database, query: ParsedQuery, types: readonly NodeType[]): number {
  if (query.match === null) return 0;
  const row = firstRow<{ total: number }>(
    sqlite,
    sql`select count(*) as "total" from ${TABLE} where ${TABLE} match ${query.match} and rowid % ${FACTOR} in (select value from json_each(${jsonList(typeCodes(types))}))`,
  );
  return row?.total ?? 0;
}

/**
 * A condition "`idColumn` is the id of a matching entity of these types", for list filters.
 * `columns` restricts the match to some columns (people are found by names and aliases only).
 * Text with nothing searchable in it matches nothing.
 */
export function matchingIds(idColumn: SQLiteColumn, query: string, path: string, types: readonly NodeType[], columns?: readonly ("title" | "subtitle" | "body")[]): SQL {
  const { match } = parseSearchQuery(query, path);
  if (match === null) return sql`0`;
  const expression = columns ? `{${columns.join(" ")}} : (${match})` : match;
  return sql`${idColumn} in (select rowid / ${FACTOR} from ${TABLE} where ${TABLE} match ${expression} and rowid % ${FACTOR} in (select value from json_each(${jsonList(typeCodes(types))})))`;
}
