/**
 * Rankings kept per query and connection, brought up to date after writes instead of being
 * recomputed, so that a search costs its page rather than the number of its matches.
 *
 * FTS5 must score every match with BM25 before it can pick the best (fts-ranking.ts): ~250 ms for
 * a word in a quarter of a million rows. A kept ranking is built with one such pass, then follows
 * the index through `search_changes` (migration 0015, written by triggers on every change of an
 * index row): for each row changed since, its terms before (logged) and after (search_terms) say
 * whether it matched each phrase, which keeps every phrase's number of matching rows exact, and
 * the row leaves or joins the ranking's candidates. With the table's totals from FTS5's averages
 * record, every candidate is then rescored exactly as FTS5 would (bm25.ts).
 *
 * Exactness. The candidates are the best `keptHits` of the build (with the whole tie group at that
 * edge), the exact-name hits, and every matching row written since. Every other match is unchanged
 * since the build and scored at most `frontier` then. Its score now is at most
 * frontier × max(1, avgdl now / avgdl then) × max over phrases of (idf now / idf then): BM25 grows
 * with avgdl by at most that ratio, and is a positive sum over phrases of idf × a term of avgdl.
 * A page is served from the candidates only when its last hit scores above that bound; otherwise
 * the caller asks FTS5 (rankedHits), as it does for a deep page.
 *
 * A ranking that cannot follow writes (a query term, or a candidate row, with characters whose
 * tokenization is not reproduced here: search-terms.ts) is kept only until the next change.
 * Nothing read inside a transaction is kept: it may be rolled back.
 */
import type Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import { allRows, jsonList, prepared } from "../db/query.js";
import { phraseMatch, type Phrase } from "./analyzer.js";
import { averageLength, decodeIndexTotals, idfArgument, idfOf, type IndexTotals } from "./bm25.js";
import { afterCursor, byRank, COLUMN_WEIGHTS, countMatches, rankingSources, typeCodes, type RankedQuery, type ScoredRow, type SearchCursor, type SearchHitRow } from "./fts-ranking.js";
import { phraseFrequencies, rowScore } from "./row-score.js";
import { CHANGES_TABLE, ENTRIES_TABLE, entityOfRowId, exactName, SEARCH_TABLE, TERMS_TABLE } from "./search-index.js";
import { decodeSearchTerms, isRankableTerm, phraseFrequency, type RowTerms } from "./search-terms.js";

export interface KeptQuery extends RankedQuery {
  /** The phrases of `match`, in order. */
  phrases: Phrase[];
}

/** Queries kept per connection, least recently used dropped first. */
const KEPT_QUERIES = 128;

/** The sizes that trade memory and rescoring time against how often FTS5 is asked. */
export interface RankingLimits {
  /** Hits a ranking keeps besides the exact-name ones (and the rest of the last one's tie group). */
  keptHits: number;
  /** BM25 hits read to build one. */
  buildWindow: number;
  /** A tie group at the edge with more rows than this is left out: the ranking ends above it. */
  maxTied: number;
  /** More changes than this since a ranking was last brought up to date, or more rows joined since it was built: it is rebuilt instead. */
  maxChanges: number;
}

export const RANKING_LIMITS: RankingLimits = {
  // Pages of 100 fit, twice; rescoring 200 rows after a write stays well under a millisecond.
  keptHits: 200,
  // A build costs FTS5 scoring every match, whatever the window: a wide one ends past the tie
  // group at keptHits without a second pass, nearly always.
  buildWindow: 2000,
  // Bounds the memory of one ranking (~100 bytes a candidate) and the time to rescore it.
  maxTied: 2000,
  // One FTS5 pass over a common word beats reading this many changes.
  maxChanges: 2000,
};

/** Relative slack on the bound, far above the ~1e-15 by which computed scores differ from exact ones. */
const ROUNDING_SLACK = 1e-9;

interface Candidate {
  rowid: number;
  sortDate: string;
  length: number;
  /** Per phrase, its weighted count in the row (all > 0: the row matches). */
  frequencies: number[];
  exact: boolean;
}

/** What lets a ranking follow writes. */
interface Model {
  phrases: Phrase[];
  codes: ReadonlySet<number>;
  /** The query's exact name as search_entries.names delimits it: "|name|". */
  delimitedName: string;
  /** Per phrase, how many rows of the whole table it matches (bm25's nHit). */
  phraseHits: number[];
  candidates: Map<number, Candidate>;
  /** No match outside `candidates` scored above this at build time (−Infinity: there is none). */
  frontier: number;
  builtIdf: number[];
  builtAverage: number;
  /** How many candidates the build kept: every matching row written since joins them, so they are counted to stay bounded. */
  builtCandidates: number;
  /** How many rows of the ranking's types match; null until asked for (countKept). */
  matches: number | null;
}

interface KeptRanking {
  /** The last search_changes entry the ranking reflects (0: none yet). */
  seq: number;
  /** The candidates, ranked, with their scores at `seq`. */
  hits: SearchHitRow[];
  /** No match outside `hits` scores above this at `seq` (−Infinity: `hits` holds every match). */
  bound: number;
  model: Model | null;
}

interface Head {
  seq: number;
  totals: IndexTotals;
}

const rankingsByConnection = new WeakMap<Database.Database, Map<string, KeptRanking>>();

const TOTALS = `(select "block" from ${SEARCH_TABLE}_data where "id" = 1)`;
const LAST_CHANGE = `select coalesce(max("seq"), 0) as "seq" from ${CHANGES_TABLE}`;
const HEAD = `select coalesce(max("seq"), 0) as "seq", ${TOTALS} as "totals" from ${CHANGES_TABLE}`;

function lastChange(sqlite: Database.Database): number {
  return (prepared(sqlite, LAST_CHANGE).get() as { seq: number }).seq;
}

function readHead(sqlite: Database.Database): Head {
  const row = prepared(sqlite, HEAD).get() as { seq: number; totals: Buffer | null };
  return { seq: row.seq, totals: decodeIndexTotals(row.totals) };
}

function keyOf(query: KeptQuery, codes: readonly number[], limits: RankingLimits): string {
  return JSON.stringify([query.match, query.terms, typeCodes(codes), limits === RANKING_LIMITS ? null : limits]);
}

/**
 * The query's kept ranking, up to date with the database (read in one snapshot). Must not be
 * called inside a transaction.
 */
export function keptRanking(sqlite: Database.Database, query: KeptQuery, codes: readonly number[], limits: RankingLimits = RANKING_LIMITS): KeptRanking {
  let cache = rankingsByConnection.get(sqlite);
  if (!cache) rankingsByConnection.set(sqlite, (cache = new Map()));
  const key = keyOf(query, codes, limits);
  const kept = cache.get(key);
  cache.delete(key); // most recently used last
  if (kept && kept.seq === lastChange(sqlite)) {
    cache.set(key, kept);
    return kept;
  }
  // A catch-up reads in one statement; a build in several, in one read transaction, so that the
  // log, the rows and FTS5 agree.
  const current = (kept && catchUp(sqlite, kept, limits)) ?? sqlite.transaction(() => build(sqlite, query, codes, readHead(sqlite), limits))();
  cache.set(key, current);
  if (cache.size > KEPT_QUERIES) cache.delete(cache.keys().next().value!);
  return current;
}

/**
 * The page after `after` from a kept ranking, when the ranking decides it; null when a match it
 * does not hold could belong to the page (the caller then asks FTS5).
 */
export function pageOfKept(kept: KeptRanking, after: SearchCursor | null, limit: number): SearchHitRow[] | null {
  const rest = after === null ? kept.hits : kept.hits.filter((hit) => afterCursor(hit, after));
  if (kept.bound === -Infinity) return rest.slice(0, limit);
  if (rest.length >= limit && rest[limit - 1]!.score > kept.bound) return rest.slice(0, limit);
  return null;
}

/** How many rows of the ranking's types match, counted once by FTS5 and then kept up to date; null when the ranking cannot follow writes. */
export function countKept(sqlite: Database.Database, kept: KeptRanking, query: RankedQuery, codes: readonly number[]): number | null {
  const model = kept.model;
  if (model === null) return null;
  if (model.matches === null) {
    // Counted in the snapshot of `kept.seq`, or not at all.
    const counted = sqlite.transaction(() => (lastChange(sqlite) === kept.seq ? countMatches(sqlite, query.match, codes) : null))();
    model.matches = counted;
  }
  return model.matches;
}

/** The rows of every type matching `match`. */
function rowsMatching(sqlite: Database.Database, match: string): number {
  return (prepared(sqlite, `select count(*) as "total" from ${SEARCH_TABLE} where ${SEARCH_TABLE} match ?`).get(match) as { total: number }).total;
}

// ---------------------------------------------------------------- building

interface RowState {
  sortDate: string;
  names: string;
  terms: string | null;
}

function rowStates(sqlite: Database.Database, rowids: readonly number[]): Map<number, RowState> {
  const rows = allRows<{ rowid: number; sortDate: string; names: string; terms: string | null }>(
    sqlite,
    sql`select e."rowid" as "rowid", e."sort_date" as "sortDate", e."names" as "names", t."terms" as "terms"
      from ${sql.raw(ENTRIES_TABLE)} e left join ${sql.raw(TERMS_TABLE)} t on t."rowid" = e."rowid"
      where e."rowid" in (select value from json_each(${jsonList(rowids)}))`,
  );
  return new Map(rows.map((row) => [row.rowid, row]));
}

/**
 * The rows FTS5 ranks best for the query (exact-name rows left out): the first `keptHits` and the
 * rest of the last one's tie group, or every match when there are few; and the bound on all the
 * others. `window` is FTS5's best `buildWindow`.
 */
function bestRows(
  window: readonly ScoredRow[],
  exactRowids: ReadonlySet<number>,
  tiedAt: (score: number) => ScoredRow[],
  below: (score: number) => number,
  limits: RankingLimits,
): { rows: ScoredRow[]; frontier: number } {
  const ranked = window.filter((row) => !exactRowids.has(row.rowid));
  const complete = window.length < limits.buildWindow; // every match is in the window
  if (ranked.length <= limits.keptHits) {
    if (complete) return { rows: ranked, frontier: -Infinity };
    if (ranked.length === 0) return { rows: [], frontier: window.at(-1)!.score }; // only exact-name rows: never in practice
  }
  const edge = ranked[Math.min(limits.keptHits, ranked.length) - 1]!.score;
  if (window.at(-1)!.score < edge) {
    // The window goes on below the edge's tie group, which it therefore holds whole.
    return { rows: ranked.filter((row) => row.score >= edge), frontier: window.find((row) => row.score < edge)!.score };
  }
  if (complete) return { rows: ranked, frontier: -Infinity }; // the edge's tie group ends the matches
  const tied = tiedAt(edge).filter((row) => !exactRowids.has(row.rowid));
  const above = ranked.filter((row) => row.score > edge);
  if (tied.length > limits.maxTied) return { rows: above, frontier: edge };
  return { rows: [...above, ...tied], frontier: below(edge) };
}

function build(sqlite: Database.Database, query: KeptQuery, codes: readonly number[], head: Head, limits: RankingLimits): KeptRanking {
  const { exact, exactRowids, bm25Hits } = rankingSources(sqlite, query, codes);
  const { rows, frontier } = bestRows(
    bm25Hits(sql`1`, limits.buildWindow),
    exactRowids,
    (score) => bm25Hits(sql`"score" = ${score}`, null),
    (score) => bm25Hits(sql`"score" < ${score}`, 1)[0]?.score ?? -Infinity,
    limits,
  );
  const states = rowStates(sqlite, [...exact, ...rows].map((row) => row.rowid));
  const hits = [...exact, ...rows].map((row) => ({ rowid: row.rowid, score: row.score, sortDate: states.get(row.rowid)?.sortDate ?? "" })).sort(byRank);
  const ranking: KeptRanking = { seq: head.seq, hits, bound: frontier, model: null };
  if (!query.phrases.every((phrase) => isRankableTerm(phrase.term))) return ranking;

  // The model: checked against FTS5's own scores of every candidate, or not kept.
  const phraseHits = query.phrases.map((phrase) => rowsMatching(sqlite, phraseMatch(phrase)));
  const idf = idfFor(sqlite, head.totals, phraseHits);
  const average = averageLength(head.totals);
  const model: Model = {
    phrases: query.phrases,
    codes: new Set(codes),
    delimitedName: `|${exactName(query.terms)}|`,
    phraseHits,
    candidates: new Map(),
    frontier,
    builtIdf: idf,
    builtAverage: average,
    builtCandidates: exact.length + rows.length,
    matches: null,
  };
  for (const row of [...exact, ...rows]) {
    const state = states.get(row.rowid);
    const candidate = state && candidateOf(model, row.rowid, state);
    if (!candidate || candidate.exact !== exactRowids.has(row.rowid)) return ranking;
    if (scoreOf(candidate, idf, average) !== row.score) return ranking;
    model.candidates.set(row.rowid, candidate);
  }
  return { ...ranking, model };
}

// ---------------------------------------------------------------- following writes

/** The candidate a row in this state makes, null when it does not match; undefined when its terms are unknown. */
function candidateOf(model: Model, rowid: number, state: RowState): Candidate | null | undefined {
  const terms = decodeSearchTerms(state.terms);
  if (terms === null) return undefined;
  const frequencies = phraseFrequencies(terms, model.phrases);
  if (!model.codes.has(entityOfRowId(rowid).code) || frequencies.some((frequency) => frequency === 0)) return null;
  return { rowid, sortDate: state.sortDate, length: terms.length, frequencies, exact: state.names.includes(model.delimitedName) };
}

function scoreOf(candidate: Candidate, idf: readonly number[], average: number): number {
  return rowScore(idf, candidate.frequencies, candidate.length, average, candidate.exact);
}

/** ln() by SQLite, the C library's log() that FTS5 calls: V8's Math.log differs from it in the last bit for ~4 % of IDF arguments (measured). */
function idfFor(sqlite: Database.Database, totals: IndexTotals, phraseHits: readonly number[]): number[] {
  const columns = phraseHits.map((_, index) => `ln(?) as "l${index}"`).join(", ");
  const row = prepared(sqlite, `select ${columns}`).get(...phraseHits.map((hits) => idfArgument(totals, hits))) as Record<string, number | null>;
  return phraseHits.map((_, index) => idfOf(row[`l${index}`] ?? 0));
}

interface Change {
  seq: number;
  rowid: number;
  removed: 0 | 1;
  /** A removed row's terms. */
  removedTerms: string | null;
  /** The row now: absent, or its state. */
  present: 0 | 1;
  terms: string | null;
  sortDate: string | null;
  names: string | null;
  /** FTS5's totals, in the same snapshot (the same on every row). */
  totals: Buffer | null;
}

// One statement, so one snapshot: the changes, the rows as they are now and FTS5's totals agree.
const CHANGES_SINCE = `select c."seq" as "seq", c."rowid" as "rowid", c."removed" as "removed", c."terms" as "removedTerms",
    (e."rowid" is not null) as "present", t."terms" as "terms", e."sort_date" as "sortDate", e."names" as "names", ${TOTALS} as "totals"
  from ${CHANGES_TABLE} c left join ${TERMS_TABLE} t on t."rowid" = c."rowid" left join ${ENTRIES_TABLE} e on e."rowid" = c."rowid"
  where c."seq" > ? order by c."seq" limit ?`;

/** Per phrase, whether the row matches it. */
function phraseMatches(model: Model, terms: RowTerms): boolean[] {
  return model.phrases.map((phrase) => phraseFrequency(terms, phrase, COLUMN_WEIGHTS) > 0);
}

/** The ranking brought up to date; null when it cannot be (too many or pruned changes, unknown terms). */
function catchUp(sqlite: Database.Database, kept: KeptRanking, limits: RankingLimits): KeptRanking | null {
  const model = kept.model;
  if (model === null) return null;
  const changes = prepared(sqlite, CHANGES_SINCE).all(kept.seq, limits.maxChanges + 1) as Change[];
  // Committed changes are numbered without gaps (AUTOINCREMENT; a rollback takes its numbers back)
  // and pruned oldest first: when the next one is there, none since is missing.
  if (changes.length === 0 || changes.length > limits.maxChanges || changes[0]!.seq !== kept.seq + 1) return null;
  const head: Head = { seq: changes.at(-1)!.seq, totals: decodeIndexTotals(changes[0]!.totals) };
  // Per row, its state when the ranking was last brought up to date: what its first change says
  // (a removal logs the terms; a write that is first means the row did not exist, since a row is
  // always removed before it is written again); and its state now, from the tables.
  const before = new Map<number, string | null | undefined>();
  const now = new Map<number, Change>();
  for (const change of changes) {
    if (!before.has(change.rowid)) before.set(change.rowid, change.removed ? change.removedTerms : undefined);
    now.set(change.rowid, change);
  }
  const phraseHits = [...model.phraseHits];
  const candidates = new Map(model.candidates);
  let matches = model.matches;
  for (const [rowid, change] of now) {
    const previous = before.get(rowid);
    const previousTerms = previous === undefined ? null : decodeSearchTerms(previous);
    if (previous !== undefined && previousTerms === null) return null;
    const candidate = change.present ? candidateOf(model, rowid, { sortDate: change.sortDate ?? "", names: change.names ?? "", terms: change.terms }) : null;
    if (candidate === undefined) return null;
    const currentTerms = change.present ? decodeSearchTerms(change.terms) : null;
    const wasMatching = previousTerms ? phraseMatches(model, previousTerms) : model.phrases.map(() => false);
    const isMatching = currentTerms ? phraseMatches(model, currentTerms) : model.phrases.map(() => false);
    wasMatching.forEach((matched, index) => (phraseHits[index]! += Number(isMatching[index]) - Number(matched)));
    const inTypes = model.codes.has(entityOfRowId(rowid).code);
    if (matches !== null && inTypes) matches += Number(isMatching.every(Boolean)) - Number(wasMatching.every(Boolean));
    candidates.delete(rowid);
    if (candidate) candidates.set(rowid, candidate);
  }
  // Rows that joined are never dropped (what bounds the others says nothing of them): past
  // maxChanges of them, a rebuild keeps rescoring and memory bounded.
  if (candidates.size > model.builtCandidates + limits.maxChanges) return null;
  const next: Model = { ...model, phraseHits, candidates, matches };
  const idf = idfFor(sqlite, head.totals, phraseHits);
  const average = averageLength(head.totals);
  const hits = [...candidates.values()].map((candidate) => ({ rowid: candidate.rowid, score: scoreOf(candidate, idf, average), sortDate: candidate.sortDate })).sort(byRank);
  const growth = Math.max(1, average / model.builtAverage) * Math.max(...idf.map((value, index) => value / model.builtIdf[index]!));
  const bound = model.frontier === -Infinity ? -Infinity : model.frontier * growth * (1 + ROUNDING_SLACK);
  return { seq: head.seq, hits, bound, model: next };
}
