// Export from PostgreSQL: every format, byte for byte what the same content exports from SQLite —
// for the sample and for a generated graph, in the default pages and in pages of 7 rows (many page
// boundaries inside each kind) — through exportFormat and through `khabar export` with a
// postgres:// DATABASE_URL; and GET /articles/{slug}.jsonld answers the same bytes on both engines.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres, type PostgresHandle } from "../../src/db/postgres/client.js";
import { copySqliteToPostgres } from "../../src/db/postgres/copy.js";
import { migratePostgres } from "../../src/db/postgres/migrate.js";
import { postgresEngine } from "../../src/db/postgres/run.js";
import type { ExportStore } from "../../src/ingest/exporter.js";
import { EXPORT_FORMATS, exportFormat, type ExportFormat } from "../../src/ingest/formats/export.js";
import { importNdjson } from "../../src/ingest/importer.js";
import { createSampleDatabase, createTestDatabase, temporaryDirectory, type TestDatabase } from "../helpers/database.js";
import { generateGraph, toNdjson } from "../helpers/factories.js";
import { runCli } from "../helpers/process.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { testPostgres } from "../helpers/postgres.js";

class Sink extends Writable {
  text = "";
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function exported(store: ExportStore, format: ExportFormat, batchSize?: number): Promise<string> {
  const sink = new Sink();
  await exportFormat(store, format, sink, { batchSize });
  return sink.text;
}

interface Pair {
  sqlite: TestDatabase;
  postgres: PostgresHandle;
  /** The PostgreSQL database's URL, for `khabar` as DATABASE_URL. */
  url: string;
}

const pairs: Pair[] = [];

/** A SQLite test database and a migrated PostgreSQL copy of it (as test-engine.ts's postgresCopyOf, keeping the URL). */
async function pairOf(sqlite: TestDatabase): Promise<Pair> {
  const url = await testPostgres().createDatabase();
  const postgres = await openPostgres(url);
  const pair = { sqlite, postgres, url };
  pairs.push(pair);
  await migratePostgres(postgres.pool);
  await copySqliteToPostgres(sqlite.sqlite, postgres.pool);
  return pair;
}

afterAll(async () => {
  await Promise.all(pairs.map((pair) => pair.postgres.close()));
  for (const pair of pairs) pair.sqlite.destroy();
});

describe.each([
  ["the sample content", () => createSampleDatabase()],
  [
    "a generated graph",
    async () => {
      const database = createTestDatabase();
      await importNdjson(database.db, toNdjson(generateGraph({ articles: 60, people: 25, incidents: 16, statementsPerArticle: 5 })));
      return database;
    },
  ],
])("export from PostgreSQL of %s", (_name, create) => {
  let pair: Pair;

  beforeAll(async () => {
    pair = await pairOf(await create());
  });

  it.each(EXPORT_FORMATS)("writes %s byte for byte as SQLite does, in pages of any size", async (format) => {
    const fromSqlite = await exported(pair.sqlite.db, format);
    expect(fromSqlite.length).toBeGreaterThan(500);
    expect(await exported(postgresEngine(pair.postgres.pool), format)).toBe(fromSqlite);
    // Pages of 7 rows: keyset pages cross inside every kind (and the locations' depths) on both engines.
    expect(await exported(pair.sqlite.db, format, 7)).toBe(fromSqlite);
    expect(await exported(postgresEngine(pair.postgres.pool), format, 7)).toBe(fromSqlite);
  });

  it("answers GET /articles/{slug}.jsonld with the same bytes on both engines, each the export's line", async () => {
    const lines = (await exported(pair.sqlite.db, "jsonld")).split("\n").filter(Boolean);
    const slugs = lines.map((line) => (JSON.parse(line) as { "@graph": { "@id": string }[] })["@graph"][0]!["@id"].replace("urn:khabar:article:", ""));
    const onSqlite = await startTestServer(pair.sqlite, { engine: undefined });
    const onPostgres = await startTestServer(pair.sqlite, { engine: postgresEngine(pair.postgres.pool) });
    try {
      for (const [index, slug] of slugs.slice(0, 12).entries()) {
        const [a, b] = await Promise.all([onSqlite, onPostgres].map(async (server: TestServer) => (await fetch(`${new URL(server.url).origin}/articles/${slug}.jsonld`)).text()));
        expect(a, slug).toBe(lines[index]);
        expect(b, slug).toBe(a);
      }
      const missing = await fetch(`${new URL(onPostgres.url).origin}/articles/no-such-article.jsonld`);
      expect(missing.status).toBe(404);
    } finally {
      await Promise.all([onSqlite.close(), onPostgres.close()]);
    }
  });
});

describe("khabar export with DATABASE_URL=postgres://…", () => {
  it("writes every format as the same export from the SQLite file does", async () => {
    const pair = await pairOf(await createSampleDatabase());
    const directory = temporaryDirectory();
    const sqliteFile = join(pair.sqlite.directory, "khabar.db");
    for (const format of EXPORT_FORMATS) {
      const fromSqlite = join(directory, `sqlite.${format}`);
      const fromPostgres = join(directory, `postgres.${format}`);
      const [a, b] = await Promise.all([runCli(sqliteFile, ["export", "--format", format, fromSqlite]), runCli(pair.url, ["export", "--format", format, fromPostgres])]);
      expect(a.code, a.stderr).toBe(0);
      expect(b.code, b.stderr).toBe(0);
      expect(b.stderr).toBe(a.stderr);
      expect(readFileSync(fromPostgres, "utf8")).toBe(readFileSync(fromSqlite, "utf8"));
    }
  });

  it("still refuses the commands that write, naming the ones that work on PostgreSQL", async () => {
    const pair = await pairOf(await createSampleDatabase());
    const run = await runCli(pair.url, ["backup", "copy.db"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("`khabar export`");
  });
});
