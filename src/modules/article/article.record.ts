// The one schema of an article's data as an NDJSON record (design.md §4), its statements inside:
// what import, export, the sample file and the editing mutations all read and write.
import type { ReferenceTarget } from "../editing/references.js";
import { isObject, MAX_TEXT, type Checker } from "../../shared/record-check.js";
import { paragraphsOf } from "../../shared/rules.js";
import { actors } from "../actor/actor.table.js";
import { pagesBySlug, read, type ReadProgram } from "../../db/read-program.js";
import { groupBy } from "../../shared/batch.js";
import { IncidentQueries } from "../incident/incident.repository.js";
import { compact, type SlugLookup } from "../slugs.js";
import { checkStatementRecord, resolveStatementSlugs, statementLinksOf, statementRecordFrom, type StatementRecord } from "../statement/statement.record.js";
import { StatementQueries } from "../statement/statement.repository.js";
import { ArticleQueries } from "./article.repository.js";
import { articles, type ArticleRow } from "./article.table.js";

export interface ArticleRecord {
  type: "article";
  slug: string;
  headline: string;
  summary?: string | null;
  body: string;
  language: string;
  publishedAt: string;
  updatedAt?: string | null;
  url?: string | null;
  topics?: string[];
  image?: { caption?: string | null; credit?: string | null; alt?: string | null } | null;
  /** The slug of the organization that published it (older files give its name, matched to an organization's name or alias). */
  outlet?: string | null;
  people?: string[];
  organizations?: string[];
  incidents?: string[];
  relatedArticles?: string[];
  statements?: StatementRecord[];
  /** Corrections published with the article, in order. */
  corrections?: { at: string; note: string }[];
}

export function checkArticleRecord(check: Checker, value: Record<string, unknown>): void {
  check.slug("slug", { required: true });
  check.string("headline", { required: true });
  check.string("summary", { max: MAX_TEXT });
  const body = check.string("body", { required: true, max: MAX_TEXT }) ?? "";
  check.language("language", { required: true });
  check.instant("publishedAt", true);
  check.instant("updatedAt", false);
  check.string("url");
  check.string("outlet");
  check.stringList("topics", 200);
  check.slugList("people");
  check.slugList("organizations");
  check.slugList("incidents");
  check.slugList("relatedArticles");
  if (value.image != null && !isObject(value.image)) check.fail("image", "must be an object");
  if (value.corrections != null && !Array.isArray(value.corrections)) check.fail("corrections", "must be a list");
  (Array.isArray(value.corrections) ? value.corrections : []).forEach((correction: unknown, index: number) => {
    if (!isObject(correction)) return check.fail(`corrections.${index}`, "must be an object");
    check.instant(`corrections.${index}.at`, true, correction);
    check.string(`corrections.${index}.note`, { required: true, max: 5_000, from: correction });
  });
  const paragraphCount = paragraphsOf(body).length;
  if (value.statements != null && !Array.isArray(value.statements)) check.fail("statements", "must be a list");
  (Array.isArray(value.statements) ? value.statements : []).forEach((statement: unknown, index: number) => checkStatementRecord(check, statement, `statements.${index}`, paragraphCount));
}

/** Records of some article rows (bodies included), their statements inside: nine reads for any number of articles. */
export function* articleRecordsOf(rows: readonly ArticleRow[], slugs: SlugLookup): ReadProgram<ArticleRecord[]> {
  if (rows.length === 0) return [];
  const articleQueries = new ArticleQueries(slugs.dialect);
  const ids = rows.map((row) => row.id);
  const mentioned = groupBy(yield* read(articleQueries.mentionSlugsOf(ids)), (mention) => mention.parentId);
  const topics = groupBy(yield* read(articleQueries.topicsOf(ids)), (topic) => topic.articleId);
  const incidentSlugs = groupBy(yield* read(new IncidentQueries(slugs.dialect).slugsReportedIn(ids)), (incident) => incident.parentId);
  const related = groupBy(yield* read(articleQueries.relatedSlugsOf(ids)), (article) => article.parentId);
  const corrections = groupBy(yield* read(articleQueries.correctionsOf(ids)), (correction) => correction.articleId);
  const statementRows = yield* read(new StatementQueries(slugs.dialect).ofArticles(ids));
  const statementsOf = groupBy(statementRows, (statement) => statement.articleId);
  const links = yield* statementLinksOf(statementRows.map((statement) => statement.id), slugs);
  yield* resolveStatementSlugs(statementRows, slugs);
  yield* slugs.resolve(actors, rows.map((row) => row.outletId));
  return rows.map((row) => {
    const image = compact({ caption: row.imageCaption, credit: row.imageCredit, alt: row.imageAlt });
    const mentions = mentioned.get(row.id) ?? [];
    return compact<ArticleRecord>({
      type: "article",
      slug: row.slug,
      headline: row.headline,
      summary: row.summary,
      body: row.body,
      language: row.language,
      publishedAt: row.publishedAt,
      updatedAt: row.updatedAt,
      url: row.url,
      topics: (topics.get(row.id) ?? []).map((topic) => topic.topic),
      image: Object.keys(image).length > 0 ? image : undefined,
      outlet: row.outletId === null ? null : slugs.of(actors, row.outletId),
      people: mentions.filter((actor) => actor.actorType === "PERSON").map((actor) => actor.slug),
      organizations: mentions.filter((actor) => actor.actorType === "ORGANIZATION").map((actor) => actor.slug),
      incidents: (incidentSlugs.get(row.id) ?? []).map((incident) => incident.slug),
      relatedArticles: (related.get(row.id) ?? []).map((article) => article.slug),
      statements: (statementsOf.get(row.id) ?? []).map((statement) => statementRecordFrom(statement, row, slugs, links)),
      corrections: (corrections.get(row.id) ?? []).map((correction) => ({ at: correction.at, note: correction.note })),
    });
  });
}

/** The record of the article with `slug`, if there is one (GET /articles/{slug}.jsonld). */
export function* articleRecordBySlug(slug: string, slugs: SlugLookup): ReadProgram<ArticleRecord | undefined> {
  const found = yield* read(new ArticleQueries(slugs.dialect).wholeBySlug(slug));
  return (yield* articleRecordsOf(found, slugs))[0];
}

/** Every article by slug, a page of `batchSize` per program. */
export function articleRecordBatches(slugs: SlugLookup, batchSize: number): Generator<ReadProgram<ArticleRecord[]>> {
  const queries = new ArticleQueries(slugs.dialect);
  return pagesBySlug((after, size) => queries.exportPage(after, size), (rows) => articleRecordsOf(rows, slugs), batchSize);
}

/** What mutation inputs may reference (a slug or an id). */
export const ARTICLE_REFERENCE: ReferenceTarget = { name: "article", nodeTypes: ["Article"], table: articles };
