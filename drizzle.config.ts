import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./src/db/schema.ts",
  out: "./migrations",
  dbCredentials: { url: process.env.DATABASE_URL ?? "./data/khabar.db" },
  // The FTS5 table `search_index` and its shadow tables (search_index_data, _idx, _content,
  // _docsize, _config) come from the hand-written migration 0002: Drizzle cannot declare virtual
  // tables, so they are not in the schema barrel, and `push`/`pull` must leave them alone.
  tablesFilter: ["!search_index", "!search_index_*"],
});
