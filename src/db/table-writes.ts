// The statements of the write path, engine-neutral: inserts, updates, deletes and lookups of one
// table, built from the module tables for a dialect and run by the same runners as the reads
// (db/read.ts) — synchronously inside better-sqlite3's transaction, over one pooled connection
// inside a PostgreSQL transaction. Statements whose text depends only on which columns they
// name are rendered once per (table, columns) and later calls only bind values: an import runs the
// same few statements for every row it writes.
//
// Two differences between the engines live here: the id of an inserted row (SQLite's
// lastInsertRowid, cheaper than RETURNING there; PostgreSQL's `returning "id"`), and nothing else
// — the rest is SQL both accept (`on conflict do nothing`, `delete … returning`).
import { getTableColumns, getTableName, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Dialect } from "./dialect.js";
import { columnsOf } from "./query.js";
import { keyedRows, type Read, type RunResult } from "./read.js";

/** A table's columns by key (the JS name): their SQL names, and whether it has an integer `id`. */
interface TableShape {
  name: string;
  columnNames: Map<string, string>;
  hasId: boolean;
}

const shapes = new WeakMap<SQLiteTable, TableShape>();

function shapeOf(table: SQLiteTable): TableShape {
  let shape = shapes.get(table);
  if (!shape) {
    const columns = getTableColumns(table) as Record<string, SQLiteColumn>;
    const columnNames = new Map(Object.entries(columns).map(([key, column]) => [key, column.name]));
    shape = { name: getTableName(table), columnNames, hasId: columns["id"]?.primary === true };
    shapes.set(table, shape);
  }
  return shape;
}

function columnName(shape: TableShape, key: string): string {
  const name = shape.columnNames.get(key);
  if (name === undefined) throw new Error(`${shape.name} has no column ${key}`);
  return name;
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The columns a table's row may be written with (its insert type, every field optional). */
export type TableValues<Table extends SQLiteTable> = Partial<Table["$inferInsert"]>;

type Key<Table extends SQLiteTable> = keyof Table["$inferSelect"] & string;

const runResult = (found: unknown[]) => found[0] as RunResult;

function written(dialect: Dialect, owner: object, variant: string, params: readonly unknown[], build: () => SQL): Read<RunResult> {
  return { dialect, build, textKey: { owner, variant }, params, mode: "run", shape: runResult };
}

/** One statement of the write path that no helper below says (a set-based update, a merge's move): run, not read. */
export function execute(dialect: Dialect, build: () => SQL): Read<RunResult> {
  return { dialect, build, mode: "run", shape: runResult };
}

/**
 * `insert into table (the given columns) values (…)`; `insertedId` is the new row's id when the
 * table has one. `ignoreConflict`: a row that would break a unique key is left out (the link tables).
 */
export function insertRow<Table extends SQLiteTable>(dialect: Dialect, table: Table, values: TableValues<Table>, options: { ignoreConflict?: boolean } = {}): Read<RunResult> {
  return insertRows(dialect, table, [values], options);
}

/** Several rows with the same columns (those of the first) in one statement. */
export function insertRows<Table extends SQLiteTable>(dialect: Dialect, table: Table, rows: readonly TableValues<Table>[], options: { ignoreConflict?: boolean } = {}): Read<RunResult> {
  if (rows.length === 0) throw new Error("insertRows needs a row");
  const shape = shapeOf(table);
  const keys = Object.keys(rows[0]!);
  const params: unknown[] = [];
  for (const row of rows) for (const key of keys) params.push((row as Record<string, unknown>)[key] ?? null);
  const conflict = options.ignoreConflict === true;
  return written(dialect, table, `insert|${rows.length}|${conflict}|${keys.join(",")}`, params, () => {
    const columns = keys.map((key) => quoted(columnName(shape, key))).join(", ");
    const tuple = (row: number) => sql`(${sql.join(keys.map((_key, index) => sql`${params[row * keys.length + index]}`), sql`, `)})`;
    const returning = dialect.name === "postgres" && shape.hasId ? sql` returning "id"` : sql``;
    return sql`insert into ${sql.raw(quoted(shape.name))} (${sql.raw(columns)}) values ${sql.join(rows.map((_row, index) => tuple(index)), sql`, `)}${conflict ? sql` on conflict do nothing` : sql``}${returning}`;
  });
}

/** `update table set (the given columns) where <key> = value`. */
export function updateRows<Table extends SQLiteTable>(dialect: Dialect, table: Table, values: TableValues<Table>, key: Key<Table>, value: unknown): Read<RunResult> {
  const shape = shapeOf(table);
  const keys = Object.keys(values);
  const params = [...keys.map((name) => (values as Record<string, unknown>)[name] ?? null), value];
  return written(dialect, table, `update|${key}|${keys.join(",")}`, params, () => {
    const assignments = sql.join(
      keys.map((name, index) => sql`${sql.raw(quoted(columnName(shape, name)))} = ${params[index]}`),
      sql`, `,
    );
    return sql`update ${sql.raw(quoted(shape.name))} set ${assignments} where ${sql.raw(quoted(columnName(shape, key)))} = ${value}`;
  });
}

/** `update table set (the given columns) where <condition>`, for conditions the keyed form cannot say. */
export function updateWhere<Table extends SQLiteTable>(dialect: Dialect, table: Table, values: TableValues<Table>, where: SQL): Read<RunResult> {
  const shape = shapeOf(table);
  const assignments = Object.entries(values).map(([name, value]) => sql`${sql.raw(quoted(columnName(shape, name)))} = ${value ?? null}`);
  return execute(dialect, () => sql`update ${sql.raw(quoted(shape.name))} set ${sql.join(assignments, sql`, `)} where ${where}`);
}

/** `delete from table where <key> = value`. */
export function deleteRows<Table extends SQLiteTable>(dialect: Dialect, table: Table, key: Key<Table>, value: unknown): Read<RunResult> {
  const shape = shapeOf(table);
  return written(dialect, table, `delete|${key}`, [value], () => sql`delete from ${sql.raw(quoted(shape.name))} where ${sql.raw(quoted(columnName(shape, key)))} = ${value}`);
}

/** `delete from table where <condition>`. */
export function deleteWhere(dialect: Dialect, table: SQLiteTable, where: SQL): Read<RunResult> {
  const shape = shapeOf(table);
  return execute(dialect, () => sql`delete from ${sql.raw(quoted(shape.name))} where ${where}`);
}

/** `delete from table where <key> = value returning <column>`: what the deleted rows held. */
export function deleteReturning<Table extends SQLiteTable, Column extends Key<Table>>(dialect: Dialect, table: Table, key: Key<Table>, value: unknown, column: Column): Read<{ [Name in Column]: Table["$inferSelect"][Column] }[]> {
  const shape = shapeOf(table);
  return keyedRows(dialect, { owner: table, variant: `delete|${key}|returning|${column}` }, [value], () => sql`delete from ${sql.raw(quoted(shape.name))} where ${sql.raw(quoted(columnName(shape, key)))} = ${value} returning ${sql.raw(quoted(columnName(shape, column)))} as ${sql.raw(quoted(column))}`);
}

/** The rows whose <key> is value, every column, keyed as Drizzle keys them. */
export function rowsWhere<Table extends SQLiteTable>(dialect: Dialect, table: Table, key: Key<Table>, value: unknown): Read<Table["$inferSelect"][]> {
  const shape = shapeOf(table);
  return keyedRows(dialect, { owner: table, variant: `select|${key}` }, [value], () => sql`select ${columnsOf(table, shape.name)} from ${sql.raw(quoted(shape.name))} where ${sql.raw(quoted(shape.name))}.${sql.raw(quoted(columnName(shape, key)))} = ${value}`);
}

/** The row whose <key> is value (a unique key), if any. */
export function rowWhere<Table extends SQLiteTable>(dialect: Dialect, table: Table, key: Key<Table>, value: unknown): Read<Table["$inferSelect"] | undefined> {
  const read = rowsWhere(dialect, table, key, value);
  return { ...read, shape: (found) => read.shape(found)[0] };
}
