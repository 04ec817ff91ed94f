import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareDatabase } from "../../src/database.js";
import { writersFor, type Writers } from "../helpers/writers.js";
import type { ArticleRecord, PersonRecord } from "../../src/ingest/records.js";
import { createSampleDatabase, type TestDatabase } from "../helpers/database.js";
import { gql, gqlData, startTestServer, type TestServer } from "../helpers/server.js";
import { testEngine } from "../helpers/test-engine.js";

const SEARCH = `query Search($query: String!, $types: [SearchType!], $first: Int, $after: String) {
  search(query: $query, types: $types, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges {
      cursor
      score
      snippet
      node {
        __typename
        ... on Article { slug }
        ... on Person { slug }
        ... on Organization { slug }
        ... on Incident { slug }
        ... on Statement { id text }
      }
    }
  }
}`;

interface Hit {
  cursor: string;
  score: number;
  snippet: string | null;
  node: { __typename: string; slug?: string; id?: string; text?: string };
}

interface SearchResult {
  search: { totalCount: number; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null }; edges: Hit[] };
}

async function search(url: string, query: string, options: { types?: string[]; first?: number; after?: string } = {}) {
  return (await gqlData<SearchResult>(url, SEARCH, { query, ...options })).search;
}

/** "Person:antony-blinken", "Statement:<id>" … in rank order. */
function labels(hits: readonly Hit[]): string[] {
  return hits.map((hit) => `${hit.node.__typename}:${hit.node.slug ?? hit.node.id}`);
}

async function errorOf(url: string, query: string, variables: Record<string, unknown>) {
  const result = await gql(url, query, variables);
  expect(result.errors, JSON.stringify(result.data)).toBeDefined();
  return result.errors![0]!;
}

describe("search over the sample content", () => {
  let database: TestDatabase;
  let server: TestServer;

  beforeAll(async () => {
    database = await createSampleDatabase();
    server = await startTestServer(database);
  });

  afterAll(async () => {
    await server.close();
    database.destroy();
  });

  it("finds Antony Blinken by his Arabic name, ranked above the article and statement that mention him", async () => {
    const result = await search(server.url, "بلينكن");
    expect(labels(result.edges)[0]).toBe("Person:antony-blinken");
    expect(labels(result.edges)).toContain("Article:blinken-hussein-isis-partnership");
    const [person, ...mentions] = result.edges;
    for (const mention of mentions) expect(person!.score).toBeGreaterThan(mention.score);
    expect(person!.snippet).toContain("<mark>بلينكن</mark>");
  });

  it("finds Antony Blinken by his English name and by any alias", async () => {
    for (const query of ["Blinken", "blinken", "Antony Blinken", "توني بلينكن", "Antony J. Blinken", "@SecBlinken"]) {
      const result = await search(server.url, query, { types: ["PERSON"] });
      expect(labels(result.edges), query).toEqual(["Person:antony-blinken"]);
    }
  });

  it("finds وقُتل in the Moscow paragraph when searching قتل, and the Moscow attack itself", async () => {
    const result = await search(server.url, "قتل");
    expect(labels(result.edges)).toEqual(expect.arrayContaining(["Incident:moscow-attack-2024", "Article:blinken-hussein-isis-partnership"]));
    const article = result.edges.find((hit) => hit.node.slug === "blinken-hussein-isis-partnership")!;
    expect(article.snippet).toContain("<mark>وقُتل</mark> 139 شخصا");
  });

  it("finds وأكد when searching اكد", async () => {
    const result = await search(server.url, "اكد", { first: 100 });
    expect(result.edges.length).toBeGreaterThan(0);
    expect(result.edges.some((hit) => hit.snippet?.includes("<mark>وأكد</mark>") || hit.snippet?.includes("<mark>أكد</mark>"))).toBe(true);
  });

  it("finds the AFP news agency through its aliases, by its name and by the page's misspelling فراس برس", async () => {
    for (const query of ["فرانس برس", "فراس برس", "AFP", "Agence France-Presse"]) {
      const result = await search(server.url, query);
      expect(labels(result.edges)[0], query).toBe("Organization:afp");
    }
    const misspelled = await search(server.url, "فراس برس");
    expect(misspelled.edges[0]!.snippet).toBe("<mark>فراس</mark> <mark>برس</mark>");
    expect(labels(misspelled.edges)).toContain("Article:kalsu-base-explosion-washington-denies");
  });

  it("ranks an exact name above mentions of it in body text", async () => {
    const result = await search(server.url, "فؤاد حسين");
    expect(labels(result.edges)[0]).toBe("Person:fuad-hussein");
    expect(result.edges.length).toBeGreaterThan(1);
    expect(result.edges[0]!.score).toBeGreaterThan(result.edges[1]!.score);
  });

  it("sorts hits by score, highest first", async () => {
    const { edges } = await search(server.url, "الدولة الإسلامية", { first: 100 });
    expect(edges.length).toBeGreaterThan(2);
    const scores = edges.map((hit) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it("returns only the kinds asked for in types", async () => {
    const result = await search(server.url, "بلينكن", { types: ["ARTICLE", "STATEMENT"] });
    expect(result.edges.length).toBeGreaterThan(0);
    for (const hit of result.edges) expect(["Article", "Statement"]).toContain(hit.node.__typename);
    expect(result.totalCount).toBe(result.edges.length);
  });

  it("pages through hits with cursors, in the same order as one big page and without repeats", async () => {
    const whole = await search(server.url, "الدولة", { first: 100 });
    expect(whole.edges.length).toBeGreaterThan(3);
    const paged: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 50; page++) {
      const result = await search(server.url, "الدولة", { first: 2, after });
      paged.push(...labels(result.edges));
      expect(result.totalCount).toBe(whole.totalCount);
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor!;
    }
    expect(paged).toEqual(labels(whole.edges));
  });

  it("marks matches in snippets as HTML-safe text", async () => {
    const result = await search(server.url, "قاعدة <script>");
    for (const hit of result.edges) expect(hit.snippet ?? "").not.toContain("<script>");
  });

  it("treats quotes, operators, SQL and emoji as text: they return normally", async () => {
    const hostile = ['"', "*", "NEAR(", "AND OR", "NOT", "a:b", "^بلينكن", "'; DROP TABLE articles; --", "(", "-", "\\", "🙂", "بلينكن 🙂", '"بلينكن', "title:بلينكن", "{title}: x", "x".repeat(256)];
    for (const query of hostile) {
      const result = await gql<SearchResult>(server.url, SEARCH, { query });
      expect(result.errors, query).toBeUndefined();
      expect(Array.isArray(result.data?.search.edges), query).toBe(true);
    }
    expect(labels((await search(server.url, '"بلينكن')).edges)[0]).toBe("Person:antony-blinken");
    // "title:" is a column filter in FTS5 syntax; here it is just one more word to find.
    expect((await search(server.url, "title:بلينكن")).edges).toEqual([]);
    expect((await search(server.url, "'; DROP TABLE articles; --")).edges.map((hit) => hit.node.__typename)).not.toContain(undefined);
    expect((await search(server.url, "blinken-hussein-isis-partnership")).edges).toBeDefined();
    const articles = await gqlData(server.url, "{ articles { totalCount } }");
    expect(articles.articles.totalCount).toBe(2);
  });

  it("rejects a blank query with BAD_USER_INPUT", async () => {
    for (const query of ["", "   ", "\n\t"]) {
      const error = await errorOf(server.url, SEARCH, { query });
      expect(error.extensions?.code).toBe("BAD_USER_INPUT");
      expect(error.extensions?.fieldErrors).toEqual([{ path: "query", message: "must contain a word to search for" }]);
    }
  });

  it("rejects a query over 256 characters with BAD_USER_INPUT that says the limit", async () => {
    const error = await errorOf(server.url, SEARCH, { query: "ب".repeat(257) });
    expect(error.extensions?.code).toBe("BAD_USER_INPUT");
    expect(error.message).toContain("at most 256 characters");
  });

  it("rejects first above 100 and a cursor from elsewhere with BAD_USER_INPUT", async () => {
    expect((await errorOf(server.url, SEARCH, { query: "بلينكن", first: 101 })).extensions?.code).toBe("BAD_USER_INPUT");
    expect((await errorOf(server.url, SEARCH, { query: "بلينكن", after: "not-a-cursor" })).extensions?.code).toBe("BAD_USER_INPUT");
    const listCursor = (await gqlData(server.url, "{ articles(first: 1) { pageInfo { endCursor } } }")).articles.pageInfo.endCursor;
    expect((await errorOf(server.url, SEARCH, { query: "بلينكن", after: listCursor })).extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("uses the same engine for the search filter of every list", async () => {
    const data = await gqlData(
      server.url,
      `{
        articles(filter: { search: "قتل" }) { nodes { slug } }
        people(filter: { search: "Blinken" }) { nodes { slug } }
        organizations(filter: { search: "فراس برس" }) { nodes { slug } }
        statements(filter: { search: "اكد" }) { totalCount nodes { text } }
        incidents(filter: { search: "موسكو" }) { nodes { slug } }
      }`,
    );
    expect(data.articles.nodes.map((node: { slug: string }) => node.slug)).toEqual(["blinken-hussein-isis-partnership"]);
    expect(data.people.nodes).toEqual([{ slug: "antony-blinken" }]);
    expect(data.organizations.nodes).toEqual([{ slug: "afp" }]);
    expect(data.statements.totalCount).toBeGreaterThan(0);
    expect(data.incidents.nodes.map((node: { slug: string }) => node.slug)).toContain("moscow-attack-2024");
  });

  it("finds people in the people filter by name and alias only, not by their role", async () => {
    const data = await gqlData(server.url, `{ people(filter: { search: "وزير الخارجية" }) { nodes { slug } } }`);
    expect(data.people.nodes).toEqual([]);
  });

  it("rejects an over-long search filter with BAD_USER_INPUT", async () => {
    const error = await errorOf(server.url, `query($q: String!) { articles(filter: { search: $q }) { totalCount } }`, { q: "x".repeat(300) });
    expect(error.extensions?.code).toBe("BAD_USER_INPUT");
    expect(error.extensions?.fieldErrors).toEqual([{ path: "filter.search", message: "must be at most 256 characters long, got 300" }]);
  });
});

describe("search index consistency", () => {
  let database: TestDatabase;
  let server: TestServer;
  let writer: Writers;

  const inTransaction = <Result>(write: () => Result): Result => database.sqlite.transaction(write)();

  const person: PersonRecord = { type: "person", slug: "lloyd-austin", name: "لويد أوستن", nameEn: "Lloyd Austin", aliases: ["أوستن"], role: "وزير الدفاع" };
  const article: ArticleRecord = {
    type: "article",
    slug: "austin-visits-baghdad",
    headline: "أوستن يزور بغداد",
    body: "وصل وزير الدفاع الأميركي إلى بغداد.\n\nوقال أوستن: \"نحن شركاء متضامنون\".",
    language: "ar",
    publishedAt: "2024-05-01T10:00:00Z",
    statements: [{ text: "نحن شركاء متضامنون", kind: "DIRECT_QUOTE", speaker: "lloyd-austin", paragraph: 1, cue: "قال" }],
  };

  beforeAll(async () => {
    database = await createSampleDatabase();
    server = await startTestServer(database);
    writer = writersFor(database.db);
  });

  afterAll(async () => {
    await server.close();
    database.destroy();
  });

  // It writes (a mutation, or SQL under the running server): the PostgreSQL run reads a copy made at start and refuses mutations.

  it.skipIf(testEngine() === "postgres")("makes a person upserted through its writer searchable at once, by name and alias", async () => {
    inTransaction(() => writer.actors.write(person));
    expect(labels((await search(server.url, "Lloyd Austin")).edges)).toEqual(["Person:lloyd-austin"]);
    expect(labels((await search(server.url, "اوستن")).edges)[0]).toBe("Person:lloyd-austin");
  });

  // It writes (a mutation, or SQL under the running server): the PostgreSQL run reads a copy made at start and refuses mutations.

  it.skipIf(testEngine() === "postgres")("makes an article and its statements searchable at once, and an edit replaces the old words", async () => {
    inTransaction(() => writer.articles.write(article));
    const found = labels((await search(server.url, "متضامنون")).edges);
    expect(found).toContain("Article:austin-visits-baghdad");
    expect(found.some((label) => label.startsWith("Statement:"))).toBe(true);

    inTransaction(() => writer.articles.write({ ...article, headline: "أوستن يصل إلى أربيل", statements: [] }));
    expect(labels((await search(server.url, "اربيل")).edges)).toEqual(["Article:austin-visits-baghdad"]);
    expect(labels((await search(server.url, "يزور")).edges)).not.toContain("Article:austin-visits-baghdad");
    // The statement the edit removed is gone from the index too.
    expect(labels((await search(server.url, "متضامنون", { types: ["STATEMENT"] })).edges)).toEqual([]);
  });

  it("indexes nothing from a write that rolls back", async () => {
    expect(() =>
      inTransaction(() => {
        writer.actors.write({ ...person, slug: "rolled-back", name: "شخص ملغى", aliases: [] });
        throw new Error("roll back");
      }),
    ).toThrow("roll back");
    expect((await search(server.url, "ملغى")).edges).toEqual([]);
  });

  // It writes (a mutation, or SQL under the running server): the PostgreSQL run reads a copy made at start and refuses mutations.

  it.skipIf(testEngine() === "postgres")("forgets an article and its statements the moment the article row is deleted with SQL", async () => {
    const before = labels((await search(server.url, "ناقشا")).edges);
    expect(before).toContain("Article:blinken-hussein-isis-partnership");
    const statementHits = await search(server.url, "داعش", { types: ["STATEMENT"] });
    expect(statementHits.edges.length).toBeGreaterThan(0);

    database.sqlite.prepare("delete from articles where slug = ?").run("blinken-hussein-isis-partnership");

    expect(labels((await search(server.url, "ناقشا")).edges)).not.toContain("Article:blinken-hussein-isis-partnership");
    const remaining = await search(server.url, "داعش", { types: ["STATEMENT"], first: 100 });
    const remainingIds = new Set(remaining.edges.map((hit) => hit.node.id));
    for (const hit of statementHits.edges) expect(remainingIds.has(hit.node.id)).toBe(false);
  });

  // It writes (a mutation, or SQL under the running server): the PostgreSQL run reads a copy made at start and refuses mutations.

  it.skipIf(testEngine() === "postgres")("builds the index at migration time for a database whose content predates it", async () => {
    const total = () => (database.sqlite.prepare("select count(*) as total from search_entries").get() as { total: number }).total;
    const indexed = total();
    database.sqlite.exec("insert into search_index(search_index) values ('delete-all'); delete from search_entries;");
    expect((await search(server.url, "بلينكن")).edges).toEqual([]);

    prepareDatabase(database);

    expect(total()).toBe(indexed);
    expect(labels((await search(server.url, "بلينكن")).edges)[0]).toBe("Person:antony-blinken");
  });
});

describe("search and the loaders", () => {
  let database: TestDatabase;
  let server: TestServer;
  const executed: string[] = [];

  beforeAll(async () => {
    database = await createSampleDatabase({ onStatement: (text) => executed.push(text) });
    server = await startTestServer(database);
  });

  afterAll(async () => {
    await server.close();
    database.destroy();
  });

  it("loads a page of hits of every type with a number of SQL statements that does not grow with the page", async () => {
    const statementsFor = async (first: number) => {
      executed.length = 0;
      const result = await search(server.url, "الدولة", { first });
      return { hits: result.edges.length, statements: executed.length };
    };
    const small = await statementsFor(2);
    const large = await statementsFor(100);
    expect(large.hits).toBeGreaterThan(small.hits);
    expect(large.statements).toBeLessThanOrEqual(small.statements + 4); // one by-id batch per type at most
    expect(large.statements).toBeLessThanOrEqual(10);
  });
});

describe("search over many matches", () => {
  let database: TestDatabase;
  let server: TestServer;
  const executed: string[] = [];
  const TIED = 230; // more than the ranking keeps cached per query, all with the same score
  const SPREAD = 120; // different scores: "مرصد" once in bodies of different lengths

  const day = (index: number) => new Date(Date.UTC(2020, 0, 1) + index * 86_400_000).toISOString();
  // Dates in another order than the rows were written (FTS5 meets tied rows in rowid order).
  const tiedDay = (index: number) => (index * 37) % TIED;

  beforeAll(async () => {
    database = await createSampleDatabase({ onStatement: (text) => executed.push(text) });
    const writer = writersFor(database.db);
    database.sqlite.transaction(() => {
      for (let index = 0; index < TIED; index += 1) {
        writer.articles.write({ type: "article", slug: `tied-${index}`, headline: "نشرة قمرية", body: "تقرير قمري موحد.", language: "ar", publishedAt: day(tiedDay(index)), statements: [] });
      }
      for (let index = 0; index < SPREAD; index += 1) {
        const filler = Array.from({ length: index + 1 }, () => "حشو").join(" ");
        writer.articles.write({ type: "article", slug: `spread-${index}`, headline: `عنوان ${index}`, body: `مرصد ${filler}.`, language: "ar", publishedAt: day(index), statements: [] });
      }
      writer.articles.write({ type: "article", slug: "rare-one", headline: "عنوان نادر", body: "كوكب وحيد.", language: "ar", publishedAt: day(0), statements: [] });
    })();
    server = await startTestServer(database);
  });

  afterAll(async () => {
    await server.close();
    database.destroy();
  });

  it("pages through hundreds of hits tied on the score in date order, each once, with small pages", async () => {
    const seen: Hit[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await search(server.url, "قمرية", { first: 7, ...(after ? { after } : {}) });
      seen.push(...page.edges);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor ?? undefined;
    }
    const newestFirst = Array.from({ length: TIED }, (_, index) => index).sort((a, b) => tiedDay(b) - tiedDay(a));
    expect(seen.map((hit) => hit.node.slug)).toEqual(newestFirst.map((index) => `tied-${index}`));
  });

  it("pages through hits of different scores in the order of one big page", async () => {
    const whole = await search(server.url, "مرصد", { first: 100 });
    const paged: Hit[] = [];
    let after: string | undefined;
    while (paged.length < 100) {
      const page = await search(server.url, "مرصد", { first: 9, ...(after ? { after } : {}) });
      paged.push(...page.edges);
      after = page.pageInfo.endCursor ?? undefined;
    }
    expect(paged.slice(0, 100).map((hit) => hit.node.slug)).toEqual(whole.edges.map((hit) => hit.node.slug));
    const scores = whole.edges.map((hit) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it("runs no more SQL statements for a word with a hundred matches than for a word with one", async () => {
    const statementsFor = async (query: string) => {
      executed.length = 0;
      const result = await search(server.url, query, { first: 5 });
      return { hits: result.edges.length, statements: executed.length };
    };
    const rare = await statementsFor("كوكب");
    const common = await statementsFor("مرصد");
    expect(rare.hits).toBe(1);
    expect(common.hits).toBe(5);
    expect(common.statements).toBeLessThanOrEqual(rare.statements);
  });

  // It writes (a mutation, or SQL under the running server): the PostgreSQL run reads a copy made at start and refuses mutations.

  it.skipIf(testEngine() === "postgres")("sees a new match at once: the cached ranking of a query is dropped by any write", async () => {
    expect((await search(server.url, "قمرية", { first: 1 })).edges[0]?.node.slug).toBe(`tied-${Array.from({ length: TIED }, (_, index) => index).find((index) => tiedDay(index) === TIED - 1)}`);
    const writer = writersFor(database.db);
    database.sqlite.transaction(() => writer.articles.write({ type: "article", slug: "tied-newest", headline: "نشرة قمرية", body: "تقرير قمري موحد.", language: "ar", publishedAt: day(TIED + 10), statements: [] }))();
    expect((await search(server.url, "قمرية", { first: 1 })).edges[0]?.node.slug).toBe("tied-newest");
  });
});
