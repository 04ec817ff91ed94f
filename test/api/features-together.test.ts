// Features built side by side must hold together: edits reach the search index and the response
// cache at once, and the router secret guards the real federation fields.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSampleDatabase, type TestDatabase } from "../helpers/database.js";
import { createTestKeys, type TestKeys } from "../helpers/keys.js";
import { gql, gqlData, startTestServer, type TestServer } from "../helpers/server.js";

const SEARCH = `query ($q: String!) { search(query: $q, first: 20) { nodes { __typename ... on Person { slug } ... on Statement { id } ... on Article { slug } } } }`;
const slugsFound = async (url: string, query: string) =>
  (await gqlData(url, SEARCH, { q: query })).search.nodes.map((node: { slug?: string; id?: string }) => node.slug ?? node.id);

describe("mutations and the search index", () => {
  let database: TestDatabase;
  let server: TestServer;
  let keys: TestKeys;
  beforeAll(async () => {
    database = await createSampleDatabase();
    server = await startTestServer(database);
    keys = createTestKeys(database);
  });
  afterAll(async () => {
    await server.close();
    database.destroy();
  });

  it("finds a person as soon as the mutation that creates, renames or merges them returns, and forgets them when deleted", async () => {
    const created = await gqlData(server.url, `mutation { createPerson(input: { slug: "lloyd-austin", name: "لويد أوستن", nameEn: "Lloyd Austin", aliases: ["Austin"] }) { id } }`, undefined, keys.editor);
    expect(await slugsFound(server.url, "أوستن")).toContain("lloyd-austin");

    await gqlData(server.url, `mutation ($id: ID!) { updatePerson(id: $id, input: { nameEn: "Lloyd J. Austin III", aliases: ["Secretary Austin"] }) { id } }`, { id: created.createPerson.id }, keys.editor);
    expect(await slugsFound(server.url, "Secretary")).toContain("lloyd-austin");

    const duplicate = await gqlData(server.url, `mutation { createPerson(input: { slug: "austin-duplicate", name: "اوستن المكرر", aliases: ["Pentagon chief"] }) { id } }`, undefined, keys.editor);
    await gqlData(server.url, `mutation ($s: ID!, $t: ID!) { mergePeople(sourceId: $s, targetId: $t) { id } }`, { s: duplicate.createPerson.id, t: created.createPerson.id }, keys.admin);
    const afterMerge = await slugsFound(server.url, "Pentagon chief");
    expect(afterMerge).toContain("lloyd-austin");
    expect(afterMerge).not.toContain("austin-duplicate");

    await gqlData(server.url, `mutation ($id: ID!) { deletePerson(id: $id) }`, { id: created.createPerson.id }, keys.admin);
    expect(await slugsFound(server.url, "أوستن")).not.toContain("lloyd-austin");
  });

  it("indexes a statement added to an article, its new text after an update, and drops it when deleted", async () => {
    const added = await gqlData(
      server.url,
      `mutation { createStatement(input: { article: "blinken-hussein-isis-partnership", text: "كلمة فريدة جدا", kind: PARAPHRASE, speaker: "antony-blinken", paragraph: 1 }) { id } }`,
      undefined,
      keys.editor,
    );
    const id = added.createStatement.id;
    expect(await slugsFound(server.url, "فريدة")).toContain(id);
    await gqlData(server.url, `mutation ($id: ID!) { updateStatement(id: $id, input: { text: "عبارة مختلفة تماما" }) { id } }`, { id }, keys.editor);
    expect(await slugsFound(server.url, "فريدة")).not.toContain(id);
    expect(await slugsFound(server.url, "مختلفة")).toContain(id);
    await gqlData(server.url, `mutation ($id: ID!) { deleteStatement(id: $id) }`, { id }, keys.admin);
    expect(await slugsFound(server.url, "مختلفة")).not.toContain(id);
  });
});

describe("the response cache with real mutations", () => {
  let database: TestDatabase;
  let server: TestServer;
  let keys: TestKeys;
  beforeAll(async () => {
    database = await createSampleDatabase();
    server = await startTestServer(database, { config: { environment: "test", responseCache: true } });
    keys = createTestKeys(database);
  });
  afterAll(async () => {
    await server.close();
    database.destroy();
  });

  it("serves a repeated public query from the cache and never a stale one after a mutation", async () => {
    const query = `{ person(slug: "joe-biden") { roleEn } }`;
    const first = await gql(server.url, query);
    const second = await gql(server.url, query);
    expect(second.data).toEqual(first.data);
    expect(second.headers.get("age")).not.toBeNull();
    const person = await gqlData(server.url, `{ person(slug: "joe-biden") { id } }`);
    await gqlData(server.url, `mutation ($id: ID!) { updatePerson(id: $id, input: { roleEn: "46th President of the United States" }) { id } }`, { id: person.person.id }, keys.editor);
    const after = await gql(server.url, query);
    expect(after.data).toEqual({ person: { roleEn: "46th President of the United States" } });
  });
});

describe("the router secret", () => {
  let database: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    database = await createSampleDatabase();
    server = await startTestServer(database, { config: { environment: "test", hardening: { routerSecret: "s3cret" } } });
  });
  afterAll(async () => {
    await server.close();
    database.destroy();
  });

  it("guards _entities and _service, which would otherwise bypass authorization on root fields", async () => {
    const entities = `{ _entities(representations: [{ __typename: "Person", slug: "antony-blinken" }]) { ... on Person { name } } }`;
    const refused = await gql(server.url, entities);
    expect(refused.data?._entities ?? null).toBeNull();
    expect(refused.errors?.[0]?.extensions?.code).toMatch(/UNAUTHENTICATED|FORBIDDEN/);
    expect((await gql(server.url, `{ _service { sdl } }`)).errors?.length).toBeGreaterThan(0);
    const allowed = await gqlData(server.url, entities, undefined, { "router-authorization": "s3cret" });
    expect(allowed._entities).toEqual([{ name: "أنتوني بلينكن" }]);
    // Ordinary queries need no secret.
    expect((await gqlData(server.url, `{ person(slug: "antony-blinken") { slug } }`)).person.slug).toBe("antony-blinken");
  });
});
