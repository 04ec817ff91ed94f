// Small generated graphs in the import format, for tests that need more rows than the sample.
import type { ArticleRecord, ContentRecord } from "../../src/ingest/records.js";

export interface GraphSize {
  articles: number;
  people: number;
  incidents: number;
  statementsPerArticle: number;
}

export function generateGraph(size: GraphSize): ContentRecord[] {
  const records: ContentRecord[] = [
    { type: "organization", slug: "agency", name: "وكالة", nameEn: "Agency", kind: "NEWS_AGENCY", aliases: ["الوكالة"] },
  ];
  for (let person = 0; person < size.people; person += 1) {
    records.push({ type: "person", slug: `person-${person}`, name: `شخص ${person}`, nameEn: `Person ${person}`, aliases: [`P${person}`], country: "IQ", affiliation: "agency" });
  }
  for (let incident = 0; incident < size.incidents; incident += 1) {
    records.push({ type: "incident", slug: `incident-${incident}`, title: `حادث ${incident}`, kind: "EXPLOSION", occurredOn: `2024-01-${String((incident % 28) + 1).padStart(2, "0")}`, killed: incident, perpetrators: ["agency"], claims: [{ actor: "agency", stance: "DENIED" }] });
  }
  for (let article = 0; article < size.articles; article += 1) {
    const paragraphs = Array.from({ length: size.statementsPerArticle }, (_, index) => `فقرة ${index} من المقال ${article}`);
    const record: ArticleRecord = {
      type: "article",
      slug: `article-${article}`,
      headline: `عنوان ${article}`,
      body: paragraphs.join("\n\n"),
      language: "ar",
      publishedAt: new Date(Date.UTC(2024, 0, 1) + article * 3_600_000).toISOString(),
      topics: ["topic"],
      relatedArticles: article > 0 ? [`article-${article - 1}`] : [],
      statements: paragraphs.map((_, index) => ({
        text: `فقرة ${index}`,
        kind: index % 2 === 0 ? "DIRECT_QUOTE" : "PARAPHRASE",
        speaker: `person-${(article + index) % size.people}`,
        paragraph: index,
        via: "agency",
        incidents: [`incident-${(article + index) % size.incidents}`],
      })),
    };
    records.push(record);
  }
  return records;
}

export function toNdjson(records: readonly ContentRecord[]): string[] {
  return records.map((record) => JSON.stringify(record));
}
