import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiKeyStore, hashApiKey } from "../../src/auth/api-keys.js";
import { toGlobalId } from "../../src/shared/global-id.js";
import { createSampleDatabase, type TestDatabase } from "../helpers/database.js";
import { bearer, contentCounts } from "../helpers/keys.js";
import { gql, startTestServer, type TestServer } from "../helpers/server.js";

let database: TestDatabase;
let server: TestServer;
let editorKey: string;
let adminKey: string;
let revokedKey: string;

beforeAll(async () => {
  database = await createSampleDatabase();
  server = await startTestServer(database);
  const store = new ApiKeyStore(database.db);
  editorKey = store.create("editor", "desk").key;
  adminKey = store.create("admin", "ops").key;
  const revoked = store.create("admin", "gone");
  store.revoke(revoked.row.id);
  revokedKey = revoked.key;
});

afterAll(async () => {
  await server.close();
  database.destroy();
});

const personId = () => toGlobalId("Person", 1);
const articleId = () => toGlobalId("Article", 1);
const statementId = () => toGlobalId("Statement", 1);
const incidentId = () => toGlobalId("Incident", 1);
const organizationId = () => toGlobalId("Organization", 2);

/** Every mutation, with the role it needs. Each is valid enough to pass auth and then fail or succeed harmlessly. */
const MUTATIONS: { name: string; role: "editor" | "admin"; query: string; variables: () => Record<string, unknown> }[] = [
  { name: "createArticle", role: "editor", query: `mutation($i: CreateArticleInput!) { createArticle(input: $i) { id } }`, variables: () => ({ i: { slug: "auth-a", headline: "h", body: "b", language: "ar", publishedAt: "2024-01-01T00:00:00Z" } }) },
  { name: "updateArticle", role: "editor", query: `mutation($id: ID!) { updateArticle(id: $id, input: {}) { id } }`, variables: () => ({ id: articleId() }) },
  { name: "deleteArticle", role: "admin", query: `mutation($id: ID!) { deleteArticle(id: $id) }`, variables: () => ({ id: toGlobalId("Article", 999) }) },
  { name: "createPerson", role: "editor", query: `mutation { createPerson(input: { slug: "auth-p", name: "n" }) { id } }`, variables: () => ({}) },
  { name: "updatePerson", role: "editor", query: `mutation($id: ID!) { updatePerson(id: $id, input: {}) { id } }`, variables: () => ({ id: personId() }) },
  { name: "deletePerson", role: "admin", query: `mutation($id: ID!) { deletePerson(id: $id) }`, variables: () => ({ id: toGlobalId("Person", 999) }) },
  { name: "mergePeople", role: "admin", query: `mutation($id: ID!) { mergePeople(sourceId: $id, targetId: $id) { id } }`, variables: () => ({ id: toGlobalId("Person", 999) }) },
  { name: "createOrganization", role: "editor", query: `mutation { createOrganization(input: { slug: "auth-o", name: "n", kind: OTHER }) { id } }`, variables: () => ({}) },
  { name: "updateOrganization", role: "editor", query: `mutation($id: ID!) { updateOrganization(id: $id, input: {}) { id } }`, variables: () => ({ id: organizationId() }) },
  { name: "deleteOrganization", role: "admin", query: `mutation($id: ID!) { deleteOrganization(id: $id) }`, variables: () => ({ id: toGlobalId("Organization", 999) }) },
  { name: "mergeOrganizations", role: "admin", query: `mutation($id: ID!) { mergeOrganizations(sourceId: $id, targetId: $id) { id } }`, variables: () => ({ id: toGlobalId("Organization", 999) }) },
  { name: "createStatement", role: "editor", query: `mutation { createStatement(input: { article: "blinken-hussein-isis-partnership", text: "t", kind: PARAPHRASE, speaker: "joe-biden", paragraph: 0 }) { id } }`, variables: () => ({}) },
  { name: "updateStatement", role: "editor", query: `mutation($id: ID!) { updateStatement(id: $id, input: {}) { id } }`, variables: () => ({ id: statementId() }) },
  { name: "deleteStatement", role: "admin", query: `mutation($id: ID!) { deleteStatement(id: $id) }`, variables: () => ({ id: toGlobalId("Statement", 999) }) },
  { name: "createIncident", role: "editor", query: `mutation { createIncident(input: { slug: "auth-i", title: "t", kind: OTHER, occurredOn: "2024-01-01" }) { id } }`, variables: () => ({}) },
  { name: "updateIncident", role: "editor", query: `mutation($id: ID!) { updateIncident(id: $id, input: {}) { id } }`, variables: () => ({ id: incidentId() }) },
  { name: "deleteIncident", role: "admin", query: `mutation($id: ID!) { deleteIncident(id: $id) }`, variables: () => ({ id: toGlobalId("Incident", 999) }) },
];

describe("mutations need a key", () => {
  for (const mutation of MUTATIONS) {
    it(`${mutation.name} is refused without a key, with a wrong key and with a revoked key, changing nothing`, async () => {
      const before = contentCounts(database);
      for (const headers of [{}, bearer("khabar_wrong"), { authorization: "Basic abc" }, bearer(revokedKey)]) {
        const result = await gql(server.url, mutation.query, mutation.variables(), headers);
        expect(result.errors?.[0]?.extensions?.code, JSON.stringify(headers)).toBe("UNAUTHENTICATED");
        expect(result.data?.[mutation.name] ?? null).toBeNull();
      }
      expect(contentCounts(database)).toEqual(before);
    });

    it(`${mutation.name} ${mutation.role === "admin" ? "is FORBIDDEN to an editor key and allowed to an admin key" : "is allowed to editor and admin keys"}`, async () => {
      const editorResult = await gql(server.url, mutation.query, mutation.variables(), bearer(editorKey));
      const adminResult = await gql(server.url, mutation.query, mutation.variables(), bearer(adminKey));
      const passedAuth = (result: typeof editorResult) => !["UNAUTHENTICATED", "FORBIDDEN"].includes(String(result.errors?.[0]?.extensions?.code ?? ""));
      if (mutation.role === "admin") expect(editorResult.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      else expect(passedAuth(editorResult), JSON.stringify(editorResult.errors)).toBe(true);
      expect(passedAuth(adminResult), JSON.stringify(adminResult.errors)).toBe(true);
    });
  }
});

describe("keys", () => {
  it("are 32+ random bytes with a recognizable prefix, stored only as a SHA-256 hash", () => {
    const store = new ApiKeyStore(database.db);
    const { key, row } = store.create("editor", "check");
    expect(key).toMatch(/^khabar_[A-Za-z0-9_-]{43,}$/);
    expect(row.hash).toBe(hashApiKey(key));
    const stored = JSON.stringify(database.sqlite.prepare("select * from api_keys").all());
    expect(stored).not.toContain(key.slice("khabar_".length));
  });

  it("record when they were last used", async () => {
    const store = new ApiKeyStore(database.db);
    const { key, row } = store.create("editor", "usage");
    expect(row.lastUsedAt).toBeNull();
    await gql(server.url, `mutation { updatePerson(id: "${toGlobalId("Person", 1)}", input: {}) { id } }`, {}, bearer(key));
    expect(store.list().find((listed) => listed.id === row.id)?.lastUsedAt).not.toBeNull();
  });
});

describe("reads", () => {
  it("are public by default, with or without a key", async () => {
    expect((await gql(server.url, `{ articles { totalCount } }`)).data?.articles).toBeTruthy();
    expect((await gql(server.url, `{ articles { totalCount } }`, {}, bearer(editorKey))).data?.articles).toBeTruthy();
  });

  it("need a key when KHABAR_REQUIRE_KEY_FOR_READS is set", async () => {
    const guarded = await startTestServer(database, { config: { environment: "test", requireKeyForReads: true } });
    try {
      const anonymous = await gql(guarded.url, `{ articles { totalCount } }`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      const revoked = await gql(guarded.url, `{ articles { totalCount } }`, {}, bearer(revokedKey));
      expect(revoked.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      const keyed = await gql(guarded.url, `{ articles { totalCount } }`, {}, bearer(editorKey));
      expect(keyed.errors).toBeUndefined();
      expect(keyed.data?.articles).toBeTruthy();
    } finally {
      await guarded.close();
    }
  });
});
