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

/** Row counts of every content table, to prove a failed write changed nothing. */
export function contentCounts(database: DatabaseHandle): Record<string, number> {
  const tables = ["articles", "actors", "actor_aliases", "statements", "statement_incidents", "incidents", "incident_claims", "incident_perpetrators", "article_mentions", "article_incidents", "article_topics", "related_articles", "speaker_articles"];
  return Object.fromEntries(tables.map((table) => [table, (database.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n]));
}
