// An import batch shares lookups across its records and sets per-row triggers aside, doing their
// work once before it commits (src/db/batch-write.ts), and its texts are analyzed ahead in a
// worker thread (src/ingest/analysis-ahead.ts). These tests import the same files both ways —
// batched with the worker, and row by row as a mutation writes (`rowByRow`), every text analyzed
// in place — and require the same rows in every table, the same search index down to each token,
// the same search answers and the same live-update changes: the fast path cannot silently drift
// from the one every trigger guards.
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { changeFeedOf, type Change } from "../../src/db/change-feed.js";
import { ImportError, importNdjson, linesOf, type ImportOptions, type ImportSummary } from "../../src/ingest/importer.js";
import type { ArticleRecord } from "../../src/ingest/records.js";
import { SAMPLE_CONTENT_FILE } from "../../src/ingest/sample-content.js";
import { contentRecords } from "../../src/ingest/exporter.js";
import { parseSearchQuery, searchHits } from "../../src/search/search-query.js";
import { analyzeForIndex } from "../../src/search/analyzer.js";
import { ANALYSIS_WORKER_WARNING, AnalysisAhead, textsOf } from "../../src/ingest/analysis-ahead.js";
import { generateRecords, type DatasetSize } from "../bench/generate.js";
import { openDatabase } from "../../src/db/client.js";
import { createTestDatabase, temporaryDirectory, type TestDatabase } from "../helpers/database.js";

const SMALL: DatasetSize = { articles: 60, people: 15, organizations: 8, statements: 600, incidents: 10 };
/** Written by the clock, not by the records: they differ between any two imports. */
const CLOCK_COLUMNS = new Set(["created_at", "updated_at"]);
/** The FTS5 table's own storage: segment layout depends on when pending terms were flushed, not on what is indexed (compared token by token instead). */
const FTS_STORAGE = new Set(["search_index_data", "search_index_idx", "search_index_docsize", "search_index_config"]);
const SEARCHES = ["الحكومة", "قال", "الوزير الأمن", "الانفجار", "Zainab", "سفير", "شهود عيان", "Organization 4", "بلينكن", "Blinken", "داعش", "واشنطن"];

/** Every row of every table but the FTS storage, clock columns left out, rows in a canonical order. */
function tablesOf(database: TestDatabase): Record<string, string[]> {
  const tables = database.sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_stat%' order by name").pluck().all() as string[];
  const contents: Record<string, string[]> = {};
  for (const table of tables.filter((name) => !FTS_STORAGE.has(name) && name !== "search_index")) {
    const rows = database.sqlite.prepare(`select * from "${table}"`).all() as Record<string, unknown>[];
    contents[table] = rows
      .map((row) => JSON.stringify(Object.fromEntries(Object.entries(row).filter(([column]) => !CLOCK_COLUMNS.has(column) && !(table === "revisions" && column === "at")))))
      .sort();
  }
  return contents;
}

/** Every token of the search index: term, document, column and offset. */
function indexedTokens(database: TestDatabase): string[] {
  database.sqlite.exec("create virtual table if not exists temp.search_tokens using fts5vocab(main, search_index, 'instance')");
  return (database.sqlite.prepare("select term, doc, col, offset from temp.search_tokens order by doc, col, offset").raw().all() as unknown[][]).map((row) => row.join(" "));
}

function searchAnswers(database: TestDatabase): Record<string, unknown> {
  return Object.fromEntries(SEARCHES.map((query) => [query, searchHits(database.sqlite, parseSearchQuery(query, "query"), [1, 2, 3, 4, 5, 6], null, 50)]));
}

function schemaOf(database: TestDatabase): unknown[] {
  return database.sqlite.prepare("select type, name, sql from sqlite_master order by type, name").all();
}

interface Outcome {
  summary?: ImportSummary;
  error?: ImportError;
  changes: Change[];
}

async function importInto(database: TestDatabase, lines: Iterable<string> | AsyncIterable<string>, options: ImportOptions): Promise<Outcome> {
  const changes: Change[] = [];
  const unsubscribe = changeFeedOf(database.db).subscribe((published) => changes.push(...published));
  try {
    return { summary: await importNdjson(database.db, lines, options), changes };
  } catch (error) {
    if (error instanceof ImportError) return { error, changes };
    throw error;
  } finally {
    unsubscribe();
  }
}

/** Two fresh databases, the same imports into each: batched and row by row. */
class Twins {
  readonly batched = createTestDatabase();
  readonly rowByRow = createTestDatabase();

  async import(lines: () => Iterable<string> | AsyncIterable<string>, options: ImportOptions = {}): Promise<{ batched: Outcome; rowByRow: Outcome }> {
    const batched = await importInto(this.batched, lines(), options);
    // The reference analyzes every text on the importer's thread too.
    const rowByRow = await importInto(this.rowByRow, lines(), { ...options, rowByRow: true, analyzeAhead: false });
    return { batched, rowByRow };
  }

  expectSameContent(): void {
    expect(schemaOf(this.batched)).toEqual(schemaOf(this.rowByRow));
    const batched = tablesOf(this.batched);
    const rowByRow = tablesOf(this.rowByRow);
    expect(Object.keys(batched)).toEqual(Object.keys(rowByRow));
    for (const table of Object.keys(rowByRow)) expect(batched[table], table).toEqual(rowByRow[table]);
    expect(indexedTokens(this.batched)).toEqual(indexedTokens(this.rowByRow));
    expect(searchAnswers(this.batched)).toEqual(searchAnswers(this.rowByRow));
  }

  destroy(): void {
    this.batched.destroy();
    this.rowByRow.destroy();
  }
}

/** Any record the generator writes. */
type GeneratedRecord = ReturnType<typeof generateRecords> extends Generator<infer Record> ? Record : never;

function generated(size: DatasetSize): GeneratedRecord[] {
  return [...generateRecords(size)];
}

const toLines = (records: readonly GeneratedRecord[]) => records.map((record) => JSON.stringify(record));

/**
 * The same content edited the ways a second import edits it: statements dropped, added, given
 * another speaker or none, articles re-dated (their copies of published_at follow), new articles.
 */
function edited(records: readonly GeneratedRecord[]): GeneratedRecord[] {
  let articleIndex = 0;
  const changed = records.map((record): GeneratedRecord => {
    if (record.type !== "article") return record;
    const article: ArticleRecord = record;
    articleIndex += 1;
    const statements = article.statements ?? [];
    switch (articleIndex % 7) {
      case 0:
        return { ...article, statements: statements.slice(0, -2) };
      case 1:
        return { ...article, publishedAt: new Date(Date.parse(article.publishedAt) + 86_400_000).toISOString() };
      case 2:
        return { ...article, statements: statements.map((statement, index) => (index % 2 === 0 ? { ...statement, speaker: null, speakerLabel: "مصادر أمنية", claims: [] } : statement)) };
      case 3:
        return { ...article, statements: [...statements, ...statements.slice(0, 3)] };
      case 4:
        // One statement's words corrected, another's incidents dropped: the rest stay as they are.
        return { ...article, statements: statements.map((statement, index) => (index === 1 ? { ...statement, text: `${statement.text} (مصحح)` } : index === 2 ? { ...statement, incidents: [], claims: [] } : statement)) };
      case 5:
        return { ...article, headline: `${article.headline} — محدث` };
      default:
        return article;
    }
  });
  const added = records.filter((record): record is ArticleRecord => record.type === "article").slice(0, 5).map((article) => ({ ...article, slug: `${article.slug}-again` }));
  return [...changed, ...added];
}

/**
 * What a database holds, named by slugs instead of ids (a statement by its article's slug and its
 * position): content as the export writes it (its clock left out), the derived tables, and the
 * search index token by token. An upsert and a fresh import of the same file must agree on it.
 */
function naturalState(database: TestDatabase): Record<string, unknown[]> {
  const all = (query: string) => (database.sqlite.prepare(query).raw().all() as unknown[][]).map((row) => JSON.stringify(row)).sort();
  const records = [...contentRecords(database.db)].map((record) => JSON.stringify({ ...record, updatedAt: undefined }));
  database.sqlite.exec(`create temp view if not exists entity_keys (rowid, key) as
    select id * 8 + 1, 'article ' || slug from articles
    union all select id * 8 + case actor_type when 'PERSON' then 2 else 3 end, 'actor ' || slug from actors
    union all select s.id * 8 + 4, 'statement ' || a.slug || ' ' || s.position from statements s join articles a on a.id = s.article_id
    union all select id * 8 + 5, 'incident ' || slug from incidents
    union all select id * 8 + 6, 'location ' || slug from locations`);
  indexedTokens(database);
  return {
    records,
    speakerArticles: all("select p.slug, a.slug, g.published_at, g.statement_count from speaker_articles g join actors p on p.id = g.speaker_id join articles a on a.id = g.article_id"),
    mentions: all("select a.slug, p.slug, m.published_at from article_mentions m join actors p on p.id = m.actor_id join articles a on a.id = m.article_id"),
    articleIncidents: all("select a.slug, i.slug, l.published_at from article_incidents l join incidents i on i.id = l.incident_id join articles a on a.id = l.article_id"),
    statementIncidents: all("select a.slug, s.position, i.slug, l.said_at, l.position from statement_incidents l join statements s on s.id = l.statement_id join articles a on a.id = l.article_id join incidents i on i.id = l.incident_id"),
    locationTree: all("select a.slug, d.slug, t.depth from location_tree t join locations a on a.id = t.ancestor_id join locations d on d.id = t.descendant_id"),
    searchEntries: all("select k.key, e.sort_date, e.names from search_entries e join entity_keys k on k.rowid = e.rowid"),
    searchNames: all("select n.name, k.key from search_names n join entity_keys k on k.rowid = n.rowid"),
    searchTokens: all("select t.term, k.key, t.col, t.offset from temp.search_tokens t join entity_keys k on k.rowid = t.doc"),
    unkeyedSearchRows: all("select e.rowid from search_entries e where e.rowid not in (select rowid from entity_keys)"),
  };
}

describe("an import batch", () => {
  let twins: Twins | undefined;
  afterEach(() => twins?.destroy());

  it("writes the sample content as row-by-row writing does", async () => {
    twins = new Twins();
    const { batched, rowByRow } = await twins.import(() => linesOf(SAMPLE_CONTENT_FILE));
    expect(batched.summary).toEqual(rowByRow.summary);
    expect(batched.changes).toEqual(rowByRow.changes);
    twins.expectSameContent();
  });

  it("writes generated content as row-by-row writing does, in batches that reference each other and forward", async () => {
    twins = new Twins();
    const records = generated(SMALL);
    const { batched, rowByRow } = await twins.import(() => toLines(records), { batchSize: 37 });
    expect(batched.summary).toEqual(rowByRow.summary);
    expect(batched.summary!.statements).toBe(SMALL.statements);
    expect(batched.changes).toEqual(rowByRow.changes);
    twins.expectSameContent();
  });

  it("updates content as row-by-row writing does: statements dropped, added and reassigned, articles re-dated", async () => {
    twins = new Twins();
    const records = generated(SMALL);
    await twins.import(() => toLines(records), { batchSize: 100 });
    const { batched, rowByRow } = await twins.import(() => toLines(edited(records)), { batchSize: 23 });
    expect(batched.summary).toEqual(rowByRow.summary);
    // Exactly the articles whose record changed are updated; the rest are unchanged, the copies created.
    const before = new Map(records.map((record) => [record.slug, JSON.stringify(record)]));
    const changed = edited(records).filter((record) => before.has(record.slug) && before.get(record.slug) !== JSON.stringify(record)).length;
    expect(batched.summary).toMatchObject({ updated: changed, created: 5, unchanged: records.length - changed });
    expect(batched.changes).toEqual(rowByRow.changes);
    twins.expectSameContent();
    // And re-importing the same file changes nothing, either way.
    const again = await twins.import(() => toLines(edited(records)), { batchSize: 41 });
    expect(again.batched.summary!.unchanged).toBe(again.batched.summary!.records);
    expect(again.batched.summary).toEqual(again.rowByRow.summary);
    twins.expectSameContent();
  });


  it("indexes a record written twice in one batch as row-by-row writing does: the second version, once, and no row of a statement it dropped", async () => {
    // A batch's FTS5 rows wait for its end (search-index.ts): here they are written, then removed
    // again — by the upsert, and by the cascade of the statements an edit drops — before that.
    twins = new Twins();
    const records = generated(SMALL);
    const { batched, rowByRow } = await twins.import(() => [...toLines(records), ...toLines(edited(records))], { batchSize: 10_000 });
    expect(batched.summary).toEqual(rowByRow.summary);
    expect(batched.summary!.updated).toBeGreaterThan(0);
    expect(batched.changes).toEqual(rowByRow.changes);
    twins.expectSameContent();
  });
  it("leaves the schema and every earlier batch as row-by-row writing does when a batch fails", async () => {
    twins = new Twins();
    const lines = toLines(generated(SMALL));
    const articleLine = lines.findIndex((line) => line.includes('"type":"article"')) + 30;
    const bad = [...lines.slice(0, articleLine), JSON.stringify({ type: "article", slug: "late", headline: "خبر", body: "فقرة.", language: "ar", publishedAt: "2024-01-01T00:00:00Z", statements: [{ text: "قول", kind: "DIRECT_QUOTE", speaker: "nobody-by-this-slug", paragraph: 0 }] }), ...lines.slice(articleLine)];
    const schema = schemaOf(twins.batched);
    const { batched, rowByRow } = await twins.import(() => bad, { batchSize: 50 });
    expect(batched.error?.line).toBe(articleLine + 1);
    expect(batched.error?.fieldErrors).toEqual([{ path: "statements.0.speaker", message: 'no person or organization has the slug "nobody-by-this-slug"' }]);
    expect(batched.error?.message).toBe(rowByRow.error?.message);
    expect(batched.error?.summary).toEqual(rowByRow.error?.summary);
    expect(batched.changes).toEqual(rowByRow.changes);
    // The triggers the failed batch had set aside came back with its rollback.
    expect(schemaOf(twins.batched)).toEqual(schema);
    twins.expectSameContent();
  });

  it("forgets what earlier batches looked up once another connection has written", async () => {
    twins = new Twins();
    const person = JSON.stringify({ type: "person", slug: "renamed-between", name: "شخص" });
    const article = JSON.stringify({ type: "article", slug: "after-rename", headline: "خبر", body: "فقرة.", language: "ar", publishedAt: "2024-01-01T00:00:00Z", statements: [{ text: "قول", kind: "PARAPHRASE", speaker: "renamed-between", paragraph: 0 }] });
    const outcomes: Outcome[] = [];
    for (const database of [twins.batched, twins.rowByRow]) {
      // Batch 1 writes the person and an article that speaks through it; batch 2 is unrelated (the
      // importer reads a batch ahead of the one it writes); before batch 3 is read, another
      // connection gives the person another slug: batch 3's reference must not find it.
      async function* lines(): AsyncGenerator<string> {
        yield person;
        yield article.replace("after-rename", "before-rename");
        yield JSON.stringify({ type: "person", slug: "unrelated-one", name: "آخر" });
        yield JSON.stringify({ type: "person", slug: "unrelated-two", name: "ثالث" });
        const other = openDatabase(database.path);
        other.sqlite.prepare("update actors set slug = 'someone-else' where slug = 'renamed-between'").run();
        other.close();
        yield article;
      }
      outcomes.push(await importInto(database, lines(), { batchSize: 2, rowByRow: database === twins.rowByRow }));
    }
    const [batched, rowByRow] = outcomes as [Outcome, Outcome];
    expect(batched.error?.fieldErrors).toEqual([{ path: "statements.0.speaker", message: 'no person or organization has the slug "renamed-between"' }]);
    expect(batched.error?.message).toBe(rowByRow.error?.message);
  });

  it("has texts analyzed ahead by a worker thread exactly as the importer's thread analyzes them", async () => {
    const texts = new Set<string>();
    for (const record of generated({ articles: 5, people: 4, organizations: 2, statements: 40, incidents: 2 })) textsOf(record, texts);
    texts.add("وقُتل بلينكن، Blinken's\u200F O’Brien ﻻ ١٢");
    const ahead = new AnalysisAhead();
    try {
      const request = ahead.request([...texts]);
      for (let waited = 0; request.analyzed === null && waited < 20_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(request.analyzed).toEqual([...texts].map(analyzeForIndex));
    } finally {
      await ahead.close();
    }
  });

  it("says so on stderr when the worker is lost, and leaves the texts to the importer's thread from then on", async () => {
    const missing = join(temporaryDirectory(), "no-such-worker.js");
    const ahead = new AnalysisAhead(() => new Worker(missing));
    try {
      const warned = new Promise<Error>((resolve) => process.once("warning", resolve));
      ahead.request(["نص أول طويل بما يكفي ليذهب إلى العامل في الخلفية أثناء الكتابة"]);
      const warning = await warned;
      expect(warning).toMatchObject({ code: ANALYSIS_WORKER_WARNING });
      expect(warning.message).toMatch(/analysis worker stopped .*no-such-worker\.js/);
      // Lost for good: later batches are not sent anywhere, and are analyzed where they are written.
      expect(ahead.request(["نص ثان"]).analyzed).toBeNull();
    } finally {
      await ahead.close();
    }
  });

  it("ends an upsert of edited content where a fresh import of the edited file starts, derived tables and search index included", async () => {
    twins = new Twins();
    const records = generated(SMALL);
    await importInto(twins.batched, toLines(records), { batchSize: 100 });
    const upsert = await importInto(twins.batched, toLines(edited(records)), { batchSize: 23 });
    expect(upsert.error?.message).toBeUndefined();
    expect(upsert.summary!.updated).toBeGreaterThan(0);
    await importInto(twins.rowByRow, toLines(edited(records)), { batchSize: 23 });
    const upserted = naturalState(twins.batched);
    const fresh = naturalState(twins.rowByRow);
    expect(upserted.unkeyedSearchRows).toEqual([]);
    for (const part of Object.keys(fresh)) expect(upserted[part], part).toEqual(fresh[part]);
  });
});
