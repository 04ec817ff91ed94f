/**
 * Search on PostgreSQL (migrations/postgres/0001): the same hits, in the same order, with the same
 * scores as FTS5 on SQLite.
 *
 * Matching. Each search_index row's `document` holds the row's terms as lexemes, weighted by
 * column (title A, subtitle B, body C: db/postgres/search-document.ts), under a GIN index. A query
 * is the analyzer's phrases as a tsquery literal (tsQueryOf), sent as a parameter and cast, never
 * parsed by to_tsquery: every phrase required (`&`), the last one a prefix (`:*`) when it is one
 * on SQLite, and a restriction to columns as weights (`:AB` for names only), exactly as the FTS5
 * MATCH expression of the same phrases does (`{title subtitle} : (...)`). The terms are letters
 * and digits only (analyzer.ts), quoted anyway: no user text reaches tsquery syntax.
 *
 * Ranking. PostgreSQL has no BM25, so every match is scored in JavaScript from its stored terms
 * (search_terms) by the function SQLite's kept rankings use (row-score.ts), with FTS5's inputs
 * computed the way FTS5 has them: the table's rows and tokens, each phrase's matching rows over
 * every type, and the logarithm taken by PostgreSQL's ln(), the same C library log() that FTS5
 * calls (V8's Math.log differs in the last bit now and then). The scores are thus FTS5's doubles,
 * and byRank (score, date, rowid) orders them as SQLite does. A row whose terms only FTS5 could
 * count ('!', search-terms.ts) is scored from its document instead (lexemes by weight, its last
 * position as its length): close, though a tsvector keeps at most 256 positions of a lexeme.
 * One known difference: the totals here are those of the rows that are there, while FTS5's on a
 * contentless_delete table are never decreased by a delete (nor by the delete half of an edit).
 * After such writes on SQLite, its scores drift from these by a little (test/postgres/search.test.ts
 * measures it), and close hits could swap; the hits themselves and the totals stay the same.
 *
 * Cost. A ranking is computed from every match (one statement) and kept per engine and query
 * until the next change of the index (search_changes' last seq, which a one-row statement reads
 * before each page): later pages and the total cost that one statement. The table's totals are
 * counted once (a pass over search_terms) and then brought forward by the log of changes.
 */
import { sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { POSTGRES } from "../db/dialect.js";
import type { ReadEngine } from "../db/engine.js";
import { DOCUMENT_WEIGHTS } from "../db/postgres/search-document.js";
import { jsonList } from "../db/query.js";
import { keyedRows, rows, type Read } from "../db/read.js";
import type { Phrase } from "./analyzer.js";
import { averageLength, idfOf } from "./bm25.js";
import { afterCursor, byRank, typeCodes, type SearchCursor, type SearchHitRow } from "./fts-ranking.js";
import { phraseFrequencies, rowScore } from "./row-score.js";
import { CHANGES_TABLE, ENTRIES_TABLE, exactName, NAMES_TABLE, ROWID_FACTOR, SEARCH_TABLE, TERMS_TABLE } from "./search-index.js";
import { decodeSearchTerms, type RowTerms } from "./search-terms.js";

export type SearchColumn = "title" | "subtitle" | "body";

/** The index's columns in order: a column's weight letter is DOCUMENT_WEIGHTS at its index. */
const SEARCH_COLUMNS: readonly SearchColumn[] = ["title", "subtitle", "body"];

/** What PostgreSQL search needs of a parsed query (search-query.ts's ParsedQuery has it). */
export interface PostgresQuery {
  /** Analyzed terms. */
  terms: string[];
  /** The phrases of the query, in order (analyzer.ts matchPhrases). */
  phrases: Phrase[];
}

const TABLE = sql.identifier(SEARCH_TABLE);
const ENTRIES = sql.identifier(ENTRIES_TABLE);
const NAMES = sql.identifier(NAMES_TABLE);
const TERMS = sql.identifier(TERMS_TABLE);
const CHANGES = sql.identifier(CHANGES_TABLE);
const FACTOR = sql.raw(String(ROWID_FACTOR));

/** A term as a quoted tsquery lexeme: inside single quotes a quote is doubled and a backslash escaped. */
function lexeme(term: string): string {
  return `'${term.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
}

/**
 * The tsquery literal (for `$1::tsquery`) matching what FTS5 matches with these phrases: all of
 * them, the prefix ones as prefixes, in `columns` only when given.
 */
export function tsQueryOf(phrases: readonly Phrase[], columns?: readonly SearchColumn[]): string {
  const weights = columns ? columns.map((column) => DOCUMENT_WEIGHTS[SEARCH_COLUMNS.indexOf(column)]).join("") : "";
  return phrases
    .map((phrase) => {
      const label = `${phrase.prefix ? "*" : ""}${weights}`;
      return label === "" ? lexeme(phrase.term) : `${lexeme(phrase.term)}:${label}`;
    })
    .join(" & ");
}

/** The condition "`idColumn` is the id of a matching entity of these types", for the lists' `search` filters. */
export function postgresMatchingIds(idColumn: SQLiteColumn, query: PostgresQuery, codes: readonly number[], columns?: readonly SearchColumn[]): SQL {
  return sql`${idColumn} in (select "rowid" / ${FACTOR} from ${TABLE} where "document" @@ ${tsQueryOf(query.phrases, columns)}::tsquery and "rowid" % ${FACTOR} ${POSTGRES.inList(jsonList(typeCodes(codes)))})`;
}

// ---------------------------------------------------------------- ranking

/** FTS5's totals (IndexTotals) as of a seq of search_changes. */
interface Totals {
  seq: number;
  rows: number;
  tokens: number;
}

interface KeptRanking {
  seq: number;
  hits: SearchHitRow[];
}

interface EngineState {
  totals: Totals | null;
  /** Rankings by query, least recently used first. */
  rankings: Map<string, KeptRanking>;
  /** Hits held by `rankings`, all together. */
  keptHits: number;
}

/** Rankings kept per engine: at most this many queries, holding at most KEPT_HITS hits in all (~100 bytes each). */
const KEPT_QUERIES = 128;
const KEPT_HITS = 200_000;

const states = new WeakMap<ReadEngine, EngineState>();

function stateOf(engine: ReadEngine): EngineState {
  let state = states.get(engine);
  if (!state) states.set(engine, (state = { totals: null, rankings: new Map(), keptHits: 0 }));
  return state;
}

const HEAD_KEY = { owner: "postgres search head" };

/** The last change of the index, which every kept ranking and total is valid for. */
function headRead(): Read<{ seq: number }[]> {
  return keyedRows(POSTGRES, { owner: HEAD_KEY, variant: "head" }, [], () => sql`select coalesce(max("seq"), 0)::float8 as "seq" from ${CHANGES}`);
}

/** The sum of the counts in a search_terms text ("term count term count|…", consumed pair by pair from the left, so a term made of digits is never taken for a count). */
function termsLength(terms: SQL): SQL {
  return sql`(select coalesce(sum(pair[2]::bigint), 0) from regexp_matches(${terms}, '([^ |]+) ([0-9]+)', 'g') as r(pair))`;
}

/**
 * A row's length (FTS5's document size, in tokens), for `s` a search_index row and `t` its
 * search_terms: from its terms, or its document's last position when only FTS5 knew its terms.
 */
const ROW_LENGTH = sql`case when t."terms" is null or t."terms" = '!'
    then (select coalesce(max(p), 0) from unnest(s."document") as u, unnest(u."positions") as p)
    else ${termsLength(sql`t."terms"`)} end`;

interface TotalsChange {
  seq: number;
  /** The oldest change the log still holds (null: none). */
  oldest: number | null;
  rows: number;
  tokens: number;
  /** Whether every row removed since had known terms (else its length is not in the log). */
  known: boolean;
}

/**
 * How the totals changed since `since`, from the log (one snapshot): per row changed, its state
 * now (search_index) less its state before (its first change: a removal logs its terms, a first
 * write means it was absent), as ranking-cache.ts catches up on SQLite. Costs the changes, not
 * the table.
 */
function totalsChangeRead(since: number): Read<TotalsChange[]> {
  return rows<TotalsChange>(POSTGRES, () => sql`with "first" as (
        select distinct on ("rowid") "rowid", "removed", "terms" from ${CHANGES} where "seq" > ${since} order by "rowid", "seq"),
      "before" as (
        select count(*)::float8 as "rows", coalesce(sum(${termsLength(sql`"terms"`)}), 0)::float8 as "tokens",
          coalesce(bool_and("terms" is not null and "terms" <> '!'), true) as "known"
        from "first" where "removed" = 1),
      "now" as (
        select count(*)::float8 as "rows", coalesce(sum(${ROW_LENGTH}), 0)::float8 as "tokens"
        from ${TABLE} as s left join ${TERMS} as t on t."rowid" = s."rowid" where s."rowid" in (select "rowid" from "first"))
    select (select coalesce(max("seq"), 0) from ${CHANGES})::float8 as "seq", (select min("seq") from ${CHANGES})::float8 as "oldest",
      "now"."rows" - "before"."rows" as "rows", "now"."tokens" - "before"."tokens" as "tokens", "before"."known" as "known"
    from "now" cross join "before"`);
}

/**
 * The totals as of `seq`, or later, brought forward from `kept` by the log when it still holds
 * every change since (sequence values lost to rollbacks make that look false: a recount then).
 * Null when only a recount can tell.
 */
async function totalsSince(engine: ReadEngine, kept: Totals, seq: number): Promise<Totals | null> {
  const change = (await engine.run(totalsChangeRead(kept.seq)))[0]!;
  const complete = change.seq === kept.seq || (change.oldest !== null && change.oldest <= kept.seq + 1);
  if (!complete || !change.known) return null;
  return change.seq >= seq ? { seq: change.seq, rows: kept.rows + change.rows, tokens: kept.tokens + change.tokens } : null;
}

interface MatchRow {
  seq: number;
  rows: number | null;
  tokens: number | null;
  /** One per phrase: ln of its IDF argument, null when that is not positive. */
  logarithms: (number | null)[];
  rowid: number | null;
  sortDate: string | null;
  terms: string | null;
  exact: boolean | null;
  /** For rows without known terms: [lexeme, weights] of the document. */
  lexemes: [string, string[]][] | null;
  length: number | null;
}

/**
 * One statement, so one snapshot: the index's last change, the totals unless `knownRows` (the
 * kept totals' row count) is given, each phrase's ln(IDF argument), and every match of the types
 * with what scoring needs. No match: one row, its match columns null.
 */
function matchesRead(query: PostgresQuery, codes: readonly number[], knownRows: number | null): Read<MatchRow[]> {
  return rows<MatchRow>(POSTGRES, () => {
    const totals = knownRows === null
      ? sql`, "totals" as (select count(*)::float8 as "rows", coalesce(sum(${ROW_LENGTH}), 0)::float8 as "tokens" from ${TABLE} as s left join ${TERMS} as t on t."rowid" = s."rowid")`
      : sql``;
    const rowCount = knownRows === null ? sql`(select "rows" from "totals")` : sql`${knownRows}::float8`;
    const hits = sql.join(
      query.phrases.map((phrase) => sql`(select count(*) from ${TABLE} where "document" @@ ${tsQueryOf([phrase])}::tsquery)::float8`),
      sql`, `,
    );
    // FTS5's argument, operation for operation: (nRow - nHit + 0.5) / (nHit + 0.5) in doubles.
    const logarithms = sql`array(select case when a > 0 then ln(a) end from (select ((${rowCount} - h) + 0.5) / (h + 0.5) as a, i from unnest(array[${hits}]) with ordinality as x(h, i)) as y order by i)`;
    return sql`with "head" as (select coalesce(max("seq"), 0)::float8 as "seq" from ${CHANGES})${totals}
      select "head"."seq" as "seq", ${knownRows === null ? sql`"totals"."rows" as "rows", "totals"."tokens" as "tokens"` : sql`null as "rows", null as "tokens"`},
        ${logarithms} as "logarithms", m.*
      from "head" ${knownRows === null ? sql`cross join "totals"` : sql``}
      left join (
        select s."rowid"::float8 as "rowid", coalesce(e."sort_date", '') as "sortDate", t."terms" as "terms",
          exists (select 1 from ${NAMES} as n where n."name" = ${exactName(query.terms)} and n."rowid" = s."rowid") as "exact",
          case when t."terms" is null or t."terms" = '!' then (select json_agg(json_build_array(u."lexeme", u."weights")) from unnest(s."document") as u) end as "lexemes",
          case when t."terms" is null or t."terms" = '!' then (${ROW_LENGTH})::float8 end as "length"
        from ${TABLE} as s
        left join ${ENTRIES} as e on e."rowid" = s."rowid"
        left join ${TERMS} as t on t."rowid" = s."rowid"
        where s."document" @@ ${tsQueryOf(query.phrases)}::tsquery and s."rowid" % ${FACTOR} ${POSTGRES.inList(jsonList(typeCodes(codes)))}
      ) as m on true`;
  });
}

/** A row's terms by column from its document's lexemes and their weights (one weight per kept position). */
function termsOfLexemes(lexemes: readonly [string, string[]][], length: number): RowTerms {
  const columns = DOCUMENT_WEIGHTS.map(() => new Map<string, number>());
  for (const [term, weights] of lexemes) {
    for (const weight of weights) {
      const column = columns[DOCUMENT_WEIGHTS.indexOf(weight as (typeof DOCUMENT_WEIGHTS)[number])];
      if (column) column.set(term, (column.get(term) ?? 0) + 1);
    }
  }
  return { columns, length };
}

function rankingOf(query: PostgresQuery, found: readonly MatchRow[], totals: Totals): SearchHitRow[] {
  const first = found[0]!;
  const idf = first.logarithms.map((logarithm) => idfOf(logarithm ?? 0));
  const average = averageLength(totals);
  const hits: SearchHitRow[] = [];
  for (const row of found) {
    if (row.rowid === null) continue; // the one row of no match
    const terms = decodeSearchTerms(row.terms) ?? termsOfLexemes(row.lexemes ?? [], row.length ?? 0);
    const score = rowScore(idf, phraseFrequencies(terms, query.phrases), terms.length, average, row.exact === true);
    hits.push({ rowid: row.rowid, score, sortDate: row.sortDate ?? "" });
  }
  return hits.sort(byRank);
}

function keyOf(query: PostgresQuery, codes: readonly number[]): string {
  return JSON.stringify([query.phrases, typeCodes(codes)]);
}

function keep(state: EngineState, key: string, ranking: KeptRanking): void {
  const previous = state.rankings.get(key);
  if (previous) {
    state.rankings.delete(key);
    state.keptHits -= previous.hits.length;
  }
  if (ranking.hits.length > KEPT_HITS) return;
  state.rankings.set(key, ranking);
  state.keptHits += ranking.hits.length;
  for (const [oldest, kept] of state.rankings) {
    if (state.rankings.size <= KEPT_QUERIES && state.keptHits <= KEPT_HITS) break;
    state.rankings.delete(oldest);
    state.keptHits -= kept.hits.length;
  }
}

/**
 * Every match of the types, ranked (score, date, rowid), as of one snapshot: the kept ranking when
 * the index has not changed since it was computed (one statement), else computed (one more).
 */
export async function postgresRanking(engine: ReadEngine, query: PostgresQuery, codes: readonly number[]): Promise<SearchHitRow[]> {
  if (query.phrases.length === 0) return [];
  const state = stateOf(engine);
  const key = keyOf(query, codes);
  const seq = (await engine.run(headRead()))[0]?.seq ?? 0;
  const kept = state.rankings.get(key);
  if (kept && kept.seq === seq) {
    keep(state, key, kept); // most recently used last
    return kept.hits;
  }
  // Kept totals serve a snapshot of their own seq only; if a write lands between the two
  // statements, the match statement counts the totals itself.
  let known = state.totals?.seq === seq ? state.totals : null;
  if (known === null && state.totals !== null && state.totals.seq < seq) {
    known = await totalsSince(engine, state.totals, seq);
    if (known) state.totals = known;
  }
  for (;;) {
    const found = await engine.run(matchesRead(query, codes, known?.rows ?? null));
    const first = found[0]!;
    if (known === null) {
      known = { seq: first.seq, rows: first.rows ?? 0, tokens: first.tokens ?? 0 };
      if (state.totals === null || state.totals.seq <= known.seq) state.totals = known;
    } else if (first.seq !== known.seq) {
      known = null;
      continue;
    }
    const hits = rankingOf(query, found, known);
    keep(state, key, { seq: first.seq, hits });
    return hits;
  }
}

/** The hits of a ranking after `after`, at most `limit`. */
export function pageOfRanking(ranking: readonly SearchHitRow[], after: SearchCursor | null, limit: number): SearchHitRow[] {
  if (after === null) return ranking.slice(0, limit);
  // Ranked by the cursor's own order: the first hit after it starts the page.
  let low = 0;
  let high = ranking.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (afterCursor(ranking[middle]!, after)) high = middle;
    else low = middle + 1;
  }
  return ranking.slice(low, low + limit);
}
