// The editing mutations of articles: the input becomes the record (overlaid on the current one
// for an update), checked by the record's rules, written by ArticleWriter with its statements.
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { NotFoundError } from "../../shared/errors.js";
import { decodeIdOf, toGlobalId } from "../../shared/global-id.js";
import { checkRecord, copyGiven, editTransaction, finished, type Editor, type Draft } from "../editing/edit-transaction.js";
import type { References } from "../editing/references.js";
import { SlugLookup } from "../slugs.js";
import { statementRecordFrom } from "../statement/statement.edits.js";
import type { CreateArticleInput, UpdateArticleInput } from "./article.input.js";
import { ARTICLE_REFERENCE, type ArticleRecord, articleRecordOf, checkArticleRecord } from "./article.record.js";
import { articles, type ArticleRow } from "./article.table.js";
import { ArticleWriter } from "./article.writer.js";
import { ORGANIZATION_REFERENCE, PERSON_REFERENCE } from "../actor/actor.record.js";
import { INCIDENT_REFERENCE } from "../incident/incident.record.js";

export function articleRow(db: Db, id: string): ArticleRow {
  const row = db.select().from(articles).where(eq(articles.id, decodeIdOf(id, ["Article"], "id"))).get();
  if (!row) throw new NotFoundError(`No article has the id "${id}".`);
  return row;
}

function recordFrom(base: Partial<ArticleRecord>, input: CreateArticleInput | UpdateArticleInput, references: References): ArticleRecord {
  const draft: Draft<ArticleRecord> = { ...base, type: "article" };
  // The record's updatedAt is for imports that carry one; an edit is stamped now.
  delete draft.updatedAt;
  copyGiven(draft, input, ["slug", "headline", "summary", "body", "language", "publishedAt", "url", "topics"]);
  if (input.outlet !== undefined) draft.outlet = references.optional(input.outlet, ORGANIZATION_REFERENCE, "outlet");
  if (input.image !== undefined) draft.image = input.image === null ? null : finished({ caption: input.image.caption, credit: input.image.credit, alt: input.image.alt });
  if (input.corrections !== undefined) draft.corrections = input.corrections?.map((correction) => ({ at: new Date(correction.at).toISOString(), note: correction.note }));
  if (input.people !== undefined) draft.people = references.many(input.people, PERSON_REFERENCE, "people");
  if (input.organizations !== undefined) draft.organizations = references.many(input.organizations, ORGANIZATION_REFERENCE, "organizations");
  if (input.incidents !== undefined) draft.incidents = references.many(input.incidents, INCIDENT_REFERENCE, "incidents");
  if (input.relatedArticles !== undefined) draft.relatedArticles = references.many(input.relatedArticles, ARTICLE_REFERENCE, "relatedArticles");
  if (input.statements !== undefined) draft.statements = (input.statements ?? []).map((statement, index) => ({ ...statementRecordFrom({}, statement, references, `statements.${index}`), origin: "EDITOR" as const }));
  if (typeof draft.publishedAt === "string") draft.publishedAt = new Date(draft.publishedAt).toISOString();
  return finished(draft);
}

export function createArticle(editor: Editor, input: CreateArticleInput): ArticleRow {
  const { db } = editor;
  return editTransaction(editor, ({ session, references }) => {
    const record = recordFrom({}, input, references);
    references.check();
    checkRecord(record, checkArticleRecord);
    const { articleId } = new ArticleWriter(session).write(record, "new");
    return db.select().from(articles).where(eq(articles.id, articleId)).get()!;
  });
}

export function updateArticle(editor: Editor, id: string, input: UpdateArticleInput): ArticleRow {
  const { db } = editor;
  return editTransaction(editor, ({ session, references }) => {
    const row = articleRow(db, id);
    const record = recordFrom(articleRecordOf(db, row, new SlugLookup(db)), input, references);
    references.check();
    checkRecord(record, checkArticleRecord);
    new ArticleWriter(session).write(record, row.id);
    return db.select().from(articles).where(eq(articles.id, row.id)).get()!;
  });
}

export function deleteArticle(editor: Editor, id: string): string {
  const { db } = editor;
  return editTransaction(editor, ({ session }) => {
    const row = articleRow(db, id);
    new ArticleWriter(session).delete(row.id);
    return toGlobalId("Article", row.id);
  });
}
