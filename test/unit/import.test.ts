// The importer's writes run on prepared raw SQL for speed; these pin what they must keep doing:
// every row written, denormalized orderings filled by the triggers, and an idempotent re-import.
import { afterEach, describe, expect, it } from "vitest";
import { importNdjson, linesOf } from "../../src/ingest/importer.js";
import { SAMPLE_CONTENT_FILE } from "../../src/ingest/sample-content.js";
import { generateRecords, type DatasetSize } from "../bench/generate.js";
import { createTestDatabase, type TestDatabase } from "../helpers/database.js";

const SMALL: DatasetSize = { articles: 40, people: 15, organizations: 8, statements: 400, incidents: 10 };
const TABLES = ["actors", "actor_aliases", "incidents", "incident_perpetrators", "incident_claims", "articles", "article_topics", "article_mentions", "article_incidents", "related_articles", "statements", "statement_incidents", "speaker_articles"];

function snapshot(database: TestDatabase): Record<string, unknown[]> {
  return Object.fromEntries(
    TABLES.map((table) => {
      const rows = database.sqlite.prepare(`select * from ${table} order by rowid`).all() as Record<string, unknown>[];
      return [table, rows.map(({ created_at: _created, updated_at: _updated, ...rest }) => rest)];
    }),
  );
}

describe("importing NDJSON", () => {
  let database: TestDatabase | undefined;
  afterEach(() => database?.destroy());

  it("writes every statement with its links, and the triggers fill the orderings", async () => {
    database = createTestDatabase();
    const content = [...generateRecords(SMALL)].map((record) => JSON.stringify(record));
    await importNdjson(database.db, content);
    const count = (query: string) => (database!.sqlite.prepare(query).get() as { n: number }).n;
    expect(count("select count(*) as n from statements")).toBe(SMALL.statements);
    expect(count("select count(*) as n from article_mentions where published_at = ''")).toBe(0);
    expect(count("select count(*) as n from article_incidents where published_at = ''")).toBe(0);
    expect(count("select sum(statement_count) as n from speaker_articles")).toBe(count("select count(*) as n from statements where speaker_id is not null"));
    expect(count("select count(*) as n from related_articles r where not exists (select 1 from related_articles b where b.article_id = r.related_id and b.related_id = r.article_id)")).toBe(0);
  });

  it("reports every record unchanged and changes no row when the same content comes again", async () => {
    database = createTestDatabase();
    const content = [...generateRecords(SMALL)].map((record) => JSON.stringify(record));
    await importNdjson(database.db, content);
    const before = snapshot(database);
    const again = await importNdjson(database.db, content);
    expect(again.unchanged).toBe(content.length);
    const after = snapshot(database);
    // Re-import rewrites links in place; compare contents, not rowids of link rows.
    for (const table of TABLES) expect(sortRows(after[table]!), table).toEqual(sortRows(before[table]!));
  });

  it("calls an article unchanged when only a statement's origin differs, and writes the origin the record gives", async () => {
    database = createTestDatabase();
    const article = { type: "article", slug: "origin", headline: "خبر", body: "فقرة.", language: "ar", publishedAt: "2024-01-01T00:00:00Z", statements: [{ text: "قول", kind: "PARAPHRASE", speakerLabel: "مصادر", paragraph: 0, origin: "EDITOR" }] };
    await importNdjson(database.db, [JSON.stringify(article)]);
    const origin = () => database!.sqlite.prepare("select origin from statements").pluck().get();
    expect(origin()).toBe("EDITOR");
    const again = await importNdjson(database.db, [JSON.stringify({ ...article, statements: [{ ...article.statements[0], origin: undefined }] })]);
    expect(again.unchanged).toBe(1);
    expect(origin()).toBe("IMPORT");
  });

  it("imports the sample page idempotently too", async () => {
    database = createTestDatabase();
    const first = await importNdjson(database.db, linesOf(SAMPLE_CONTENT_FILE));
    const second = await importNdjson(database.db, linesOf(SAMPLE_CONTENT_FILE));
    expect(first.created).toBe(first.records);
    expect(second.unchanged).toBe(second.records);
  });
});

function sortRows(rows: unknown[]): string[] {
  return rows.map((row) => JSON.stringify(row, (key, value) => (key === "id" && typeof value === "number" ? undefined : value))).sort();
}
