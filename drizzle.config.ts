import { defineConfig } from "drizzle-kit";

// Two dialects, one config: `npm run db:generate` writes SQLite's migrations (migrations/),
// `npm run db:generate:postgres` (KHABAR_MIGRATIONS=postgres) PostgreSQL's (migrations/postgres/),
// from tables derived from the same module tables (src/db/postgres/derive.ts). Generating needs no
// database; DATABASE_URL only matters to drizzle-kit's push/pull/studio.
const postgres = process.env.KHABAR_MIGRATIONS === "postgres";

// The search tables (FTS5 and its shadow tables, search_entries, search_names, search_terms,
// search_changes on SQLite; their tsvector equivalents on PostgreSQL) and the view
// location_articles come from hand-written migrations (SQLite 0002, 0004, 0005, 0015; PostgreSQL
// 0001): Drizzle cannot declare virtual tables, triggers or tsvector columns, so they are not in the
// schema barrels, and `push`/`pull` must leave them alone.
const tablesFilter = ["!search_index", "!search_index_*", "!search_entries", "!search_names", "!search_terms", "!search_changes", "!location_articles"];

export default postgres
  ? defineConfig({
      dialect: "postgresql",
      schema: "./src/db/postgres/schema.ts",
      out: "./migrations/postgres",
      dbCredentials: { url: process.env.DATABASE_URL ?? "postgres://localhost:5432/khabar" },
      tablesFilter,
    })
  : defineConfig({
      dialect: "sqlite",
      schema: "./src/db/schema.ts",
      out: "./migrations",
      dbCredentials: { url: process.env.DATABASE_URL ?? "./data/khabar.db" },
      tablesFilter,
    });
