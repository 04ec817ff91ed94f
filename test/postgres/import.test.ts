// `khabar import` with a postgres:// URL: into an empty database, all or nothing, the same content
// as an import into SQLite (its export byte for byte); a database with content, or a bad line,
// changes nothing.
import { join } from "node:path";
import { readFileSync, writeFileSync } from "node:fs";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { SAMPLE_CONTENT_FILE } from "../../src/ingest/sample-content.js";
import { temporaryDirectory } from "../helpers/database.js";
import { testPostgres } from "../helpers/postgres.js";
import { runCli } from "../helpers/process.js";

const cluster = testPostgres();

async function count(url: string, table: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>(`select count(*)::text as n from "${table}"`)).rows[0]!.n);
  } finally {
    await client.end();
  }
}

describe("khabar import on PostgreSQL", () => {
  it("imports into an empty database what an import into SQLite holds, export for export", async () => {
    const url = await cluster.createDatabase();
    const sqliteFile = join(temporaryDirectory(), "khabar.db");
    const [intoPostgres, intoSqlite] = await Promise.all([runCli(url, ["import", SAMPLE_CONTENT_FILE]), runCli(sqliteFile, ["import", SAMPLE_CONTENT_FILE])]);
    expect(intoPostgres.code, intoPostgres.stderr).toBe(0);
    expect(intoSqlite.code, intoSqlite.stderr).toBe(0);
    expect(intoPostgres.stdout).toMatch(/^imported \d+ records .*; copied \d+ rows into /);
    const [fromPostgres, fromSqlite] = await Promise.all([runCli(url, ["export"]), runCli(sqliteFile, ["export"])]);
    expect(fromPostgres.code, fromPostgres.stderr).toBe(0);
    expect(fromPostgres.stdout.length).toBeGreaterThan(1000);
    // Two imports differ only in when they ran (articles carry their updatedAt).
    const timeless = (ndjson: string) => ndjson.replace(/"updatedAt":"[^"]+"/g, '"updatedAt":"…"');
    expect(timeless(fromPostgres.stdout)).toBe(timeless(fromSqlite.stdout));
  });

  it("imports into a database with content through the writers: the same file again changes nothing, new records are written, a bad line stops it", async () => {
    const url = await cluster.createDatabase();
    expect((await runCli(url, ["import", SAMPLE_CONTENT_FILE])).code).toBe(0);
    const statements = await count(url, "statements");
    const again = await runCli(url, ["import", SAMPLE_CONTENT_FILE]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/: 0 created, 0 updated, 33 unchanged into /);
    expect(await count(url, "statements")).toBe(statements);
    const added = `{"type":"person","slug":"new-minister","name":"وزير جديد","role":"وزير"}\n{"type":"person","slug":"bad","name":"B","country":"UK"}\n`;
    const partly = await runCli(url, ["import", "--batch-size", "1", "-"], added);
    expect(partly.code).toBe(1);
    expect(partly.stderr).toContain("line 2");
    expect(partly.stderr).toContain("1 records of earlier batches were committed");
    const exported = await runCli(url, ["export"]);
    expect(exported.stdout).toContain('"slug":"new-minister"');
    expect(exported.stdout).not.toContain('"slug":"bad"');
  });

  it("seeds an empty database with the sample once, and leaves one with content alone", async () => {
    const url = await cluster.createDatabase();
    const first = await runCli(url, ["seed"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("loaded the sample content");
    const articles = await count(url, "articles");
    expect(articles).toBeGreaterThan(0);
    const second = await runCli(url, ["seed"]);
    expect(second.stdout).toContain("the database already has content; the sample was not loaded");
    expect(await count(url, "articles")).toBe(articles);
  });

  it("writes nothing when a line is bad, naming it", async () => {
    const url = await cluster.createDatabase();
    const file = join(temporaryDirectory(), "bad.ndjson");
    const lines = readFileSync(SAMPLE_CONTENT_FILE, "utf8").trimEnd().split("\n");
    writeFileSync(file, [...lines, `{"type":"person","slug":"x","name":"X","country":"UK"}`].join("\n") + "\n");
    const run = await runCli(url, ["import", file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`line ${lines.length + 1}`);
    expect(run.stderr).toContain("nothing was written to PostgreSQL");
    expect(await count(url, "articles")).toBe(0);
  });
});
