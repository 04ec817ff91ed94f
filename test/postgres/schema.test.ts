// The PostgreSQL schema is derived from the module tables: nothing to keep in step by hand but the
// list of names in src/db/postgres/schema.ts, which this checks, and the generated migrations,
// which must match the tables.
import { execFileSync } from "node:child_process";
import { getTableColumns, is } from "drizzle-orm";
import { getTableConfig as getPgTableConfig, PgTable, PgView } from "drizzle-orm/pg-core";
import { getTableConfig, SQLiteTable, SQLiteView } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import * as sqliteSchema from "../../src/db/schema.js";
import * as postgresSchema from "../../src/db/postgres/schema.js";
import { projectPath } from "../../src/shared/project-root.js";

const sqliteTables = Object.entries(sqliteSchema).filter(([, value]) => is(value, SQLiteTable)) as [string, SQLiteTable][];

describe("the PostgreSQL schema", () => {
  it("exports every table and view of the SQLite barrel under the same name, and nothing else", () => {
    const expected = Object.entries(sqliteSchema)
      .filter(([, value]) => is(value, SQLiteTable) || is(value, SQLiteView))
      .map(([name]) => name)
      .sort();
    const exported = Object.entries(postgresSchema)
      .filter(([, value]) => is(value, PgTable) || is(value, PgView))
      .map(([name]) => name)
      .sort();
    expect(exported).toEqual(expected);
  });

  it("has each table's columns with their SQL names, nullability and defaults", () => {
    for (const [name, table] of sqliteTables) {
      const derived = (postgresSchema as Record<string, unknown>)[name] as PgTable;
      const config = getTableConfig(table);
      const pgConfig = getPgTableConfig(derived);
      expect(pgConfig.name).toBe(config.name);
      expect(Object.keys(getTableColumns(derived))).toEqual(Object.keys(getTableColumns(table)));
      const describe_ = (columns: { name: string; notNull: boolean; default: unknown; primary: boolean }[]) =>
        columns.map((column) => ({ name: column.name, notNull: column.notNull || column.primary, default: column.default ?? null }));
      expect(describe_(pgConfig.columns), name).toEqual(describe_(config.columns));
      expect(pgConfig.indexes.map((index) => index.config.name).sort(), name).toEqual(config.indexes.map((index) => index.config.name).sort());
      expect(pgConfig.foreignKeys.map((key) => key.getName()).sort(), name).toEqual(config.foreignKeys.map((key) => key.getName()).sort());
      expect(pgConfig.primaryKeys.length, name).toBe(config.primaryKeys.length);
    }
  });

  it("has generated migrations that match the tables (drizzle-kit finds nothing to generate)", () => {
    const output = execFileSync(projectPath("node_modules", ".bin", "drizzle-kit"), ["generate"], {
      cwd: projectPath(),
      env: { ...process.env, KHABAR_MIGRATIONS: "postgres" },
      encoding: "utf8",
    });
    expect(output).toContain("No schema changes, nothing to migrate");
  }, 60_000);
});
