// Kept rankings (src/search/ranking-cache.ts) must give exactly what FTS5's exhaustive BM25 gives:
// same hits, same order, same scores to the last bit, page after page, before and after writes of
// every kind. The reference here scores every match with FTS5 and sorts them all; it shares no
// code with the kept path. Generated data has many common words and many tied scores; small limits
// make the edges (a window ending inside a tie group, a tie group too big to keep, changes beyond
// what may be caught up with) happen on it.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareDatabase } from "../../src/database.js";
import { migrateDatabase } from "../../src/db/migrate.js";
import type { ArticleRecord, PersonRecord } from "../../src/ingest/records.js";
import { importNdjson } from "../../src/ingest/importer.js";
import { PERSON_SEARCH_CODE } from "../../src/modules/actor/actor.search.js";
import { ARTICLE_SEARCH_CODE } from "../../src/modules/article/article.search.js";
import { STATEMENT_SEARCH_CODE } from "../../src/modules/statement/statement.search.js";
import { decodeCursor } from "../../src/shared/connection.js";
import { projectPath } from "../../src/shared/project-root.js";
import { bm25Score, decodeIndexTotals, idfArgument, idfOf } from "../../src/search/bm25.js";
import { keptRanking, pageOfKept, type RankingLimits } from "../../src/search/ranking-cache.js";
import { decodeSearchTerms, phraseFrequency } from "../../src/search/search-terms.js";
import { parseSearchQuery, searchHits, type SearchCursor, type SearchHitRow } from "../../src/search/search-query.js";
import { generateRecords, type DatasetSize } from "../bench/generate.js";
import { createSampleDatabase, createTestDatabase, type TestDatabase } from "../helpers/database.js";
import { gqlData, startTestServer, type TestServer } from "../helpers/server.js";
import { testEngine } from "../helpers/test-engine.js";
import { useSampleServer } from "../helpers/sample-server.js";
import { writersFor, type Writers } from "../helpers/writers.js";

const SIZE: DatasetSize = { articles: 120, people: 40, organizations: 15, statements: 1500, incidents: 30 };
const ALL_TYPES = [1, 2, 3, 4, 5, 6];
/** Small enough for the generated data to reach every edge of a kept ranking. */
const SMALL: RankingLimits = { keptHits: 12, buildWindow: 30, maxTied: 40, maxChanges: 400 };

const TIED_WORD = "قمرية"; // TIED_ARTICLES identical articles: one tie group, larger than SMALL.maxTied
const TIED_ARTICLES = 45;
// Eight best articles, then EDGE_ARTICLES identical ones (a tie group across keptHits and past the
// build window, small enough to keep), then more matches of lower scores.
const EDGE_WORD = "نيزكية";
const EDGE_ARTICLES = 30;

/** Common words, a prefix, several words, a name, tied groups, and what a hostile user types. */
const QUERIES = [
  "الحكومة",
  "قال",
  "حكو",
  "الوزير الأمن",
  "قال الحكومة",
  "سفير",
  TIED_WORD,
  EDGE_WORD,
  "نيزكية الحكومة",
  '"الحكومة"',
  "الحكومة OR قال",
  "NEAR(الحكومة",
  "title:الحكومة",
  "الحكومة*",
  "Σίσυφος الحكومة",
  "北京",
  "'; delete from search_terms; --",
];
const TYPE_SETS = [ALL_TYPES, [STATEMENT_SEARCH_CODE], [ARTICLE_SEARCH_CODE], [PERSON_SEARCH_CODE, 3]];

const day = (index: number) => new Date(Date.UTC(2024, 0, 1) + index * 86_400_000).toISOString();

function byRankReference(a: SearchHitRow, b: SearchHitRow): number {
  return a.score !== b.score ? b.score - a.score : a.sortDate !== b.sortDate ? (a.sortDate < b.sortDate ? 1 : -1) : b.rowid - a.rowid;
}

function laterThan(hit: SearchHitRow, cursor: SearchCursor | null): boolean {
  return cursor === null || byRankReference(hit, { score: cursor[0], sortDate: cursor[1], rowid: cursor[2] }) > 0;
}

describe("kept search rankings", () => {
  let database: TestDatabase;
  let writers: Writers;
  const executed: string[] = [];

  /** Every match, scored by FTS5 and sorted: what any page must be a slice of. */
  function reference(text: string, codes: readonly number[]): SearchHitRow[] {
    const { match, terms } = parseSearchQuery(text, "query");
    if (match === null) return [];
    const sqlite = database.sqlite;
    const exact = new Set(sqlite.prepare("select rowid from search_names where name = ?").pluck().all(terms.join(" ")) as number[]);
    const dates = new Map((sqlite.prepare("select rowid, sort_date from search_entries").raw().all() as [number, string][]).map(([rowid, date]) => [rowid, date]));
    const rows = sqlite.prepare("select rowid, -bm25(search_index, 10, 4, 1) as score from search_index where search_index match ?").all(match) as { rowid: number; score: number }[];
    return rows
      .filter((row) => codes.includes(row.rowid % 8))
      .map((row) => ({ rowid: row.rowid, score: exact.has(row.rowid) ? row.score + 1000 : row.score, sortDate: dates.get(row.rowid) ?? "" }))
      .sort(byRankReference);
  }

  function parsed(text: string) {
    const query = parseSearchQuery(text, "query");
    return { terms: query.terms, match: query.match!, phrases: query.phrases };
  }

  /** Walks `pages` pages of `size` with searchHits and, with SMALL limits, the kept ranking alone; both must be slices of the reference. Returns how many kept pages were decided. */
  function comparePages(text: string, codes: readonly number[], size: number, pages: number): number {
    const expected = reference(text, codes);
    let decided = 0;
    let after: SearchCursor | null = null;
    for (let page = 0; page < pages; page += 1) {
      const slice = expected.filter((hit) => laterThan(hit, after)).slice(0, size);
      expect(searchHits(database.sqlite, parseSearchQuery(text, "query"), codes, after, size), `${text} ${codes} page ${page}`).toEqual(slice);
      if (parseSearchQuery(text, "query").match !== null) {
        const kept = pageOfKept(keptRanking(database.sqlite, parsed(text), codes, SMALL), after, size);
        if (kept !== null) {
          expect(kept, `${text} ${codes} page ${page}, kept`).toEqual(slice);
          decided += 1;
        }
      }
      const last = slice.at(-1);
      if (!last || slice.length < size) break;
      after = [last.score, last.sortDate, last.rowid];
    }
    return decided;
  }

  function compareEverything(): void {
    for (const text of QUERIES) for (const codes of TYPE_SETS) for (const size of [1, 7, 20]) comparePages(text, codes, size, 4);
  }

  /** Whether bringing the query's kept ranking up to date ran FTS5's BM25 (a rebuild) or not (a catch-up from the log). */
  function rankedByFts5(text: string, limits?: RankingLimits): boolean {
    executed.length = 0;
    keptRanking(database.sqlite, parsed(text), ALL_TYPES, limits);
    return executed.some((statement) => statement.includes("bm25("));
  }

  function tiedArticle(slug: string, word: string, index: number): ArticleRecord {
    return { type: "article", slug, headline: `نشرة ${word}`, body: "تقرير موحد.", language: "ar", publishedAt: day(index % 17), statements: [] };
  }

  beforeAll(async () => {
    database = createTestDatabase({ onStatement: (text) => executed.push(text) });
    await importNdjson(database.db, [...generateRecords(SIZE)].map((record) => JSON.stringify(record)));
    writers = writersFor(database.db);
    database.sqlite.transaction(() => {
      for (let index = 0; index < TIED_ARTICLES; index += 1) writers.articles.write(tiedArticle(`tied-${index}`, TIED_WORD, index));
      for (let index = 0; index < 8; index += 1) writers.articles.write({ ...tiedArticle(`edge-top-${index}`, EDGE_WORD, index), headline: EDGE_WORD, body: `موجز ${index}.` });
      for (let index = 0; index < EDGE_ARTICLES; index += 1) writers.articles.write(tiedArticle(`edge-${index}`, EDGE_WORD, index));
      for (let index = 0; index < 30; index += 1) {
        const filler = Array.from({ length: index + 1 }, () => "حشو").join(" ");
        writers.articles.write({ type: "article", slug: `around-${index}`, headline: `عنوان ${index}`, body: `${EDGE_WORD} ${filler} الحكومة.`, language: "ar", publishedAt: day(index), statements: [] });
      }
    })();
  });

  afterAll(() => database.destroy());

  it("scores every match of common words exactly as FTS5 does, from the row's terms alone", () => {
    const sqlite = database.sqlite;
    const totals = decodeIndexTotals(sqlite.prepare("select block from search_index_data where id = 1").pluck().get() as Buffer);
    const average = totals.tokens / totals.rows;
    let compared = 0;
    for (const text of ["الحكومة", "قال", "حكو", "الوزير الأمن", "قال الحكومة", EDGE_WORD]) {
      const { match, phrases } = parseSearchQuery(text, "query");
      const idf = phrases.map((phrase) => {
        const hits = sqlite.prepare("select count(*) from search_index where search_index match ?").pluck().get(`"${phrase.term}"${phrase.prefix ? "*" : ""}`) as number;
        return idfOf(sqlite.prepare("select ln(?)").pluck().get(idfArgument(totals, hits)) as number);
      });
      const rows = sqlite.prepare("select i.rowid as rowid, -bm25(search_index, 10, 4, 1) as score, t.terms as terms from search_index i join search_terms t on t.rowid = i.rowid where search_index match ?").all(match) as { rowid: number; score: number; terms: string }[];
      for (const row of rows) {
        const terms = decodeSearchTerms(row.terms)!;
        const frequencies = phrases.map((phrase) => phraseFrequency(terms, phrase, [10, 4, 1]));
        expect(bm25Score(idf, frequencies, terms.length, average), `${text} row ${row.rowid}`).toBe(row.score);
      }
      compared += rows.length;
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it("pages through common words, prefixes, ties, names and hostile text exactly as FTS5 ranks them", () => {
    compareEverything();
  });

  it("decides the first pages of common words from the kept ranking, ties at its edge included", () => {
    executed.length = 0;
    keptRanking(database.sqlite, parsed(EDGE_WORD), ALL_TYPES, { ...SMALL, maxChanges: SMALL.maxChanges + 1 }); // other limits: built now
    expect(executed.some((statement) => statement.includes('"score" = ')), "the tie group at the edge is read whole").toBe(true);
    for (const text of ["الحكومة", "قال", "حكو", "الوزير الأمن", EDGE_WORD]) expect(comparePages(text, ALL_TYPES, 10, 1), text).toBe(1);
    expect(comparePages(EDGE_WORD, ALL_TYPES, 36, 1)).toBe(1); // into the tie group, past the build window
    // A tie group larger than maxTied is not kept: FTS5 ranks it, still exactly.
    expect(comparePages(TIED_WORD, ALL_TYPES, 10, 1)).toBe(0);
  });

  it("follows new, changed and deleted rows from the log, without asking FTS5 to rank again", () => {
    for (const text of QUERIES) keptRanking(database.sqlite, parsed(text), ALL_TYPES, SMALL);

    database.sqlite.transaction(() => {
      // New rows at the top (short headlines), and in the middle of tie groups (same text, new dates).
      writers.articles.write({ type: "article", slug: "new-top", headline: "الحكومة", body: "قال الوزير الأمن.", language: "ar", publishedAt: day(400), statements: [{ text: "قال الحكومة", kind: "PARAPHRASE", speakerLabel: "مصادر أمنية", paragraph: 0 }] });
      writers.articles.write(tiedArticle("edge-new", EDGE_WORD, 5));
      // A kept hit loses the word; a row outside the ranking gains it.
      writers.articles.write({ ...tiedArticle("edge-0", EDGE_WORD, 0), headline: "نشرة اخرى" });
      writers.articles.write({ type: "article", slug: "around-29", headline: "الحكومة الحكومة", body: `${EDGE_WORD}.`, language: "ar", publishedAt: day(29), statements: [] });
    })();
    // Deleted with SQL: the content tables' triggers remove the index rows, and log it.
    database.sqlite.prepare("delete from articles where slug in ('article-3', 'article-7', 'tied-1', 'edge-3')").run();
    database.sqlite.prepare("delete from statements where id in (select id from statements order by id limit 25)").run();

    for (const text of ["الحكومة", "قال", "حكو", "الوزير الأمن", "قال الحكومة", EDGE_WORD, "نيزكية الحكومة"]) expect(rankedByFts5(text, SMALL), text).toBe(false);
    compareEverything();
    for (const text of ["الحكومة", "قال", EDGE_WORD]) expect(comparePages(text, ALL_TYPES, 10, 1), text).toBe(1);
  });

  it("follows people renamed, added and removed, exact-name hits included", () => {
    const person: PersonRecord = { type: "person", slug: "person-5", name: "زيد المقبل 5", aliases: ["زيد"], role: "سفير" };
    const name = "زيد المقبل 5";
    keptRanking(database.sqlite, parsed(name), ALL_TYPES, SMALL);
    keptRanking(database.sqlite, parsed("سفير"), ALL_TYPES, SMALL);
    database.sqlite.transaction(() => {
      writers.actors.write(person);
      writers.actors.write({ type: "person", slug: "zaid-twin", name, role: "سفير" });
    })();
    expect(rankedByFts5(name, SMALL)).toBe(false);
    expect(rankedByFts5("سفير", SMALL)).toBe(false);
    for (const codes of TYPE_SETS) comparePages(name, codes, 3, 3);
    expect(reference(name, ALL_TYPES).filter((hit) => hit.score > 1000)).toHaveLength(2);

    database.sqlite.prepare("delete from actors where slug = 'zaid-twin'").run();
    expect(rankedByFts5(name, SMALL)).toBe(false);
    for (const codes of TYPE_SETS) comparePages(name, codes, 3, 3);
    compareEverything();
  });

  it("ranks again with FTS5 when a change cannot be followed, and stays exact", () => {
    keptRanking(database.sqlite, parsed("الحكومة"), ALL_TYPES, SMALL);
    // A row whose terms FTS5 may split otherwise (Greek): unknown to the log's reader.
    database.sqlite.transaction(() => writers.articles.write({ type: "article", slug: "odd-script", headline: "الحكومة Σίσυφος", body: "北京", language: "ar", publishedAt: day(500), statements: [] }))();
    expect(rankedByFts5("الحكومة", SMALL)).toBe(true);
    compareEverything();

    // More changes than maxChanges since the ranking was brought up to date.
    keptRanking(database.sqlite, parsed("قال"), ALL_TYPES, SMALL);
    database.sqlite.transaction(() => {
      for (let index = 0; index <= SMALL.maxChanges; index += 1) writers.articles.write({ type: "article", slug: `burst-${index}`, headline: `قال ${index}`, body: "الحكومة", language: "ar", publishedAt: day(index), statements: [] });
    })();
    expect(rankedByFts5("قال", SMALL)).toBe(true);
    compareEverything();

    // Fewer changes each time, but more rows joining the ranking in all than maxChanges.
    const rounds = 5;
    const perRound = Math.ceil(SMALL.maxChanges / (rounds - 1));
    for (let round = 0; round < rounds; round += 1) {
      database.sqlite.transaction(() => {
        for (let index = 0; index < perRound; index += 1) writers.articles.write({ type: "article", slug: `join-${round}-${index}`, headline: `نبأ ${index}`, body: "قال الحكومة", language: "ar", publishedAt: day(index), statements: [] });
      })();
      expect(rankedByFts5("قال", SMALL), `round ${round}`).toBe(round === rounds - 1);
    }
    compareEverything();
  });

  it("keeps nothing read inside a transaction, even one that commits", () => {
    const text = "الحكومة";
    keptRanking(database.sqlite, parsed(text), ALL_TYPES);
    database.sqlite.transaction(() => {
      writers.articles.write({ type: "article", slug: "inside", headline: "الحكومة", body: "قال", language: "ar", publishedAt: day(600), statements: [] });
      const inside = searchHits(database.sqlite, parseSearchQuery(text, "query"), ALL_TYPES, null, 5);
      expect(inside).toEqual(reference(text, ALL_TYPES).slice(0, 5));
    })();
    expect(searchHits(database.sqlite, parseSearchQuery(text, "query"), ALL_TYPES, null, 5)).toEqual(reference(text, ALL_TYPES).slice(0, 5));
  });

  it("keeps one terms row per index row, counting the tokens FTS5 counts, and logs every change", () => {
    const sqlite = database.sqlite;
    const rowids = (table: string) => sqlite.prepare(`select rowid from ${table} order by rowid`).pluck().all();
    expect(rowids("search_terms")).toEqual(rowids("search_entries"));
    const rows = sqlite.prepare("select t.rowid as rowid, t.terms as terms, d.sz as size from search_terms t join search_index_docsize d on d.id = t.rowid").all() as { rowid: number; terms: string; size: Buffer }[];
    expect(rows.length).toBe(rowids("search_entries").length);
    for (const row of rows) {
      const terms = decodeSearchTerms(row.terms);
      if (terms === null) continue; // left to FTS5 (the Greek row)
      expect(terms.length, `row ${row.rowid}`).toBe(sumOfVarints(row.size));
    }
    expect(rows.filter((row) => decodeSearchTerms(row.terms) === null).map((row) => row.rowid)).toHaveLength(1);
    // The log holds the latest changes, oldest pruned, numbered without gaps.
    const log = sqlite.prepare("select seq from search_changes order by seq").pluck().all() as number[];
    expect(log.length).toBeGreaterThan(0);
    expect(log.at(-1)! - log[0]! + 1).toBe(log.length);
  });

  describe("over HTTP", () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer(database);
    });
    afterAll(async () => {
      await server.close();
    });

    const SEARCH = `query ($query: String!, $first: Int, $after: String) {
      search(query: $query, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor score } }
    }`;
    interface Page {
      search: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { cursor: string; score: number }[] };
    }

    // It writes (a mutation, or SQL under the running server): the PostgreSQL run reads a copy made at start and refuses mutations.

    it.skipIf(testEngine() === "postgres")("answers pages, cursors and totalCount as the reference, before and after a write", async () => {
      for (const round of [0, 1]) {
        if (round === 1) database.sqlite.transaction(() => writers.articles.write({ type: "article", slug: "http-round", headline: "الحكومة قال", body: "الوزير", language: "ar", publishedAt: day(700), statements: [] }))();
        for (const text of ["الحكومة", "قال", EDGE_WORD]) {
          const expected = reference(text, ALL_TYPES);
          const seen: { score: number; rowid: number }[] = [];
          let after: string | undefined;
          for (let page = 0; page < 3; page += 1) {
            const { search } = await gqlData<Page>(server.url, SEARCH, { query: text, first: 9, ...(after ? { after } : {}) });
            expect(search.totalCount).toBe(expected.length);
            for (const edge of search.edges) {
              const [score, , rowid] = decodeCursor(edge.cursor, 3) as SearchCursor;
              expect(edge.score).toBe(score);
              seen.push({ score, rowid });
            }
            after = search.pageInfo.endCursor ?? undefined;
          }
          expect(seen).toEqual(expected.slice(0, 27).map((hit) => ({ score: hit.score, rowid: hit.rowid })));
        }
      }
    });
  });
});

/** FTS5's docsize record: one SQLite varint per column; their sum is the row's length. */
function sumOfVarints(bytes: Uint8Array): number {
  let total = 0;
  let value = 0;
  let length = 0;
  for (const byte of bytes) {
    length += 1;
    if (length === 9) {
      total += value * 256 + byte;
      value = length = 0;
      continue;
    }
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      total += value;
      value = length = 0;
    }
  }
  return total;
}

describe("a database indexed before migration 0015", () => {
  let database: TestDatabase;
  const executed: string[] = [];
  afterAll(() => database.destroy());

  it("gets every row's terms at startup, searches exactly meanwhile, and then follows writes", async () => {
    database = await createSampleDatabase({ onStatement: (text) => executed.push(text) });
    const sqlite = database.sqlite;
    const indexed = sqlite.prepare("select count(*) from search_entries").pluck().get() as number;
    // As it was at 0014: migration 0015's tables, triggers and record gone, index rows unchanged;
    // and what later migrations made (0016: an index of speaker_articles), so they apply again.
    const journal = JSON.parse(readFileSync(projectPath("migrations/meta/_journal.json"), "utf8")) as { entries: { tag: string; when: number }[] };
    const since = journal.entries.find((entry) => entry.tag.startsWith("0015_"))!.when;
    sqlite.exec(`drop trigger search_entries_delete_terms; drop table search_terms; drop table search_changes;
      drop index if exists speaker_articles_article_idx;`);
    sqlite.prepare("delete from __drizzle_migrations where created_at >= ?").run(since);

    migrateDatabase(database);
    expect(sqlite.prepare("select count(*) from search_terms where terms is null").pluck().get()).toBe(indexed);
    const query = parseSearchQuery("بلينكن", "query");
    const ranked = { terms: query.terms, match: query.match!, phrases: query.phrases };
    const before = searchHits(sqlite, query, ALL_TYPES, null, 10);
    expect(keptRanking(sqlite, ranked, ALL_TYPES).model, "terms unknown: left to FTS5").toBeNull();

    prepareDatabase(database);
    expect(sqlite.prepare("select count(*) from search_terms where terms is not null").pluck().get()).toBe(indexed);
    expect(searchHits(sqlite, query, ALL_TYPES, null, 10)).toEqual(before);
    expect(keptRanking(sqlite, ranked, ALL_TYPES).model).not.toBeNull();

    sqlite.transaction(() => writersFor(database.db).actors.write({ type: "person", slug: "blinken-namesake", name: "أنتوني بلينكن الابن", role: "طالب" }))();
    executed.length = 0;
    const after = searchHits(sqlite, query, ALL_TYPES, null, 10);
    expect(executed.some((statement) => statement.includes("bm25(")), "caught up from the log").toBe(false);
    expect(after.length).toBe(Math.min(10, before.length + 1));
  });
});

describe("search after mutations, imports and restores", () => {
  const sample = useSampleServer();
  const SEARCH = `query ($query: String!) { search(query: $query, first: 20) { totalCount edges { node { __typename ... on Person { slug name } ... on Article { slug } } } } }`;
  const found = async (query: string) =>
    (await gqlData<{ search: { totalCount: number; edges: { node: { __typename: string; slug?: string } }[] } }>(sample.server.url, SEARCH, { query })).search.edges.map((edge) => `${edge.node.__typename}:${edge.node.slug}`);

it("sees each change at once, its kept rankings brought up to date rather than dropped", async () => {
    // Kept before any of the changes: each search below catches up with them.
    expect(await found("Quasimodo")).toEqual([]);
    expect(await found("Esmeralda")).toEqual([]);
    const common = (await found("الدولة")).length;
    expect(common).toBeGreaterThan(0);

    const created = await gqlData(sample.server.url, `mutation { createPerson(input: { slug: "zoltan", name: "Zoltan Quasimodo", role: "الدولة" }) { id } }`, {}, sample.keys.editor);
    expect(await found("Quasimodo")).toEqual(["Person:zoltan"]);
    expect((await found("الدولة")).length).toBe(Math.min(20, common + 1));

    await gqlData(sample.server.url, `mutation($id: ID!) { updatePerson(id: $id, input: { name: "Zoltan Esmeralda" }) { id } }`, { id: created.createPerson.id }, sample.keys.editor);
    expect(await found("Quasimodo")).toEqual([]);
    expect(await found("Esmeralda")).toEqual(["Person:zoltan"]);

    await gqlData(sample.server.url, `mutation($id: ID!) { deletePerson(id: $id) }`, { id: created.createPerson.id }, sample.keys.admin);
    expect(await found("Esmeralda")).toEqual([]);

    const log = await gqlData(sample.server.url, `{ auditLog(filter: { entityType: PERSON }, first: 10) { nodes { id action } } }`, {}, sample.keys.admin);
    const deletion = log.auditLog.nodes.find((node: { action: string }) => node.action === "DELETED");
    await gqlData(sample.server.url, `mutation($id: ID!) { restoreRevision(id: $id) { id } }`, { id: deletion.id }, sample.keys.admin);
    expect(await found("Esmeralda")).toEqual(["Person:zoltan"]);

    // An import into the SQLite file under the server; the PostgreSQL run's server reads its own database.
    if (testEngine() === "postgres") return;
    const article: ArticleRecord = { type: "article", slug: "imported-esmeralda", headline: "Esmeralda", body: "Esmeralda danced.", language: "en", publishedAt: "2024-06-01T00:00:00Z", statements: [] };
    await importNdjson(sample.database.db, [JSON.stringify(article)]);
    expect(await found("Esmeralda")).toEqual(["Article:imported-esmeralda", "Person:zoltan"]);
  });
});
