// The annotated sample page, as users first meet it: who said what, the incidents and their
// casualties, and the links between them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSampleDatabase, type TestDatabase } from "../helpers/database.js";
import { parse, validate } from "graphql";
import { SAMPLE_QUERIES } from "../../src/http/sample-queries.js";
import { buildKhabarSchema } from "../../src/schema.js";
import { gqlData, startTestServer, type TestServer } from "../helpers/server.js";

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

describe("the sample content", () => {
  it("holds both articles of the page, each the other's related article", async () => {
    const data = await gqlData(server.url, `{
      articles(first: 10) { totalCount nodes { slug language direction publishedAt outlet { slug } image { caption credit } relatedArticles { slug } } }
    }`);
    expect(data.articles.totalCount).toBe(2);
    const [related, main] = data.articles.nodes;
    expect(main).toMatchObject({
      slug: "blinken-hussein-isis-partnership",
      language: "ar",
      direction: "RTL",
      publishedAt: "2024-03-26T00:00:00.000Z",
      outlet: null,
      image: { credit: "@SecBlinken" },
      relatedArticles: [{ slug: "kalsu-base-explosion-washington-denies" }],
    });
    expect(related).toMatchObject({ slug: "kalsu-base-explosion-washington-denies", publishedAt: "2024-04-20T00:00:00.000Z", relatedArticles: [{ slug: "blinken-hussein-isis-partnership" }] });
  });

  it("uses the page's first line as headline and the text before ' | Source: ' as summary", async () => {
    const data = await gqlData(server.url, `{ article(slug: "blinken-hussein-isis-partnership") { headline summary paragraphs } }`);
    expect(data.article.headline).toBe("وزير الخارجية الأميركي، أنتوني بلينكن، ونظيره العراقي، فؤاد حسين");
    expect(data.article.summary).toBe("بلينكن ونظيره العراقي ناقشا الوضع في الشرق الأوسط أيضا");
    expect(data.article.paragraphs[0]).toMatch(/^أكد وزير الخارجية الأميركي أنتوني بلينكن/);
  });

  it("attributes every direct quote to a speaker and keeps it verbatim in its paragraph", async () => {
    const data = await gqlData(server.url, `{
      articles(first: 10) { nodes { slug paragraphs statements(first: 100) { totalCount nodes { text kind paragraph speakerLabel speaker { slug } } } } }
    }`);
    let quotes = 0;
    for (const article of data.articles.nodes) {
      for (const statement of article.statements.nodes) {
        expect(article.paragraphs[statement.paragraph]).toContain(statement.text);
        expect(statement.speaker !== null || statement.speakerLabel !== null).toBe(true);
        if (statement.kind === "DIRECT_QUOTE") quotes += 1;
      }
    }
    expect(quotes).toBeGreaterThanOrEqual(15);
  });

  it("gives Fuad Hussein's quotes to him, including the ones introduced only by 'وتابع'", async () => {
    const data = await gqlData(server.url, `{
      person(slug: "fuad-hussein") { name nameEn role statements(first: 50) { nodes { text kind } } }
    }`);
    expect(data.person).toMatchObject({ name: "فؤاد حسين", nameEn: "Fuad Hussein" });
    const texts = data.person.statements.nodes.map((statement: { text: string }) => statement.text);
    expect(texts).toContain("لقد كنا شركاء في القتال ضد داعش، وسنبقى شركاء في هذه المعركة");
    expect(texts).toContain("من دواعي سروري أن أكون هنا وأن أجري مناقشات حول مواضيع مختلفة تتعلق بعلاقاتنا الثنائية");
    expect(texts).not.toContain("نحن نتطلع إلى زيارة السوداني لرؤية الرئيس بايدن في غضون أسابيع قليلة");
  });

  it("gives Blinken the quote about Sudani's visit and links his Moscow remark to the Moscow attack", async () => {
    const data = await gqlData(server.url, `{
      person(slug: "antony-blinken") { aliases statements(first: 50) { nodes { text incidents { slug } } } }
    }`);
    expect(data.person.aliases).toEqual(expect.arrayContaining(["Blinken"]));
    const visit = data.person.statements.nodes.find((statement: { text: string }) => statement.text.includes("زيارة السوداني"));
    expect(visit).toBeDefined();
    const moscow = data.person.statements.nodes.find((statement: { text: string }) => statement.text.includes("قرب موسكو"));
    expect(moscow.incidents).toEqual([{ slug: "moscow-attack-2024" }]);
  });

  it("reports the Moscow attack with its 139 dead, its date and the group that claimed it", async () => {
    const data = await gqlData(server.url, `{
      incident(slug: "moscow-attack-2024") {
        kind occurredOn killed injured location { country }
        perpetrators { slug }
        claims { stance actor { slug } }
        articles { nodes { slug } }
      }
    }`);
    expect(data.incident).toMatchObject({ occurredOn: "2024-03-22", killed: 139, injured: null, location: { country: "RU" } });
    expect(data.incident.perpetrators).toEqual([{ slug: "islamic-state-khorasan" }]);
    expect(data.incident.claims).toContainEqual({ stance: "CLAIMED", actor: { slug: "islamic-state-khorasan" } });
    expect(data.incident.articles.nodes).toEqual([{ slug: "blinken-hussein-isis-partnership" }]);
  });

  it("links CENTCOM's denial to the Kalsu explosion, with one dead and eight injured", async () => {
    const data = await gqlData(server.url, `{
      incident(slug: "kalsu-base-explosion-2024") {
        killed injured location { country region }
        claims { stance actor { slug } statement { text kind cue } }
        statements(first: 50) { nodes { speaker { slug } speakerLabel via { slug } } }
      }
    }`);
    expect(data.incident).toMatchObject({ killed: 1, injured: 8, location: { country: "IQ" } });
    const denials = data.incident.claims.filter((claim: { stance: string }) => claim.stance === "DENIED");
    expect(denials.length).toBeGreaterThan(0);
    for (const denial of denials) {
      expect(denial.actor.slug).toBe("us-central-command");
      expect(denial.statement).not.toBeNull();
    }
    const speakers = data.incident.statements.nodes.map((statement: { speaker: { slug: string } | null }) => statement.speaker?.slug);
    expect(speakers).toEqual(expect.arrayContaining(["us-central-command", "iraq-security-media-cell", "popular-mobilization-forces"]));
  });

  it("keeps unnamed sources as published instead of inventing a speaker, and credits the agencies", async () => {
    const data = await gqlData(server.url, `{
      statements(first: 100) { nodes { speaker { slug } speakerLabel via { slug } } }
    }`);
    const unnamed = data.statements.nodes.filter((statement: { speaker: unknown }) => statement.speaker === null);
    expect(unnamed.map((statement: { speakerLabel: string }) => statement.speakerLabel)).toEqual(expect.arrayContaining(["مصادر أمنية", "مسؤول عسكري"]));
    for (const statement of unnamed) expect(statement.via).toEqual({ slug: "afp" });
    expect(data.statements.nodes.some((statement: { via: { slug: string } | null }) => statement.via?.slug === "reuters")).toBe(true);
  });

  it("matches the misspelled agency name on the page through an alias of AFP", async () => {
    const data = await gqlData(server.url, `{ organization(slug: "afp") { kind country aliases } }`);
    expect(data.organization.kind).toBe("NEWS_AGENCY");
    expect(data.organization.aliases).toEqual(expect.arrayContaining(["فراس برس", "فرانس برس"]));
  });

  it("has every slug the design fixes", async () => {
    const data = await gqlData(server.url, `{
      people(first: 100) { nodes { slug } }
      organizations(first: 100) { nodes { slug } }
      incidents(first: 100) { nodes { slug } }
    }`);
    const slugs = (list: { nodes: { slug: string }[] }) => list.nodes.map((node) => node.slug);
    expect(slugs(data.people)).toEqual(expect.arrayContaining(["antony-blinken", "fuad-hussein", "mohammed-shia-al-sudani", "joe-biden"]));
    expect(slugs(data.organizations)).toEqual(
      expect.arrayContaining(["islamic-state", "islamic-state-khorasan", "us-state-department", "us-central-command", "popular-mobilization-forces", "iraq-security-media-cell", "israel-defense-forces", "reuters", "afp"]),
    );
    expect(slugs(data.incidents)).toEqual(expect.arrayContaining(["moscow-attack-2024", "kalsu-base-explosion-2024", "isfahan-explosions-2024", "iran-attack-on-israel-2024"]));
  });
});

describe("the playground's sample queries", () => {
  const isSubscription = (query: string) => /^subscription\b/m.test(query);
  const queries = SAMPLE_QUERIES.filter((sample) => !isSubscription(sample.query));
  const subscriptions = SAMPLE_QUERIES.filter((sample) => isSubscription(sample.query));

  it.each(queries.map((sample) => [sample.title, sample.query] as const))("%s: runs on the sample without an error and finds something", async (_title, query) => {
    const data = await gqlData<Record<string, unknown>>(server.url, query);
    expect(Object.values(data).every((value) => value !== null)).toBe(true);
  });

  // Subscriptions run over WebSocket (the playground test runs this one in a browser): here they must at least be valid.
  it.each(subscriptions.map((sample) => [sample.title, sample.query] as const))("%s: is a valid subscription of the schema", (_title, query) => {
    expect(validate(buildKhabarSchema(), parse(query))).toEqual([]);
  });
});
