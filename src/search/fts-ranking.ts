/**
 * Ranking by FTS5 itself: the reference every faster path must agree with, and what they fall
 * back to. FTS5 scores every match with BM25 (in C, with SQLite's top-N sorter) before it can
 * pick the best, so each function here costs the number of matches.
 *
 * Ranking: FTS5's BM25 with column weights (title 10 > subtitle 4 > body 1), negated so that
 * higher is better, plus EXACT_NAME_BONUS when the whole query equals a name, an alias, a headline
 * or a title (so the person Blinken ranks above every article that mentions him). Ties break on
 * the entity's date (newest first: articles by publication), then on the rowid, which makes the
 * order total and lets a cursor be (score, date, rowid).
 */
import type Database from "better-sqlite3";
import { sql, type SQL } from "drizzle-orm";
import { allRows, firstRow, jsonList } from "../db/query.js";
import { ENTRIES_TABLE, exactName, NAMES_TABLE, ROWID_FACTOR, SEARCH_TABLE } from "./search-index.js";

/** bm25() weights, in the table's column order: title, subtitle, body. */
export const COLUMN_WEIGHTS = [10, 4, 1] as const;

/** Added to the score of a hit whose name equals the query; larger than any BM25 score in practice. */
export const EXACT_NAME_BONUS = 1000;

/** What ranking needs of a parsed query (search-query.ts). */
export interface RankedQuery {
  /** Analyzed terms. */
  terms: string[];
  /** The FTS5 MATCH expression. */
  match: string;
}

export interface SearchHitRow {
  rowid: number;
  score: number;
  sortDate: string;
}

/** Cursor of a hit: the sort key, in order. */
export type SearchCursor = [score: number, sortDate: string, rowid: number];

/** Type codes (the searchable types' `code`s) without repeats, in a stable order. */
export function typeCodes(codes: readonly number[]): number[] {
  return [...new Set(codes)].sort((a, b) => a - b);
}

export function afterCursor(hit: SearchHitRow, after: SearchCursor | null): boolean {
  if (after === null) return true;
  if (hit.score !== after[0]) return hit.score < after[0];
  if (hit.sortDate !== after[1]) return hit.sortDate < after[1];
  return hit.rowid < after[2];
}

export function byRank(a: SearchHitRow, b: SearchHitRow): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.sortDate !== b.sortDate) return a.sortDate < b.sortDate ? 1 : -1;
  return b.rowid - a.rowid;
}

const TABLE = sql.raw(SEARCH_TABLE);
const ENTRIES = sql.raw(ENTRIES_TABLE);
const NAMES = sql.raw(NAMES_TABLE);
const FACTOR = sql.raw(String(ROWID_FACTOR));

export interface ScoredRow {
  rowid: number;
  score: number;
}

/**
 * The two sources of hits: `exact`, the rows whose name equals the query (an index lookup in
 * search_names, few rows) with their BM25 plus the bonus; and `bm25Hits`, FTS5's matches
 * (exact-name rows among them, without the bonus) meeting `condition` on "score", best first.
 */
export function rankingSources(sqlite: Database.Database, query: RankedQuery, codes: readonly number[]) {
  const weights = sql.raw(COLUMN_WEIGHTS.join(", "));
  const codeList = jsonList(typeCodes(codes));
  const exact = allRows<ScoredRow>(
    sqlite,
    sql`select rowid as "rowid", -bm25(${TABLE}, ${weights}) as "score" from ${TABLE}
      where ${TABLE} match ${query.match} and rowid in (
        select "rowid" from ${NAMES} where "name" = ${exactName(query.terms)} and "rowid" % ${FACTOR} in (select value from json_each(${codeList})))`,
  ).map((row) => ({ rowid: row.rowid, score: row.score + EXACT_NAME_BONUS }));
  const bm25Hits = (condition: SQL, window: number | null) =>
    allRows<ScoredRow>(
      sqlite,
      sql`select * from (select rowid as "rowid", -bm25(${TABLE}, ${weights}) as "score" from ${TABLE}
          where ${TABLE} match ${query.match} and rowid % ${FACTOR} in (select value from json_each(${codeList})))
        where ${condition} order by "score" desc ${window === null ? sql`` : sql`limit ${window}`}`,
    );
  return { exact, exactRowids: new Set(exact.map((row) => row.rowid)), bm25Hits };
}

/** BM25 hits read per pass beyond twice the page: a pass costs about the same for any small window, and a wider one rarely ends inside a tie group (the generated data has many). */
const WINDOW_EXTRA = 64;

/**
 * The ranked hits after `after`, at most `limit`, of the given types, from FTS5 alone:
 * 1. exact-name hits come from an index lookup in search_names (few rows), with their BM25;
 * 2. the other hits come from FTS5 ordered by BM25 with a LIMIT (a window a little larger than
 *    the page), keyset on the score alone (`score <= cursor score`);
 * 3. only the rows of those two short lists get their date from search_entries; the full order
 *    (score, date, rowid) and the cursor are applied to them in JavaScript.
 * The window holds every hit scoring above its last score (its edge), so the page is decided when
 * its last hit scores above the edge, or the matches are exhausted. Otherwise the tie group at the
 * edge is read whole (one more pass), and if the page is still short, the next window below it.
 */
export function rankedHits(sqlite: Database.Database, query: RankedQuery, codes: readonly number[], after: SearchCursor | null, limit: number): SearchHitRow[] {
  const { exact, exactRowids, bm25Hits } = rankingSources(sqlite, query, codes);
  const maxScore = after ? after[0] : Number.MAX_VALUE;
  const window = 2 * limit + WINDOW_EXTRA;
  const ranked: ScoredRow[] = [];
  const page = () => withDates(sqlite, exact, ranked, exactRowids).filter((hit) => afterCursor(hit, after));
  const scoring = (hits: readonly SearchHitRow[], keep: (score: number) => boolean) => hits.filter((hit) => keep(hit.score)).length;
  let condition = sql`"score" <= ${maxScore}`;
  for (;;) {
    const batch = bm25Hits(condition, window);
    if (batch.length < window) {
      ranked.push(...batch); // every match is read
      return page().slice(0, limit);
    }
    // Every hit scoring above `edge` is read, and ordered (with its date) in page().
    const edge = batch.at(-1)!.score;
    ranked.push(...batch.filter((row) => row.score > edge));
    let hits = page();
    if (scoring(hits, (score) => score > edge) >= limit) return hits.slice(0, limit);
    // The page reaches the score `edge`: its tie group is ordered by date, unknown to FTS5, so
    // all of it is read (one more pass; ties are rare except between identical documents).
    const tied = bm25Hits(sql`"score" = ${edge}`, null);
    ranked.push(...(tied.length > 0 ? tied : batch.filter((row) => row.score === edge))); // BM25 is deterministic: never empty

    hits = page();
    if (scoring(hits, (score) => score >= edge) >= limit) return hits.slice(0, limit);
    condition = sql`"score" < ${edge}`;
  }
}

/** The exact-name hits and the others (without the exact ones), with their dates (read for these rows only), in rank order. */
export function withDates(sqlite: Database.Database, exact: readonly ScoredRow[], ranked: readonly ScoredRow[], exactRowids: ReadonlySet<number>): SearchHitRow[] {
  const candidates = [...exact, ...ranked.filter((row) => !exactRowids.has(row.rowid))];
  const dates = new Map(
    allRows<{ rowid: number; sortDate: string }>(
      sqlite,
      sql`select "rowid" as "rowid", "sort_date" as "sortDate" from ${ENTRIES} where "rowid" in (select value from json_each(${jsonList(candidates.map((row) => row.rowid))}))`,
    ).map((row) => [row.rowid, row.sortDate]),
  );
  return candidates.map((row) => ({ ...row, sortDate: dates.get(row.rowid) ?? "" })).sort(byRank);
}

/** How many rows of the given types match, counted by FTS5. */
export function countMatches(sqlite: Database.Database, match: string, codes: readonly number[]): number {
  const row = firstRow<{ total: number }>(
    sqlite,
    sql`select count(*) as "total" from ${TABLE} where ${TABLE} match ${match} and rowid % ${FACTOR} in (select value from json_each(${jsonList(typeCodes(codes))}))`,
  );
  return row?.total ?? 0;
}
