// Opens the SQLite file with the pragmas Khabar depends on: WAL so reads never wait for a writer,
// foreign keys (off by default in SQLite) so cascades and RESTRICT hold, and a busy timeout so a
// concurrent writer waits instead of failing at once.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";

// The client is not given the tables (db/schema.ts, drizzle-kit's barrel): every query names its
// table, and db/ stays below the modules that own them.
export type Db = BetterSQLite3Database & { $client: Database.Database };

export interface OpenDatabaseOptions {
  /** Called with the text of every SQL statement SQLite runs (tests count them). */
  onStatement?: (sql: string) => void;
  readonly?: boolean;
}

export interface DatabaseHandle {
  db: Db;
  sqlite: Database.Database;
  path: string;
  close(): void;
}

export class DatabaseOpenError extends Error {
  override name = "DatabaseOpenError";
}

export function openDatabase(path: string, options: OpenDatabaseOptions = {}): DatabaseHandle {
  let sqlite: Database.Database;
  try {
    if (path !== ":memory:" && !options.readonly) mkdirSync(dirname(path), { recursive: true });
    sqlite = new Database(path, {
      readonly: options.readonly ?? false,
      verbose: options.onStatement ? (message) => options.onStatement?.(String(message)) : undefined,
    });
    sqlite.pragma("journal_mode = WAL");
    // NORMAL in WAL mode survives a killed process (the WAL is on disk before the commit returns);
    // only a power loss or OS crash can lose the last transactions. FULL costs an fsync per commit.
    sqlite.pragma("synchronous = NORMAL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("busy_timeout = 5000");
    // Touch the file so that a corrupt or non-database file fails here, with a clear message.
    sqlite.prepare("select count(*) from sqlite_master").get();
  } catch (error) {
    throw new DatabaseOpenError(`Cannot open the database at ${path}: ${(error as Error).message}`);
  }
  const db = drizzle(sqlite) as Db;
  return {
    db,
    sqlite,
    path,
    close: () => {
      if (sqlite.open) sqlite.close();
    },
  };
}
