// Connecting to PostgreSQL and migrating it: clear failures, one migrator at a time, all or nothing.
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openPostgres, PostgresConnectionError, type PostgresHandle } from "../../src/db/postgres/client.js";
import { migratePostgres, POSTGRES_MIGRATIONS_FOLDER, PostgresMigrationError } from "../../src/db/postgres/migrate.js";
import { temporaryDirectory } from "../helpers/database.js";

import { testPostgres, urlOf } from "../helpers/postgres.js";

/** Every migration drizzle-kit has journaled for PostgreSQL. */
const MIGRATION_COUNT = (JSON.parse(readFileSync(join(POSTGRES_MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as { entries: unknown[] }).entries.length;

const cluster = testPostgres();
const handles: PostgresHandle[] = [];

async function open(url: string): Promise<PostgresHandle> {
  const handle = await openPostgres(url, { poolSize: 4 });
  handles.push(handle);
  return handle;
}

afterAll(async () => {
  await Promise.all(handles.map((handle) => handle.close()));
});

/** The public schema's tables, views and functions: what a migration changes. */
async function schemaOf(handle: PostgresHandle): Promise<string[]> {
  const { rows } = await handle.pool.query<{ object: string }>(
    `select 'table ' || table_name as object from information_schema.tables where table_schema = 'public'
     union all select 'trigger ' || trigger_name || ' on ' || event_object_table from information_schema.triggers where trigger_schema = 'public'
     union all select 'function ' || routine_name from information_schema.routines where routine_schema = 'public'
     order by 1`,
  );
  return [...new Set(rows.map((row) => row.object))];
}

describe("openPostgres", () => {
  it("fails naming host and port when nothing listens there", async () => {
    // Port 1 (tcpmux) has no listener here: the connection is refused at once.
    const url = urlOf({ host: "127.0.0.1", port: 1, user: "khabar" }, "khabar");
    await expect(openPostgres(url)).rejects.toThrow(PostgresConnectionError);
    await expect(openPostgres(url)).rejects.toThrow(/Cannot connect to PostgreSQL at 127\.0\.0\.1:1 .*connection was refused/);
  });

  it("fails naming the database when it does not exist", async () => {
    await expect(openPostgres(cluster.url("no_such_database"))).rejects.toThrow(
      new RegExp(`at 127\\.0\\.0\\.1:${cluster.port} \\(database "no_such_database"\\): the database "no_such_database" does not exist`),
    );
  });

  it("fails naming the host when its name does not resolve", async () => {
    await expect(openPostgres("postgres://khabar@no-such-host.invalid:5432/khabar")).rejects.toThrow(/at no-such-host\.invalid:5432 .*does not resolve/);
  });

  it("fails naming the user when the server refuses the login", async () => {
    // trust authentication lets any existing role in; a role that does not exist is refused (28000).
    await expect(openPostgres(urlOf({ host: cluster.host, port: cluster.port, user: "nobody" }, "postgres"))).rejects.toThrow(/refused the login of user "nobody"/);
  });

  it("applies the statement timeout to every connection and reads bigints as numbers", async () => {
    const handle = await openPostgres(await cluster.createDatabase(), { statementTimeoutMs: 1234 });
    handles.push(handle);
    const { rows } = await handle.pool.query<{ timeout: string; big: number }>("select current_setting('statement_timeout') as timeout, 9007199254740991::bigint as big");
    expect(rows[0]).toEqual({ timeout: "1234ms", big: 9007199254740991 });
    await expect(handle.pool.query("select 9007199254740993::bigint as big")).rejects.toThrow(/beyond JavaScript's safe integers/);
  });
});

describe("migratePostgres", () => {
  it("creates every table, the search tables and the triggers, and a second run applies nothing", async () => {
    const handle = await open(await cluster.createDatabase());
    expect(await migratePostgres(handle.pool)).toEqual({ applied: MIGRATION_COUNT });
    const schema = await schemaOf(handle);
    for (const object of ["table articles", "table statements", "table search_index", "table search_terms", "table location_articles", "trigger statements_speaker_articles_insert on statements", "trigger search_index_actors_delete on actors"]) {
      expect(schema).toContain(object);
    }
    expect(await migratePostgres(handle.pool)).toEqual({ applied: 0 });
  });

  it("lets replicas that start together take turns: one migrates, the others find it done", async () => {
    const url = await cluster.createDatabase();
    const replicas = await Promise.all([open(url), open(url), open(url)]);
    const results = await Promise.all(replicas.map((replica) => migratePostgres(replica.pool)));
    expect(results.map((result) => result.applied).sort()).toEqual([0, 0, MIGRATION_COUNT]);
  });

  it("leaves the schema as it was when a migration fails", async () => {
    // The real migrations, then a broken one that creates a table before it fails.
    const folder = join(temporaryDirectory(), "migrations");
    cpSync(POSTGRES_MIGRATIONS_FOLDER, folder, { recursive: true });
    const journalPath = join(folder, "meta", "_journal.json");
    const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[] };
    const last = journal.entries.at(-1)!;
    journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1, tag: "9999_broken" });
    writeFileSync(journalPath, JSON.stringify(journal));
    writeFileSync(join(folder, "9999_broken.sql"), 'CREATE TABLE "half_done" (id integer);\n--> statement-breakpoint\nALTER TABLE "articles" ADD COLUMN "x" integer;\n--> statement-breakpoint\nSELECT 1 / 0;');

    // From an empty database: nothing at all is left, not even the migrations before the broken one.
    const empty = await open(await cluster.createDatabase());
    await expect(migratePostgres(empty.pool, { migrationsFolder: folder })).rejects.toThrow(PostgresMigrationError);
    await expect(migratePostgres(empty.pool, { migrationsFolder: folder })).rejects.toThrow(/nothing was changed: division by zero/);
    expect(await schemaOf(empty)).toEqual([]);

    // From a migrated database: exactly the schema it had.
    const migrated = await open(await cluster.createDatabase());
    await migratePostgres(migrated.pool);
    const before = await schemaOf(migrated);
    await expect(migratePostgres(migrated.pool, { migrationsFolder: folder })).rejects.toThrow(/division by zero/);
    expect(await schemaOf(migrated)).toEqual(before);
    const { rows } = await migrated.pool.query<{ count: number }>("select count(*) as count from information_schema.columns where table_name = 'articles' and column_name = 'x'");
    expect(rows[0]!.count).toBe(0);
    // And the lock was released: the good migrations still run (nothing to do).
    expect(await migratePostgres(migrated.pool)).toEqual({ applied: 0 });
  });

  it("refuses a database migrated by a newer Khabar", async () => {
    const handle = await open(await cluster.createDatabase());
    await migratePostgres(handle.pool);
    await handle.pool.query(`insert into drizzle.__drizzle_migrations (hash, created_at) values ('future', 99999999999999)`);
    await expect(migratePostgres(handle.pool)).rejects.toThrow(/migrated by a newer version of Khabar \(1 migration/);
  });
});
