// The nested queries must cost a number of SQL statements that does not grow with the page size:
// every relation goes through a per-request batching loader (no N+1).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importNdjson } from "../../src/ingest/importer.js";
import { createTestDatabase, type TestDatabase } from "../helpers/database.js";
import { generateGraph, toNdjson } from "../helpers/factories.js";
import { gqlData, startTestServer, type TestServer } from "../helpers/server.js";
import { testEngine } from "../helpers/test-engine.js";

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
 * Each nested query and the statements it costs, one per level whatever the page size (the README
 * quotes them). On SQLite the count is exact: every read answers at once, so fields of one level
 * that reach the same loader (a statement's speaker, a mentioned person's affiliation) share one
 * batch. On PostgreSQL reads answer asynchronously, and such fields share a batch only when their
 * parents' answers arrive in the same tick: the count lies between SQLite's and `fetchingFields`,
 * the number of fields in the query that read (one statement each, never one per parent).
 */
const NESTED_QUERIES: Record<string, { statements: number; fetchingFields: number; query: string }> = {
  "articles with their statements, speakers, agencies, incidents and mentions": {
    // articles, totalCount, topics, people, organizations, aliases ×2, affiliation, incidents, relatedArticles,
    // statements, their totalCount, speaker, via, incidents, perpetrators, article
    statements: 13,
    fetchingFields: 17,
    query: `query ($size: Int) {
    articles(first: $size) { totalCount nodes { id headline topics
      people { name aliases affiliation { name } } organizations { name } incidents { title } relatedArticles { headline }
      statements(first: $size) { totalCount nodes { text speaker { name aliases } via { name } incidents { title perpetrators { name } } article { slug } } } } }
  }`,
  },
  "a person's statements grouped by article": {
    // person, groups, totalCount, speaker, article, people, statements, incidents
    statements: 7,
    fetchingFields: 8,
    query: `query ($size: Int) {
    person(slug: "person-1") { statementsByArticle(first: $size) { totalCount nodes { id statementCount speaker { name } article { headline people { name } } statements { text incidents { title } } } } }
  }`,
  },
  "an incident with its articles and the statements about it": {
    // incident, perpetrators, claims, actor, statement, articles, totalCount, their statements,
    // statements, totalCount, speaker, article
    statements: 9,
    fetchingFields: 12,
    query: `query ($size: Int) {
    incident(slug: "incident-1") { title perpetrators { name } claims { stance actor { name } statement { text } }
      articles(first: $size) { totalCount nodes { headline statements(first: 3) { nodes { text } } } }
      statements(first: $size) { totalCount nodes { text speaker { name } article { headline } } } }
  }`,
  },
  "people with their statements and articles": {
    // people, aliases, statements, totalCount, article, articles, totalCount, groups, totalCount, statements
    statements: 9,
    fetchingFields: 10,
    query: `query ($size: Int) {
    people(first: $size) { nodes { name aliases
      statements(first: 3) { totalCount nodes { text article { headline } } }
      articles(first: 2) { totalCount nodes { headline } }
      statementsByArticle(first: 2) { totalCount nodes { statements { text } } } } }
  }`,
  },
};

describe("SQL statements per nested query", () => {
  for (const [name, { statements, fetchingFields, query }] of Object.entries(NESTED_QUERIES)) {
    const exact = testEngine() === "sqlite";
    it(`cost ${exact ? statements : `${statements} to ${fetchingFields}`} on ${testEngine()} at page sizes 5 and 50 alike: ${name}`, async () => {
      const small = await countStatements(query, { size: 5 });
      const large = await countStatements(query, { size: 50 });
      console.info(`SQL statements, ${name}: ${small} at 5, ${large} at 50`);
      for (const count of [small, large]) {
        if (exact) {
          expect(count).toBe(statements);
        } else {
          expect(count).toBeGreaterThanOrEqual(statements);
          expect(count).toBeLessThanOrEqual(fetchingFields);
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
