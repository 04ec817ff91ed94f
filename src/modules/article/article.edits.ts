// The editing mutations of articles: the input becomes the record (overlaid on the current one
// for an update), checked by the record's rules, written by ArticleWriter with its statements.
import type { Dialect } from "../../db/dialect.js";
import { read } from "../../db/read-program.js";
import { rowWhere } from "../../db/table-writes.js";
import type { WriteProgram } from "../../db/write-session.js";
import { NotFoundError } from "../../shared/errors.js";
import { decodeIdOf, toGlobalId } from "../../shared/global-id.js";
import { checkRecord, copyGiven, editTransaction, finished, type Editor, type Draft } from "../editing/edit-transaction.js";
import type { References } from "../editing/references.js";
import { SlugLookup } from "../slugs.js";
import { statementRecordFrom } from "../statement/statement.edits.js";
import type { CreateArticleInput, UpdateArticleInput } from "./article.input.js";
import { ARTICLE_REFERENCE, type ArticleRecord, articleRecordsOf, checkArticleRecord } from "./article.record.js";
import { articles, type ArticleRow } from "./article.table.js";
import { ArticleWriter } from "./article.writer.js";
import { ORGANIZATION_REFERENCE, PERSON_REFERENCE } from "../actor/actor.record.js";
import { INCIDENT_REFERENCE } from "../incident/incident.record.js";

export function* articleRow(dialect: Dialect, id: string): WriteProgram<ArticleRow> {
  const row = yield* read(rowWhere(dialect, articles, "id", decodeIdOf(id, ["Article"], "id")));
  if (!row) throw new NotFoundError(`No article has the id "${id}".`);
  return row;
}

function* recordFrom(base: Partial<ArticleRecord>, input: CreateArticleInput | UpdateArticleInput, references: References): WriteProgram<ArticleRecord> {
  const draft: Draft<ArticleRecord> = { ...base, type: "article" };
  // The record's updatedAt is for imports that carry one; an edit is stamped now.
  delete draft.updatedAt;
  copyGiven(draft, input, ["slug", "headline", "summary", "body", "language", "publishedAt", "url", "topics"]);
  if (input.outlet !== undefined) draft.outlet = yield* references.optional(input.outlet, ORGANIZATION_REFERENCE, "outlet");
  if (input.image !== undefined) draft.image = input.image === null ? null : finished({ caption: input.image.caption, credit: input.image.credit, alt: input.image.alt });
  if (input.corrections !== undefined) draft.corrections = input.corrections?.map((correction) => ({ at: new Date(correction.at).toISOString(), note: correction.note }));
  if (input.people !== undefined) draft.people = yield* references.many(input.people, PERSON_REFERENCE, "people");
  if (input.organizations !== undefined) draft.organizations = yield* references.many(input.organizations, ORGANIZATION_REFERENCE, "organizations");
  if (input.incidents !== undefined) draft.incidents = yield* references.many(input.incidents, INCIDENT_REFERENCE, "incidents");
  if (input.relatedArticles !== undefined) draft.relatedArticles = yield* references.many(input.relatedArticles, ARTICLE_REFERENCE, "relatedArticles");
  if (input.statements !== undefined) {
    const statements = [];
    for (const [index, statement] of (input.statements ?? []).entries()) statements.push({ ...(yield* statementRecordFrom({}, statement, references, `statements.${index}`)), origin: "EDITOR" as const });
    draft.statements = statements;
  }
  if (typeof draft.publishedAt === "string") draft.publishedAt = new Date(draft.publishedAt).toISOString();
  return finished(draft);
}

export function createArticle(editor: Editor, input: CreateArticleInput): ArticleRow | Promise<ArticleRow> {
  return editTransaction(editor, function* ({ session, references }) {
    const record = yield* recordFrom({}, input, references);
    references.check();
    checkRecord(record, checkArticleRecord);
    const { articleId } = yield* new ArticleWriter(session).write(record, "new");
    return (yield* read(rowWhere(session.dialect, articles, "id", articleId)))!;
  });
}

export function updateArticle(editor: Editor, id: string, input: UpdateArticleInput): ArticleRow | Promise<ArticleRow> {
  return editTransaction(editor, function* ({ session, references }) {
    const row = yield* articleRow(session.dialect, id);
    const [current] = yield* articleRecordsOf([row], new SlugLookup(session.dialect));
    const record = yield* recordFrom(current!, input, references);
    references.check();
    checkRecord(record, checkArticleRecord);
    yield* new ArticleWriter(session).write(record, row.id);
    return (yield* read(rowWhere(session.dialect, articles, "id", row.id)))!;
  });
}

export function deleteArticle(editor: Editor, id: string): string | Promise<string> {
  return editTransaction(editor, function* ({ session }) {
    const row = yield* articleRow(session.dialect, id);
    yield* new ArticleWriter(session).delete(row.id);
    return toGlobalId("Article", row.id);
  });
}
