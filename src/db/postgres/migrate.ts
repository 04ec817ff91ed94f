/**
 * Applies drizzle-kit's PostgreSQL migrations (migrations/postgres) with Drizzle's node-postgres
 * migrator, which runs every pending migration in ONE transaction: PostgreSQL's DDL is
 * transactional, so a migration that fails leaves the database exactly as it was.
 *
 * Several Khabar replicas may start at once on one database. They take turns through a
 * session-level advisory lock held on one connection for the whole run: the first migrates, the
 * others wait, then find nothing left to do. (Without it two would both read "not applied yet"
 * and the second would fail on tables the first just created.)
 */
import { readMigrationFiles } from "drizzle-orm/migrator";
import type pg from "pg";
import { projectPath } from "../../shared/project-root.js";
import { checkOut } from "./checked-out.js";
import { postgresDriver } from "./driver.js";

export const POSTGRES_MIGRATIONS_FOLDER = projectPath("migrations", "postgres");

/** Drizzle's bookkeeping: the schema and table where applied migrations are recorded. */
export const MIGRATIONS_SCHEMA = "drizzle";
export const MIGRATIONS_TABLE = "__drizzle_migrations";

/** The advisory lock key (pg_advisory_lock takes a bigint; hashtext makes one from a readable name). */
const LOCK_KEY_SQL = "hashtext('khabar.migrations')";

export class PostgresMigrationError extends Error {
  override name = "PostgresMigrationError";
}

export interface MigratePostgresOptions {
  /** Where the migrations are (tests use their own); migrations/postgres by default. */
  migrationsFolder?: string;
}

/** Applies the pending migrations; returns how many it applied (0 when another replica already did). */
export async function migratePostgres(pool: pg.Pool, options: MigratePostgresOptions = {}): Promise<{ applied: number }> {
  const migrationsFolder = options.migrationsFolder ?? POSTGRES_MIGRATIONS_FOLDER;
  const known = readMigrationFiles({ migrationsFolder });
  const { drizzle, migrate } = await postgresDriver();
  const connection = await checkOut(pool);
  const { client } = connection;
  let broken = false;
  try {
    // Waits while another process migrates; released below, or by the server if this connection dies.
    await client.query(`select pg_advisory_lock(${LOCK_KEY_SQL})`);
    try {
      const before = await appliedMigrations(client);
      const newest = known.at(-1)?.folderMillis ?? 0;
      const unknown = before.filter((migration) => Number(migration.created_at) > newest);
      if (unknown.length > 0) {
        // Old code on a newer schema could silently write rows that schema does not expect.
        throw new PostgresMigrationError(
          `The PostgreSQL database was migrated by a newer version of Khabar (${unknown.length} migration(s) this version does not know). Upgrade Khabar or use another DATABASE_URL.`,
        );
      }
      try {
        await migrate(drizzle(client), { migrationsFolder, migrationsSchema: MIGRATIONS_SCHEMA, migrationsTable: MIGRATIONS_TABLE });
      } catch (error) {
        const cause = (error as { cause?: Error }).cause ?? error;
        throw new PostgresMigrationError(`Migrating the PostgreSQL database failed, nothing was changed: ${(cause as Error).message}`, { cause: error });
      }
      return { applied: (await appliedMigrations(client)).length - before.length };
    } finally {
      // A connection too broken to unlock holds no lock any more once closed: the server drops it.
      await client.query(`select pg_advisory_unlock(${LOCK_KEY_SQL})`).catch(() => (broken = true));
    }
  } finally {
    connection.release(broken);
  }
}

interface AppliedMigration {
  hash: string;
  created_at: string | number;
}

async function appliedMigrations(client: pg.PoolClient): Promise<AppliedMigration[]> {
  const { rows } = await client.query<{ present: boolean }>("select to_regclass($1) is not null as present", [`${MIGRATIONS_SCHEMA}.${MIGRATIONS_TABLE}`]);
  if (!rows[0]?.present) return [];
  return (await client.query<AppliedMigration>(`select hash, created_at from "${MIGRATIONS_SCHEMA}"."${MIGRATIONS_TABLE}" order by created_at`)).rows;
}
