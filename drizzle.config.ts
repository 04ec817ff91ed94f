import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./src/db/schema.ts",
  out: "./migrations",
  dbCredentials: { url: process.env.DATABASE_URL ?? "./data/khabar.db" },
  // The FTS5 table `search_index`, its shadow tables (search_index_data, _idx, _docsize,
  // _config) and `search_entries` come from the hand-written migration 0002, `search_names` from
  // 0004, `search_terms` and `search_changes` from 0015: Drizzle cannot declare virtual tables or
  // triggers, so the search tables are not in the schema barrel, and `push`/`pull` must leave them
  // alone.
  tablesFilter: ["!search_index", "!search_index_*", "!search_entries", "!search_names", "!search_terms", "!search_changes"],
});
