// Location end to end: the sample's places, their tree, filters that include the places inside,
// mutations and their refusals, search, federation, import/export, and the migration that turned
// incidents' places-as-text into locations.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { MIGRATIONS_FOLDER } from "../../src/db/migrate.js";
import { prepareDatabase } from "../../src/database.js";
import { exportNdjson } from "../../src/ingest/exporter.js";
import { ImportError, importNdjson } from "../../src/ingest/importer.js";
import { createSampleDatabase, createTestDatabase, temporaryDirectory, type TestDatabase } from "../helpers/database.js";
import { contentCounts } from "../helpers/keys.js";
import { gql, gqlData } from "../helpers/server.js";
import { useSampleServer } from "../helpers/sample-server.js";

let statements = 0;
const sample = useSampleServer({ onStatement: () => (statements += 1) });

const query = <Data = Record<string, any>>(text: string, variables?: Record<string, unknown>) => gqlData<Data>(sample.server.url, text, variables);
const editor = (text: string, variables?: Record<string, unknown>) => gqlData(sample.server.url, text, variables, sample.keys.editor);
async function failure(text: string, variables: Record<string, unknown>, headers = sample.keys.admin) {
  const result = await gql(sample.server.url, text, variables, headers);
  expect(result.errors, JSON.stringify(result.data)).toBeDefined();
  return result.errors![0]!;
}
const slugs = (connection: { nodes: { slug: string }[] }) => connection.nodes.map((node) => node.slug);

describe("the sample's places", () => {
  it("puts the Kalsu explosion at Camp Kalsu, in Iskandariya, in Babil, in Iraq", async () => {
    const data = await query(`{ incident(slug: "kalsu-base-explosion-2024") {
      location { slug name nameEn kind country region latitude longitude place parent { slug kind parent { slug parent { slug kind parent { slug } } } } } } }`);
    expect(data.incident.location).toEqual({
      slug: "kalsu-base",
      name: "معسكر كالسو",
      nameEn: "Camp Kalsu",
      kind: "SITE",
      country: "IQ",
      region: "محافظة بابل",
      latitude: 32.9,
      longitude: 44.36,
      place: "معسكر كالسو",
      parent: { slug: "iskandariya", kind: "CITY", parent: { slug: "babil-governorate", parent: { slug: "iraq", kind: "COUNTRY", parent: null } } },
    });
  });

  it("lists a region's incidents with those of the places inside it, newest first", async () => {
    const data = await query(`{ russia: location(slug: "russia") { incidents { totalCount nodes { slug } } }
      babil: location(slug: "babil-governorate") { incidents { nodes { slug } } articles { totalCount nodes { slug } } }
      site: location(slug: "crocus-city-hall") { incidents { nodes { slug } } } }`);
    expect(data.russia.incidents).toEqual({ totalCount: 1, nodes: [{ slug: "moscow-attack-2024" }] });
    expect(slugs(data.babil.incidents)).toEqual(["kalsu-base-explosion-2024"]);
    expect(data.babil.articles.totalCount).toBeGreaterThan(0);
    expect(slugs(data.site.incidents)).toEqual(["moscow-attack-2024"]);
  });

  it("filters incidents by location (places inside included) and by country", async () => {
    const iraq = await query<{ location: { id: string } }>(`{ location(slug: "iraq") { id } }`);
    const data = await query(`query($id: ID!) { inIraq: incidents(filter: { locationId: $id }) { nodes { slug } } inIran: incidents(filter: { country: "IR" }) { nodes { slug } } }`, { id: iraq.location.id });
    expect(slugs(data.inIraq)).toEqual(["kalsu-base-explosion-2024"]);
    expect(slugs(data.inIran)).toEqual(["isfahan-explosions-2024"]);
  });

  it("lists locations by name, filtered by country, kind and words", async () => {
    const data = await query(`{ iraq: locations(filter: { country: "IQ" }) { nodes { slug } }
      countries: locations(filter: { kind: COUNTRY }) { totalCount }
      babil: locations(filter: { search: "Babil" }) { nodes { slug } } }`);
    expect(new Set(slugs(data.iraq))).toEqual(new Set(["iraq", "babil-governorate", "iskandariya", "kalsu-base"]));
    expect(data.countries.totalCount).toBe(4);
    expect(slugs(data.babil)).toEqual(["babil-governorate"]);
  });

  it("is found by search in Arabic and English, and by its other spellings", async () => {
    for (const [words, slug] of [["بابل", "babil-governorate"], ["Babil", "babil-governorate"], ["كالسو", "kalsu-base"], ["Krasnogorsk", "krasnogorsk"]] as const) {
      const data = await query(`query($q: String!) { search(query: $q, types: [LOCATION]) { nodes { ... on Location { slug } } } }`, { q: words });
      expect(data.search.nodes[0], words).toEqual({ slug });
    }
  });

  it("answers node(id:) and resolves as a federation entity by id and by slug", async () => {
    const { location } = await query<{ location: { id: string } }>(`{ location(slug: "israel") { id } }`);
    const data = await query(`query($id: ID!, $reps: [_Any!]!) { node(id: $id) { ... on Location { slug } } _entities(representations: $reps) { ... on Location { slug kind } } }`, {
      id: location.id,
      reps: [{ __typename: "Location", id: location.id }, { __typename: "Location", slug: "iran" }],
    });
    expect(data.node).toEqual({ slug: "israel" });
    expect(data._entities).toEqual([{ slug: "israel", kind: "COUNTRY" }, { slug: "iran", kind: "COUNTRY" }]);
  });

  it("reads every incident's place and its region in one statement per level, whatever their number", async () => {
    statements = 0;
    await query(`{ incidents(first: 50) { nodes { location { name region country parent { name } incidents(first: 5) { nodes { slug } } } } } }`);
    // incidents, locations, facts (region and country), parents, nested incident pages.
    expect(statements).toBe(5);
  });
});

describe("editing locations", () => {
  const CREATE = `mutation($input: CreateLocationInput!) { createLocation(input: $input) { id slug kind country region parent { slug } } }`;
  const UPDATE = `mutation($id: ID!, $input: UpdateLocationInput!) { updateLocation(id: $id, input: $input) { id slug parent { slug } } }`;
  const DELETE = `mutation($id: ID!, $reassignTo: ID) { deleteLocation(id: $id, reassignTo: $reassignTo) }`;

  it("creates a place inside another, which then counts as inside every place around it", async () => {
    const created = (await editor(CREATE, { input: { slug: "hillah", name: "الحلة", nameEn: "Hillah", kind: "CITY", parent: "babil-governorate" } })).createLocation;
    expect(created).toMatchObject({ slug: "hillah", kind: "CITY", country: "IQ", region: "محافظة بابل", parent: { slug: "babil-governorate" } });
    const incident = (await editor(`mutation { createIncident(input: { slug: "hillah-blast", title: "انفجار في الحلة", kind: EXPLOSION, occurredOn: "2024-05-01", locatedAt: "hillah" }) { location { slug region } } }`)).createIncident;
    expect(incident.location).toEqual({ slug: "hillah", region: "محافظة بابل" });
    const iraq = await query(`{ location(slug: "iraq") { incidents { nodes { slug } } } }`);
    expect(slugs(iraq.location.incidents)).toEqual(["hillah-blast", "kalsu-base-explosion-2024"]);
  });

  it("refuses a parent chain that loops, and changes nothing", async () => {
    const before = contentCounts(sample.database);
    const babil = await query<{ location: { id: string } }>(`{ location(slug: "babil-governorate") { id } }`);
    const error = await failure(UPDATE, { id: babil.location.id, input: { parent: "kalsu-base" } }, sample.keys.editor);
    expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", fieldErrors: [{ path: "input.parent" }] });
    expect(contentCounts(sample.database)).toEqual(before);
    expect((await query(`{ location(slug: "babil-governorate") { parent { slug } } }`)).location.parent).toEqual({ slug: "iraq" });
  });

  it("refuses to delete a location incidents use unless they are reassigned, and one with places inside", async () => {
    const { location } = await query<{ location: { id: string } }>(`{ location(slug: "isfahan-military-base") { id } }`);
    const conflict = await failure(DELETE, { id: location.id });
    expect(conflict.extensions).toMatchObject({ code: "CONFLICT", incidentCount: 1 });
    const province = await query<{ location: { id: string } }>(`{ location(slug: "isfahan-province") { id } }`);
    expect((await failure(DELETE, { id: province.location.id })).extensions).toMatchObject({ code: "CONFLICT", locationCount: 1 });

    const deleted = await gqlData(sample.server.url, DELETE, { id: location.id, reassignTo: province.location.id }, sample.keys.admin);
    expect(deleted.deleteLocation).toBe(location.id);
    expect((await query(`{ incident(slug: "isfahan-explosions-2024") { location { slug } } }`)).incident.location).toEqual({ slug: "isfahan-province" });
  });

  it("refuses a country code outside ISO 3166-1 alpha-2, such as UK, with the field's path", async () => {
    const error = await failure(CREATE, { input: { slug: "london", name: "لندن", kind: "CITY", country: "UK" } }, sample.keys.editor);
    expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", fieldErrors: [{ path: "input.country" }] });
    const person = await failure(`mutation { createPerson(input: { slug: "uk-minister", name: "وزير", country: "UK" }) { id } }`, {}, sample.keys.editor);
    expect(person.extensions).toMatchObject({ code: "BAD_USER_INPUT", fieldErrors: [{ path: "input.country" }] });
  });

  it("refuses a slug that is taken with CONFLICT", async () => {
    expect((await failure(CREATE, { input: { slug: "iraq", name: "x", kind: "COUNTRY" } }, sample.keys.editor)).extensions?.code).toBe("CONFLICT");
  });
});

describe("locations in NDJSON", () => {
  it("round-trips export → import → export byte for byte, places inside after their parents", async () => {
    const source = await createSampleDatabase();
    const copy = createTestDatabase();
    try {
      const text = async (db: TestDatabase["db"]) => {
        const chunks: string[] = [];
        const { Writable } = await import("node:stream");
        await exportNdjson(db, new Writable({ write: (chunk, _encoding, done) => (chunks.push(String(chunk)), done()) }));
        return chunks.join("");
      };
      const original = await text(source.db);
      const locationSlugs = original.split("\n").filter(Boolean).map((line) => JSON.parse(line)).filter((record) => record.type === "location").map((record) => record.slug as string);
      expect(locationSlugs.indexOf("iraq")).toBeLessThan(locationSlugs.indexOf("babil-governorate"));
      expect(locationSlugs.indexOf("babil-governorate")).toBeLessThan(locationSlugs.indexOf("kalsu-base"));
      await importNdjson(copy.db, original.split("\n"));
      expect(await text(copy.db)).toBe(original);
    } finally {
      source.destroy();
      copy.destroy();
    }
  });

  it("still imports an incident whose place is given as text, as a location of its own", async () => {
    const target = createTestDatabase();
    try {
      await importNdjson(target.db, [JSON.stringify({ type: "incident", slug: "old-format", title: "حادث", kind: "OTHER", occurredOn: "2024-01-02", location: { place: "مكان", region: "منطقة", country: "IQ", latitude: 33.3 } })]);
      const row = target.sqlite.prepare("select l.slug, l.name, l.region_name as region, l.country from incidents i join locations l on l.id = i.location_id").get();
      expect(row).toEqual({ slug: "old-format-place", name: "مكان", region: "منطقة", country: "IQ" });
    } finally {
      target.destroy();
    }
  });

  it("refuses country UK and a parent that does not exist, naming the line and field", async () => {
    const target = createTestDatabase();
    try {
      const bad = [JSON.stringify({ type: "location", slug: "uk", name: "المملكة المتحدة", kind: "COUNTRY", country: "UK" })];
      await expect(importNdjson(target.db, bad)).rejects.toThrow(/line 1: country: must be an ISO 3166-1 alpha-2 country code/);
      const orphan = [JSON.stringify({ type: "location", slug: "somewhere", name: "مكان", kind: "CITY", parent: "nowhere" })];
      const error = await importNdjson(target.db, orphan).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ImportError);
      expect((error as ImportError).fieldErrors).toEqual([{ path: "parent", message: 'no location has the slug "nowhere"' }]);
      expect(target.sqlite.prepare("select count(*) as n from locations").get()).toEqual({ n: 0 });
    } finally {
      target.destroy();
    }
  });
});

describe("the migration to locations", () => {
  it("turns the places incidents carried as text into locations, searchable at startup", () => {
    const directory = temporaryDirectory();
    const before = join(directory, "migrations-before-locations");
    mkdirSync(join(before, "meta"), { recursive: true });
    const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as { entries: { tag: string }[] };
    const kept = journal.entries.filter((entry) => entry.tag < "0005");
    writeFileSync(join(before, "meta", "_journal.json"), JSON.stringify({ ...journal, entries: kept }));
    for (const file of readdirSync(MIGRATIONS_FOLDER).filter((name) => name.endsWith(".sql") && name < "0005")) copyFileSync(join(MIGRATIONS_FOLDER, file), join(before, file));

    const handle = openDatabase(join(directory, "old.db"));
    try {
      migrate(handle.db, { migrationsFolder: before });
      handle.sqlite
        .prepare("insert into incidents (slug, title, kind, occurred_on, place, region, country, latitude, longitude, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .run("old-blast", "انفجار قديم", "EXPLOSION", "2023-01-01", "معسكر قديم", "محافظة قديمة", "IQ", 32.1, 44.2, "2023-01-01T00:00:00.000Z", "2023-01-01T00:00:00.000Z");
      prepareDatabase(handle);
      const row = handle.sqlite.prepare("select l.slug, l.name, l.kind, l.region_name as region, l.country, l.latitude from incidents i join locations l on l.id = i.location_id where i.slug = 'old-blast'").get();
      expect(row).toEqual({ slug: "old-blast-place", name: "معسكر قديم", kind: "SITE", region: "محافظة قديمة", country: "IQ", latitude: 32.1 });
      const indexed = handle.sqlite.prepare("select count(*) as n from search_entries where rowid = (select id from locations where slug = 'old-blast-place') * 8 + 6").get();
      expect(indexed).toEqual({ n: 1 });
    } finally {
      handle.close();
    }
  });
});
