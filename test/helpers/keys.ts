// API keys for tests: made directly in the database, as `khabar keys create` does.
import { ApiKeyStore } from "../../src/auth/api-keys.js";
import type { DatabaseHandle } from "../../src/db/client.js";

export interface TestKeys {
  editor: Record<string, string>;
  admin: Record<string, string>;
}

export function bearer(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}

export function createTestKeys(database: DatabaseHandle): TestKeys {
  const store = new ApiKeyStore(database.db);
  return { editor: bearer(store.create("editor", "test editor").key), admin: bearer(store.create("admin", "test admin").key) };
}

/**
 * Row counts of every content table (every table but API keys, the log of refused mutations — a
 * refusal is recorded, and changes no content —, migrations' bookkeeping and the search index, read from the database itself so a new module's tables count too), to prove a
 * failed write changed nothing.
 */
export function contentCounts(database: DatabaseHandle): Record<string, number> {
  const tables = database.sqlite
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite%' and substr(name, 1, 2) != '__' and substr(name, 1, 7) != 'search_' and name not in ('api_keys', 'refused_mutations') order by name")
    .pluck()
    .all() as string[];
  return Object.fromEntries(tables.map((table) => [table, (database.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n]));
}
