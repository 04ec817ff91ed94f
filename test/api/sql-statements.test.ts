// The nested queries must cost a number of SQL statements that does not grow with the page size:
// every relation goes through a per-request batching loader (no N+1).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importNdjson } from "../../src/ingest/importer.js";
import { createTestDatabase, type TestDatabase } from "../helpers/database.js";
import { generateGraph, toNdjson } from "../helpers/factories.js";
import { gqlData, startTestServer, type TestServer } from "../helpers/server.js";
import { testEngine, type TestEngine } from "../helpers/test-engine.js";

let database: TestDatabase;
let server: TestServer;
let counting = false;
let statements = 0;

beforeAll(async () => {
  database = createTestDatabase({
    onStatement: () => {
      if (counting) statements += 1;
    },
  });
  await importNdjson(database.db, toNdjson(generateGraph({ articles: 120, people: 60, incidents: 60, statementsPerArticle: 4 })));
  server = await startTestServer(database);
});
afterAll(async () => {
  await server.close();
  database.destroy();
});

async function countStatements(query: string, variables: Record<string, unknown>): Promise<number> {
  statements = 0;
  counting = true;
  try {
    await gqlData(server.url, query, variables);
  } finally {
    counting = false;
  }
  return statements;
}

/**
 * Each nested query and the statements it costs on each engine, one per level whatever the page
 * size (the README quotes them). On SQLite the count is exact. On PostgreSQL it is a bound: reads
 * answer asynchronously, so two branches that reach the same loader (a statement's speaker, a
 * mentioned person's affiliation) share a batch when their answers arrive in the same tick and
 * make two otherwise; it never exceeds one statement per loader and branch, and never grows
 * with the page size.
 */
const NESTED_QUERIES: Record<string, { statements: Record<TestEngine, number>; query: string }> = {
  "articles with their statements, speakers, agencies, incidents and mentions": {
    statements: { sqlite: 13, postgres: 14 },
    query: `query ($size: Int) {
    articles(first: $size) { totalCount nodes { id headline topics
      people { name aliases affiliation { name } } organizations { name } incidents { title } relatedArticles { headline }
      statements(first: $size) { totalCount nodes { text speaker { name aliases } via { name } incidents { title perpetrators { name } } article { slug } } } } }
  }`,
  },
  "a person's statements grouped by article": {
    statements: { sqlite: 7, postgres: 7 },
    query: `query ($size: Int) {
    person(slug: "person-1") { statementsByArticle(first: $size) { totalCount nodes { id statementCount speaker { name } article { headline people { name } } statements { text incidents { title } } } } }
  }`,
  },
  "an incident with its articles and the statements about it": {
    statements: { sqlite: 9, postgres: 11 },
    query: `query ($size: Int) {
    incident(slug: "incident-1") { title perpetrators { name } claims { stance actor { name } statement { text } }
      articles(first: $size) { totalCount nodes { headline statements(first: 3) { nodes { text } } } }
      statements(first: $size) { totalCount nodes { text speaker { name } article { headline } } } }
  }`,
  },
  "people with their statements and articles": {
    statements: { sqlite: 9, postgres: 9 },
    query: `query ($size: Int) {
    people(first: $size) { nodes { name aliases
      statements(first: 3) { totalCount nodes { text article { headline } } }
      articles(first: 2) { totalCount nodes { headline } }
      statementsByArticle(first: 2) { totalCount nodes { statements { text } } } } }
  }`,
  },
};

describe("SQL statements per nested query", () => {
  for (const [name, { statements, query }] of Object.entries(NESTED_QUERIES)) {
    const expected = statements[testEngine()];
    const exact = testEngine() === "sqlite";
    it(`cost ${exact ? "" : "at most "}${expected} on ${testEngine()} at page sizes 5 and 50 alike: ${name}`, async () => {
      const small = await countStatements(query, { size: 5 });
      const large = await countStatements(query, { size: 50 });
      console.info(`SQL statements, ${name}: ${small} at 5, ${large} at 50`);
      for (const count of [small, large]) {
        if (exact) {
          expect(count).toBe(expected);
        } else {
          expect(count).toBeGreaterThanOrEqual(statements.sqlite);
          expect(count).toBeLessThanOrEqual(expected);
        }
      }
    });
  }

  it("fetch all 50 nested pages in one statement, not one per parent", async () => {
    const data = await gqlData(server.url, `{ articles(first: 50) { nodes { statements(first: 2) { nodes { id } } } } }`);
    expect(data.articles.nodes).toHaveLength(50);
    expect(data.articles.nodes.every((article: { statements: { nodes: unknown[] } }) => article.statements.nodes.length === 2)).toBe(true);
    expect(await countStatements(`{ articles(first: 50) { nodes { statements(first: 2) { nodes { id } } } } }`, {})).toBe(2);
  });

  it("load article bodies only when asked for, for a whole page in one statement", async () => {
    expect(await countStatements(`{ articles(first: 50) { nodes { headline } } }`, {})).toBe(1);
    const query = `{ articles(first: 50) { nodes { body paragraphs relatedArticles { body } } } }`;
    const data = await gqlData(server.url, query);
    expect(data.articles.nodes.every((article: { body: string; paragraphs: string[] }) => article.body.length > 0 && article.paragraphs.length > 0)).toBe(true);
    // The page, the related articles, and the bodies of both levels (one batch per level).
    expect(await countStatements(query, {})).toBe(4);
  });
});
