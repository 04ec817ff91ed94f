// The benchmark's generated content must stay deterministic and importable: a figure measured on
// a dataset nobody can reproduce, or one the importer rejects, is worth nothing.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { importNdjson } from "../../src/ingest/importer.js";
import { parseRecord } from "../../src/ingest/records.js";
import { generateRecords, mulberry32, OUTLET_COUNT, sizeOf, type DatasetSize } from "../bench/generate.js";
import { importCacheKey, IMPORT_INPUTS } from "../bench/load.js";
import { randomCreateStatements, rotatingSearch, SEARCH_TERMS } from "../bench/scenarios.js";
import { startTestServer, gqlData, type TestServer } from "../helpers/server.js";
import { createTestDatabase, type TestDatabase } from "../helpers/database.js";

const SMALL: DatasetSize = { articles: 30, people: 12, organizations: 6, statements: 300, incidents: 8 };

function lines(size: DatasetSize): string[] {
  return [...generateRecords(size)].map((record) => JSON.stringify(record));
}

describe("the benchmark dataset generator", () => {
  let database: TestDatabase | undefined;
  afterEach(() => database?.destroy());

  it("gives the same numbers for the same seed", () => {
    const first = mulberry32(42);
    const second = mulberry32(42);
    expect(Array.from({ length: 5 }, first)).toEqual(Array.from({ length: 5 }, second));
  });

  it("writes the same content every time", () => {
    expect(lines(SMALL)).toEqual(lines(SMALL));
  });

  it("writes exactly the statements, articles and actors the size asks for", () => {
    const records = [...generateRecords(sizeOf("S"))];
    const count = (type: string) => records.filter((record) => record.type === type).length;
    expect({ articles: count("article"), people: count("person"), organizations: count("organization"), incidents: count("incident") }).toEqual({
      articles: 1_000,
      people: 300,
      organizations: 100 + OUTLET_COUNT,
      incidents: 200,
    });
    const statements = records.flatMap((record) => (record.type === "article" ? (record.statements ?? []) : []));
    expect(statements).toHaveLength(10_000);
  });

  it("makes a few speakers dominate, with person-1 the busiest", () => {
    const bySpeaker = new Map<string, number>();
    for (const record of generateRecords(sizeOf("S"))) {
      if (record.type !== "article") continue;
      for (const statement of record.statements ?? []) if (statement.speaker) bySpeaker.set(statement.speaker, (bySpeaker.get(statement.speaker) ?? 0) + 1);
    }
    const ranked = [...bySpeaker.entries()].sort((left, right) => right[1] - left[1]);
    expect(ranked[0]![0]).toBe("person-1");
    expect(ranked[0]![1]).toBeGreaterThan(10 * ranked[50]![1]);
  });

  it("writes records that parse and import without errors", async () => {
    const content = lines(SMALL);
    for (const line of content) parseRecord(line);
    database = createTestDatabase();
    const summary = await importNdjson(database.db, content);
    expect(summary.created).toBe(content.length);
    expect(summary.statements).toBe(SMALL.statements);
    const row = database.db.get<{ statements: number }>(sql`select count(*) as statements from statements`);
    expect(row?.statements).toBe(SMALL.statements);
  });
});

describe("the benchmark's cached databases", () => {
  let root: string | undefined;
  afterEach(() => root && rmSync(root, { recursive: true, force: true }));

  function project(): string {
    root = mkdtempSync(join(tmpdir(), "khabar-cache-key-"));
    mkdirSync(join(root, "migrations", "meta"), { recursive: true });
    mkdirSync(join(root, "src", "ingest"), { recursive: true });
    writeFileSync(join(root, "migrations", "0000_content_graph.sql"), "create table a (id integer);");
    writeFileSync(join(root, "migrations", "meta", "_journal.json"), "{}");
    writeFileSync(join(root, "src", "ingest", "importer.ts"), "export {};");
    return root;
  }

  it("are keyed by the migrations and the import code, so a new migration means a fresh import", () => {
    const folder = project();
    const before = importCacheKey(folder);
    expect(importCacheKey(folder).key).toBe(before.key);
    expect(before.files).toEqual(["migrations/0000_content_graph.sql", "migrations/meta/_journal.json", "src/ingest/importer.ts"]);

    writeFileSync(join(folder, "migrations", "0003_faster_import.sql"), "create index b on a (id);");
    const withMigration = importCacheKey(folder).key;
    expect(withMigration).not.toBe(before.key);

    writeFileSync(join(folder, "src", "ingest", "importer.ts"), "export const faster = true;");
    expect(importCacheKey(folder).key).not.toBe(withMigration);
  });

  it("hash this project's migrations and import path", () => {
    const { files } = importCacheKey();
    expect(IMPORT_INPUTS).toContain("migrations");
    expect(files).toContain("migrations/0000_content_graph.sql");
    expect(files).toContain("src/ingest/importer.ts");
  });
});

describe("the benchmark's search and write scenarios", () => {
  let database: TestDatabase | undefined;
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    database?.destroy();
  });

  it("search words that the generated content holds, common ones far more often than rare ones", async () => {
    database = createTestDatabase();
    // A fifth of S, with enough organizations for "Organization 42".
    await importNdjson(database.db, lines({ articles: 200, people: 60, organizations: 50, statements: 2_000, incidents: 40 }));
    server = await startTestServer(database);
    const count = `query ($query: String!, $types: [SearchType!]) { search(query: $query, types: $types, first: 1) { totalCount } }`;
    const totals = [];
    for (const term of SEARCH_TERMS) totals.push({ ...term, total: (await gqlData(server.url, count, { query: term.query, types: term.types })).search.totalCount as number });
    for (const term of totals) expect(term.total, term.query).toBeGreaterThan(0);
    const fewestCommon = Math.min(...totals.filter((term) => term.frequency === "common").map((term) => term.total));
    const mostRare = Math.max(...totals.filter((term) => term.frequency === "rare").map((term) => term.total));
    expect(fewestCommon).toBeGreaterThan(5 * mostRare);
  });

  it("rotate through the same search words and write the same statements on every run", () => {
    const first = rotatingSearch();
    const second = rotatingSearch();
    const queries = Array.from({ length: SEARCH_TERMS.length * 2 }, () => first().variables.query);
    expect(queries).toEqual(Array.from({ length: SEARCH_TERMS.length * 2 }, () => second().variables.query));
    expect(new Set(queries).size).toBe(SEARCH_TERMS.length);
    const writes = randomCreateStatements(1_000, 300);
    const again = randomCreateStatements(1_000, 300);
    expect(Array.from({ length: 5 }, writes)).toEqual(Array.from({ length: 5 }, again));
  });
});
