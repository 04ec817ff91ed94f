// The open formats on the sample content: schema.org JSON-LD (export and GET /articles/{slug}.jsonld),
// IPTC ninjs 2.0 (checked with ajv against test/fixtures/ninjs-2.0.schema.json) and ACLED-shaped CSV
// (parsed back with csv-parse, the parser of the library that writes it), in process and through
// the `khabar` command. In the api-on-postgres run (vitest.config.ts) the exports and the route
// read a PostgreSQL copy of the same content; the `khabar` tests stay on a SQLite file there
// (test/postgres/export.test.ts runs `khabar export` on PostgreSQL).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { Ajv, type ValidateFunction } from "ajv";
import formats from "ajv-formats";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importNdjson } from "../../src/ingest/importer.js";
import { ACLED_COLUMNS } from "../../src/ingest/formats/acled.js";
import { exportFormat, type ExportFormat } from "../../src/ingest/formats/export.js";
import type { JsonLdDocument, JsonLdNode } from "../../src/ingest/formats/jsonld.js";
import { SAMPLE_CONTENT_FILE } from "../../src/ingest/sample-content.js";
import { projectPath } from "../../src/shared/project-root.js";
import { createSampleDatabase, temporaryDirectory, type TestDatabase } from "../helpers/database.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { runCli } from "../helpers/process.js";
import { postgresCopyOf, testEngine } from "../helpers/test-engine.js";
import { postgresEngine } from "../../src/db/postgres/run.js";

const BLINKEN_HUSSEIN = "blinken-hussein-isis-partnership";
const KALSU_REPORT = "kalsu-base-explosion-washington-denies";
const SAMPLE_RECORDS = readFileSync(SAMPLE_CONTENT_FILE, "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => JSON.parse(line) as { type: string; slug: string; summary?: string });
const summaryOf = (slug: string) => SAMPLE_RECORDS.find((record) => record.type === "incident" && record.slug === slug)?.summary;

/** Collects what an export writes. */
class Sink extends Writable {
  text = "";
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** What an export writes; in the api-on-postgres run, from a PostgreSQL copy of the database made now. */
async function exported(database: TestDatabase, format: ExportFormat): Promise<string> {
  const sink = new Sink();
  if (testEngine() === "postgres") {
    const copy = await postgresCopyOf(database);
    try {
      await exportFormat(postgresEngine(copy.pool), format, sink);
    } finally {
      await copy.close();
    }
  } else await exportFormat(database.db, format, sink);
  return sink.text;
}

const jsonLines = <Value>(text: string) =>
  text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Value);

const csvRows = (text: string) => parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];

/** The nodes of a JSON-LD document by `@id`, and a document's article (its only NewsArticle). */
function indexed(document: JsonLdDocument) {
  const byId = new Map(document["@graph"].flatMap((node) => (node["@id"] ? [[node["@id"], node] as const] : [])));
  const resolve = (value: unknown): JsonLdNode => {
    const id = (value as { "@id"?: string })["@id"];
    const node = id ? byId.get(id) : undefined;
    if (!node) throw new Error(`${JSON.stringify(value)} points at nothing in the graph`);
    return node;
  };
  const ofType = (type: string) => document["@graph"].filter((node) => node["@type"] === type);
  return { byId, resolve, ofType };
}

const khabar = runCli;

let sample: TestDatabase;
let jsonLd: Map<string, JsonLdDocument>;
/** The export's lines, by article slug. */
let jsonLdLines: Map<string, string>;

const articleSlugOf = (document: JsonLdDocument) => document["@graph"][0]!["@id"]!.replace("urn:khabar:article:", "");

beforeAll(async () => {
  sample = await createSampleDatabase();
  const lines = (await exported(sample, "jsonld")).split("\n").filter(Boolean);
  jsonLd = new Map(lines.map((line) => JSON.parse(line) as JsonLdDocument).map((document) => [articleSlugOf(document), document]));
  jsonLdLines = new Map(lines.map((line) => [articleSlugOf(JSON.parse(line) as JsonLdDocument), line]));
});

afterAll(() => sample?.destroy());

describe("schema.org JSON-LD", () => {
  it("writes one self-contained document per article, its NewsArticle first, every @id once and every reference inside it", () => {
    expect([...jsonLd.keys()]).toEqual([BLINKEN_HUSSEIN, KALSU_REPORT]);
    for (const document of jsonLd.values()) {
      expect(document["@context"]).toBe("https://schema.org");
      const ids = document["@graph"].flatMap((node) => node["@id"] ?? []);
      expect(new Set(ids).size).toBe(ids.length);
      const { resolve } = indexed(document);
      const references = JSON.stringify(document).match(/\{"@id":"[^"]+"\}/g) ?? [];
      for (const reference of references) expect(() => resolve(JSON.parse(reference))).not.toThrow();
    }
  });

  it("describes the Blinken–Hussein article as a NewsArticle mentioning its people, organizations and the Moscow attack", () => {
    const document = jsonLd.get(BLINKEN_HUSSEIN)!;
    const article = document["@graph"][0]!;
    expect(article).toMatchObject({
      "@type": "NewsArticle",
      "@id": `urn:khabar:article:${BLINKEN_HUSSEIN}`,
      headline: "وزير الخارجية الأميركي، أنتوني بلينكن، ونظيره العراقي، فؤاد حسين",
      description: "بلينكن ونظيره العراقي ناقشا الوضع في الشرق الأوسط أيضا",
      datePublished: "2024-03-26T00:00:00.000Z",
      dateModified: expect.any(String),
      inLanguage: "ar",
      articleBody: expect.stringContaining("لقد كنا شركاء في القتال ضد داعش"),
      image: { "@type": "ImageObject", caption: expect.any(String), creditText: "@SecBlinken" },
    });
    // The outlet is not named on the page: no publisher rather than an empty one.
    expect(article.publisher).toBeUndefined();
    const mentions = (article.mentions as { "@id": string }[]).map((mention) => mention["@id"]);
    expect(mentions).toEqual(
      expect.arrayContaining(["urn:khabar:person:antony-blinken", "urn:khabar:person:fuad-hussein", "urn:khabar:organization:islamic-state", "urn:khabar:incident:moscow-attack-2024"]),
    );
    const { resolve } = indexed(document);
    expect(resolve({ "@id": "urn:khabar:person:fuad-hussein" })).toMatchObject({
      "@type": "Person",
      name: "فؤاد حسين",
      alternateName: expect.arrayContaining(["Fuad Hussein"]),
      jobTitle: "وزير الخارجية العراقي",
      affiliation: { "@id": "urn:khabar:organization:iraq-ministry-of-foreign-affairs" },
    });
  });

  it("gives every statement of the Blinken–Hussein article as a Quotation by its speaker, part of the article", () => {
    const document = jsonLd.get(BLINKEN_HUSSEIN)!;
    const { resolve, ofType } = indexed(document);
    const quotations = ofType("Quotation");
    expect(quotations).toHaveLength(19);
    for (const quotation of quotations) expect(quotation.isPartOf).toEqual({ "@id": `urn:khabar:article:${BLINKEN_HUSSEIN}` });
    const quotation = (words: string) => quotations.find((candidate) => String(candidate.text).includes(words))!;

    const partners = quotation("لقد كنا شركاء في القتال ضد داعش");
    expect(partners).toMatchObject({ additionalType: "DIRECT_QUOTE", creator: { "@id": "urn:khabar:person:fuad-hussein" } });
    expect(resolve(partners.creator)).toMatchObject({ "@type": "Person", name: "فؤاد حسين" });

    const moscow = quotation("الهجوم المروع الذي وقع قرب موسكو");
    expect(resolve(moscow.creator)).toMatchObject({ "@type": "Person", name: "أنتوني بلينكن" });
    expect(moscow.about).toEqual([{ "@id": "urn:khabar:incident:moscow-attack-2024" }]);
    const attack = resolve((moscow.about as unknown[])[0]);
    expect(attack).toMatchObject({ "@type": "Event", name: "هجوم قاعة كروكوس سيتي هول قرب موسكو", startDate: "2024-03-22" });
    expect(resolve(attack.location)).toMatchObject({ "@type": "Place", name: "قاعة كروكوس سيتي هول", geo: { "@type": "GeoCoordinates", latitude: 55.8256, longitude: 37.3906 } });

    // The State Department's statement is an organization's.
    expect(resolve(quotation("تحضيرا لاجتماع لجنة التنسيق").creator)).toMatchObject({ "@type": "Organization", name: "وزارة الخارجية الأميركية" });
    const kinds = new Set(quotations.map((candidate) => candidate.additionalType));
    expect(kinds).toEqual(new Set(["DIRECT_QUOTE", "PARAPHRASE"]));
  });

  it("has the Kalsu explosion as an Event at Camp Kalsu, with its coordinates and the places around it", () => {
    const document = jsonLd.get(KALSU_REPORT)!;
    const { resolve } = indexed(document);
    const kalsu = resolve({ "@id": "urn:khabar:incident:kalsu-base-explosion-2024" });
    expect(kalsu).toMatchObject({ "@type": "Event", name: "انفجار معسكر كالسو في محافظة بابل", alternateName: "Explosion at Kalsu base, Babil province", startDate: "2024-04-19", additionalType: "EXPLOSION" });
    const camp = resolve(kalsu.location);
    expect(camp).toMatchObject({
      "@type": "Place",
      name: "معسكر كالسو",
      alternateName: expect.arrayContaining(["Camp Kalsu"]),
      geo: { "@type": "GeoCoordinates", latitude: 32.9, longitude: 44.36 },
      address: { "@type": "PostalAddress", addressRegion: "محافظة بابل", addressCountry: "IQ" },
    });
    const city = resolve(camp.containedInPlace);
    const region = resolve(city.containedInPlace);
    const country = resolve(region.containedInPlace);
    expect([city["@type"], city.name, region["@type"], region.name, country["@type"], country.name]).toEqual(["City", "الإسكندرية", "AdministrativeArea", "محافظة بابل", "Country", "العراق"]);
    expect(country.containedInPlace).toBeUndefined();
  });

  it("gives an unnamed source as a Person that is only its label, and the agency it came through as publisher", () => {
    const document = jsonLd.get(KALSU_REPORT)!;
    const { resolve, ofType } = indexed(document);
    const quotations = ofType("Quotation");
    const security = quotations.find((quotation) => (quotation.creator as { name?: string }).name === "مصادر أمنية")!;
    expect(security.creator).toEqual({ "@type": "Person", name: "مصادر أمنية" });
    expect(resolve(security.publisher)).toMatchObject({ "@type": "Organization", name: "وكالة فرانس برس" });
    expect(security.about).toEqual([{ "@id": "urn:khabar:incident:kalsu-base-explosion-2024" }]);

    const denials = quotations.filter((quotation) => (quotation.creator as { "@id"?: string })["@id"] === "urn:khabar:organization:us-central-command");
    expect(denials).toHaveLength(2);
    expect(resolve(denials[0]!.creator)).toMatchObject({ "@type": "Organization", alternateName: expect.arrayContaining(["CENTCOM"]) });
  });
});

describe("IPTC ninjs 2.0", () => {
  let validate: ValidateFunction;
  let items: Record<string, unknown>[];

  beforeAll(async () => {
    // Strict, except for open tuples: a GeoJSON position is [longitude, latitude] with an optional altitude.
    const ajv = new Ajv({ allErrors: true, strict: true, strictTuples: false });
    formats.default(ajv);
    const ninjs = JSON.parse(readFileSync(projectPath("test/fixtures/ninjs-2.0.schema.json"), "utf8")) as { $id: string };
    ajv.addSchema(ninjs);
    // What Khabar promises on top of ninjs's own rules (which require only `uri`).
    const promised = ["uri", "type", "firstcreated", "versioncreated", "language", "headlines", "bodies", "altids"];
    validate = ajv.compile({
      type: "object",
      allOf: [{ $ref: ninjs.$id }],
      required: promised,
      properties: {
        ...Object.fromEntries(promised.map((name) => [name, {}])),
        type: { const: "text" },
        bodies: { type: "array", minItems: 1, items: { type: "object", required: ["contenttype"], properties: { contenttype: { const: "text/plain" } } } },
      },
    });
    items = jsonLines<Record<string, unknown>>(await exported(sample, "ninjs"));
  });

  it("writes every article as a ninjs item that the schema accepts", () => {
    expect(items).toHaveLength(2);
    for (const item of items) expect(validate(item), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it("refuses items that break the rules, so the schema is not a blank check", () => {
    const item = items[0]!;
    for (const broken of [{ ...item, uri: undefined }, { ...item, type: "article" }, { ...item, headline: "x" }, { ...item, versioncreated: "yesterday" }, { ...item, places: [{ name: "x", geojson: { type: "Point", coordinates: [200, 0] } }] }]) {
      expect(validate(JSON.parse(JSON.stringify(broken)))).toBe(false);
    }
  });

  it("carries the article's headline, body, people, organisations, incident places, topics and ids", () => {
    const blinken = items.find((item) => item.uri === `urn:khabar:article:${BLINKEN_HUSSEIN}`)!;
    expect(blinken).toMatchObject({
      type: "text",
      language: "ar",
      firstcreated: "2024-03-26T00:00:00.000Z",
      headlines: [{ role: "main", contenttype: "text/plain", value: "وزير الخارجية الأميركي، أنتوني بلينكن، ونظيره العراقي، فؤاد حسين" }],
      bodies: [{ role: "main", contenttype: "text/plain", value: expect.stringContaining("وسنبقى شركاء في هذه المعركة") }],
      altids: [{ role: "khabar-slug", value: BLINKEN_HUSSEIN }],
    });
    expect(blinken.people).toEqual(expect.arrayContaining([{ name: "فؤاد حسين", uri: "urn:khabar:person:fuad-hussein", literal: "fuad-hussein" }]));
    expect(blinken.organisations).toEqual(expect.arrayContaining([expect.objectContaining({ uri: "urn:khabar:organization:islamic-state" })]));
    expect(blinken.places).toEqual([{ name: "قاعة كروكوس سيتي هول", uri: "urn:khabar:location:crocus-city-hall", literal: "crocus-city-hall", geojson: { type: "Point", coordinates: [37.3906, 55.8256] } }]);
    expect(blinken.subjects).toEqual(expect.arrayContaining([{ name: "داعش" }]));

    const kalsu = items.find((item) => item.uri === `urn:khabar:article:${KALSU_REPORT}`)!;
    expect((kalsu.places as { literal: string }[]).map((place) => place.literal)).toEqual(["israel", "isfahan-military-base", "kalsu-base"]);
    expect(kalsu.events).toEqual(expect.arrayContaining([{ name: "انفجار معسكر كالسو في محافظة بابل", uri: "urn:khabar:incident:kalsu-base-explosion-2024", literal: "kalsu-base-explosion-2024" }]));
  });
});

describe("ACLED-shaped CSV", () => {
  let rows: Record<string, string>[];
  let text: string;

  beforeAll(async () => {
    text = await exported(sample, "acled-csv");
    rows = csvRows(text);
  });

  it("has ACLED's columns, then Khabar's, and a row per sample incident", () => {
    expect(text.split("\r\n")[0]).toBe(ACLED_COLUMNS.join(","));
    expect(ACLED_COLUMNS.slice(0, 11)).toEqual(["event_date", "event_type", "actor1", "country", "admin1", "location", "latitude", "longitude", "fatalities", "source", "notes"]);
    expect(rows.map((row) => row.khabar_slug).sort()).toEqual(["iran-attack-on-israel-2024", "isfahan-explosions-2024", "kalsu-base-explosion-2024", "moscow-attack-2024"]);
  });

  it("gives the Moscow attack and the Kalsu explosion with their dead, places and claims, Arabic intact", () => {
    const bySlug = new Map(rows.map((row) => [row.khabar_slug, row]));
    expect(bySlug.get("moscow-attack-2024")).toMatchObject({
      event_date: "2024-03-22",
      event_type: "Violence against civilians",
      actor1: "تنظيم الدولة الإسلامية-ولاية خراسان",
      country: "RU",
      admin1: "مقاطعة موسكو",
      location: "قاعة كروكوس سيتي هول",
      latitude: "55.8256",
      longitude: "37.3906",
      fatalities: "139",
      injured: "",
      notes: summaryOf("moscow-attack-2024"),
      claims: "CLAIMED: تنظيم الدولة الإسلامية-ولاية خراسان; ACCUSED: أنتوني بلينكن → تنظيم الدولة الإسلامية",
      khabar_kind: "ATTACK",
      khabar_articles: BLINKEN_HUSSEIN,
    });
    expect(bySlug.get("kalsu-base-explosion-2024")).toMatchObject({
      event_date: "2024-04-19",
      event_type: "Explosions/Remote violence",
      actor1: "",
      country: "IQ",
      admin1: "محافظة بابل",
      location: "معسكر كالسو",
      latitude: "32.9",
      longitude: "44.36",
      fatalities: "1",
      injured: "8",
      source: "رويترز; وكالة فرانس برس",
      notes: summaryOf("kalsu-base-explosion-2024"),
      claims: "DENIED: القيادة العسكرية الأميركية في الشرق الأوسط",
    });
    // Unknown figures stay empty: 0 would say nobody died.
    expect(bySlug.get("isfahan-explosions-2024")).toMatchObject({ fatalities: "", injured: "", admin1: "محافظة أصفهان", country: "IR" });
    expect(bySlug.get("iran-attack-on-israel-2024")).toMatchObject({ country: "IL", admin1: "", location: "إسرائيل", latitude: "" });
  });

  it("quotes commas, quotes and line breaks so that the text parses back as written", async () => {
    const tricky = {
      type: "incident",
      slug: "tricky-quoting",
      title: 'انفجار "مزدوج", بغداد',
      kind: "OTHER",
      occurredOn: "2024-05-01",
      location: "kalsu-base",
      killed: 0,
      summary: 'قال مسؤول: "انفجاران، لا واحد".\nوأضاف, بالإنجليزية: "two blasts, not one"',
    };
    const database = await createSampleDatabase();
    try {
      await importNdjson(database.db, [JSON.stringify(tricky)]);
      const written = await exported(database, "acled-csv");
      const row = csvRows(written).find((candidate) => candidate.khabar_slug === "tricky-quoting")!;
      expect(row).toMatchObject({ notes: tricky.summary, fatalities: "0", event_type: "Strategic developments" });
      expect(written).toContain('"قال مسؤول: ""انفجاران، لا واحد"".\nوأضاف, بالإنجليزية: ""two blasts, not one"""');
    } finally {
      database.destroy();
    }
  });
});

describe("khabar export --format", () => {
  let directory: string;
  const databasePath = () => join(directory, "khabar.db");

  beforeAll(async () => {
    directory = temporaryDirectory();
    const seeded = await khabar(databasePath(), ["seed"]);
    expect(seeded.code, seeded.stderr).toBe(0);
  });

  it("writes NDJSON by default and for --format ndjson, byte for byte the same", async () => {
    const plain = await khabar(databasePath(), ["export"]);
    const named = await khabar(databasePath(), ["export", "--format", "ndjson"]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(named.stdout).toBe(plain.stdout);
    expect(plain.stdout.split("\n").filter(Boolean)).toHaveLength(SAMPLE_RECORDS.length);
    expect(named.stderr).toContain(`exported ${SAMPLE_RECORDS.length} records`);
  });

  it("writes each open format to a FILE", async () => {
    const cases = [
      ["jsonld", "2 articles", (file: string) => expect(jsonLines<JsonLdDocument>(file).map((document) => document["@graph"][0]!["@type"])).toEqual(["NewsArticle", "NewsArticle"])],
      ["ninjs", "2 articles", (file: string) => expect(jsonLines<{ type: string }>(file).map((item) => item.type)).toEqual(["text", "text"])],
      ["acled-csv", "4 incidents", (file: string) => expect(csvRows(file).map((row) => row.fatalities)).toEqual(["", "", "1", "139"])],
    ] as const;
    for (const [format, count, check] of cases) {
      const file = join(directory, `graph.${format}`);
      const run = await khabar(databasePath(), ["export", "--format", format, file]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain(`exported ${count} as ${format}`);
      check(readFileSync(file, "utf8"));
    }
  });

  it("refuses an unknown format as a usage error (exit 2) and writes no file", async () => {
    const file = join(directory, "graph.nope");
    const run = await khabar(databasePath(), ["export", "--format", "nope", file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown export format "nope": use ndjson, jsonld, ninjs, acled-csv');
    expect(existsSync(file)).toBe(false);
  });
});

describe("GET /articles/{slug}.jsonld", () => {
  let server: TestServer;
  let origin: string;

  beforeAll(async () => {
    server = await startTestServer(sample);
    origin = new URL(server.url).origin;
  });

  afterAll(() => server?.close());

  it("answers the article's JSON-LD, byte for byte the export's line for it, cacheable for 60 s", async () => {
    const response = await fetch(`${origin}/articles/${KALSU_REPORT}.jsonld`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/ld+json; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("max-age=60, public");
    expect(await response.text()).toBe(jsonLdLines.get(KALSU_REPORT));
  });

  it("writes text that cannot end the <script> element a page embeds it in", async () => {
    const body = 'He wrote "</script><script>alert(1)</script>" & left.\n\nA second paragraph\u2028here.';
    const database = await createSampleDatabase();
    const record = { type: "article", slug: "script-in-body", headline: "<b>Headline</b>", body, language: "en", publishedAt: "2024-05-01T00:00:00Z" };
    // Imported before the server starts: on PostgreSQL it reads a copy made at its start.
    await importNdjson(database.db, [JSON.stringify(record)]);
    const own = await startTestServer(database);
    try {
      const text = await (await fetch(`${new URL(own.url).origin}/articles/script-in-body.jsonld`)).text();
      expect(text).not.toMatch(/[<>&\u2028]/);
      expect(JSON.parse(text)["@graph"][0]).toMatchObject({ headline: "<b>Headline</b>", articleBody: body });
    } finally {
      await own.close();
      database.destroy();
    }
  });

  it("compresses for clients that accept it", async () => {
    const response = await fetch(`${origin}/articles/${BLINKEN_HUSSEIN}.jsonld`, { headers: { "accept-encoding": "gzip" } });
    expect(response.headers.get("content-encoding")).toBe("gzip");
    expect(await response.json()).toEqual(jsonLd.get(BLINKEN_HUSSEIN));
  });

  it("answers 404 in JSON for an unknown or malformed slug, uncached", async () => {
    for (const path of ["/articles/no-such-article.jsonld", "/articles/Not%20A%20Slug.jsonld", "/articles/%E0%A4%A.jsonld"]) {
      const response = await fetch(`${origin}${path}`);
      expect(response.status, path).toBe(404);
      expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(await response.json()).toEqual({ error: expect.stringContaining("No article has the slug") });
    }
  });

  it("takes GET and HEAD only", async () => {
    const post = await fetch(`${origin}/articles/${KALSU_REPORT}.jsonld`, { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
    const head = await fetch(`${origin}/articles/${KALSU_REPORT}.jsonld`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get("content-length"))).toBeGreaterThan(1000);
  });
});
