// Wikidata ids and sameAs links on people, organizations and locations: kept, validated, unique,
// looked up, searchable, carried through NDJSON and through a merge.
import { describe, expect, it } from "vitest";
import { ImportError, importNdjson } from "../../src/ingest/importer.js";
import { createTestDatabase } from "../helpers/database.js";
import { contentCounts } from "../helpers/keys.js";
import { gql, gqlData } from "../helpers/server.js";
import { useSampleServer } from "../helpers/sample-server.js";
import { testEngine } from "../helpers/test-engine.js";

const sample = useSampleServer();

const editor = (query: string, variables?: Record<string, unknown>) => gqlData(sample.server.url, query, variables, sample.keys.editor);

describe("Wikidata ids and sameAs", () => {
  it("are kept on a person, found by person(wikidataId:) and by search", async () => {
    await editor(`mutation { createPerson(input: { slug: "wiki-person", name: "شخص", wikidataId: "Q98765", sameAs: ["https://example.org/people/1"] }) { id } }`);
    const found = await gqlData(sample.server.url, `{ person(wikidataId: "Q98765") { slug wikidataId sameAs } search(query: "Q98765", types: [PERSON]) { nodes { ... on Person { slug } } } }`);
    expect(found.person).toEqual({ slug: "wiki-person", wikidataId: "Q98765", sameAs: ["https://example.org/people/1"] });
    expect(found.search.nodes[0]).toEqual({ slug: "wiki-person" });
  });

  // It counts the rows of the SQLite file; on PostgreSQL a refused mutation changing nothing is mutations.test.ts's.
  it.skipIf(testEngine() === "postgres")("refuse a malformed id or URL with the field's path, and a taken id with CONFLICT, changing nothing", async () => {
    const before = contentCounts(sample.database);
    const malformed = await gql(sample.server.url, `mutation { createOrganization(input: { slug: "bad-wiki", name: "x", kind: OTHER, wikidataId: "98765", sameAs: ["ftp://x"] }) { id } }`, {}, sample.keys.editor);
    expect(new Set((malformed.errors?.[0]?.extensions?.fieldErrors as { path: string }[]).map((error) => error.path))).toEqual(new Set(["input.wikidataId", "input.sameAs"]));
    const taken = await gql(sample.server.url, `mutation { createLocation(input: { slug: "dup-wiki", name: "x", kind: CITY }) { id } createOrganization(input: { slug: "taken-wiki", name: "y", kind: OTHER, wikidataId: "Q98765" }) { id } }`, {}, sample.keys.editor);
    expect(taken.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "input.wikidataId" });
    expect(contentCounts(sample.database)).toEqual({ ...before, locations: before.locations! + 1, location_tree: before.location_tree! + 1, revisions: before.revisions! + 1 });
  });

  it("are found on a location by location(wikidataId:), and a bad key is BAD_USER_INPUT", async () => {
    const { location } = await gqlData(sample.server.url, `{ location(slug: "iraq") { id } }`);
    await editor(`mutation($id: ID!) { updateLocation(id: $id, input: { wikidataId: "Q796", sameAs: ["https://en.wikipedia.org/wiki/Iraq"] }) { id } }`, { id: location.id });
    expect((await gqlData(sample.server.url, `{ location(wikidataId: "Q796") { slug sameAs } }`)).location).toEqual({ slug: "iraq", sameAs: ["https://en.wikipedia.org/wiki/Iraq"] });
    const bad = await gql(sample.server.url, `{ location(wikidataId: "Iraq") { slug } }`);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", fieldErrors: [{ path: "wikidataId" }] });
  });

  it("move to the target of a merge when it has none", async () => {
    const source = (await editor(`mutation { createPerson(input: { slug: "dup-a", name: "أ", wikidataId: "Q55555", sameAs: ["https://example.org/a"] }) { id } }`)).createPerson;
    const target = (await editor(`mutation { createPerson(input: { slug: "dup-b", name: "ب", sameAs: ["https://example.org/b"] }) { id } }`)).createPerson;
    const merged = await gqlData(sample.server.url, `mutation($s: ID!, $t: ID!) { mergePeople(sourceId: $s, targetId: $t) { slug wikidataId sameAs } }`, { s: source.id, t: target.id }, sample.keys.admin);
    expect(merged.mergePeople).toEqual({ slug: "dup-b", wikidataId: "Q55555", sameAs: ["https://example.org/b", "https://example.org/a"] });
  });
});

describe("identifiers in JSON-LD", () => {
  it("link a quoted person to its Wikidata item with sameAs", async () => {
    const { person } = await gqlData(sample.server.url, `{ person(slug: "fuad-hussein") { id } }`);
    await editor(`mutation($id: ID!) { updatePerson(id: $id, input: { wikidataId: "Q77777" }) { id } }`, { id: person.id });
    const response = await fetch(new URL("/articles/blinken-hussein-isis-partnership.jsonld", sample.server.url));
    const graph = (await response.json()) as { "@graph": { "@id"?: string; sameAs?: string[] }[] };
    const node = graph["@graph"].find((entry) => entry["@id"]?.endsWith(":fuad-hussein"));
    expect(node?.sameAs).toEqual(["https://www.wikidata.org/entity/Q77777"]);
  });
});

describe("identifiers in NDJSON", () => {
  it("import, and refuse a bad URL or a second record with the same id, naming line and field", async () => {
    const target = createTestDatabase();
    try {
      await importNdjson(target.db, [JSON.stringify({ type: "organization", slug: "un", name: "الأمم المتحدة", kind: "INTERNATIONAL_ORGANIZATION", wikidataId: "Q1065", sameAs: ["https://www.un.org/"] })]);
      expect(target.sqlite.prepare("select wikidata_id as wikidataId, same_as as sameAs from actors").get()).toEqual({ wikidataId: "Q1065", sameAs: '["https://www.un.org/"]' });
      await expect(importNdjson(target.db, [JSON.stringify({ type: "person", slug: "p", name: "x", sameAs: ["not a url"] })])).rejects.toThrow(/line 1: sameAs\.0: must be an absolute http\(s\) URL/);
      const duplicate = await importNdjson(target.db, [JSON.stringify({ type: "person", slug: "q", name: "y", wikidataId: "Q1065" })]).catch((error: unknown) => error);
      expect(duplicate).toBeInstanceOf(ImportError);
      expect((duplicate as ImportError).fieldErrors).toEqual([{ path: "wikidataId", message: "is already used by another record" }]);
    } finally {
      target.destroy();
    }
  });
});
