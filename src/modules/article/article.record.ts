// The one schema of an article's data as an NDJSON record (design.md §4), its statements inside:
// what import, export, the sample file and the editing mutations all read and write.
import type { ReferenceTarget } from "../editing/references.js";
import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { isObject, MAX_TEXT, type Checker } from "../../shared/record-check.js";
import { paragraphsOf } from "../../shared/rules.js";
import { actors } from "../actor/actor.table.js";
import { articleIncidents, incidents } from "../incident/incident.table.js";
import { compact, type SlugLookup } from "../slugs.js";
import { checkStatementRecord, statementLinks, statementRecordOf, type StatementRecord } from "../statement/statement.record.js";
import { statements } from "../statement/statement.table.js";
import { articleCorrections, articleMentions, articles, articleTopics, relatedArticles, type ArticleRow } from "./article.table.js";

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

export function articleRecordOf(db: Db, row: ArticleRow, slugs: SlugLookup): ArticleRecord {
  const mentioned = db
    .select({ slug: actors.slug, actorType: actors.actorType })
    .from(articleMentions)
    .innerJoin(actors, eq(actors.id, articleMentions.actorId))
    .where(eq(articleMentions.articleId, row.id))
    .orderBy(asc(actors.slug))
    .all();
  const image = compact({ caption: row.imageCaption, credit: row.imageCredit, alt: row.imageAlt });
  const statementRows = db.select().from(statements).where(eq(statements.articleId, row.id)).orderBy(asc(statements.position)).all();
  const links = statementLinks(db, statementRows.map((statement) => statement.id));
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
    topics: db.select({ topic: articleTopics.topic }).from(articleTopics).where(eq(articleTopics.articleId, row.id)).orderBy(asc(articleTopics.topic)).all().map((topic) => topic.topic),
    image: Object.keys(image).length > 0 ? image : undefined,
    outlet: row.outletId === null ? null : slugs.of(actors, row.outletId),
    people: mentioned.filter((actor) => actor.actorType === "PERSON").map((actor) => actor.slug),
    organizations: mentioned.filter((actor) => actor.actorType === "ORGANIZATION").map((actor) => actor.slug),
    incidents: db
      .select({ slug: incidents.slug })
      .from(articleIncidents)
      .innerJoin(incidents, eq(incidents.id, articleIncidents.incidentId))
      .where(eq(articleIncidents.articleId, row.id))
      .orderBy(asc(incidents.slug))
      .all()
      .map((incident) => incident.slug),
    relatedArticles: db
      .select({ slug: articles.slug })
      .from(relatedArticles)
      .innerJoin(articles, eq(articles.id, relatedArticles.relatedId))
      .where(eq(relatedArticles.articleId, row.id))
      .orderBy(asc(articles.slug))
      .all()
      .map((related) => related.slug),
    statements: statementRows.map((statement) => statementRecordOf(db, statement, row, slugs, links)),
    corrections: db
      .select({ at: articleCorrections.at, note: articleCorrections.note })
      .from(articleCorrections)
      .where(eq(articleCorrections.articleId, row.id))
      .orderBy(asc(articleCorrections.position))
      .all(),
  });
}

export function* articleRecords(db: Db, slugs: SlugLookup): Generator<ArticleRecord> {
  for (const row of db.select().from(articles).orderBy(asc(articles.slug)).all()) yield articleRecordOf(db, row, slugs);
}

/** What mutation inputs may reference (a slug or an id). */
export const ARTICLE_REFERENCE: ReferenceTarget = { name: "article", nodeTypes: ["Article"], table: articles };
