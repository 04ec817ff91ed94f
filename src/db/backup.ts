// Online backup and offline restore of the SQLite file.
//
// Backup uses SQLite's backup API (better-sqlite3's `db.backup()`): it copies pages in steps while
// the server keeps reading and writing, and restarts a step when another connection changes a
// page, so the copy is one consistent snapshot. Restore refuses a file that fails
// `PRAGMA integrity_check`, is not a Khabar database, or was migrated by a newer Khabar; it
// replaces the target atomically (copy beside it, fsync, rename) and removes the target's stale
// -wal/-shm files, which would otherwise be replayed onto the restored pages. Restore while the
// server is stopped.
import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from "node:fs";
import { readMigrationFiles } from "drizzle-orm/migrator";
import Database from "better-sqlite3";
import type { DatabaseHandle } from "./client.js";
import { MIGRATIONS_FOLDER } from "./migrate.js";

export class BackupError extends Error {
  override name = "BackupError";
}

export interface BackupSummary {
  file: string;
  bytes: number;
  pages: number;
}

/** Copies the live database to `file` (overwritten) and checks the copy's integrity. */
export async function backupDatabase(handle: DatabaseHandle, file: string): Promise<BackupSummary> {
  let pages = 0;
  try {
    const progress = await handle.sqlite.backup(file, {
      // Small steps keep the event loop free to serve requests during the copy.
      progress: ({ totalPages }) => {
        pages = totalPages;
        return 256;
      },
    });
    pages = progress.totalPages;
  } catch (error) {
    throw new BackupError(`Backing up ${handle.path} to ${file} failed: ${(error as Error).message}`);
  }
  const problems = inspectDatabaseFile(file);
  if (problems.length > 0) throw new BackupError(`The backup at ${file} is not usable: ${problems.join("; ")}`);
  return { file, bytes: statSync(file).size, pages };
}

/** Everything wrong with a database file as a Khabar backup; empty when it is fine. */
export function inspectDatabaseFile(file: string): string[] {
  if (!existsSync(file)) return [`${file} does not exist`];
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(file, { readonly: true, fileMustExist: true });
    const integrity = (sqlite.pragma("integrity_check") as { integrity_check: string }[]).map((row) => row.integrity_check);
    if (integrity.length !== 1 || integrity[0] !== "ok") return [`integrity_check failed: ${integrity.slice(0, 5).join(", ")}`];
    const table = sqlite.prepare("select name from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
    if (!table) return ["it is not a Khabar database (no migrations table)"];
    const applied = sqlite.prepare("select created_at as createdAt from __drizzle_migrations").all() as { createdAt: number }[];
    const newest = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).at(-1)?.folderMillis ?? 0;
    const unknown = applied.filter((migration) => Number(migration.createdAt) > newest).length;
    if (unknown > 0) return [`it was migrated by a newer version of Khabar (${unknown} migration(s) this version does not know)`];
    return [];
  } catch (error) {
    return [`it cannot be read as a SQLite database: ${(error as Error).message}`];
  } finally {
    sqlite?.close();
  }
}

/**
 * Replaces the database at `targetPath` with the backup `file`, after checking the backup. The
 * server must not be running on `targetPath`. Older migrations are fine: the next start applies
 * the missing ones.
 */
export function restoreDatabase(file: string, targetPath: string): { bytes: number } {
  const problems = inspectDatabaseFile(file);
  if (problems.length > 0) throw new BackupError(`Refusing to restore ${file}: ${problems.join("; ")}`);
  const staging = `${targetPath}.restoring`;
  copyFileSync(file, staging);
  const descriptor = openSync(staging, "r+");
  try {
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  for (const suffix of ["-wal", "-shm"]) rmSync(`${targetPath}${suffix}`, { force: true });
  renameSync(staging, targetPath);
  return { bytes: statSync(targetPath).size };
}
