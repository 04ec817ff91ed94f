// Khabar as a Federation 2 subgraph: composed with a second subgraph written here ("engagement":
// views, followers and comments, keyed by Khabar's ids and slugs) and queried through
// @apollo/gateway, all on loopback.
import { ApolloGateway } from "@apollo/gateway";
import { composeServices } from "@apollo/composition";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { startStandaloneServer } from "@apollo/server/standalone";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { printSubgraphSchema } from "../../src/schema.js";
import { toGlobalId } from "../../src/shared/global-id.js";
import { createSampleDatabase, type TestDatabase } from "../helpers/database.js";
import { gql, gqlData, startTestServer, type TestServer } from "../helpers/server.js";

const ARTICLE_SLUG = "blinken-hussein-isis-partnership";
const OTHER_ARTICLE_SLUG = "kalsu-base-explosion-washington-denies";
const PERSON_SLUG = "antony-blinken";

/** The second subgraph: extends Person and Article by id, and refers to Khabar entities itself. */
const ENGAGEMENT_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

  type Article @key(fields: "id") {
    id: ID!
    "How many times readers opened the article."
    views: Int!
    comments: [Comment!]!
  }

  type Person @key(fields: "id") {
    id: ID!
    followers: Int!
    "Articles readers of this person also read (Khabar entities, by id)."
    alsoRead: [Article!]!
  }

  "Khabar's organizations, referred to by slug only."
  type Organization @key(fields: "slug", resolvable: false) {
    slug: String!
  }

  type Comment @key(fields: "id") {
    id: ID!
    body: String!
    article: Article!
    "The person the comment is about (a Khabar entity)."
    about: Person!
  }

  type Query {
    trendingArticles: [Article!]!
    topOutlets: [Organization!]!
  }
`;

interface EngagementData {
  views: Map<string, number>;
  followers: Map<string, number>;
  alsoRead: Map<string, string[]>;
  comments: { id: string; body: string; articleId: string; personId: string }[];
}

function engagementResolvers(data: EngagementData) {
  return {
    Query: {
      trendingArticles: () => [...data.views.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => ({ id })),
      topOutlets: () => [{ slug: "reuters" }, { slug: "afp" }],
    },
    Article: {
      __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
      views: (article: { id: string }) => data.views.get(article.id) ?? 0,
      comments: (article: { id: string }) => data.comments.filter((comment) => comment.articleId === article.id),
    },
    Person: {
      __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
      followers: (person: { id: string }) => data.followers.get(person.id) ?? 0,
      alsoRead: (person: { id: string }) => (data.alsoRead.get(person.id) ?? []).map((id) => ({ id })),
    },
    Comment: {
      article: (comment: { articleId: string }) => ({ id: comment.articleId }),
      about: (comment: { personId: string }) => ({ id: comment.personId }),
    },
  };
}

describe("Khabar as a federated subgraph", () => {
  let database: TestDatabase;
  let khabar: TestServer;
  let engagement: ApolloServer;
  let gateway: ApolloServer;
  let gatewayUrl: string;
  let khabarSdl: string;
  let articleId: string;
  let otherArticleId: string;
  let personId: string;

  beforeAll(async () => {
    database = await createSampleDatabase();
    khabar = await startTestServer(database);
    const ids = await gqlData(
      khabar.url,
      `query ($a: String!, $b: String!, $p: String!) { a: article(slug: $a) { id } b: article(slug: $b) { id } p: person(slug: $p) { id } }`,
      { a: ARTICLE_SLUG, b: OTHER_ARTICLE_SLUG, p: PERSON_SLUG },
    );
    articleId = ids.a.id;
    otherArticleId = ids.b.id;
    personId = ids.p.id;

    const data: EngagementData = {
      views: new Map([
        [articleId, 1200],
        [otherArticleId, 300],
      ]),
      followers: new Map([[personId, 4_500_000]]),
      alsoRead: new Map([[personId, [otherArticleId]]]),
      comments: [{ id: "c1", body: "Strong partnership.", articleId, personId }],
    };
    engagement = new ApolloServer({
      schema: buildSubgraphSchema({ typeDefs: parse(ENGAGEMENT_SDL), resolvers: engagementResolvers(data) }),
      plugins: [ApolloServerPluginInlineTraceDisabled()],
    });
    const { url: engagementUrl } = await startStandaloneServer(engagement, { listen: { port: 0, host: "127.0.0.1" } });

    // Compose from what the live subgraph says about itself, as a router's rover workflow would.
    khabarSdl = (await gqlData<{ _service: { sdl: string } }>(khabar.url, "{ _service { sdl } }"))._service.sdl;
    const composition = composeServices([
      { name: "khabar", typeDefs: parse(khabarSdl), url: khabar.url },
      { name: "engagement", typeDefs: parse(ENGAGEMENT_SDL), url: engagementUrl },
    ]);
    if (composition.errors) throw new Error(`Composition failed:\n${composition.errors.map((error) => error.message).join("\n")}`);

    gateway = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl: composition.supergraphSdl }) });
    ({ url: gatewayUrl } = await startStandaloneServer(gateway, { listen: { port: 0, host: "127.0.0.1" } }));
  });

  afterAll(async () => {
    await gateway?.stop();
    await engagement?.stop();
    await khabar?.close();
    database?.destroy();
  });

  it("describes itself with _service { sdl }, including the @key of every entity", () => {
    expect(`${khabarSdl.trim()}\n`).toBe(printSubgraphSchema());
    expect(khabarSdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.7"');
    for (const type of ["Article", "Person", "Organization", "Statement", "Incident", "Location"]) {
      expect(khabarSdl).toMatch(new RegExp(`type ${type} implements [^{]*@key\\(fields: "id"\\)`));
    }
    expect(khabarSdl.match(/@key\(fields: "slug"\)/g)).toHaveLength(5);
  });

  it("resolves _entities by id and by slug, and unknown references to null, in order", async () => {
    const data = await gqlData(
      khabar.url,
      `query ($representations: [_Any!]!) {
        _entities(representations: $representations) {
          __typename
          ... on Article { slug headline }
          ... on Person { slug nameEn }
          ... on Organization { slug kind }
          ... on Incident { slug }
          ... on Statement { id speaker { slug } }
        }
      }`,
      {
        representations: [
          { __typename: "Article", id: articleId },
          { __typename: "Article", slug: OTHER_ARTICLE_SLUG },
          { __typename: "Person", id: personId },
          { __typename: "Person", slug: "joe-biden" },
          { __typename: "Organization", slug: "reuters" },
          { __typename: "Incident", slug: "moscow-attack-2024" },
          { __typename: "Article", id: toGlobalId("Article", 999_999) },
          { __typename: "Person", slug: "no-such-person" },
          { __typename: "Person", slug: "reuters" },
          { __typename: "Organization", id: personId },
          { __typename: "Article", id: "not a global id" },
        ],
      },
    );
    const entities = data._entities as ({ __typename: string; slug?: string } | null)[];
    expect(entities.slice(0, 6).map((entity) => entity && `${entity.__typename}:${entity.slug}`)).toEqual([
      `Article:${ARTICLE_SLUG}`,
      `Article:${OTHER_ARTICLE_SLUG}`,
      `Person:${PERSON_SLUG}`,
      "Person:joe-biden",
      "Organization:reuters",
      "Incident:moscow-attack-2024",
    ]);
    expect(entities.slice(6)).toEqual([null, null, null, null, null]);
  });

  it("refuses representations that are not entity objects with BAD_USER_INPUT, not an internal error", async () => {
    const result = await gql(khabar.url, `query ($representations: [_Any!]!) { _entities(representations: $representations) { __typename } }`, {
      representations: ["antony-blinken", { __typename: "Spaceship", id: "1" }, { slug: "x" }, { __typename: "Person", slug: "antony-blinken" }],
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      fieldErrors: [{ path: "representations.0" }, { path: "representations.1" }, { path: "representations.2" }],
    });
  });

  it("resolves a Statement reference by id, with its speaker through the Actor interface", async () => {
    const statements = await gqlData(khabar.url, `query ($slug: String!) { article(slug: $slug) { statements(first: 1) { nodes { id } } } }`, { slug: ARTICLE_SLUG });
    const statementId = statements.article.statements.nodes[0].id as string;
    const data = await gqlData(
      khabar.url,
      `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Statement { id speaker { __typename slug } } } }`,
      { representations: [{ __typename: "Statement", id: statementId }] },
    );
    expect(data._entities[0].id).toBe(statementId);
    expect(["Person", "Organization"]).toContain(data._entities[0].speaker.__typename);
  });

  it("still resolves the Node and Actor interfaces to their concrete types in the subgraph schema", async () => {
    const data = await gqlData(
      khabar.url,
      `query ($id: ID!, $slug: String!) {
        node(id: $id) { __typename ... on Person { slug } }
        article(slug: $slug) { statements(first: 5) { nodes { speaker { __typename ... on Actor { slug } } } } }
      }`,
      { id: personId, slug: ARTICLE_SLUG },
    );
    expect(data.node).toEqual({ __typename: "Person", slug: PERSON_SLUG });
    const speakers = (data.article.statements.nodes as { speaker: { __typename: string } | null }[]).flatMap((node) => (node.speaker ? [node.speaker.__typename] : []));
    expect(speakers.length).toBeGreaterThan(0);
    for (const typename of speakers) expect(["Person", "Organization"]).toContain(typename);
  });

  it("keeps the public API's scalars, enums, defaults and input errors in the subgraph schema", async () => {
    const data = await gqlData(
      khabar.url,
      `{
        articles(first: 1) { nodes { publishedAt direction } }
        organizations(filter: { country: "US" }, first: 50) { nodes { slug kind country } }
      }`,
    );
    expect(data.articles.nodes[0].publishedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(data.articles.nodes[0].direction).toBe("RTL");
    expect(data.organizations.nodes).toContainEqual({ slug: "us-state-department", kind: expect.any(String), country: "US" });
    for (const organization of data.organizations.nodes) expect(organization.country).toBe("US");

    const tooMany = await gql(khabar.url, "{ articles(first: 1000) { nodes { id } } }");
    expect(tooMany.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const badCountry = await gql(khabar.url, `query ($country: CountryCode) { people(filter: { country: $country }) { nodes { id } } }`, { country: "Narnia" });
    expect(badCountry.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("answers a gateway query that starts in Khabar and adds fields of the other subgraph", async () => {
    const data = await gqlData(
      gatewayUrl,
      `query ($slug: String!) {
        person(slug: $slug) { name nameEn followers alsoRead { slug headline views } }
        article(slug: "${ARTICLE_SLUG}") { headline views comments { body about { nameEn } } }
      }`,
      { slug: PERSON_SLUG },
    );
    expect(data.person).toMatchObject({ nameEn: "Antony Blinken", followers: 4_500_000 });
    expect(data.person.alsoRead).toEqual([expect.objectContaining({ slug: OTHER_ARTICLE_SLUG, views: 300 })]);
    expect(data.person.alsoRead[0].headline).toEqual(expect.any(String));
    expect(data.article.views).toBe(1200);
    expect(data.article.comments).toEqual([{ body: "Strong partnership.", about: { nameEn: "Antony Blinken" } }]);
  });

  it("answers a gateway query that starts in the other subgraph and fetches Khabar entities by id and by slug", async () => {
    const data = await gqlData(
      gatewayUrl,
      `{
        trendingArticles { views slug headline direction people { nameEn followers } }
        topOutlets { slug nameEn kind }
      }`,
    );
    expect(data.trendingArticles.map((article: { slug: string; views: number }) => [article.slug, article.views])).toEqual([
      [ARTICLE_SLUG, 1200],
      [OTHER_ARTICLE_SLUG, 300],
    ]);
    expect(data.trendingArticles[0].direction).toBe("RTL");
    expect(data.trendingArticles[0].people).toContainEqual({ nameEn: "Antony Blinken", followers: 4_500_000 });
    expect(data.topOutlets).toEqual([
      { slug: "reuters", nameEn: "Reuters", kind: "NEWS_AGENCY" },
      { slug: "afp", nameEn: expect.any(String), kind: "NEWS_AGENCY" },
    ]);
  });
});

describe("entity references are batched", () => {
  let database: TestDatabase;
  let khabar: TestServer;
  let statements: string[] = [];
  let counting = false;

  beforeAll(async () => {
    database = await createSampleDatabase({ onStatement: (sql) => counting && statements.push(sql) });
    khabar = await startTestServer(database);
  });

  afterAll(async () => {
    await khabar?.close();
    database?.destroy();
  });

  async function statementsFor(representations: object[]): Promise<string[]> {
    statements = [];
    counting = true;
    const result = await gql(
      khabar.url,
      `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Person { nameEn } ... on Article { headline } } }`,
      { representations },
    );
    counting = false;
    expect(result.errors).toBeUndefined();
    expect((result.data as { _entities: unknown[] })._entities).toHaveLength(representations.length);
    return statements;
  }

  it("costs one SQL statement per type and key whatever the number of representations", async () => {
    // Persons by id (known, unknown, repeated) and articles by slug (known, unknown, repeated).
    const people = (count: number) => Array.from({ length: count }, (_, index) => ({ __typename: "Person", id: toGlobalId("Person", (index % 12) + 1) }));
    const articles = (count: number) => Array.from({ length: count }, (_, index) => ({ __typename: "Article", slug: [ARTICLE_SLUG, OTHER_ARTICLE_SLUG, `missing-${index}`][index % 3] }));

    const forTwo = await statementsFor([...people(1), ...articles(1)]);
    const forTwenty = await statementsFor([...people(10), ...articles(10)]);
    expect(forTwo).toHaveLength(2);
    expect(forTwenty).toHaveLength(forTwo.length);
  });
});
