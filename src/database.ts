// Makes a database ready to serve: drizzle-kit's migrations, then what SQL migrations cannot do.
import type { DatabaseHandle } from "./db/client.js";
import { migrateDatabase } from "./db/migrate.js";
import { isContentEmpty } from "./ingest/sample-content.js";
import { SEARCH_CATCH_UPS, SEARCH_REINDEXERS } from "./modules/index.js";
import { ensureSearchIndex } from "./search/search-index.js";

export { MigrationError } from "./db/migrate.js";

/**
 * Migrates the database, then builds the search index if content predates it, or indexes the rows
 * a migration added: the index holds text analyzed in JavaScript, which SQL cannot produce.
 */
export function prepareDatabase(handle: DatabaseHandle): { applied: number } {
  const result = migrateDatabase(handle);
  const rebuilt = ensureSearchIndex(handle.db, SEARCH_REINDEXERS, () => !isContentEmpty(handle.db));
  if (rebuilt === 0) handle.db.$client.transaction(() => SEARCH_CATCH_UPS.forEach((catchUp) => catchUp(handle.db)))();
  return result;
}
