// `extractStatements` over HTTP: the sample page's body read back into proposals with Khabar's
// people and organizations as speakers, nothing written, and every kind of bad text refused.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rows } from "../../src/db/read.js";
import { SAMPLE_CONTENT_FILE } from "../../src/ingest/sample-content.js";
import type { ArticleRecord } from "../../src/ingest/records.js";
import { temporaryDirectory } from "../helpers/database.js";
import { runKhabar } from "../helpers/process.js";
import { contentCounts } from "../helpers/keys.js";
import { gql, gqlData } from "../helpers/server.js";
import { useSampleServer } from "../helpers/sample-server.js";

const sample = useSampleServer();

const EXTRACT = `query($text: String!, $language: String) { extractStatements(text: $text, language: $language) {
  language extractorVersion unresolvedNames
  statements { text kind cue paragraph start end speaker { slug name } speakerName speakerLabel via { slug } confidence rule } } }`;

interface Proposal {
  text: string;
  kind: string;
  paragraph: number;
  start: number;
  end: number;
  speaker: { slug: string } | null;
  speakerLabel: string | null;
  via: { slug: string } | null;
}

const sampleArticles = readFileSync(SAMPLE_CONTENT_FILE, "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => JSON.parse(line) as { type: string })
  .filter((record): record is ArticleRecord => record.type === "article");

describe("extractStatements", () => {
  it("reads the sample article's quotes back with the annotated speakers, and writes nothing", async () => {
    const article = sampleArticles.find((record) => record.slug === "blinken-hussein-isis-partnership")!;
    const before = contentCounts(sample.database);
    const { extractStatements } = await gqlData<{ extractStatements: { language: string; statements: Proposal[] } }>(sample.server.url, EXTRACT, { text: article.body, language: "ar" });
    expect(extractStatements.language).toBe("ar");
    for (const proposal of extractStatements.statements) expect(article.body.slice(proposal.start, proposal.end)).toBe(proposal.text);
    // Every annotated direct quote is proposed, in its paragraph, by its speaker (a joint
    // statement is one proposal per speaker, as the annotation has it).
    const quotes = (article.statements ?? []).filter((statement) => statement.kind === "DIRECT_QUOTE");
    expect(quotes.length).toBeGreaterThan(10);
    for (const quote of quotes) {
      const found = extractStatements.statements.find(
        (proposal) => proposal.paragraph === quote.paragraph && proposal.text === quote.text && (proposal.speaker?.slug ?? null) === (quote.speaker ?? null),
      );
      expect(found, `${quote.speaker}: ${quote.text}`).toBeDefined();
    }
    expect(contentCounts(sample.database)).toEqual(before);
  });

  it("keeps unnamed sources as labels and agencies as via", async () => {
    const text = "قالت مصادر أمنية إن الانفجار وقع ليلا.\n\nونقلت رويترز عن متحدث باسم الحشد الشعبي قوله: \"كان هجوما\".";
    const { extractStatements } = await gqlData<{ extractStatements: { statements: Proposal[] } }>(sample.server.url, EXTRACT, { text });
    expect(extractStatements.statements[0]).toMatchObject({ kind: "PARAPHRASE", speaker: null, speakerLabel: "مصادر أمنية" });
    expect(extractStatements.statements[1]).toMatchObject({ kind: "DIRECT_QUOTE", via: { slug: "reuters" } });
  });

it("resolves a speaker added after an earlier extraction (the cache of known names follows writes)", async () => {
    const text = "قال الوزير سامر الجديد إن الاجتماع انتهى.";
    const before = await gqlData<{ extractStatements: { statements: Proposal[] } }>(sample.server.url, EXTRACT, { text });
    expect(before.extractStatements.statements[0]?.speaker).toBeNull();
    await gqlData(sample.server.url, `mutation { createPerson(input: { slug: "samer-new", name: "سامر الجديد" }) { id } }`, {}, sample.keys.editor);
    const after = await gqlData<{ extractStatements: { statements: Proposal[] } }>(sample.server.url, EXTRACT, { text });
    expect(after.extractStatements.statements[0]?.speaker).toEqual({ slug: "samer-new", name: "سامر الجديد" });
  });

  it("answers an empty list for a text without statements", async () => {
    const { extractStatements } = await gqlData(sample.server.url, EXTRACT, { text: "الطقس معتدل اليوم في بغداد." });
    expect(extractStatements.statements).toEqual([]);
  });

  it.each([
    ["blank text", { text: "   \n " }, "text"],
    ["text over 200,000 characters", { text: "ب".repeat(200_001) }, "text"],
    ["a language other than ar or en", { text: "قال الوزير إن", language: "fr" }, "language"],
    ["a lone surrogate (invalid UTF-8 on the way in)", { text: "قال \uD800 الوزير" }, "text"],
    ["binary control characters", { text: "قال\u0000\u0001 الوزير" }, "text"],
  ])("refuses %s with BAD_USER_INPUT naming the field", async (_case, variables, field) => {
    const result = await gql(sample.server.url, EXTRACT, variables);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", fieldErrors: [{ path: field }] });
  });

  it("stays up on hostile text: unbalanced and nested marks, thousands of quotes, bidi controls", async () => {
    const hostile = ["«".repeat(5_000), '"'.repeat(10_000), "قال «قال «قال «قال", "\u202E\u2066قال\u2069 الوزير: «نعم»", "“".repeat(3_000) + "”".repeat(10)].join("\n\n");
    const result = await gql(sample.server.url, EXTRACT, { text: hostile });
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
  });
});

describe("khabar extract", () => {
  it("prints the proposals in reading order, resolved against the sample.database, and refuses a missing FILE", async () => {
    const directory = temporaryDirectory();
    const file = join(directory, "article.txt");
    writeFileSync(file, 'قال وزير الخارجية العراقي فؤاد حسين: "سنواصل العمل".\n\nوأضاف أن الشراكة مستمرة.\n');
    const run = runKhabar({ DATABASE_URL: sample.server.postgresUrl ?? sample.database.path }, "src/cli/main.ts", ["extract", file]);
    expect(await run.exited).toBe(0);
    await run.closed;
    expect(run.output()).toContain("0\tDIRECT_QUOTE\tfuad-hussein\tقال\tسنواصل العمل");
    expect(run.output()).toContain("1\tPARAPHRASE\tfuad-hussein");
    const usage = runKhabar({ DATABASE_URL: sample.database.path }, "src/cli/main.ts", ["extract"]);
    expect(await usage.exited).toBe(2);
  });

  it("import-text writes the article with its proposals as suggestions, and refuses a taken slug", async () => {
    const directory = temporaryDirectory();
    const file = join(directory, "article.txt");
    writeFileSync(file, 'قال وزير الخارجية العراقي فؤاد حسين: "سنواصل العمل".\n');
    const args = ["import-text", file, "--slug", "from-the-terminal", "--published-at", "2024-06-06T08:00:00Z"];
    // The database the server serves: the SQLite file, or its PostgreSQL copy in that run.
    const served = { DATABASE_URL: sample.server.postgresUrl ?? sample.database.path };
    const run = runKhabar(served, "src/cli/main.ts", args);
    expect(await run.exited).toBe(0);
    await run.closed;
    expect(run.output()).toContain("wrote article from-the-terminal with 1 suggested statement(s) to review");
    const { engine } = sample.server;
    const suggestions = await engine.run(
      rows(engine.dialect, () => sql`select s."status" from "statement_suggestions" s join "articles" a on a."id" = s."article_id" where a."slug" = 'from-the-terminal'`),
    );
    expect(suggestions).toEqual([{ status: "SUGGESTED" }]);
    const again = runKhabar(served, "src/cli/main.ts", args);
    expect(await again.exited).toBe(1);
    await again.closed;
    expect(again.output()).toContain("slug is already used");
  });
});
