// Which engine this run of the suite reads from. vitest.config.ts runs the API test files that
// only read twice: once on SQLite, and once with KHABAR_TEST_ENGINE=postgres, where every test
// server reads a PostgreSQL copy of its SQLite database (made when the server starts).
import type { DatabaseHandle } from "../../src/db/client.js";
import { openPostgres, type PostgresHandle } from "../../src/db/postgres/client.js";
import { copySqliteToPostgres } from "../../src/db/postgres/copy.js";
import { migratePostgres } from "../../src/db/postgres/migrate.js";
import { testPostgres } from "./postgres.js";

export type TestEngine = "sqlite" | "postgres";

export function testEngine(): TestEngine {
  const engine = process.env.KHABAR_TEST_ENGINE ?? "sqlite";
  if (engine !== "sqlite" && engine !== "postgres") throw new Error(`KHABAR_TEST_ENGINE must be sqlite or postgres, got "${engine}"`);
  return engine;
}

/** A fresh, migrated PostgreSQL database holding a copy of `database`'s content, and its URL. */
export async function postgresCopyOf(database: DatabaseHandle): Promise<PostgresHandle & { url: string }> {
  const url = await testPostgres().createDatabase();
  const handle = await openPostgres(url);
  try {
    await migratePostgres(handle.pool);
    await copySqliteToPostgres(database.sqlite, handle.pool);
    return { ...handle, url };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
