/**
 * Keeps the FTS5 table `search_index` (migration 0002) in step with the content.
 *
 * - One FTS5 table for every type, contentless (it stores only the inverted index), and a side
 *   table `search_entries` with what ranking needs besides BM25 (date, names). Its rowid encodes the entity, `id * 8 + code` (ROWID_CODES), so a
 *   row is found, replaced and deleted by rowid (no scan), and a type filter is arithmetic on the
 *   rowid (no read of the stored row).
 * - The columns hold analyzed terms (analyzer.ts): Arabic is normalized and stemmed in JavaScript,
 *   because no FTS5 tokenizer understands it. So inserts and updates must come from the write
 *   path: every function here runs inside the caller's (synchronous) transaction, and a write that
 *   rolls back takes its index rows with it.
 * - Deletes need no analysis: triggers in the migration remove index rows whenever an article,
 *   actor, statement or incident row is deleted, by any path (cascades included).
 * - A database that had content before the migration gets its index built at startup, by
 *   ensureSearchIndex (called by migrateDatabase).
 *
 * Whoever writes content calls: indexArticle (and indexStatementsOfArticle when its statements
 * changed), indexActor, indexIncident, indexStatement. Deletes need nothing.
 */
import type Database from "better-sqlite3";
import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { actorAliases, actors, type ActorRow } from "../modules/actor/actor.table.js";
import { articles, type ArticleRow } from "../modules/article/article.table.js";
import { incidents, type IncidentRow } from "../modules/incident/incident.table.js";
import { statements, type StatementRow } from "../modules/statement/statement.table.js";
import type { NodeType } from "../shared/global-id.js";
import { analyzeForIndex } from "./analyzer.js";
import {
  actorFields,
  actorNodeType,
  articleFields,
  incidentFields,
  statementFields,
  type ArticleSearchColumns,
  type SearchFields,
  type StatementSearchColumns,
} from "./search-documents.js";

export const SEARCH_TABLE = "search_index";
/** Per indexed row: sort_date and names (see the migration). Same rowids as SEARCH_TABLE. */
export const ENTRIES_TABLE = "search_entries";
/** One row per whole analyzed name (migration 0004): the exact-name lookup of ranking. Same rowids. */
export const NAMES_TABLE = "search_names";

/** rowid = entity id * ROWID_FACTOR + the code of its type. The migration's triggers use the same numbers. */
export const ROWID_FACTOR = 8;

export const ROWID_CODES: Readonly<Record<NodeType, number>> = {
  Article: 1,
  Person: 2,
  Organization: 3,
  Statement: 4,
  Incident: 5,
};

const TYPE_BY_CODE = new Map<number, NodeType>(Object.entries(ROWID_CODES).map(([type, code]) => [code, type as NodeType]));

export function searchRowId(type: NodeType, id: number): number {
  return id * ROWID_FACTOR + ROWID_CODES[type];
}

/** The entity a search_index rowid stands for. */
export function entityOfRowId(rowid: number): { type: NodeType; id: number } {
  const type = TYPE_BY_CODE.get(rowid % ROWID_FACTOR);
  if (!type) throw new Error(`search_index rowid ${rowid} has no known type code`);
  return { type, id: Math.floor(rowid / ROWID_FACTOR) };
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

// better-sqlite3 does not cache prepared statements; these few run once per indexed entity.
const statementsByConnection = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function prepared(sqlite: Database.Database, text: string): Database.Statement {
  let cache = statementsByConnection.get(sqlite);
  if (!cache) {
    cache = new Map();
    statementsByConnection.set(sqlite, cache);
  }
  let statement = cache.get(text);
  if (!statement) {
    statement = sqlite.prepare(text);
    cache.set(text, statement);
  }
  return statement;
}

const DELETE_ROW = `delete from ${SEARCH_TABLE} where rowid = ?`;
const DELETE_ENTRY = `delete from ${ENTRIES_TABLE} where rowid = ?`;
const INSERT_ROW = `insert into ${SEARCH_TABLE} (rowid, title, subtitle, body) values (?, ?, ?, ?)`;
const INSERT_ENTRY = `insert into ${ENTRIES_TABLE} (rowid, sort_date, names) values (?, ?, ?)`;
const DELETE_NAMES = `delete from ${NAMES_TABLE} where rowid = ?`;
const INSERT_NAME = `insert or ignore into ${NAMES_TABLE} (name, rowid) values (?, ?)`;

/** `fresh`: the entity was just inserted with a new id (AUTOINCREMENT ids are never reused), so it has no row to replace. */
function writeRow(db: Db, type: NodeType, id: number, fields: SearchFields, fresh = false): void {
  const rowid = searchRowId(type, id);
  const analyze = (texts: readonly string[]) => texts.map(analyzeForIndex).join(" ");
  if (!fresh) removeRows(db, [rowid]);
  prepared(db.$client, INSERT_ROW).run(rowid, analyze(fields.title), analyze(fields.subtitle), analyze(fields.body));
  prepared(db.$client, INSERT_ENTRY).run(rowid, fields.sortDate, namesColumn(fields.names));
  for (const name of analyzedNames(fields.names)) prepared(db.$client, INSERT_NAME).run(name, rowid);
}

function removeRows(db: Db, rowids: readonly number[]): void {
  for (const rowid of rowids) {
    prepared(db.$client, DELETE_ROW).run(rowid);
    prepared(db.$client, DELETE_ENTRY).run(rowid);
    prepared(db.$client, DELETE_NAMES).run(rowid);
  }
}

/** Which table an entity lives in: people and organizations share `actors`. */
export type IndexedTable = "Article" | "Actor" | "Statement" | "Incident";

/**
 * Removes an entity's index row. Deleting the content row already does this (triggers); call it
 * only to hide a row that stays in its table.
 */
export function removeFromIndex(db: Db, table: IndexedTable, id: number): void {
  if (table === "Actor") removeRows(db, [searchRowId("Person", id), searchRowId("Organization", id)]);
  else removeRows(db, [searchRowId(table, id)]);
}

function indexArticleRow(db: Db, article: ArticleRow): void {
  writeRow(db, "Article", article.id, articleFields(article));
}

function indexActorRow(db: Db, actor: ActorRow, aliases: readonly string[]): void {
  const type = actorNodeType(actor);
  // An actor is indexed under one type; drop a row left under the other one.
  removeRows(db, [searchRowId(type === "Person" ? "Organization" : "Person", actor.id)]);
  writeRow(db, type, actor.id, actorFields(actor, aliases));
}

function indexStatementRow(db: Db, statement: StatementRow): void {
  writeRow(db, "Statement", statement.id, statementFields(statement));
}

function indexIncidentRow(db: Db, incident: IncidentRow): void {
  writeRow(db, "Incident", incident.id, incidentFields(incident));
}

/** (Re)indexes one article (not its statements: see indexStatementsOfArticle). A missing id removes its row. */
export function indexArticle(db: Db, id: number): void {
  const article = db.select().from(articles).where(eq(articles.id, id)).get();
  if (article) indexArticleRow(db, article);
  else removeFromIndex(db, "Article", id);
}

/**
 * (Re)indexes one article from the values just written, without reading the row back. `fresh`:
 * the row was just inserted (nothing to replace).
 */
export function indexArticleValues(db: Db, id: number, article: ArticleSearchColumns, fresh: boolean): void {
  writeRow(db, "Article", id, articleFields(article), fresh);
}

/** (Re)indexes one statement from the values just written, without reading the row back. */
export function indexStatementValues(db: Db, id: number, statement: StatementSearchColumns, fresh: boolean): void {
  writeRow(db, "Statement", id, statementFields(statement), fresh);
}

/** (Re)indexes a person or organization with its aliases; call it after the aliases are written. */
export function indexActor(db: Db, id: number): void {
  const actor = db.select().from(actors).where(eq(actors.id, id)).get();
  if (!actor) return removeFromIndex(db, "Actor", id);
  const aliases = db.select({ alias: actorAliases.alias }).from(actorAliases).where(eq(actorAliases.actorId, id)).all();
  indexActorRow(db, actor, aliases.map((row) => row.alias));
}

export function indexStatement(db: Db, id: number): void {
  const statement = db.select().from(statements).where(eq(statements.id, id)).get();
  if (statement) indexStatementRow(db, statement);
  else removeFromIndex(db, "Statement", id);
}

/** (Re)indexes every statement of an article. */
export function indexStatementsOfArticle(db: Db, articleId: number): void {
  for (const statement of db.select().from(statements).where(eq(statements.articleId, articleId)).all()) indexStatementRow(db, statement);
}

export function indexIncident(db: Db, id: number): void {
  const incident = db.select().from(incidents).where(eq(incidents.id, id)).get();
  if (incident) indexIncidentRow(db, incident);
  else removeFromIndex(db, "Incident", id);
}

// ---------------------------------------------------------------- whole index

const BATCH = 500;

/** Runs `index` over a table in id order, BATCH rows at a time (reads and writes cannot interleave on one connection). */
function eachBatch<Row extends { id: number }>(read: (afterId: number) => Row[], index: (rows: Row[]) => void): number {
  let afterId = 0;
  let total = 0;
  for (;;) {
    const rows = read(afterId);
    if (rows.length === 0) return total;
    index(rows);
    total += rows.length;
    afterId = rows[rows.length - 1]!.id;
  }
}

/** Empties the index and rebuilds it from the content, in one transaction. Returns the rows indexed. */
export function reindexAll(db: Db): number {
  return db.$client.transaction(() => {
    db.run(sql.raw(`insert into ${SEARCH_TABLE}(${SEARCH_TABLE}) values ('delete-all')`));
    db.run(sql.raw(`delete from ${ENTRIES_TABLE}`));
    db.run(sql.raw(`delete from ${NAMES_TABLE}`));
    const after = (column: typeof articles.id | typeof actors.id | typeof statements.id | typeof incidents.id, afterId: number) => sql`${column} > ${afterId}`;
    let total = eachBatch(
      (afterId) => db.select().from(articles).where(after(articles.id, afterId)).orderBy(articles.id).limit(BATCH).all(),
      (rows) => rows.forEach((row) => indexArticleRow(db, row)),
    );
    total += eachBatch(
      (afterId) => db.select().from(actors).where(after(actors.id, afterId)).orderBy(actors.id).limit(BATCH).all(),
      (rows) => {
        const aliases = new Map<number, string[]>();
        const ids = JSON.stringify(rows.map((row) => row.id));
        for (const row of db.select().from(actorAliases).where(sql`${actorAliases.actorId} in (select value from json_each(${ids}))`).all()) {
          aliases.set(row.actorId, [...(aliases.get(row.actorId) ?? []), row.alias]);
        }
        rows.forEach((row) => indexActorRow(db, row, aliases.get(row.id) ?? []));
      },
    );
    total += eachBatch(
      (afterId) => db.select().from(statements).where(after(statements.id, afterId)).orderBy(statements.id).limit(BATCH).all(),
      (rows) => rows.forEach((row) => indexStatementRow(db, row)),
    );
    total += eachBatch(
      (afterId) => db.select().from(incidents).where(after(incidents.id, afterId)).orderBy(incidents.id).limit(BATCH).all(),
      (rows) => rows.forEach((row) => indexIncidentRow(db, row)),
    );
    // Merge the b-tree segments the bulk insert left behind, so the first searches are fast.
    db.run(sql.raw(`insert into ${SEARCH_TABLE}(${SEARCH_TABLE}) values ('optimize')`));
    return total;
  })();
}

/**
 * Builds the index when it is empty but content exists: the case of a database that had content
 * before migration 0002 (the migration cannot analyze text, being SQL). Cheap otherwise: two
 * one-row reads. Returns the rows indexed, 0 when nothing was to do.
 */
export function ensureSearchIndex(db: Db): number {
  const indexed = db.get<{ one: number } | undefined>(sql.raw(`select 1 as one from ${ENTRIES_TABLE} limit 1`));
  if (indexed) return 0;
  const content = db.get<{ one: number } | undefined>(
    sql`select 1 as one where exists (select 1 from ${articles}) or exists (select 1 from ${actors}) or exists (select 1 from ${incidents})`,
  );
  return content ? reindexAll(db) : 0;
}
