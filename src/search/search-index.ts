/**
 * Keeps the FTS5 table `search_index` (migration 0002) in step with the content.
 *
 * - One FTS5 table for every type, contentless (it stores only the inverted index), and a side
 *   table `search_entries` with what ranking needs besides BM25 (date, names). Its rowid encodes
 *   the entity, `id * 8 + code` (each searchable type's code comes from its module), so a row is
 *   found, replaced and deleted by rowid (no scan), and a type filter is arithmetic on the rowid.
 * - The columns hold analyzed terms (analyzer.ts): Arabic is normalized and stemmed in JavaScript,
 *   because no FTS5 tokenizer understands it. So inserts and updates must come from the write
 *   path: every function here runs inside the caller's (synchronous) transaction, and a write that
 *   rolls back takes its index rows with it.
 * - Deletes need no analysis: triggers in the migrations remove index rows whenever a content row
 *   is deleted, by any path (cascades included).
 * - `search_terms` (migration 0015) holds each row's terms with their counts, so that kept
 *   rankings can rescore rows without FTS5 (ranking-cache.ts); triggers log every change of it in
 *   `search_changes`, removals with the terms the row had.
 * - This file knows no entity: modules say what their rows' texts are (SearchFields) and call
 *   writeSearchRow from their write path; reindexAll takes the modules' reindexers.
 */
import { sql, type SQL } from "drizzle-orm";
import type { BatchWrite } from "../db/batch-write.js";
import type { Db } from "../db/client.js";
import { SQLITE, type Dialect } from "../db/dialect.js";
import { searchDocumentOfTexts } from "../db/postgres/search-document.js";
import { sqliteRunner } from "../db/query.js";
import { read, runSynchronously } from "../db/read-program.js";
import type { Read, RunResult, TextKey } from "../db/read.js";
import type { WriteProgram } from "../db/write-session.js";
import { analyzeForIndex } from "./analyzer.js";
import type { SearchFields } from "./search-documents.js";
import { encodeSearchTerms } from "./search-terms.js";

export const SEARCH_TABLE = "search_index";
/** Per indexed row: sort_date and names (see the migration). Same rowids as SEARCH_TABLE. */
export const ENTRIES_TABLE = "search_entries";
/** One row per whole analyzed name (migration 0004): the exact-name lookup of ranking. Same rowids. */
export const NAMES_TABLE = "search_names";
/** Per indexed row: its terms and their counts (migration 0015, search-terms.ts). Same rowids. */
export const TERMS_TABLE = "search_terms";
/** Every change of an indexed row, written by triggers (migration 0015): what kept rankings catch up with. */
export const CHANGES_TABLE = "search_changes";

/** rowid = entity id * ROWID_FACTOR + the code of its type. The migration's triggers use the same numbers. */
export const ROWID_FACTOR = 8;

export function searchRowId(code: number, id: number): number {
  return id * ROWID_FACTOR + code;
}

/** The type code and entity id a search_index rowid stands for. */
export function entityOfRowId(rowid: number): { code: number; id: number } {
  return { code: rowid % ROWID_FACTOR, id: Math.floor(rowid / ROWID_FACTOR) };
}

// search_entries.names holds each whole name analyzed, between separators: |antony blinken|blinken|...|
// Ranking now looks names up in search_names (one row per name, indexed); migration 0004 filled
// that table from this column, which is still written.
const NAME_SEPARATOR = "|";

function analyzedNames(names: readonly string[]): string[] {
  return [...new Set(names.map(analyzeForIndex).filter((name) => name !== ""))];
}

export function namesColumn(names: readonly string[]): string {
  const analyzed = analyzedNames(names);
  return analyzed.length === 0 ? "" : `${NAME_SEPARATOR}${analyzed.join(NAME_SEPARATOR)}${NAME_SEPARATOR}`;
}

/** The search_names.name that the analyzed query equals when it equals a name. */
export function exactName(queryTerms: readonly string[]): string {
  return queryTerms.join(" ");
}

// Each statement below is one text per dialect, rendered once (a keyed Read): the write path
// indexes thousands of rows in an import. PostgreSQL's search_index is a plain table whose tsvector
// `document` holds the same analyzed terms (migration 0001 of migrations/postgres).
const SEARCH_STATEMENTS = {};

const runResult = (found: unknown[]) => found[0] as RunResult;
const SEARCH_KEYS = new Map<string, TextKey>();

function searchStatement(dialect: Dialect, variant: string, params: readonly unknown[], build: () => SQL): Read<RunResult> {
  let textKey = SEARCH_KEYS.get(variant);
  if (!textKey) SEARCH_KEYS.set(variant, (textKey = { owner: SEARCH_STATEMENTS, variant }));
  return { dialect, build, textKey, params, mode: "run", shape: runResult };
}

function insertIndexRow(dialect: Dialect, rowid: number, columns: readonly string[]): Read<RunResult> {
  if (dialect.name === "postgres") {
    const document = searchDocumentOfTexts(columns);
    return searchStatement(dialect, "insert-row", [rowid, document], () => sql`insert into ${sql.raw(SEARCH_TABLE)} (rowid, document) values (${rowid}, ${document}::tsvector)`);
  }
  const [title, subtitle, body] = columns;
  return searchStatement(dialect, "insert-row", [rowid, title, subtitle, body], () => sql`insert into ${sql.raw(SEARCH_TABLE)} (rowid, title, subtitle, body) values (${rowid}, ${title}, ${subtitle}, ${body})`);
}

/**
 * Where index rows are written: the write's dialect and, in one of SQLite's import batches, the
 * batch (a WriteSession is one). Every write path passes its session, so that no writer of a batch
 * can write its FTS5 row out of turn (see deferIndexRow).
 */
export interface SearchWriting {
  readonly dialect: Dialect;
  readonly batch: BatchWrite | null;
}

/** Writing outside any write session: the reindexers' maintenance path, on SQLite. */
export const SQLITE_MAINTENANCE: SearchWriting = { dialect: SQLITE, batch: null };

/** An FTS5 row an import batch writes at its end: rowid and analyzed columns. */
type PendingIndexRow = readonly [rowid: number, columns: readonly string[]];

/**
 * In an import batch, the FTS5 row waits for the batch's end (BatchWrite.finish). FTS5 keeps
 * new rows in memory and writes them out as a new segment of its b-tree at every statement
 * savepoint — and SQLite opens one for most of a batch's other writes (a statement that fires a
 * trigger, such as search_terms' log). Row by row, every index row of an import became a segment
 * of its own, merged again and again: at M, the FTS5 and search_terms inserts took 3.9 s, against
 * 1.8 s for the same rows written in a run (test/bench/import-rate.ts). Written together, a
 * batch's rows make a segment per megabyte. The index holds the same rows and totals either way:
 * only how its b-tree is cut differs, which no query sees.
 */
function deferIndexRow(batch: BatchWrite, rowid: number, columns: readonly string[]): void {
  batch.deferred<PendingIndexRow>(SEARCH_TABLE, (pending) => writePendingIndexRows(batch, pending)).add([rowid, columns]);
}

const INSERT_INDEX_ROW = `insert into ${SEARCH_TABLE} (rowid, title, subtitle, body) values (?, ?, ?, ?)`;
const DELETE_INDEX_ROW = `delete from ${SEARCH_TABLE} where rowid = ?`;
const LIVE_ROWS = `select rowid from ${ENTRIES_TABLE} where rowid in (select value from json_each(?))`;

/**
 * Writes a batch's pending FTS5 rows, every version in the order it was written. A version
 * removed later in the batch (its entity written again, or deleted by a cascade: it lost its
 * search_entries row, by the write path or by trigger) found nothing to remove in FTS5 then, so
 * it is written and removed now. Not merely skipped: FTS5's totals (its row count and tokens per
 * column, which BM25 reads) count every row ever inserted, since a DELETE from a contentless_delete
 * table leaves them as they were — and they must be what writing row by row leaves.
 */
function writePendingIndexRows(batch: BatchWrite, pending: ReadonlySet<PendingIndexRow>): void {
  const last = new Map<number, PendingIndexRow>();
  for (const row of pending) last.set(row[0], row);
  const live = new Set(batch.all<{ rowid: number }>(LIVE_ROWS, JSON.stringify([...last.keys()])).map((row) => row.rowid));
  for (const row of pending) {
    const [rowid, [title, subtitle, body]] = row;
    batch.run(INSERT_INDEX_ROW, rowid, title, subtitle, body);
    if (last.get(rowid) !== row || !live.has(rowid)) batch.run(DELETE_INDEX_ROW, rowid);
  }
}

/**
 * The statements that write the index row of one entity. `fresh`: the entity was just inserted
 * with a new id (ids are never reused), so it has no row to replace.
 */
export function* searchRowWrites(writing: SearchWriting, code: number, id: number, fields: SearchFields, fresh = false): WriteProgram<void> {
  const { dialect, batch } = writing;
  const rowid = searchRowId(code, id);
  const analyze = (texts: readonly string[]) => texts.map(analyzeForIndex).join(" ");
  if (!fresh) yield* searchRowRemovals(dialect, [rowid]);
  const columns = [analyze(fields.title), analyze(fields.subtitle), analyze(fields.body)];
  if (batch) deferIndexRow(batch, rowid, columns);
  else yield* read(insertIndexRow(dialect, rowid, columns));
  const names = namesColumn(fields.names);
  yield* read(searchStatement(dialect, "insert-entry", [rowid, fields.sortDate, names], () => sql`insert into ${sql.raw(ENTRIES_TABLE)} (rowid, sort_date, names) values (${rowid}, ${fields.sortDate}, ${names})`));
  // After search_entries: removing the entry removes the terms (a trigger), never the reverse.
  // Never an upsert of a replaced row: a replaced row fires no delete trigger, and its removal would go unlogged.
  const terms = encodeSearchTerms(columns);
  yield* read(searchStatement(dialect, "insert-terms", [rowid, terms], () => sql`insert into ${sql.raw(TERMS_TABLE)} (rowid, terms) values (${rowid}, ${terms})`));
  for (const name of analyzedNames(fields.names)) {
    yield* read(searchStatement(dialect, "insert-name", [name, rowid], () => sql`insert into ${sql.raw(NAMES_TABLE)} (name, rowid) values (${name}, ${rowid}) on conflict do nothing`));
  }
}

/**
 * Removes index rows. Deleting the content row already does this (triggers); call it only to hide
 * a row that stays in its table, or to drop a row left under another type code.
 */
export function* searchRowRemovals(dialect: Dialect, rowids: readonly number[]): WriteProgram<void> {
  for (const rowid of rowids) {
    for (const table of [SEARCH_TABLE, ENTRIES_TABLE, NAMES_TABLE]) {
      yield* read(searchStatement(dialect, `delete-${table}`, [rowid], () => sql`delete from ${sql.raw(table)} where rowid = ${rowid}`));
    }
  }
}

/** writeSearchRow's statements run on a SQLite connection (the reindexers' maintenance path). */
export function writeSearchRow(db: Db, code: number, id: number, fields: SearchFields, fresh = false): void {
  runSynchronously(searchRowWrites(SQLITE_MAINTENANCE, code, id, fields, fresh), sqliteRunner(db.$client));
}

/** searchRowRemovals run on a SQLite connection. */
export function removeSearchRows(db: Db, rowids: readonly number[]): void {
  runSynchronously(searchRowRemovals(SQLITE, rowids), sqliteRunner(db.$client));
}

// ---------------------------------------------------------------- whole index

const BATCH = 500;

/** Runs `index` over a table in id order, BATCH rows at a time (reads and writes cannot interleave on one connection). */
export function eachBatch<Row extends { id: number }>(read: (afterId: number, limit: number) => Row[], index: (rows: Row[]) => void): number {
  let afterId = 0;
  let total = 0;
  for (;;) {
    const rows = read(afterId, BATCH);
    if (rows.length === 0) return total;
    index(rows);
    total += rows.length;
    afterId = rows[rows.length - 1]!.id;
  }
}

/** Rebuilds the rows of one kind of content; returns how many it wrote. */
export type SearchReindexer = (db: Db) => number;

/** Empties the index and rebuilds it with every module's reindexer, in one transaction. Returns the rows indexed. */
export function reindexAll(db: Db, reindexers: readonly SearchReindexer[]): number {
  return db.$client.transaction(() => {
    db.run(sql.raw(`insert into ${SEARCH_TABLE}(${SEARCH_TABLE}) values ('delete-all')`));
    db.run(sql.raw(`delete from ${ENTRIES_TABLE}`));
    db.run(sql.raw(`delete from ${NAMES_TABLE}`));
    let total = 0;
    for (const reindex of reindexers) total += reindex(db);
    // Merge the b-tree segments the bulk insert left behind, so the first searches are fast.
    db.run(sql.raw(`insert into ${SEARCH_TABLE}(${SEARCH_TABLE}) values ('optimize')`));
    return total;
  })();
}

/**
 * Builds the index when it is empty but content exists: the case of a database that had content
 * before migration 0002 (the migration cannot analyze text, being SQL); rebuilds it when rows
 * indexed before migration 0015 have no terms yet (search_terms.terms NULL; ranking then falls
 * back to FTS5 for the queries they match). Cheap otherwise: a few one-row reads. Returns the rows
 * indexed, 0 when nothing was to do.
 */
export function ensureSearchIndex(db: Db, reindexers: readonly SearchReindexer[], hasContent: () => boolean): number {
  const indexed = db.get<{ one: number } | undefined>(sql.raw(`select 1 as one from ${ENTRIES_TABLE} limit 1`));
  if (indexed) {
    // The partial index search_terms_unknown holds exactly these rows: no scan.
    const unanalyzed = db.get<{ one: number } | undefined>(sql.raw(`select 1 as one from ${TERMS_TABLE} where terms is null limit 1`));
    return unanalyzed ? reindexAll(db, reindexers) : 0;
  }
  return hasContent() ? reindexAll(db, reindexers) : 0;
}
