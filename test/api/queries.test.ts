// Lookups, filters and pagination of every root field, over the sample content.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSampleDatabase, type TestDatabase } from "../helpers/database.js";
import { gql, gqlData, gqlErrorCode, startTestServer, type TestServer } from "../helpers/server.js";
import { testEngine } from "../helpers/test-engine.js";

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

const ids = async () =>
  gqlData(server.url, `{
    article(slug: "blinken-hussein-isis-partnership") { id statements(first: 1) { nodes { id } } }
    person(slug: "antony-blinken") { id }
    organization(slug: "us-central-command") { id }
    incident(slug: "kalsu-base-explosion-2024") { id }
  }`);

describe("lookups", () => {
  it("finds every entity by id, by slug and through node(id) alike", async () => {
    const found = await ids();
    const statementId = found.article.statements.nodes[0].id;
    const data = await gqlData(
      server.url,
      `query ($article: ID!, $person: ID!, $organization: ID!, $incident: ID!, $statement: ID!) {
        article(id: $article) { slug }
        person(id: $person) { slug }
        organization(id: $organization) { slug }
        incident(id: $incident) { slug }
        statement(id: $statement) { id }
        a: node(id: $article) { __typename id ... on Article { slug } }
        p: node(id: $person) { __typename ... on Person { slug role } }
        o: node(id: $organization) { __typename ... on Organization { slug kind } }
        i: node(id: $incident) { __typename ... on Incident { slug } }
        s: node(id: $statement) { __typename ... on Statement { text } }
      }`,
      { article: found.article.id, person: found.person.id, organization: found.organization.id, incident: found.incident.id, statement: statementId },
    );
    expect(data.article.slug).toBe("blinken-hussein-isis-partnership");
    expect(data.person.slug).toBe("antony-blinken");
    expect(data.organization.slug).toBe("us-central-command");
    expect(data.incident.slug).toBe("kalsu-base-explosion-2024");
    expect(data.statement.id).toBe(statementId);
    expect(data.a).toMatchObject({ __typename: "Article", id: found.article.id });
    expect(data.p).toMatchObject({ __typename: "Person", slug: "antony-blinken" });
    expect(data.o).toMatchObject({ __typename: "Organization", kind: "ARMED_FORCES" });
    expect(data.i.__typename).toBe("Incident");
    expect(data.s.__typename).toBe("Statement");
  });

  it("answers null for an unknown slug or id, and nodes() keeps the order with nulls for unknown ids", async () => {
    const found = await ids();
    const unknownArticle = Buffer.from("Article:999999").toString("base64");
    const data = await gqlData(server.url, `query ($ids: [ID!]!) { person(slug: "nobody") { id } article(id: "${unknownArticle}") { id } nodes(ids: $ids) { id } }`, {
      ids: [found.person.id, unknownArticle, found.incident.id],
    });
    expect(data.person).toBeNull();
    expect(data.article).toBeNull();
    expect(data.nodes).toEqual([{ id: found.person.id }, null, { id: found.incident.id }]);
  });

  it("does not return an organization when asked for a person with its slug", async () => {
    const data = await gqlData(server.url, `{ person(slug: "reuters") { id } organization(slug: "reuters") { nameEn } }`);
    expect(data.person).toBeNull();
    expect(data.organization.nameEn).toBe("Reuters");
  });

  it("refuses a malformed id, an id of the wrong type and a lookup with neither id nor slug", async () => {
    const found = await ids();
    expect(await gqlErrorCode(server.url, `{ node(id: "not-an-id!") { id } }`)).toBe("BAD_USER_INPUT");
    expect(await gqlErrorCode(server.url, `{ node(id: "${Buffer.from("Spaceship:1").toString("base64")}") { id } }`)).toBe("BAD_USER_INPUT");
    expect(await gqlErrorCode(server.url, `{ person(id: "${found.incident.id}") { id } }`)).toBe("BAD_USER_INPUT");
    expect(await gqlErrorCode(server.url, `{ article { id } }`)).toBe("BAD_USER_INPUT");
    const both = await gql(server.url, `{ article(id: "${found.article.id}", slug: "x") { id } }`);
    expect(both.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", fieldErrors: [{ path: "slug" }] });
  });
});

interface StatementEdgesPage {
  statements: {
    edges: { cursor: string; node: { id: string } }[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null; startCursor: string | null };
  };
}

describe("pagination", () => {
  it("walks a list forwards page by page with stable cursors and no duplicates", async () => {
    const all = await gqlData(server.url, `{ statements(first: 100) { totalCount nodes { id } } }`);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page: StatementEdgesPage = await gqlData(server.url, `query ($after: String) { statements(first: 7, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage endCursor startCursor } } }`, { after });
      const connection = page.statements;
      pages += 1;
      expect(connection.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(connection.pageInfo.startCursor).toBe(connection.edges[0]?.cursor ?? null);
      seen.push(...connection.edges.map((edge) => edge.node.id));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(pages).toBe(Math.ceil(all.statements.totalCount / 7));
    expect(seen).toEqual(all.statements.nodes.map((node: { id: string }) => node.id));
  });

  // It inserts into the SQLite file under the running server: on the PostgreSQL run it could not fail.
  it.skipIf(testEngine() === "postgres")("keeps a cursor valid when content is added before it (keyset, not offset)", async () => {
    const first = await gqlData(server.url, `{ people(first: 2) { pageInfo { endCursor } } }`);
    const next = await gqlData(server.url, `query ($after: String) { people(first: 2, after: $after) { nodes { slug } } }`, { after: first.people.pageInfo.endCursor });
    // A person whose name sorts first is inserted; the page after the cursor must not shift.
    database.sqlite
      .prepare("insert into actors (actor_type, slug, name, created_at, updated_at) values ('PERSON', 'aaa-first', 'آ', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z')")
      .run();
    const again = await gqlData(server.url, `query ($after: String) { people(first: 2, after: $after) { nodes { slug } } }`, { after: first.people.pageInfo.endCursor });
    expect(again.people.nodes).toEqual(next.people.nodes);
    database.sqlite.prepare("delete from actors where slug = 'aaa-first'").run();
  });

  it("refuses first above 100, a negative first and a foreign cursor with BAD_USER_INPUT", async () => {
    expect(await gqlErrorCode(server.url, `{ articles(first: 101) { totalCount } }`)).toBe("BAD_USER_INPUT");
    expect(await gqlErrorCode(server.url, `{ articles(first: -1) { totalCount } }`)).toBe("BAD_USER_INPUT");
    expect(await gqlErrorCode(server.url, `{ articles(after: "garbage") { totalCount } }`)).toBe("BAD_USER_INPUT");
    const other = await gqlData(server.url, `{ people(first: 1) { pageInfo { endCursor } } }`);
    expect(await gqlErrorCode(server.url, `query ($after: String) { statements(after: $after) { totalCount } }`, { after: other.people.pageInfo.endCursor })).toBe("BAD_USER_INPUT");
    const nested = await gql(server.url, `{ person(slug: "antony-blinken") { statements(first: 500) { totalCount } } }`);
    expect(nested.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("answers an empty page for first: 0 with the total still counted", async () => {
    const data = await gqlData(server.url, `{ articles(first: 0) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }`);
    expect(data.articles).toEqual({ totalCount: 2, nodes: [], pageInfo: { hasNextPage: true, endCursor: null } });
  });
});

describe("filters", () => {
  it("filters articles by person, organization, incident, topic, language and dates", async () => {
    const found = await ids();
    const data = await gqlData(
      server.url,
      `query ($person: ID!, $organization: ID!, $incident: ID!) {
        byPerson: articles(filter: { personId: $person }) { nodes { slug } }
        byOrganization: articles(filter: { organizationId: $organization }) { nodes { slug } }
        byIncident: articles(filter: { incidentId: $incident }) { nodes { slug } }
        byTopic: articles(filter: { topic: "داعش" }) { nodes { slug } }
        byLanguage: articles(filter: { language: "en" }) { totalCount }
        after: articles(filter: { publishedAfter: "2024-04-01T00:00:00Z" }) { nodes { slug } }
        before: articles(filter: { publishedBefore: "2024-04-01T00:00:00Z" }) { nodes { slug } }
        oldest: articles(orderBy: OLDEST_FIRST) { nodes { slug } }
        search: articles(filter: { search: "كالسو" }) { nodes { slug } }
      }`,
      { person: found.person.id, organization: found.organization.id, incident: found.incident.id },
    );
    expect(data.byPerson.nodes).toEqual([{ slug: "blinken-hussein-isis-partnership" }]);
    expect(data.byOrganization.nodes).toEqual([{ slug: "kalsu-base-explosion-washington-denies" }]);
    expect(data.byIncident.nodes).toEqual([{ slug: "kalsu-base-explosion-washington-denies" }]);
    expect(data.byTopic.nodes).toEqual([{ slug: "blinken-hussein-isis-partnership" }]);
    expect(data.byLanguage.totalCount).toBe(0);
    expect(data.after.nodes).toEqual([{ slug: "kalsu-base-explosion-washington-denies" }]);
    expect(data.before.nodes).toEqual([{ slug: "blinken-hussein-isis-partnership" }]);
    expect(data.oldest.nodes.map((node: { slug: string }) => node.slug)).toEqual(["blinken-hussein-isis-partnership", "kalsu-base-explosion-washington-denies"]);
    expect(data.search.nodes).toEqual([{ slug: "kalsu-base-explosion-washington-denies" }]);
  });

  it("filters statements by speaker, article, incident, kind and time", async () => {
    const found = await ids();
    const data = await gqlData(
      server.url,
      `query ($person: ID!, $article: ID!, $incident: ID!) {
        bySpeaker: statements(filter: { speakerId: $person }, first: 100) { totalCount nodes { speaker { slug } } }
        byArticle: statements(filter: { articleId: $article }, first: 100) { nodes { article { slug } } }
        byIncident: statements(filter: { incidentId: $incident }, first: 100) { nodes { incidents { slug } } }
        quotes: statements(filter: { kind: DIRECT_QUOTE }, first: 100) { nodes { kind } }
        late: statements(filter: { saidAfter: "2024-04-01T00:00:00Z" }, first: 100) { nodes { article { slug } } }
        early: statements(filter: { saidBefore: "2024-04-01T00:00:00Z" }, first: 100) { totalCount }
        all: statements(first: 100) { totalCount }
      }`,
      { person: found.person.id, article: found.article.id, incident: found.incident.id },
    );
    expect(data.bySpeaker.totalCount).toBeGreaterThan(3);
    expect(new Set(data.bySpeaker.nodes.map((node: { speaker: { slug: string } }) => node.speaker.slug))).toEqual(new Set(["antony-blinken"]));
    expect(new Set(data.byArticle.nodes.map((node: { article: { slug: string } }) => node.article.slug))).toEqual(new Set(["blinken-hussein-isis-partnership"]));
    for (const node of data.byIncident.nodes) expect(node.incidents).toContainEqual({ slug: "kalsu-base-explosion-2024" });
    expect(data.quotes.nodes.every((node: { kind: string }) => node.kind === "DIRECT_QUOTE")).toBe(true);
    expect(new Set(data.late.nodes.map((node: { article: { slug: string } }) => node.article.slug))).toEqual(new Set(["kalsu-base-explosion-washington-denies"]));
    expect(data.early.totalCount + data.late.nodes.length).toBe(data.all.totalCount);
  });

  it("filters incidents by kind, country, dates and minimum dead, newest first", async () => {
    const data = await gqlData(server.url, `{
      all: incidents { nodes { slug occurredOn } }
      inIraq: incidents(filter: { country: "IQ" }) { nodes { slug } }
      explosions: incidents(filter: { kind: EXPLOSION }) { nodes { kind } }
      deadly: incidents(filter: { minKilled: 100 }) { nodes { slug } }
      april: incidents(filter: { occurredAfter: "2024-04-01", occurredBefore: "2024-04-30" }) { totalCount }
      titled: incidents(filter: { search: "موسكو" }) { nodes { slug } }
    }`);
    const dates = data.all.nodes.map((node: { occurredOn: string }) => node.occurredOn);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(data.inIraq.nodes).toEqual([{ slug: "kalsu-base-explosion-2024" }]);
    expect(data.explosions.nodes.length).toBeGreaterThan(0);
    expect(data.deadly.nodes).toEqual([{ slug: "moscow-attack-2024" }]);
    expect(data.april.totalCount).toBe(3);
    expect(data.titled.nodes).toEqual([{ slug: "moscow-attack-2024" }]);
  });

  it("filters people and organizations by country and by name, English name or alias", async () => {
    const data = await gqlData(server.url, `{
      iraqis: people(filter: { country: "IQ" }) { nodes { slug } }
      americans: people(filter: { country: "US" }) { totalCount }
      byAlias: organizations(filter: { search: "CENTCOM" }) { nodes { slug } }
      byEnglish: people(filter: { search: "Biden" }) { nodes { slug } }
    }`);
    expect(data.iraqis.nodes.map((node: { slug: string }) => node.slug).sort()).toEqual(["fuad-hussein", "mohammed-shia-al-sudani"]);
    expect(data.americans.totalCount).toBe(2);
    expect(data.byAlias.nodes).toEqual([{ slug: "us-central-command" }]);
    expect(data.byEnglish.nodes).toEqual([{ slug: "joe-biden" }]);
  });
});

describe("statementsByArticle", () => {
  it("groups an actor's statements by article, newest article first, statements in reading order", async () => {
    const data = await gqlData(server.url, `{
      organization(slug: "us-central-command") { statementsByArticle { totalCount edges { node { statementCount article { slug } statements { paragraph speaker { slug } } } } } }
      person(slug: "fuad-hussein") { statementsByArticle(first: 1) { totalCount pageInfo { hasNextPage } nodes { statementCount article { slug publishedAt } statements { paragraph text } } } }
    }`);
    const group = data.organization.statementsByArticle.edges[0].node;
    expect(group.article.slug).toBe("kalsu-base-explosion-washington-denies");
    expect(group.statementCount).toBe(group.statements.length);
    const fuad = data.person.statementsByArticle;
    expect(fuad.totalCount).toBe(1);
    expect(fuad.pageInfo.hasNextPage).toBe(false);
    const paragraphs = fuad.nodes[0].statements.map((statement: { paragraph: number }) => statement.paragraph);
    expect(paragraphs).toEqual([...paragraphs].sort((a, b) => a - b));
    expect(fuad.nodes[0].statementCount).toBe(paragraphs.length);
  });

  // It adds a statement to the SQLite file under the running server, which a server reading a PostgreSQL copy does not see.
  it.skipIf(testEngine() === "postgres")("orders groups newest article first and pages through them", async () => {
    // Blinken is quoted in the March article only in the sample; give him a statement in April too.
    const blinken = database.sqlite.prepare("select id from actors where slug = 'antony-blinken'").get() as { id: number };
    const april = database.sqlite.prepare("select id, published_at from articles where slug = 'kalsu-base-explosion-washington-denies'").get() as { id: number; published_at: string };
    database.sqlite
      .prepare("insert into statements (article_id, position, paragraph, text, kind, speaker_id, said_at, language) values (?, 999, 0, 'test', 'PARAPHRASE', ?, ?, 'ar')")
      .run(april.id, blinken.id, april.published_at);
    try {
      const first = await gqlData(server.url, `{ person(slug: "antony-blinken") { statementsByArticle(first: 1) { totalCount pageInfo { hasNextPage endCursor } nodes { article { slug } statementCount } } } }`);
      const groups = first.person.statementsByArticle;
      expect(groups.totalCount).toBe(2);
      expect(groups.nodes).toEqual([{ article: { slug: "kalsu-base-explosion-washington-denies" }, statementCount: 1 }]);
      const second = await gqlData(server.url, `query ($after: String) { person(slug: "antony-blinken") { statementsByArticle(first: 1, after: $after) { pageInfo { hasNextPage } nodes { article { slug } } } } }`, {
        after: groups.pageInfo.endCursor,
      });
      expect(second.person.statementsByArticle.nodes).toEqual([{ article: { slug: "blinken-hussein-isis-partnership" } }]);
      expect(second.person.statementsByArticle.pageInfo.hasNextPage).toBe(false);
    } finally {
      database.sqlite.prepare("delete from statements where position = 999").run();
    }
    const after = await gqlData(server.url, `{ person(slug: "antony-blinken") { statementsByArticle { totalCount } } }`);
    expect(after.person.statementsByArticle.totalCount).toBe(1);
  });
});
