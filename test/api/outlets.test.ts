// Outlets are organizations: articles name theirs by slug (older files by name or alias), the
// API answers them as Organizations with their published articles, and migration 0009 turned the
// outlets databases held as text into organizations.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { MIGRATIONS_FOLDER } from "../../src/db/migrate.js";
import { prepareDatabase } from "../../src/database.js";
import { ImportError, importNdjson } from "../../src/ingest/importer.js";
import { createTestDatabase, temporaryDirectory } from "../helpers/database.js";
import { gql, gqlData } from "../helpers/server.js";
import { useSampleServer } from "../helpers/sample-server.js";

const sample = useSampleServer();

const ARTICLE = { headline: "عنوان", body: "فقرة.", language: "ar", publishedAt: "2024-06-01T10:00:00Z" };

describe("outlets", () => {
  it("are organizations: an article names one, which lists what it published", async () => {
    await gqlData(sample.server.url, `mutation { createOrganization(input: { slug: "al-mada", name: "المدى", nameEn: "Al Mada", kind: NEWS_OUTLET, aliases: ["صحيفة المدى"] }) { id } }`, {}, sample.keys.editor);
    const created = await gqlData(sample.server.url, `mutation($input: CreateArticleInput!) { createArticle(input: $input) { outlet { slug kind } } }`, { input: { ...ARTICLE, slug: "mada-report", outlet: "al-mada" } }, sample.keys.editor);
    expect(created.createArticle.outlet).toEqual({ slug: "al-mada", kind: "NEWS_OUTLET" });
    const outlet = await gqlData(sample.server.url, `{ organization(slug: "al-mada") { publishedArticles { totalCount nodes { slug } } } }`);
    expect(outlet.organization.publishedArticles).toEqual({ totalCount: 1, nodes: [{ slug: "mada-report" }] });
    const jsonld = (await (await fetch(new URL("/articles/mada-report.jsonld", sample.server.url))).json()) as { "@graph": { "@type": string; publisher?: { "@id": string }; "@id"?: string; name?: string }[] };
    const article = jsonld["@graph"].find((node) => node["@type"] === "NewsArticle")!;
    expect(jsonld["@graph"].find((node) => node["@id"] === article.publisher?.["@id"])?.name).toBe("المدى");
  });

  it("refuse an outlet that is not an organization", async () => {
    const result = await gql(sample.server.url, `mutation($input: CreateArticleInput!) { createArticle(input: $input) { id } }`, { input: { ...ARTICLE, slug: "bad-outlet", outlet: "antony-blinken" } }, sample.keys.editor);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", fieldErrors: [{ path: "input.outlet" }] });
  });
});

describe("outlets in NDJSON", () => {
  it("are a slug, and the old text form is matched to an organization's name or alias, or refused", async () => {
    const target = createTestDatabase();
    try {
      const outlet = JSON.stringify({ type: "organization", slug: "al-mada", name: "المدى", aliases: ["صحيفة المدى"], kind: "NEWS_OUTLET" });
      const byName = JSON.stringify({ type: "article", slug: "old-form", ...ARTICLE, outlet: "صحيفة المدى" });
      await importNdjson(target.db, [outlet, byName]);
      expect(target.sqlite.prepare("select a.slug from articles r join actors a on a.id = r.outlet_id").get()).toEqual({ slug: "al-mada" });
      const unknown = await importNdjson(target.db, [JSON.stringify({ type: "article", slug: "unknown-outlet", ...ARTICLE, outlet: "جريدة مجهولة" })]).catch((error: unknown) => error);
      expect(unknown).toBeInstanceOf(ImportError);
      expect((unknown as ImportError).fieldErrors[0]).toMatchObject({ path: "outlet" });
    } finally {
      target.destroy();
    }
  });
});

describe("the migration to outlet organizations", () => {
  it("links an outlet named like an organization to it, and makes the others organizations", () => {
    const directory = temporaryDirectory();
    const before = join(directory, "migrations-before-outlets");
    mkdirSync(join(before, "meta"), { recursive: true });
    const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as { entries: { tag: string }[] };
    writeFileSync(join(before, "meta", "_journal.json"), JSON.stringify({ ...journal, entries: journal.entries.filter((entry) => entry.tag < "0009") }));
    for (const file of readdirSync(MIGRATIONS_FOLDER).filter((name) => name.endsWith(".sql") && name < "0009")) copyFileSync(join(MIGRATIONS_FOLDER, file), join(before, file));

    const handle = openDatabase(join(directory, "old.db"));
    try {
      migrate(handle.db, { migrationsFolder: before });
      const now = "2024-01-01T00:00:00.000Z";
      handle.sqlite.prepare("insert into actors (actor_type, slug, name, organization_kind, created_at, updated_at) values ('ORGANIZATION', 'reuters', 'رويترز', 'NEWS_AGENCY', ?, ?)").run(now, now);
      const article = handle.sqlite.prepare("insert into articles (slug, headline, body, language, published_at, updated_at, created_at, outlet) values (?, 'h', 'b', 'ar', ?, ?, ?, ?)");
      article.run("by-reuters", now, now, now, "رويترز");
      article.run("by-unknown", now, now, now, "الحرة");
      prepareDatabase(handle);
      const outlets = handle.sqlite.prepare("select r.slug as article, a.slug as outlet, a.organization_kind as kind from articles r join actors a on a.id = r.outlet_id order by r.slug").all();
      expect(outlets).toEqual([
        { article: "by-reuters", outlet: "reuters", kind: "NEWS_AGENCY" },
        { article: "by-unknown", outlet: "outlet-migrated-1", kind: "NEWS_OUTLET" },
      ]);
      const indexed = handle.sqlite.prepare("select count(*) as n from search_entries where rowid = (select id from actors where slug = 'outlet-migrated-1') * 8 + 3").get();
      expect(indexed).toEqual({ n: 1 });
    } finally {
      handle.close();
    }
  });
});
