// The editing mutations of single statements: the input becomes the statement's record, checked
// in the context of its article (paragraph bound and all), written by StatementWriter.
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { NotFoundError } from "../../shared/errors.js";
import { decodeIdOf, toGlobalId } from "../../shared/global-id.js";
import { paragraphsOf } from "../../shared/rules.js";
import { articles, type ArticleRow } from "../article/article.table.js";
import { ArticleWriter } from "../article/article.writer.js";
import { checkRecord, copyGiven, editTransaction, finished, type Editor, type Draft } from "../editing/edit-transaction.js";
import type { References } from "../editing/references.js";
import { SlugLookup } from "../slugs.js";
import type { ArticleStatementInput, CreateStatementInput, UpdateStatementInput } from "./statement.input.js";
import { checkStatementRecord, statementRecordOf, type StatementClaimRecord, type StatementRecord } from "./statement.record.js";
import { statements, type StatementRow } from "./statement.table.js";
import { StatementWriter } from "./statement.writer.js";
import { INCIDENT_REFERENCE } from "../incident/incident.record.js";
import { ARTICLE_REFERENCE } from "../article/article.record.js";
import { ACTOR_REFERENCE, ORGANIZATION_REFERENCE } from "../actor/actor.record.js";

/** A statement record from an input (of a statement alone, or inside an article at `path`). */
export function statementRecordFrom(base: Partial<StatementRecord>, input: ArticleStatementInput | UpdateStatementInput, references: References, path: string): StatementRecord {
  const prefix = path ? `${path}.` : "";
  const draft: Draft<StatementRecord> = { ...base };
  copyGiven(draft, input, ["text", "kind", "speakerLabel", "cue", "paragraph", "saidAt", "language"]);
  if (input.speaker !== undefined) draft.speaker = references.optional(input.speaker, ACTOR_REFERENCE, `${prefix}speaker`);
  if (input.via !== undefined) draft.via = references.optional(input.via, ORGANIZATION_REFERENCE, `${prefix}via`);
  if (input.incidents !== undefined) draft.incidents = references.many(input.incidents, INCIDENT_REFERENCE, `${prefix}incidents`);
  if (input.claims !== undefined) {
    draft.claims = input.claims?.map((claim, index) =>
      finished<StatementClaimRecord>({
        incident: references.one(claim.incident, INCIDENT_REFERENCE, `${prefix}claims.${index}.incident`),
        stance: claim.stance,
        accused: references.optional(claim.accused, ACTOR_REFERENCE, `${prefix}claims.${index}.accused`),
      }),
    );
  }
  return finished(draft);
}

function statementRow(db: Db, id: string): StatementRow {
  const row = db.select().from(statements).where(eq(statements.id, decodeIdOf(id, ["Statement"], "id"))).get();
  if (!row) throw new NotFoundError(`No statement has the id "${id}".`);
  return row;
}

export function checkInArticle(record: StatementRecord, article: ArticleRow): void {
  checkRecord(record, (checker, value) => checkStatementRecord(checker, value, "", paragraphsOf(article.body).length));
}

/** Writes a statement into its article: links, reading order and the article's updatedAt follow. */
export function writeInArticle(writer: StatementWriter, record: StatementRecord, article: ArticleRow, position: number, statementId?: number): number {
  const resolved = writer.resolve(record, "");
  const { id } = writer.write(resolved, { articleId: article.id, position, publishedAt: article.publishedAt, language: article.language }, statementId);
  writer.linkToArticle(article.id, resolved);
  writer.renumber(article.id);
  return id;
}

export function createStatement(editor: Editor, input: CreateStatementInput): StatementRow {
  const { db } = editor;
  return editTransaction(editor, ({ session, references }) => {
    const articleSlug = references.one(input.article, ARTICLE_REFERENCE, "article");
    const record: StatementRecord = { ...statementRecordFrom({}, input, references, ""), origin: "EDITOR" };
    references.check();
    const article = db.select().from(articles).where(eq(articles.slug, articleSlug)).get()!;
    checkInArticle(record, article);
    const writer = new StatementWriter(session);
    const id = writeInArticle(writer, record, article, writer.nextPosition(article.id));
    new ArticleWriter(session).touch(article.id);
    return db.select().from(statements).where(eq(statements.id, id)).get()!;
  });
}

export function updateStatement(editor: Editor, id: string, input: UpdateStatementInput): StatementRow {
  const { db } = editor;
  return editTransaction(editor, ({ session, references }) => {
    const row = statementRow(db, id);
    const article = db.select().from(articles).where(eq(articles.id, row.articleId)).get()!;
    const record = statementRecordFrom(statementRecordOf(db, row, article, new SlugLookup(db)), input, references, "");
    references.check();
    checkInArticle(record, article);
    writeInArticle(new StatementWriter(session), record, article, row.position, row.id);
    new ArticleWriter(session).touch(article.id);
    return db.select().from(statements).where(eq(statements.id, row.id)).get()!;
  });
}

export function deleteStatement(editor: Editor, id: string): string {
  const { db } = editor;
  return editTransaction(editor, ({ session }) => {
    const row = statementRow(db, id);
    const writer = new StatementWriter(session);
    writer.deleteAlone(row.id);
    writer.renumber(row.articleId);
    new ArticleWriter(session).touch(row.articleId);
    return toGlobalId("Statement", row.id);
  });
}
