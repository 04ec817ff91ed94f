// A fresh, migrated SQLite file per test suite, in the OS temp folder.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type DatabaseHandle, type OpenDatabaseOptions } from "../../src/db/client.js";
import { migrateDatabase } from "../../src/db/migrate.js";
import { loadSampleContent } from "../../src/ingest/sample-content.js";

export interface TestDatabase extends DatabaseHandle {
  directory: string;
  /** What the database was opened with: a server reading its copy on PostgreSQL counts statements there too. */
  options: OpenDatabaseOptions;
  /** Removes the folder; closes the database first. */
  destroy(): void;
}

export function temporaryDirectory(): string {
  return mkdtempSync(join(tmpdir(), "khabar-test-"));
}

export function createTestDatabase(options: OpenDatabaseOptions = {}): TestDatabase {
  const directory = temporaryDirectory();
  const handle = openDatabase(join(directory, "khabar.db"), options);
  migrateDatabase(handle);
  return {
    ...handle,
    directory,
    options,
    destroy: () => {
      handle.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** A migrated database holding the sample content. */
export async function createSampleDatabase(options: OpenDatabaseOptions = {}): Promise<TestDatabase> {
  const database = createTestDatabase(options);
  await loadSampleContent(database.db);
  return database;
}
