// The editing mutations of single statements: the input becomes the statement's record, checked
// in the context of its article (paragraph bound and all), written by StatementWriter.
import type { Dialect } from "../../db/dialect.js";
import { read } from "../../db/read-program.js";
import { rowWhere } from "../../db/table-writes.js";
import type { WriteProgram } from "../../db/write-session.js";
import { NotFoundError } from "../../shared/errors.js";
import { decodeIdOf, toGlobalId } from "../../shared/global-id.js";
import { paragraphsOf } from "../../shared/rules.js";
import { articles, type ArticleRow } from "../article/article.table.js";
import { ArticleWriter } from "../article/article.writer.js";
import { checkRecord, copyGiven, editTransaction, finished, type Editor, type Draft } from "../editing/edit-transaction.js";
import type { References } from "../editing/references.js";
import { SlugLookup } from "../slugs.js";
import type { ArticleStatementInput, CreateStatementInput, UpdateStatementInput } from "./statement.input.js";
import { checkStatementRecord, statementRecordRead, type StatementClaimRecord, type StatementRecord } from "./statement.record.js";
import { statements, type StatementRow } from "./statement.table.js";
import { StatementWriter } from "./statement.writer.js";
import { INCIDENT_REFERENCE } from "../incident/incident.record.js";
import { ARTICLE_REFERENCE } from "../article/article.record.js";
import { ACTOR_REFERENCE, ORGANIZATION_REFERENCE } from "../actor/actor.record.js";

/** A statement record from an input (of a statement alone, or inside an article at `path`). */
export function* statementRecordFrom(base: Partial<StatementRecord>, input: ArticleStatementInput | UpdateStatementInput, references: References, path: string): WriteProgram<StatementRecord> {
  const prefix = path ? `${path}.` : "";
  const draft: Draft<StatementRecord> = { ...base };
  copyGiven(draft, input, ["text", "kind", "speakerLabel", "cue", "paragraph", "saidAt", "language"]);
  if (input.speaker !== undefined) draft.speaker = yield* references.optional(input.speaker, ACTOR_REFERENCE, `${prefix}speaker`);
  if (input.via !== undefined) draft.via = yield* references.optional(input.via, ORGANIZATION_REFERENCE, `${prefix}via`);
  if (input.incidents !== undefined) draft.incidents = yield* references.many(input.incidents, INCIDENT_REFERENCE, `${prefix}incidents`);
  if (input.claims !== undefined) {
    if (input.claims === null) draft.claims = null;
    else {
      const claims: StatementClaimRecord[] = [];
      for (const [index, claim] of input.claims.entries()) {
        claims.push(
          finished<StatementClaimRecord>({
            incident: yield* references.one(claim.incident, INCIDENT_REFERENCE, `${prefix}claims.${index}.incident`),
            stance: claim.stance,
            accused: yield* references.optional(claim.accused, ACTOR_REFERENCE, `${prefix}claims.${index}.accused`),
          }),
        );
      }
      draft.claims = claims;
    }
  }
  return finished(draft);
}

function* statementRow(dialect: Dialect, id: string): WriteProgram<StatementRow> {
  const row = yield* read(rowWhere(dialect, statements, "id", decodeIdOf(id, ["Statement"], "id")));
  if (!row) throw new NotFoundError(`No statement has the id "${id}".`);
  return row;
}

export function checkInArticle(record: StatementRecord, article: ArticleRow): void {
  checkRecord(record, (checker, value) => checkStatementRecord(checker, value, "", paragraphsOf(article.body).length));
}

/** Writes a statement into its article: links, reading order and the article's updatedAt follow. */
export function* writeInArticle(writer: StatementWriter, record: StatementRecord, article: ArticleRow, position: number, statementId?: number): WriteProgram<number> {
  const resolved = yield* writer.resolve(record, "");
  const { id } = yield* writer.write(resolved, { articleId: article.id, position, publishedAt: article.publishedAt, language: article.language }, statementId);
  yield* writer.linkToArticle(article.id, resolved);
  yield* writer.renumber(article.id);
  return id;
}

export function createStatement(editor: Editor, input: CreateStatementInput): StatementRow | Promise<StatementRow> {
  return editTransaction(editor, function* ({ session, references }) {
    const { dialect } = session;
    const articleSlug = yield* references.one(input.article, ARTICLE_REFERENCE, "article");
    const record: StatementRecord = { ...(yield* statementRecordFrom({}, input, references, "")), origin: "EDITOR" };
    references.check();
    const article = (yield* read(rowWhere(dialect, articles, "slug", articleSlug)))!;
    checkInArticle(record, article);
    const writer = new StatementWriter(session);
    const id = yield* writeInArticle(writer, record, article, yield* writer.nextPosition(article.id));
    yield* new ArticleWriter(session).touch(article.id);
    return (yield* read(rowWhere(dialect, statements, "id", id)))!;
  });
}

export function updateStatement(editor: Editor, id: string, input: UpdateStatementInput): StatementRow | Promise<StatementRow> {
  return editTransaction(editor, function* ({ session, references }) {
    const { dialect } = session;
    const row = yield* statementRow(dialect, id);
    const article = (yield* read(rowWhere(dialect, articles, "id", row.articleId)))!;
    const current = yield* statementRecordRead(row, article, new SlugLookup(dialect));
    const record = yield* statementRecordFrom(current, input, references, "");
    references.check();
    checkInArticle(record, article);
    yield* writeInArticle(new StatementWriter(session), record, article, row.position, row.id);
    yield* new ArticleWriter(session).touch(article.id);
    return (yield* read(rowWhere(dialect, statements, "id", row.id)))!;
  });
}

export function deleteStatement(editor: Editor, id: string): string | Promise<string> {
  return editTransaction(editor, function* ({ session }) {
    const row = yield* statementRow(session.dialect, id);
    const writer = new StatementWriter(session);
    yield* writer.deleteAlone(row.id);
    yield* writer.renumber(row.articleId);
    yield* new ArticleWriter(session).touch(row.articleId);
    return toGlobalId("Statement", row.id);
  });
}
