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
import { allRows, databaseVersion, firstRow, jsonList } from "../db/query.js";
import { BadUserInputError } from "../shared/errors.js";
import { analyze, buildMatchQuery } from "./analyzer.js";
import { ENTRIES_TABLE, exactName, NAMES_TABLE, ROWID_FACTOR, SEARCH_TABLE } from "./search-index.js";

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

/** Type codes (the searchable types' `code`s) without repeats, in a stable order. */
function typeCodes(codes: readonly number[]): number[] {
  return [...new Set(codes)].sort((a, b) => a - b);
}

const TABLE = sql.raw(SEARCH_TABLE);
const ENTRIES = sql.raw(ENTRIES_TABLE);
const NAMES = sql.raw(NAMES_TABLE);
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

/** BM25 hits read per pass beyond twice the page: a pass costs about the same for any small window, and a wider one rarely ends inside a tie group (the generated data has many). */
const WINDOW_EXTRA = 64;

function afterCursor(hit: SearchHitRow, after: SearchCursor | null): boolean {
  if (after === null) return true;
  if (hit.score !== after[0]) return hit.score < after[0];
  if (hit.sortDate !== after[1]) return hit.sortDate < after[1];
  return hit.rowid < after[2];
}

function byRank(a: SearchHitRow, b: SearchHitRow): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.sortDate !== b.sortDate) return a.sortDate < b.sortDate ? 1 : -1;
  return b.rowid - a.rowid;
}

/**
 * The ranked hits after `after`, at most `limit`, of the given types.
 *
 * The work per page is bounded by the page, not by the number of matches, except for FTS5's own
 * pass over the matches computing BM25 (in C, with SQLite's top-N sorter: no join, no JavaScript):
 * 1. exact-name hits come from an index lookup in search_names (few rows), with their BM25;
 * 2. the other hits come from FTS5 ordered by BM25 with a LIMIT (a window a little larger than
 *    the page), keyset on the score alone (`score <= cursor score`);
 * 3. only the rows of those two short lists get their date from search_entries; the full order
 *    (score, date, rowid) and the cursor are applied to them in JavaScript.
 * The window holds every hit scoring above its last score (its edge), so the page is decided when
 * its last hit scores above the edge, or the matches are exhausted. Otherwise the tie group at the
 * edge is read whole (one more pass), and if the page is still short, the next window below it.
 */
export function searchHits(sqlite: Database.Database, query: ParsedQuery, codes: readonly number[], after: SearchCursor | null, limit: number): SearchHitRow[] {
  if (query.match === null || limit === 0) return [];
  const cached = cachedRanking(sqlite, query, codes);
  const rest = cached.hits.filter((hit) => afterCursor(hit, after));
  if (cached.complete || rest.length >= limit) return rest.slice(0, limit);
  return rankedHits(sqlite, query, codes, after, limit);
}

/**
 * The first CACHED_HITS hits of recent queries, per connection, so that the next pages and the
 * same search again cost a lookup instead of FTS5's pass over every match. An entry is valid while
 * the database has not changed: `total_changes()` counts this connection's writes (triggers
 * included; a rolled-back write still invalidates), `data_version` other connections' commits;
 * nothing is cached inside a transaction (see databaseVersion).
 */
const CACHED_HITS = 200;
const CACHED_QUERIES = 128;

interface CachedRanking {
  version: string;
  hits: SearchHitRow[];
  /** The hits are every match (fewer than CACHED_HITS). */
  complete: boolean;
}

const rankingsByConnection = new WeakMap<Database.Database, Map<string, CachedRanking>>();

function cachedRanking(sqlite: Database.Database, query: ParsedQuery, codes: readonly number[]): Omit<CachedRanking, "version"> {
  const version = databaseVersion(sqlite);
  if (version === null) return rankingPrefix(sqlite, query, codes);
  let cache = rankingsByConnection.get(sqlite);
  if (!cache) {
    cache = new Map();
    rankingsByConnection.set(sqlite, cache);
  }
  const key = JSON.stringify([query.match, query.terms, [...new Set(typeCodes(codes))].sort()]);
  const entry = cache.get(key);
  if (entry && entry.version === version) {
    cache.delete(key); // most recently used last
    cache.set(key, entry);
    return entry;
  }
  const fresh = { version, ...rankingPrefix(sqlite, query, codes) };
  cache.delete(key);
  cache.set(key, fresh);
  if (cache.size > CACHED_QUERIES) cache.delete(cache.keys().next().value!);
  return fresh;
}

/**
 * The hits ranked above the last score of one BM25 window of CACHED_HITS (in one FTS5 pass): that
 * prefix is complete and in order, whatever the ties at the window's edge (they are left out).
 */
function rankingPrefix(sqlite: Database.Database, query: ParsedQuery, codes: readonly number[]): Omit<CachedRanking, "version"> {
  const { exact, exactRowids, bm25Hits } = rankingSources(sqlite, query, codes);
  const batch = bm25Hits(sql`1`, CACHED_HITS);
  const complete = batch.length < CACHED_HITS;
  const edge = complete ? -Infinity : batch.at(-1)!.score;
  const hits = pageOf(sqlite, exact, batch, exactRowids, null).filter((hit) => hit.score > edge);
  return { hits, complete };
}

function rankingSources(sqlite: Database.Database, query: ParsedQuery, codes: readonly number[]) {
  const weights = sql.raw(COLUMN_WEIGHTS.join(", "));
  const codeList = jsonList(typeCodes(codes));
  const exact = allRows<{ rowid: number; score: number }>(
    sqlite,
    sql`select rowid as "rowid", -bm25(${TABLE}, ${weights}) as "score" from ${TABLE}
      where ${TABLE} match ${query.match} and rowid in (
        select "rowid" from ${NAMES} where "name" = ${exactName(query.terms)} and "rowid" % ${FACTOR} in (select value from json_each(${codeList})))`,
  ).map((row) => ({ rowid: row.rowid, score: row.score + EXACT_NAME_BONUS }));
  const bm25Hits = (condition: SQL, window: number | null) =>
    allRows<{ rowid: number; score: number }>(
      sqlite,
      sql`select * from (select rowid as "rowid", -bm25(${TABLE}, ${weights}) as "score" from ${TABLE}
          where ${TABLE} match ${query.match} and rowid % ${FACTOR} in (select value from json_each(${codeList})))
        where ${condition} order by "score" desc ${window === null ? sql`` : sql`limit ${window}`}`,
    );
  return { exact, exactRowids: new Set(exact.map((row) => row.rowid)), bm25Hits };
}

/** searchHits without the cache. */
function rankedHits(sqlite: Database.Database, query: ParsedQuery, codes: readonly number[], after: SearchCursor | null, limit: number): SearchHitRow[] {
  const { exact, exactRowids, bm25Hits } = rankingSources(sqlite, query, codes);
  const maxScore = after ? after[0] : Number.MAX_VALUE;
  const window = 2 * limit + WINDOW_EXTRA;
  const ranked: { rowid: number; score: number }[] = [];
  const page = () => pageOf(sqlite, exact, ranked, exactRowids, after);
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

/** The candidates with their dates (read for these rows only), after the cursor, in rank order. */
function pageOf(
  sqlite: Database.Database,
  exact: readonly { rowid: number; score: number }[],
  ranked: readonly { rowid: number; score: number }[],
  exactRowids: ReadonlySet<number>,
  after: SearchCursor | null,
): SearchHitRow[] {
  const candidates = [...exact, ...ranked.filter((row) => !exactRowids.has(row.rowid))];
  const dates = new Map(
    allRows<{ rowid: number; sortDate: string }>(
      sqlite,
      sql`select "rowid" as "rowid", "sort_date" as "sortDate" from ${ENTRIES} where "rowid" in (select value from json_each(${jsonList(candidates.map((row) => row.rowid))}))`,
    ).map((row) => [row.rowid, row.sortDate]),
  );
  return candidates
    .map((row) => ({ ...row, sortDate: dates.get(row.rowid) ?? "" }))
    .filter((hit) => afterCursor(hit, after))
    .sort(byRank);
}

/** How many entities of the given types match. */
export function countHits(sqlite: Database.Database, query: ParsedQuery, codes: readonly number[]): number {
  if (query.match === null) return 0;
  const row = firstRow<{ total: number }>(
    sqlite,
    sql`select count(*) as "total" from ${TABLE} where ${TABLE} match ${query.match} and rowid % ${FACTOR} in (select value from json_each(${jsonList(typeCodes(codes))}))`,
  );
  return row?.total ?? 0;
}

/**
 * A condition "`idColumn` is the id of a matching entity of these types", for list filters.
 * `columns` restricts the match to some columns (people are found by names and aliases only).
 * Text with nothing searchable in it matches nothing.
 */
export function matchingIds(idColumn: SQLiteColumn, query: string, path: string, codes: readonly number[], columns?: readonly ("title" | "subtitle" | "body")[]): SQL {
  const { match } = parseSearchQuery(query, path);
  if (match === null) return sql`0`;
  const expression = columns ? `{${columns.join(" ")}} : (${match})` : match;
  return sql`${idColumn} in (select rowid / ${FACTOR} from ${TABLE} where ${TABLE} match ${expression} and rowid % ${FACTOR} in (select value from json_each(${jsonList(typeCodes(codes))})))`;
}

/** Where the `search` filter of every list reports its errors. */
export const SEARCH_FILTER_PATH = "filter.search";

/** Names, English names and aliases only: a role or a mention elsewhere does not make a match. */
export const NAME_COLUMNS = ["title", "subtitle"] as const;
