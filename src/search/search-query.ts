/**
 * Reading the search index: user text → a safe FTS5 MATCH expression, ranked hits with keyset
 * pages, and the id conditions behind the `search` filters of the lists.
 *
 * Ranking (fts-ranking.ts) is FTS5's BM25 with column weights plus a bonus for exact names, ties
 * broken by date then rowid. A page comes from the query's kept ranking when it decides the page
 * (ranking-cache.ts: the cost of the page, even after writes), else from FTS5 directly (the cost
 * of the matches): the same hits in the same order either way.
 */
import type Database from "better-sqlite3";
import { sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Dialect } from "../db/dialect.js";
import { jsonList } from "../db/query.js";
import { postgresMatchingIds, type SearchColumn } from "./postgres-search.js";
import { ROWID_FACTOR, SEARCH_TABLE } from "./search-index.js";
import { BadUserInputError } from "../shared/errors.js";
import { analyze, buildMatchQuery, matchPhrases, type Phrase } from "./analyzer.js";
import { countMatches, rankedHits, typeCodes, type SearchCursor, type SearchHitRow } from "./fts-ranking.js";
import { countKept, keptRanking, pageOfKept } from "./ranking-cache.js";

export { EXACT_NAME_BONUS, type SearchCursor, type SearchHitRow } from "./fts-ranking.js";

export const MAX_QUERY_LENGTH = 256;

export interface ParsedQuery {
  /** Analyzed terms, for snippets (highlightSnippet). */
  terms: string[];
  /** The FTS5 MATCH expression; null when the text has nothing searchable (only punctuation, emoji…). */
  match: string | null;
  /** The phrases of `match`, in order. */
  phrases: Phrase[];
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
  const terms = analyze(query);
  return { terms, match: buildMatchQuery(query), phrases: matchPhrases(terms) };
}

export function cursorValuesOf(hit: SearchHitRow): SearchCursor {
  return [hit.score, hit.sortDate, hit.rowid];
}

/**
 * The ranked hits after `after`, at most `limit`, of the given types: from the query's kept
 * ranking when it decides the page, else from FTS5. Inside a transaction, always from FTS5:
 * what is read there may be rolled back, so nothing of it is kept.
 */
export function searchHits(sqlite: Database.Database, query: ParsedQuery, codes: readonly number[], after: SearchCursor | null, limit: number): SearchHitRow[] {
  if (query.match === null || limit === 0) return [];
  const ranked = { terms: query.terms, match: query.match, phrases: query.phrases };
  if (!sqlite.inTransaction) {
    const page = pageOfKept(keptRanking(sqlite, ranked, codes), after, limit);
    if (page !== null) return page;
  }
  return rankedHits(sqlite, ranked, codes, after, limit);
}

/** How many entities of the given types match: kept with the query's ranking, or counted by FTS5. */
export function countHits(sqlite: Database.Database, query: ParsedQuery, codes: readonly number[]): number {
  if (query.match === null) return 0;
  if (!sqlite.inTransaction) {
    const ranked = { terms: query.terms, match: query.match, phrases: query.phrases };
    const kept = countKept(sqlite, keptRanking(sqlite, ranked, codes), ranked, codes);
    if (kept !== null) return kept;
  }
  return countMatches(sqlite, query.match, codes);
}

const TABLE = sql.raw(SEARCH_TABLE);
const FACTOR = sql.raw(String(ROWID_FACTOR));

/**
 * A condition "`idColumn` is the id of a matching entity of these types", for list filters.
 * `columns` restricts the match to some columns (people are found by names and aliases only).
 * Text with nothing searchable in it matches nothing.
 */
export function matchingIds(dialect: Dialect, idColumn: SQLiteColumn, query: string, path: string, codes: readonly number[], columns?: readonly SearchColumn[]): SQL {
  const parsed = parseSearchQuery(query, path);
  if (parsed.match === null) return sql`1 = 0`;
  if (dialect.name === "postgres") return postgresMatchingIds(idColumn, parsed, codes, columns);
  const { match } = parsed;
  const expression = columns ? `{${columns.join(" ")}} : (${match})` : match;
  return sql`${idColumn} in (select rowid / ${FACTOR} from ${TABLE} where ${TABLE} match ${expression} and rowid % ${FACTOR} in (select value from json_each(${jsonList(typeCodes(codes))})))`;
}

/** Where the `search` filter of every list reports its errors. */
export const SEARCH_FILTER_PATH = "filter.search";

/** Names, English names and aliases only: a role or a mention elsewhere does not make a match. */
export const NAME_COLUMNS = ["title", "subtitle"] as const;
