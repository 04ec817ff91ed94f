// Read queries that Drizzle's builder cannot express (json_each batches, correlated LIMIT
// subqueries) are written with Drizzle's `sql` template and run here. Statements are prepared
// once per SQL text and reused: better-sqlite3 does not cache them, and the batched shapes are
// few and constant because id lists travel as one JSON parameter.
import type Database from "better-sqlite3";
import type { Db } from "./client.js";
import { getTableColumns, sql, type SQL } from "drizzle-orm";
import { SQLiteSyncDialect, type SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Dialect } from "./dialect.js";
import { keyedRows, statementOf, type Read, type RunResult, type SyncRunner } from "./read.js";
import { runSynchronously, type ReadProgram } from "./read-program.js";

const dialect = new SQLiteSyncDialect();
const preparedBySqlite = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** The statement for a SQL text, prepared once per connection (hot write paths use it too). */
export function prepared(sqlite: Database.Database, text: string): Database.Statement {
  let cache = preparedBySqlite.get(sqlite);
  if (!cache) {
    cache = new Map();
    preparedBySqlite.set(sqlite, cache);
  }
  let statement = cache.get(text);
  if (!statement) {
    statement = sqlite.prepare(text);
    cache.set(text, statement);
  }
  return statement;
}

export function allRows<Row>(sqlite: Database.Database, query: SQL): Row[] {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return prepared(sqlite, text).all(...params) as Row[];
}

export function firstRow<Row>(sqlite: Database.Database, query: SQL): Row | undefined {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return prepared(sqlite, text).get(...params) as Row | undefined;
}

/** What `jsonList` accepts: ids, slugs, or pairs of them. */
export type IdList = readonly (number | string | readonly (number | string)[])[];

/**
 * A read whose only parameter is an id list (the batched loads behind every loader), made for
 * a dialect. Its text depends only on the dialect and the columns left out, so it is rendered
 * once per pair (db/read.ts) and later calls only bind the list.
 */
export function idListRead<Row>(build: (dialect: Dialect, ids: SQL, omit: readonly string[]) => SQL): (dialect: Dialect, ids: IdList, omit?: readonly string[]) => Read<Row[]> {
  const owner = {};
  return (dialect, ids, omit = NOTHING_LEFT_OUT) => {
    const list = JSON.stringify(ids);
    return keyedRows<Row>(dialect, { owner, variant: omit.join(",") }, [list], () => build(dialect, sql`${list}`, omit));
  };
}

const NOTHING_LEFT_OUT: readonly string[] = Object.freeze([]);

/**
 * A read's statement in raw mode (rows as arrays) and its column names. Rows become objects in
 * JavaScript, each built with the same keys in the same order: better-sqlite3 building them
 * itself cost about a third more (20 articles' statement pages: 0.40 → 0.30 ms with the mapping).
 * A statement of its own, not the one `prepared` shares with the write path, since raw mode is a
 * setting of the statement.
 */
interface RawRead {
  statement: Database.Statement;
  columns: readonly string[];
}

const rawReadsBySqlite = new WeakMap<Database.Database, Map<string, RawRead | null>>();

/** The raw read for a SQL text, or null when the statement returns no data (`run` it instead). */
function rawRead(sqlite: Database.Database, text: string): RawRead | null {
  let cache = rawReadsBySqlite.get(sqlite);
  if (!cache) rawReadsBySqlite.set(sqlite, (cache = new Map()));
  let read = cache.get(text);
  if (read === undefined) {
    const statement = sqlite.prepare(text);
    read = statement.reader ? { statement: statement.raw(true), columns: statement.columns().map((column) => column.name) } : null;
    cache.set(text, read);
  }
  return read;
}

/** Raw rows as objects keyed by column name (a repeated name keeps its last value, as better-sqlite3's own objects do). */
function rowObjects(values: unknown[][], columns: readonly string[]): Record<string, unknown>[] {
  const objects = new Array<Record<string, unknown>>(values.length);
  for (let index = 0; index < values.length; index++) {
    const row = values[index]!;
    const object: Record<string, unknown> = {};
    for (let column = 0; column < columns.length; column++) object[columns[column]!] = row[column];
    objects[index] = object;
  }
  return objects;
}

/** Runs reads on a SQLite connection, synchronously; one runner per connection. */
export function sqliteRunner(sqlite: Database.Database): SyncRunner {
  let run = runners.get(sqlite);
  if (!run) {
    run = <Result>(read: Read<Result>): Result => {
      const { text, params } = statementOf(read);
      if (read.mode !== "run") {
        const raw = rawRead(sqlite, text);
        if (raw) return read.shape(rowObjects(raw.statement.all(...params) as unknown[][], raw.columns));
      }
      const statement = prepared(sqlite, text);
      if (read.mode !== "run") return read.shape(statement.all(...params));
      // An insert's id is lastInsertRowid, not RETURNING: SQLite runs a RETURNING statement
      // through a result buffer, which made inserting a statement row cost about twice as much.
      const result = statement.run(...params);
      return read.shape([{ changes: result.changes, insertedId: Number(result.lastInsertRowid) } satisfies RunResult]);
    };
    runners.set(sqlite, run);
  }
  return run;
}

const runners = new WeakMap<Database.Database, SyncRunner>();

/** An id list as one bound parameter, read back with `json_each`, so the SQL text never varies. */
export function jsonList(values: IdList): SQL {
  return sql`${JSON.stringify(values)}`;
}

/**
 * A LIMIT written into the SQL text rather than bound: SQLite runs a correlated `IN (… LIMIT n)`
 * subquery (the per-parent pages) about twice as fast with a literal n as with a parameter
 * (20 articles' statements on the benchmark data: 1.38 → 0.77 ms). Page limits are validated
 * integers (1..MAX_PAGE_SIZE + 1), so a query shape has at most ~100 prepared variants.
 */
export function limitLiteral(limit: number): SQL {
  if (!Number.isSafeInteger(limit) || limit < 0) throw new Error(`A LIMIT must be a non-negative integer, got ${limit}`);
  return sql.raw(String(limit));
}

/**
 * Every column of a table as `"alias"."snake" as "camel"`, so raw rows are keyed like Drizzle's;
 * `except` leaves out columns by key (e.g. an article's `body`). Built once per table, alias and
 * exclusion as one raw chunk: rebuilt per call, the dozens of chunks made Drizzle's SQL rendering
 * a visible cost of every batched read.
 */
const columnLists = new WeakMap<SQLiteTable, Map<string, SQL>>();
export function columnsOf(table: SQLiteTable, alias: string, except: readonly string[] = []): SQL {
  let byKey = columnLists.get(table);
  if (!byKey) columnLists.set(table, (byKey = new Map()));
  const key = `${alias}|${except.join(",")}`;
  let list = byKey.get(key);
  if (!list) {
    const columns = Object.entries(getTableColumns(table))
      .filter(([name]) => !except.includes(name))
      .map(([name, column]) => `"${alias}"."${column.name}" as "${name}"`);
    list = sql.raw(columns.join(", "));
    byKey.set(key, list);
  }
  return list;
}

/**
 * Statements built once per connection with Drizzle's builder (`sql.placeholder` for the values)
 * and reused: the write path runs the same few statements for every row of an import, and
 * building and preparing a query per row costs more than the write.
 */
export function perConnection<Statements>(build: (db: Db) => Statements): (db: Db) => Statements {
  const cache = new WeakMap<Db, Statements>();
  return (db) => {
    let statements = cache.get(db);
    if (statements === undefined) {
      statements = build(db);
      cache.set(db, statements);
    }
    return statements;
  };
}

/**
 * A value that changes whenever the database may have: `total_changes()` counts this
 * connection's writes (triggers included; a rolled-back write still moves it), `data_version`
 * other connections' commits. What caches of derived data check before reuse. `null` inside a
 * transaction: what it reads may be rolled back, and a rollback does not move the value, so
 * nothing read there may be cached.
 */
export function databaseVersion(sqlite: Database.Database): string | null {
  if (sqlite.inTransaction) return null;
  const row = prepared(sqlite, `select total_changes() as "changes", (select data_version from pragma_data_version) as "dataVersion"`).get() as { changes: number; dataVersion: number };
  return `${row.changes}:${row.dataVersion}`;
}

/** A read or write program run on a SQLite connection, synchronously (inside the caller's transaction, if any). */
export function runOnSqlite<Result>(db: Db, program: ReadProgram<Result>): Result {
  return runSynchronously(program, sqliteRunner(db.$client));
}
