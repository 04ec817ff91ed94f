// Search on PostgreSQL against search on SQLite over the same content (the sample, copied): the same
// hits in the same order with the same scores and snippets, the same totals and cursor pages, and
// the same answers from the lists' `search` filters — for Arabic and English, names, several words,
// prefixes, no match and hostile input. Both run through the GraphQL schema, each with its engine's
// context: only the engine differs.
import { graphql, type GraphQLSchema } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext, type Context } from "../../src/context.js";
import { POSTGRES } from "../../src/db/dialect.js";
import { sqliteEngine } from "../../src/db/engine.js";
import { openPostgres, type PostgresHandle } from "../../src/db/postgres/client.js";
import { copySqliteToPostgres } from "../../src/db/postgres/copy.js";
import { migratePostgres } from "../../src/db/postgres/migrate.js";
import { postgresEngine } from "../../src/db/postgres/run.js";
import type { ReadEngine } from "../../src/db/engine.js";
import { createReads, createRepositories } from "../../src/modules/index.js";
import { buildKhabarSchema } from "../../src/schema.js";
import { createSampleDatabase, type TestDatabase } from "../helpers/database.js";
import { writersFor } from "../helpers/writers.js";
import { testPostgres } from "../helpers/postgres.js";

const cluster = testPostgres();
const schema: GraphQLSchema = buildKhabarSchema();

/** A SQLite database (the sample, plus what `write` adds) and its copy on PostgreSQL, each with a request context. */
interface EnginePair {
  sample: TestDatabase;
  target: PostgresHandle;
  /** The text of every statement the PostgreSQL engine sent, in order. */
  statements: string[];
  sqliteContext(): Context;
  postgresContext(): Context;
}

async function createPair(write?: (database: TestDatabase) => void): Promise<EnginePair> {
  const sample = await createSampleDatabase();
  write?.(sample);
  const target = await openPostgres(await cluster.createDatabase());
  await migratePostgres(target.pool);
  await copySqliteToPostgres(sample.sqlite, target.pool);
  const statements: string[] = [];
  const engine: ReadEngine = postgresEngine(target.pool, { onStatement: (text) => statements.push(text) });
  return {
    sample,
    target,
    statements,
    sqliteContext: () => createContext({ db: sample.db, engine: sqliteEngine(sample.db), repositories: createRepositories(sample.db), requestId: "search-sqlite" }),
    // db is SQLite's only because the context type requires one: every read here goes through `engine`.
    postgresContext: () => createContext({ db: sample.db, engine, repositories: createReads(POSTGRES, engine.run), requestId: "search-postgres" }),
  };
}

async function closePair(pair: EnginePair | undefined): Promise<void> {
  await pair?.target.close();
  pair?.sample.destroy();
}

let pair: EnginePair;

beforeAll(async () => {
  pair = await createPair();
});

afterAll(async () => {
  await closePair(pair);
});

async function run(context: Context, source: string, variables: Record<string, unknown>): Promise<{ data?: unknown; errors?: unknown }> {
  const result = await graphql({ schema, source, contextValue: context, variableValues: variables });
  return { data: result.data ?? undefined, errors: result.errors?.map((error) => ({ message: error.message, code: error.extensions?.code })) };
}

/** The same operation on both engines: both answers, which the tests compare whole. */
async function both(source: string, variables: Record<string, unknown>, on: EnginePair = pair) {
  const sqlite = await run(on.sqliteContext(), source, variables);
  const postgres = await run(on.postgresContext(), source, variables);
  return { sqlite, postgres };
}

const SEARCH = `query Search($query: String!, $types: [SearchType!], $first: Int, $after: String) {
  search(query: $query, types: $types, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor score snippet node { __typename ... on Node { id } } }
  }
}`;

interface SearchData {
  search: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { cursor: string; score: number; node: { id: string } }[] };
}

/** Arabic and English, names and aliases, several words, prefixes, common words, no match. */
const QUERIES = [
  "بلينكن",
  "Blinken",
  "antony blinken",
  "أنتوني بلينكن",
  "قتل",
  "اكد",
  "وأكد",
  "فراس برس",
  "AFP",
  "داعش",
  "ISIS-K",
  "العراق",
  "الولايات المتحدة",
  "فؤاد حسين",
  "Fuad Hussein",
  "قاعدة كالسو",
  "Kalsu",
  "انفجار",
  "موسكو",
  "هجوم موسكو",
  "Islamic State",
  "State Department",
  "وزير الخارجية",
  "بلي",
  "Bli",
  "بل",
  "في",
  "the",
  "2024",
  "Q23",
  "xylophone",
  "كلمةغيرموجودة",
];

/** Search syntax of both engines, SQL, quotes, escapes, emoji, long and control text: plain text everywhere. */
const HOSTILE = [
  `"Blinken" OR NEAR(a b)`,
  `Blinken AND NOT Hussein`,
  `title:بلينكن`,
  `{title subtitle} : بلينكن`,
  `بلي*`,
  `-Blinken ^Hussein`,
  `'; drop table search_index; --`,
  `a' & 'b':* | !c`,
  `\\' \\\\ '' "" \\`,
  `'':*`,
  `<-> <2> & | ! ( )`,
  `🔥💥🇮🇶`,
  `😀 بلينكن 😀`,
  `\u200Fبلينكن\u200E`,
  `ب`.repeat(256),
  `Blinken `.repeat(32).trim(),
  `NULL`,
  `%_%`,
  `\u0000x`,
];

describe("search on PostgreSQL", () => {
  it("finds the same hits as SQLite, in the same order, with the same scores, snippets and totals", async () => {
    for (const query of [...QUERIES, ...HOSTILE]) {
      const { sqlite, postgres } = await both(SEARCH, { query, first: 100 });
      expect(postgres, query).toEqual(sqlite);
    }
  });

  it("matches something for the queries meant to, so the comparison is not of empty lists", async () => {
    const found = new Map<string, number>();
    for (const query of QUERIES) {
      const { postgres } = await both(SEARCH, { query, first: 1 });
      found.set(query, (postgres.data as SearchData).search.totalCount);
    }
    expect([...found].filter(([, total]) => total > 0).length).toBeGreaterThan(QUERIES.length - 5);
    expect(found.get("xylophone")).toBe(0);
    expect(found.get("قتل")).toBeGreaterThan(1);
  });

  it("ranks Antony Blinken first for his name in either script, with the exact-name bonus", async () => {
    for (const query of ["بلينكن", "Blinken"]) {
      const { postgres } = await both(SEARCH, { query, first: 5 });
      const [first] = (postgres.data as SearchData).search.edges;
      expect(first?.score, query).toBeGreaterThan(1000);
    }
  });

  it("keeps to the types asked for, as SQLite does", async () => {
    for (const [query, types] of [["بلينكن", ["PERSON"]], ["قتل", ["ARTICLE", "STATEMENT"]], ["العراق", ["ORGANIZATION", "LOCATION"]], ["موسكو", ["INCIDENT"]], ["بلينكن", []]] as const) {
      const { sqlite, postgres } = await both(SEARCH, { query, types, first: 100 });
      expect(postgres, `${query} ${types.join(",")}`).toEqual(sqlite);
    }
  });

  it("pages with the same cursors as SQLite, each hit once, in the order of one big page", async () => {
    for (const query of ["العراق", "قتل", "في", "بلينكن"]) {
      const whole = (await both(SEARCH, { query, first: 100 })).postgres.data as SearchData;
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 50; page += 1) {
        const { sqlite, postgres } = await both(SEARCH, { query, first: 2, after });
        expect(postgres, `${query} after ${after}`).toEqual(sqlite);
        const data = postgres.data as SearchData;
        seen.push(...data.search.edges.map((edge) => edge.node.id));
        if (!data.search.pageInfo.hasNextPage) break;
        after = data.search.pageInfo.endCursor;
      }
      expect(seen, query).toEqual(whole.search.edges.map((edge) => edge.node.id));
    }
  });

  it("rejects what SQLite rejects, with the same errors", async () => {
    for (const variables of [{ query: "" }, { query: "   " }, { query: "x".repeat(257) }, { query: "بلينكن", first: 101 }, { query: "بلينكن", after: "not-a-cursor" }]) {
      const { sqlite, postgres } = await both(SEARCH, variables);
      expect(sqlite.errors, JSON.stringify(variables)).toBeDefined();
      expect(postgres, JSON.stringify(variables)).toEqual(sqlite);
    }
  });

  it("answers a page with a statement or two, and a later page of the same query with one", async () => {
    const source = `query($query: String!, $first: Int) { search(query: $query, first: $first) { totalCount edges { node { __typename } } } }`;
    const { statements } = pair;
    statements.length = 0;
    await run(pair.postgresContext(), source, { query: "الولايات المتحدة", first: 100 });
    const search = statements.filter((text) => text.includes("search_index") || text.includes("search_changes"));
    expect(search.length).toBeLessThanOrEqual(2);
    statements.length = 0;
    await run(pair.postgresContext(), source, { query: "الولايات المتحدة", first: 1 });
    expect(statements.filter((text) => text.includes("search_index") || text.includes("search_changes"))).toHaveLength(1);
  });
});

const FILTERS = `query Filters($search: String!) {
  articles(filter: { search: $search }, first: 100) { totalCount nodes { slug } }
  people(filter: { search: $search }, first: 100) { totalCount nodes { slug } }
  organizations(filter: { search: $search }, first: 100) { totalCount nodes { slug } }
  locations(filter: { search: $search }, first: 100) { totalCount nodes { slug } }
  statements(filter: { search: $search }, first: 100) { totalCount nodes { id } }
  incidents(filter: { search: $search }, first: 100) { totalCount nodes { slug } }
}`;

describe("the lists' search filters on PostgreSQL", () => {
  it("give the same answers as SQLite, names-only lists matching names only", async () => {
    for (const search of [...QUERIES, ...HOSTILE]) {
      const { sqlite, postgres } = await both(FILTERS, { search });
      expect(postgres, search).toEqual(sqlite);
    }
  });

  it("find people by name and alias, not by role", async () => {
    const byName = (await both(FILTERS, { search: "Blinken" })).postgres.data as { people: { nodes: { slug: string }[] } };
    expect(byName.people.nodes).toEqual([{ slug: "antony-blinken" }]);
    const byRole = (await both(FILTERS, { search: "وزير الخارجية" })).postgres.data as { people: { nodes: unknown[] } };
    expect(byRole.people.nodes).toEqual([]);
  });
});

describe("search on PostgreSQL over many matches, and after writes", () => {
  const TIED = 230; // identical articles: one score, ordered by date then rowid
  const SPREAD = 120; // one word in bodies of different lengths: different scores
  const day = (index: number) => new Date(Date.UTC(2020, 0, 1) + index * 86_400_000).toISOString();
  let many: EnginePair;

  beforeAll(async () => {
    many = await createPair((database) => {
      const writer = writersFor(database.db);
      database.sqlite.transaction(() => {
        for (let index = 0; index < TIED; index += 1) {
          // Dates in another order than the rows, and some equal: the rowid breaks those ties.
          writer.articles.write({ type: "article", slug: `tied-${index}`, headline: "نشرة قمرية", body: "تقرير قمري موحد.", language: "ar", publishedAt: day((index * 37) % 100), statements: [] });
        }
        for (let index = 0; index < SPREAD; index += 1) {
          const filler = Array.from({ length: index + 1 }, () => "حشو").join(" ");
          writer.articles.write({ type: "article", slug: `spread-${index}`, headline: `عنوان ${index}`, body: `مرصد ${filler}. Observatory ${index}`, language: "ar", publishedAt: day(index), statements: [] });
        }
      })();
    });
  });

  afterAll(async () => {
    await closePair(many);
  });

  async function expectSamePages(query: string, first: number): Promise<number> {
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const { sqlite, postgres } = await both(SEARCH, { query, first, after }, many);
      expect(postgres, `${query} after ${after}`).toEqual(sqlite);
      pages += 1;
      const data = postgres.data as SearchData;
      if (!data.search.pageInfo.hasNextPage) return pages;
      after = data.search.pageInfo.endCursor;
    }
  }

  it("pages through hundreds of tied and spread hits exactly as SQLite does", async () => {
    expect(await expectSamePages("قمرية", 7)).toBeGreaterThan(30);
    expect(await expectSamePages("مرصد", 9)).toBeGreaterThan(10);
    await expectSamePages("observ", 100); // a prefix
    await expectSamePages("عنوان", 100);
    for (const query of ["قمرية", "حشو", "تقرير قمري", "مرصد حشو"]) {
      const { sqlite, postgres } = await both(SEARCH, { query, first: 100 }, many);
      expect(postgres, query).toEqual(sqlite);
    }
  });

  it("follows deletes at once: the same hits in the same order as SQLite, no stale hit, the totals counted anew", async () => {
    // Kept rankings and totals of the queries, on both engines.
    for (const query of ["قمرية", "مرصد"]) await both(SEARCH, { query, first: 5 }, many);
    const removed = ["spread-0", "spread-1", "spread-50", "tied-3"];
    many.sample.sqlite.prepare(`delete from articles where slug in (select value from json_each(?))`).run(JSON.stringify(removed));
    await many.target.pool.query(`delete from articles where slug = any($1)`, [removed]);
    many.statements.length = 0;
    await both(SEARCH, { query: "قمرية", first: 1 }, many);
    // Brought forward from the log (its changes only), not recounted over the whole table.
    expect(many.statements.filter((text) => text.includes("distinct on"))).toHaveLength(1);
    expect(many.statements.filter((text) => text.includes('"totals" as'))).toHaveLength(0);
    const order = (data: unknown) => (data as SearchData).search.edges.map((edge) => edge.node.id);
    for (const query of ["قمرية", "مرصد", "حشو", "observatory"]) {
      const { sqlite, postgres } = await both(SEARCH, { query, first: 100 }, many);
      expect(postgres.errors, query).toBeUndefined();
      expect(order(postgres.data), query).toEqual(order(sqlite.data));
      expect((postgres.data as SearchData).search.totalCount, query).toBe((sqlite.data as SearchData).search.totalCount);
      // Scores differ slightly from here on, by design: FTS5 (contentless_delete) never takes a
      // deleted row out of its totals (rows, tokens), PostgreSQL counts the rows that are there.
      const scores = (data: unknown) => (data as SearchData).search.edges.map((edge) => edge.score);
      scores(postgres.data).forEach((score, index) => expect(Math.abs(score - scores(sqlite.data)[index]!) / score, query).toBeLessThan(0.05));
    }
    // The totals brought forward through the log of changes are those a recount finds: an engine
    // with nothing kept (a new one) gives the very same answers.
    const fresh = postgresEngine(many.target.pool);
    const recounted = () => createContext({ db: many.sample.db, engine: fresh, repositories: createReads(POSTGRES, fresh.run), requestId: "search-recounted" });
    for (const query of ["قمرية", "مرصد", "حشو"]) {
      expect(await run(recounted(), SEARCH, { query, first: 100 }), query).toEqual(await run(many.postgresContext(), SEARCH, { query, first: 100 }));
    }
    expect((await both(SEARCH, { query: "قمرية", first: 1 }, many)).postgres.data).toMatchObject({ search: { totalCount: TIED - 1 } });
    expect((await both(SEARCH, { query: "مرصد", first: 1 }, many)).postgres.data).toMatchObject({ search: { totalCount: SPREAD - 3 } });
  });
});
