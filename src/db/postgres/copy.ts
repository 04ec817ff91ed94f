/**
 * Copies a SQLite database into an empty, migrated PostgreSQL database, in one PostgreSQL
 * transaction: how an existing SQLite deployment moves, and how the sample is loaded into a new
 * PostgreSQL database. Either everything is copied or nothing is.
 *
 * What is copied is what the PostgreSQL migrations created: every table of the public schema
 * (the tables derived from the module tables and the search tables of migration 0001), read from
 * the catalog, parents before children (foreign keys), each column by name from the SQLite table
 * of the same name. So a table added to the modules is copied without a change here, and a SQLite
 * database that lacks a table or column (not migrated to this version) is refused by name.
 *
 * - Values go over as SQLite holds them (integers, text, doubles, blobs), so rows read back
 *   identical on both engines.
 * - The user triggers are disabled for the copy (ALTER TABLE … DISABLE TRIGGER USER, transactional,
 *   enabled again before the commit): the copied rows already hold what they maintain
 *   (speaker_articles, the published_at copies, search_changes), and firing them would write those
 *   rows twice. Foreign keys stay checked (they are system triggers).
 * - A table that references itself (actors.affiliation_id, locations.parent_id) is copied with
 *   those columns empty, then they are set: a row may point at one copied after it.
 * - search_index: SQLite's is a contentless FTS5 table whose terms cannot be selected; its
 *   fts5vocab "instance" view lists every token FTS5 holds (term, row, column, offset), from which
 *   each row's tsvector is rebuilt (search-document.ts) with the very terms SQLite matches.
 * - Identity sequences continue after the highest id SQLite ever gave (sqlite_sequence: AUTOINCREMENT
 *   never reuses an id, even a deleted one's, and the write path relies on it), or the highest
 *   id present.
 */
import type Database from "better-sqlite3";
import type pg from "pg";
import { searchDocument } from "./search-document.js";
import { checkOut } from "./checked-out.js";

export interface CopyProgress {
  table: string;
  /** Rows copied into this table so far. */
  rows: number;
  /** Whether the table is complete. */
  done: boolean;
}

export interface CopyOptions {
  /** Hears of each batch written and each table completed. */
  onProgress?: (progress: CopyProgress) => void;
  /** Rows per INSERT (default 1000). */
  batchSize?: number;
  /**
   * Tables left as they are in PostgreSQL: not required to be empty, not copied into, their
   * sequences untouched. For a source known to hold none of their rows whose target may already
   * hold some: the refused mutations running Khabar processes recorded before any content was loaded.
   */
  keep?: readonly string[];
}

export interface CopyResult {
  /** Rows per table, in the order they were copied. */
  tables: { table: string; rows: number }[];
  rows: number;
}

export class CopyError extends Error {
  override name = "CopyError";
}

/** The table whose rows are rebuilt from FTS5 rather than read from a SQLite table of the same name. */
const SEARCH_TABLE = "search_index";

interface TargetColumn {
  name: string;
  /** The element type for the unnest() array parameter: int4, text, float8, bytea, tsvector … */
  type: string;
  identity: boolean;
}

interface TargetTable {
  name: string;
  columns: TargetColumn[];
  /** Columns that reference this same table. */
  selfReferences: string[];
  primaryKey: string[];
}

type Value = number | bigint | string | Buffer | null;
type Row = Record<string, Value>;

export async function copySqliteToPostgres(sqlite: Database.Database, pool: pg.Pool, options: CopyOptions = {}): Promise<CopyResult> {
  const batchSize = options.batchSize ?? 1000;
  const connection = await checkOut(pool);
  const { client } = connection;
  let failed = false;
  try {
    const kept = new Set(options.keep ?? []);
    const tables = (await targetTables(client)).filter((table) => !kept.has(table.name));
    if (!tables.some((table) => table.name === SEARCH_TABLE)) {
      throw new CopyError("The PostgreSQL database is not migrated (it has no search_index table): run the migrations first (migratePostgres).");
    }
    await refuseUnlessEmpty(client, tables);
    checkSourceHasColumns(sqlite, tables);

    await client.query("begin");
    // A snapshot of SQLite for the whole copy: a write committed meanwhile is either all in or all out.
    const ownSqliteTransaction = !sqlite.inTransaction;
    if (ownSqliteTransaction) sqlite.exec("begin");
    try {
      for (const table of tables) await client.query(`alter table ${quote(table.name)} disable trigger user`);
      const result: CopyResult = { tables: [], rows: 0 };
      for (const table of tables) {
        const rows = table.name === SEARCH_TABLE ? searchRowsOf(sqlite) : sqlite.prepare(`select ${table.columns.map((column) => quote(column.name)).join(", ")} from ${quote(table.name)}`).iterate() as Iterable<Row>;
        const copied = await copyRows(client, table, rows, batchSize, (count) => options.onProgress?.({ table: table.name, rows: count, done: false }));
        if (table.selfReferences.length > 0) await setSelfReferences(client, sqlite, table, batchSize);
        options.onProgress?.({ table: table.name, rows: copied, done: true });
        result.tables.push({ table: table.name, rows: copied });
        result.rows += copied;
      }
      await resetSequences(client, sqlite, tables);
      for (const table of tables) await client.query(`alter table ${quote(table.name)} enable trigger user`);
      // The change triggers were off with the others: tell every Khabar reading this database (migration 0002), at commit.
      await client.query("select pg_notify('khabar_changes', 'copy')");
      await client.query("commit");
      return result;
    } catch (error) {
      failed = true;
      await client.query("rollback").catch(() => undefined);
      throw error;
    } finally {
      if (ownSqliteTransaction && sqlite.inTransaction) sqlite.exec("rollback");
    }
  } finally {
    connection.release(failed);
  }
}

// ---------------------------------------------------------------- the target's tables

async function targetTables(client: pg.PoolClient): Promise<TargetTable[]> {
  const columns = await client.query<{ table_name: string; column_name: string; type: string; identity: boolean }>(
    `select c.table_name, c.column_name, c.udt_name as type, c.is_identity = 'YES' as identity
     from information_schema.columns c join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
     where c.table_schema = 'public' and t.table_type = 'BASE TABLE' order by c.table_name, c.ordinal_position`,
  );
  const references = await client.query<{ child: string; parent: string; columns: string[] }>(
    `select child.relname as child, parent.relname as parent,
       array(select a.attname::text from unnest(c.conkey) k join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k) as columns
     from pg_constraint c join pg_class child on child.oid = c.conrelid join pg_class parent on parent.oid = c.confrelid
     join pg_namespace n on n.oid = child.relnamespace
     where c.contype = 'f' and n.nspname = 'public'`,
  );
  const primaryKeys = await client.query<{ table_name: string; columns: string[] }>(
    `select cls.relname as table_name, array(select a.attname::text from unnest(c.conkey) with ordinality k(attnum, n) join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum order by k.n) as columns
     from pg_constraint c join pg_class cls on cls.oid = c.conrelid join pg_namespace n on n.oid = cls.relnamespace
     where c.contype = 'p' and n.nspname = 'public'`,
  );
  const tables = new Map<string, TargetTable>();
  for (const row of columns.rows) {
    let table = tables.get(row.table_name);
    if (!table) tables.set(row.table_name, (table = { name: row.table_name, columns: [], selfReferences: [], primaryKey: [] }));
    table.columns.push({ name: row.column_name, type: row.type, identity: row.identity });
  }
  for (const row of primaryKeys.rows) {
    const table = tables.get(row.table_name);
    if (table) table.primaryKey = row.columns;
  }
  const parents = new Map<string, Set<string>>();
  for (const { child, parent, columns: referencing } of references.rows) {
    if (child === parent) tables.get(child)?.selfReferences.push(...referencing);
    else parents.set(child, (parents.get(child) ?? new Set()).add(parent));
  }
  // Parents first; ties by name, so the order (and the progress a user sees) is the same every time.
  const ordered: TargetTable[] = [];
  const placed = new Set<string>();
  const remaining = [...tables.keys()].sort();
  while (remaining.length > 0) {
    const next = remaining.findIndex((name) => [...(parents.get(name) ?? [])].every((parent) => placed.has(parent) || !tables.has(parent)));
    if (next < 0) throw new CopyError(`The foreign keys between ${remaining.join(", ")} form a cycle: no order copies them`);
    const [name] = remaining.splice(next, 1);
    placed.add(name!);
    ordered.push(tables.get(name!)!);
  }
  return ordered;
}

async function refuseUnlessEmpty(client: pg.PoolClient, tables: readonly TargetTable[]): Promise<void> {
  const filled: string[] = [];
  for (const table of tables) {
    const { rows } = await client.query<{ filled: boolean }>(`select exists (select 1 from ${quote(table.name)}) as filled`);
    if (rows[0]?.filled) filled.push(table.name);
  }
  if (filled.length > 0) {
    throw new CopyError(`The PostgreSQL database is not empty (rows in ${filled.join(", ")}): the copy only fills an empty, migrated database, so that nothing is merged or overwritten.`);
  }
}

function checkSourceHasColumns(sqlite: Database.Database, tables: readonly TargetTable[]): void {
  const missing: string[] = [];
  for (const table of tables) {
    if (table.name === SEARCH_TABLE) continue;
    const present = new Set((sqlite.prepare(`select name from pragma_table_info(?)`).all(table.name) as { name: string }[]).map((column) => column.name));
    if (present.size === 0) missing.push(`table ${table.name}`);
    else for (const column of table.columns) if (!present.has(column.name)) missing.push(`${table.name}.${column.name}`);
  }
  if (missing.length > 0) {
    throw new CopyError(`The SQLite database lacks ${missing.join(", ")}: migrate it with this version of Khabar (start it once on that file) before copying.`);
  }
}

// ---------------------------------------------------------------- rows

async function copyRows(client: pg.PoolClient, table: TargetTable, rows: Iterable<Row>, batchSize: number, onBatch: (copied: number) => void): Promise<number> {
  const self = new Set(table.selfReferences);
  const names = table.columns.map((column) => quote(column.name)).join(", ");
  // One array parameter per column, unnested into rows: a batch is one statement whatever its size.
  const arrays = table.columns.map((column, index) => `$${index + 1}::${column.type}[]`).join(", ");
  const insert = `insert into ${quote(table.name)} (${names}) overriding system value select * from unnest(${arrays})`;
  let copied = 0;
  let batch: Value[][] = table.columns.map(() => []);
  let size = 0;
  const flush = async () => {
    if (size === 0) return;
    await client.query(insert, batch);
    copied += size;
    batch = table.columns.map(() => []);
    size = 0;
    onBatch(copied);
  };
  for (const row of rows) {
    table.columns.forEach((column, index) => batch[index]!.push(self.has(column.name) ? null : toPostgres(row[column.name] ?? null)));
    if (++size >= batchSize) await flush();
  }
  await flush();
  return copied;
}

/** SQLite's JS values as pg sends them: bigint (a safe-integers connection) as its decimal text. */
function toPostgres(value: Value): Value {
  return typeof value === "bigint" ? value.toString() : value;
}

async function setSelfReferences(client: pg.PoolClient, sqlite: Database.Database, table: TargetTable, batchSize: number): Promise<void> {
  const key = table.primaryKey;
  const columns = [...key, ...table.selfReferences];
  const types = columns.map((name) => table.columns.find((column) => column.name === name)!.type);
  const assignments = table.selfReferences.map((name) => `${quote(name)} = source.${quote(name)}`).join(", ");
  const matches = key.map((name) => `target.${quote(name)} = source.${quote(name)}`).join(" and ");
  const update = `update ${quote(table.name)} as target set ${assignments} from unnest(${types.map((type, index) => `$${index + 1}::${type}[]`).join(", ")}) as source(${columns.map(quote).join(", ")}) where ${matches}`;
  const rows = sqlite.prepare(`select ${columns.map(quote).join(", ")} from ${quote(table.name)} where ${table.selfReferences.map((name) => `${quote(name)} is not null`).join(" or ")}`).iterate() as Iterable<Row>;
  let batch: Value[][] = columns.map(() => []);
  for (const row of rows) {
    columns.forEach((name, index) => batch[index]!.push(toPostgres(row[name] ?? null)));
    if (batch[0]!.length >= batchSize) {
      await client.query(update, batch);
      batch = columns.map(() => []);
    }
  }
  if (batch[0]!.length > 0) await client.query(update, batch);
}

/** search_index rows (rowid, document) rebuilt from the tokens FTS5 holds, in rowid order. */
function searchRowsOf(sqlite: Database.Database): Row[] {
  const vocabulary = "khabar_copy_search_vocabulary";
  const columns = (sqlite.prepare(`select name from pragma_table_info('search_index')`).all() as { name: string }[]).map((column) => column.name);
  sqlite.exec(`create virtual table if not exists temp.${vocabulary} using fts5vocab(main, search_index, instance)`);
  try {
    const documents = new Map<number, string[][]>();
    for (const token of sqlite.prepare(`select term, doc, col, "offset" from temp.${vocabulary}`).iterate() as Iterable<{ term: string; doc: number; col: string; offset: number }>) {
      let document = documents.get(token.doc);
      if (!document) documents.set(token.doc, (document = columns.map(() => [])));
      document[columns.indexOf(token.col)]![token.offset] = token.term;
    }
    return [...documents.keys()]
      .sort((a, b) => a - b)
      // Offsets are dense within a column; `?? ""` only guards against a gap.
      .map((rowid) => ({ rowid, document: searchDocument(documents.get(rowid)!.map((terms) => Array.from(terms, (term) => term ?? ""))) }));
  } finally {
    sqlite.exec(`drop table if exists temp.${vocabulary}`);
  }
}

async function resetSequences(client: pg.PoolClient, sqlite: Database.Database, tables: readonly TargetTable[]): Promise<void> {
  const hasSequences = sqlite.prepare("select 1 from sqlite_master where name = 'sqlite_sequence'").get() !== undefined;
  const given = new Map(hasSequences ? (sqlite.prepare("select name, seq from sqlite_sequence").all() as { name: string; seq: number }[]).map((row) => [row.name, row.seq]) : []);
  for (const table of tables) {
    for (const column of table.columns.filter((candidate) => candidate.identity)) {
      await client.query(
        `select setval(pg_get_serial_sequence($1, $2), greatest($3::bigint, (select coalesce(max(${quote(column.name)}), 0) from ${quote(table.name)})) + 1, false)`,
        [quote(table.name), column.name, given.get(table.name) ?? 0],
      );
    }
  }
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
