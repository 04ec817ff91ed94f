import { readMigrationFiles } from "drizzle-orm/migrator";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { projectPath } from "../shared/project-root.js";
import type { DatabaseHandle } from "./client.js";

export const MIGRATIONS_FOLDER = projectPath("migrations");

export class MigrationError extends Error {
  override name = "MigrationError";
}

interface AppliedMigration {
  hash: string;
  created_at: number;
}

/**
 * Applies drizzle-kit's migrations. Drizzle runs them in one transaction, so a failure leaves the
 * file as it was. A database migrated by a newer Khabar is refused: running old code on it could
 * silently write rows the newer schema does not expect.
 */
export function migrateDatabase(handle: DatabaseHandle): { applied: number } {
  const known = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });
  const before = appliedMigrations(handle);
  const newest = known.at(-1)?.folderMillis ?? 0;
  const unknown = before.filter((migration) => Number(migration.created_at) > newest);
  if (unknown.length > 0) {
    throw new MigrationError(
      `The database at ${handle.path} was migrated by a newer version of Khabar (${unknown.length} migration(s) this version does not know). Upgrade Khabar or use another DATABASE_URL.`,
    );
  }
  try {
    migrate(handle.db, { migrationsFolder: MIGRATIONS_FOLDER });
  } catch (error) {
    throw new MigrationError(`Migrating the database at ${handle.path} failed, nothing was changed: ${(error as Error).message}`);
  }
  return { applied: appliedMigrations(handle).length - before.length };
}

function appliedMigrations(handle: DatabaseHandle): AppliedMigration[] {
  const table = handle.sqlite.prepare("select name from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
  if (!table) return [];
  return handle.sqlite.prepare("select hash, created_at from __drizzle_migrations").all() as AppliedMigration[];
}
