// Khabar with a normalized client cache: Apollo Client (the same model as Relay and urql
// Graphcache) against the live server. Every object has an `id`, and global ids tell their type,
// so a cache can answer `node(id:)` for anything it has already fetched.
import { ApolloClient, HttpLink, InMemoryCache, gql as clientGql } from "@apollo/client/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { NODE_TYPE_NAMES } from "../../src/modules/index.js";
import { parseGlobalId, toGlobalId } from "../../src/shared/global-id.js";
import { createSampleDatabase, type TestDatabase } from "../helpers/database.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

// Apollo Client 3.14 warns about its own internal `canonizeResults` option on every cache read
// (a 4.0 migration notice, not about this code); its documented switch mutes those notices.
(globalThis as Record<symbol, unknown>)[Symbol.for("apollo.deprecations")] = true;

const PERSON_BY_SLUG = clientGql`
  query PersonBySlug($slug: String!) {
    person(slug: $slug) { id slug name nameEn role }
  }
`;

const NODE_BY_ID = clientGql`
  query NodeById($id: ID!) {
    node(id: $id) { id ... on Person { slug name nameEn role } }
  }
`;

const ARTICLE_WITH_PEOPLE = clientGql`
  query ArticleWithPeople($slug: String!) {
    article(slug: $slug) { id headline people { id slug nameEn } }
  }
`;

const NODES = clientGql`
  query Nodes($ids: [ID!]!) {
    nodes(ids: $ids) { id ... on Person { slug } ... on Article { slug } ... on Organization { slug } }
  }
`;

function createClient(url: string, onRequest: () => void) {
  return new ApolloClient({
    link: new HttpLink({
      uri: url,
      fetch: (input, init) => {
        onRequest();
        return fetch(input, init);
      },
    }),
    cache: new InMemoryCache({
      possibleTypes: { Node: [...NODE_TYPE_NAMES], Actor: ["Person", "Organization"] },
      typePolicies: {
        Query: {
          fields: {
            // Cache redirect: a global id names its type, so `node(id:)` can point at a cached object.
            node: {
              read(existing, { args, toReference }) {
                if (existing !== undefined) return existing;
                const id = args?.id;
                const decoded = typeof id === "string" ? parseGlobalId(id) : null;
                return decoded ? toReference({ __typename: decoded.type, id }) : undefined;
              },
            },
          },
        },
      },
    }),
  });
}

describe("a normalized client cache over Khabar", () => {
  let database: TestDatabase;
  let server: TestServer;
  let requests = 0;
  let client: ReturnType<typeof createClient>;

  beforeAll(async () => {
    database = await createSampleDatabase();
    server = await startTestServer(database);
  });

  afterAll(async () => {
    await server?.close();
    database?.destroy();
  });

  beforeEach(() => {
    requests = 0;
    client = createClient(server.url, () => requests++);
  });

  it("answers the same query again from the cache, without a second request", async () => {
    const first = await client.query({ query: PERSON_BY_SLUG, variables: { slug: "antony-blinken" } });
    const second = await client.query({ query: PERSON_BY_SLUG, variables: { slug: "antony-blinken" }, fetchPolicy: "cache-first" });
    expect(second.data).toEqual(first.data);
    expect(requests).toBe(1);
  });

  it("answers node(id) for an already-fetched person from the normalized cache", async () => {
    const { data } = await client.query({ query: PERSON_BY_SLUG, variables: { slug: "antony-blinken" } });
    expect(requests).toBe(1);
    const person = data.person as { id: string; nameEn: string };
    expect(client.cache.identify(data.person)).toBe(`Person:${person.id}`);

    const fromCache = await client.query({ query: NODE_BY_ID, variables: { id: person.id }, fetchPolicy: "cache-first" });
    expect(fromCache.data.node).toMatchObject({ __typename: "Person", id: person.id, slug: "antony-blinken", nameEn: "Antony Blinken" });
    expect(requests).toBe(1);
  });

  it("normalizes nested objects, so a person seen inside an article is a cache hit by id", async () => {
    const { data } = await client.query({ query: ARTICLE_WITH_PEOPLE, variables: { slug: "blinken-hussein-isis-partnership" } });
    const people = data.article.people as { id: string; slug: string }[];
    expect(people.length).toBeGreaterThan(1);
    const NODE_SLUG = clientGql`query NodeSlug($id: ID!) { node(id: $id) { id ... on Person { slug nameEn } } }`;
    for (const person of people) {
      const cached = await client.query({ query: NODE_SLUG, variables: { id: person.id } });
      expect(cached.data.node.slug).toBe(person.slug);
    }
    expect(requests).toBe(1);
  });

  it("goes to the server for a node the cache has not seen, then caches it", async () => {
    const { data } = await client.query({ query: PERSON_BY_SLUG, variables: { slug: "joe-biden" } });
    const articleId = toGlobalId("Article", 1);
    const ARTICLE_NODE = clientGql`query ArticleNode($id: ID!) { node(id: $id) { id ... on Article { slug } } }`;
    await client.query({ query: ARTICLE_NODE, variables: { id: articleId } });
    await client.query({ query: ARTICLE_NODE, variables: { id: articleId } });
    expect(data.person.nameEn).toBe("Joe Biden");
    expect(requests).toBe(2);
  });

  it("gets nodes(ids) in the order asked, with null for unknown ids", async () => {
    const { data: person } = await client.query({ query: PERSON_BY_SLUG, variables: { slug: "antony-blinken" } });
    const { data: article } = await client.query({ query: ARTICLE_WITH_PEOPLE, variables: { slug: "blinken-hussein-isis-partnership" } });
    const personId = person.person.id as string;
    const articleId = article.article.id as string;
    const organization = await client.query({ query: clientGql`{ organization(slug: "reuters") { id } }` });
    const personIdOfAnOrganization = toGlobalId("Person", parseGlobalId(organization.data.organization.id)?.id ?? 0);
    const ids = [toGlobalId("Article", 999_999), articleId, personIdOfAnOrganization, personId, toGlobalId("Incident", 999_999)];

    const { data } = await client.query({ query: NODES, variables: { ids }, fetchPolicy: "network-only" });
    const slugs = (data.nodes as ({ slug: string } | null)[]).map((node) => node?.slug ?? null);
    expect(slugs[0]).toBeNull();
    expect(slugs[1]).toBe("blinken-hussein-isis-partnership");
    expect(slugs[2]).toBeNull();
    expect(slugs[3]).toBe("antony-blinken");
    expect(slugs[4]).toBeNull();
    expect(data.nodes).toHaveLength(ids.length);
  });
});
