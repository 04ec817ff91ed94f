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
import { sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { prepared } from "../db/query.js";
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

const DELETE_ROW = `delete from ${SEARCH_TABLE} where rowid = ?`;
const DELETE_ENTRY = `delete from ${ENTRIES_TABLE} where rowid = ?`;
const INSERT_ROW = `insert into ${SEARCH_TABLE} (rowid, title, subtitle, body) values (?, ?, ?, ?)`;
const INSERT_ENTRY = `insert into ${ENTRIES_TABLE} (rowid, sort_date, names) values (?, ?, ?)`;
const DELETE_NAMES = `delete from ${NAMES_TABLE} where rowid = ?`;
const INSERT_NAME = `insert or ignore into ${NAMES_TABLE} (name, rowid) values (?, ?)`;
// Never "insert or replace": a replaced row fires no delete trigger, and its removal would go unlogged.
const INSERT_TERMS = `insert into ${TERMS_TABLE} (rowid, terms) values (?, ?)`;

/**
 * Writes the index row of one entity. `fresh`: the entity was just inserted with a new id
 * (AUTOINCREMENT ids are never reused), so it has no row to replace.
 */
export function writeSearchRow(db: Db, code: number, id: number, fields: SearchFields, fresh = false): void {
  const rowid = searchRowId(code, id);
  const analyze = (texts: readonly string[]) => texts.map(analyzeForIndex).join(" ");
  if (!fresh) removeSearchRows(db, [rowid]);
  const columns = [analyze(fields.title), analyze(fields.subtitle), analyze(fields.body)];
  prepared(db.$client, INSERT_ROW).run(rowid, ...columns);
  prepared(db.$client, INSERT_ENTRY).run(rowid, fields.sortDate, namesColumn(fields.names));
  // After search_entries: removing the entry removes the terms (a trigger), never the reverse.
  prepared(db.$client, INSERT_TERMS).run(rowid, encodeSearchTerms(columns));
  for (const name of analyzedNames(fields.names)) prepared(db.$client, INSERT_NAME).run(name, rowid);
}

/**
 * Removes index rows. Deleting the content row already does this (triggers); call it only to hide
 * a row that stays in its table, or to drop a row left under another type code.
 */
export function removeSearchRows(db: Db, rowids: readonly number[]): void {
  for (const rowid of rowids) {
    prepared(db.$client, DELETE_ROW).run(rowid);
    prepared(db.$client, DELETE_ENTRY).run(rowid);
    prepared(db.$client, DELETE_NAMES).run(rowid);
  }
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
