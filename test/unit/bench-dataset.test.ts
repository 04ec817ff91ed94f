// The benchmark's generated content must stay deterministic and importable: a figure measured on
// a dataset nobody can reproduce, or one the importer rejects, is worth nothing.
import { afterEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { importNdjson } from "../../src/ingest/importer.js";
import { parseRecord } from "../../src/ingest/records.js";
import { generateRecords, mulberry32, sizeOf, type DatasetSize } from "../bench/generate.js";
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
      organizations: 100,
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
