// The editorial side of extraction: an article created from its text with the extractor's
// suggestions, and the decisions on them. Each is one transaction through the writers.
import { eq } from "drizzle-orm";
import type { Context } from "../../context.js";
import type { Db } from "../../db/client.js";
import { extractStatements, EXTRACTOR_VERSION } from "../../extraction/index.js";
import { BadUserInputError, ConflictError, NotFoundError } from "../../shared/errors.js";
import { decodeIdOf, opaqueId } from "../../shared/global-id.js";
import { paragraphsOf } from "../../shared/rules.js";
import { ORGANIZATION_REFERENCE } from "../actor/actor.record.js";
import { actors } from "../actor/actor.table.js";
import { articles } from "../article/article.table.js";
import { ArticleWriter } from "../article/article.writer.js";
import { checkRecord, editTransaction, type Editor } from "../editing/edit-transaction.js";
import { checkedLanguage, checkedText } from "../extraction/extraction.input.js";
import { knownActors } from "../extraction/known-actors.js";
import { statementRecordFrom } from "../statement/statement.edits.js";
import type { UpdateStatementInput } from "../statement/statement.input.js";
import { checkStatementRecord, type StatementRecord } from "../statement/statement.record.js";
import { SlugLookup } from "../slugs.js";
import type { CreateArticleFromTextInput, ReviewDecision } from "./suggestion.input.js";
import { statementSuggestions, type StatementSuggestionRow } from "./suggestion.table.js";
import { SuggestionWriter } from "./suggestion.writer.js";

/** Suggestions are not Nodes (they are not public): their ids are opaque ids of their own type. */
export const SUGGESTION_ID_TYPE = "StatementSuggestion";

export function suggestionId(row: Pick<StatementSuggestionRow, "id">): string {
  return opaqueId(SUGGESTION_ID_TYPE, row.id);
}

function reviewer(context: Pick<Context, "viewer">): string {
  return context.viewer?.name ?? "unknown";
}

export function createArticleFromText(editor: Editor, input: CreateArticleFromTextInput): { articleId: number; suggestions: StatementSuggestionRow[]; unresolvedNames: string[] } {
  const body = checkedText(input.text, "input.text");
  const language = checkedLanguage(input.language, "input.language");
  // Read before the transaction (where nothing is cached): writing the article changes no person or organization.
  const actors = knownActors(editor.db);
  return editTransaction(editor, ({ session, references }) => {
    const outlet = references.optional(input.outlet, ORGANIZATION_REFERENCE, "outlet");
    references.check();
    const { articleId } = new ArticleWriter(session).write(
      {
        type: "article",
        slug: input.slug,
        headline: input.headline,
        body,
        language: input.language,
        publishedAt: new Date(input.publishedAt).toISOString(),
        url: input.url ?? null,
        summary: input.summary ?? null,
        topics: input.topics ?? [],
        outlet: outlet ?? null,
      },
      "new",
    );
    const result = extractStatements(body, { language, actors });
    const suggestions = new SuggestionWriter(session).propose(articleId, result.statements, EXTRACTOR_VERSION);
    return { articleId, suggestions, unresolvedNames: result.unresolvedNames };
  });
}

function suggestionRow(db: Db, id: string, path: string): StatementSuggestionRow {
  const row = db.select().from(statementSuggestions).where(eq(statementSuggestions.id, decodeIdOf(id, [SUGGESTION_ID_TYPE], path))).get();
  if (!row) throw new NotFoundError(`No statement suggestion has the id "${id}".`);
  if (row.status !== "SUGGESTED") throw new ConflictError(`That suggestion was already ${row.status === "APPROVED" ? "approved" : "rejected"} by ${row.reviewedBy ?? "an editor"}.`, { status: row.status });
  return row;
}

/** The statement a suggestion proposes, as a record. */
function proposedRecord(db: Db, row: StatementSuggestionRow): StatementRecord {
  const slugs = new SlugLookup(db);
  return {
    text: row.text,
    kind: row.kind,
    speaker: row.speakerId === null ? null : slugs.of(actors, row.speakerId),
    speakerLabel: row.speakerId === null ? row.speakerLabel : null,
    cue: row.cue,
    paragraph: row.paragraph,
    via: row.viaId === null ? null : slugs.of(actors, row.viaId),
    origin: "EXTRACTED",
  };
}

function approveOne(db: Db, writer: SuggestionWriter, row: StatementSuggestionRow, record: StatementRecord, who: string): void {
  const article = db.select().from(articles).where(eq(articles.id, row.articleId)).get()!;
  checkRecord(record, (checker, value) => checkStatementRecord(checker, value, "", paragraphsOf(article.body).length));
  writer.approve(row, record, article, who);
}

/** Approves (with the editor's `changes`, which override the proposal field by field) or rejects one suggestion. */
export function reviewStatement(db: Db, context: Pick<Context, "viewer">, id: string, decision: ReviewDecision, changes: UpdateStatementInput | null): StatementSuggestionRow {
  return editTransaction(
    { db, viewer: context.viewer },
    ({ session, references }) => {
      const row = suggestionRow(db, id, "id");
      const writer = new SuggestionWriter(session);
      if (decision === "REJECT") {
        if (changes) throw BadUserInputError.field("changes", "a rejected suggestion takes no changes");
        writer.reject(row, reviewer(context));
      } else {
        const record = changes ? { ...statementRecordFrom(proposedRecord(db, row), changes, references, ""), origin: "EXTRACTED" as const } : proposedRecord(db, row);
        references.check();
        approveOne(db, writer, row, record, reviewer(context));
      }
      return db.select().from(statementSuggestions).where(eq(statementSuggestions.id, row.id)).get()!;
    },
    "changes",
  );
}

/** Approves many suggestions as proposed: all of them, or (on any error) none. */
export function approveStatements(db: Db, context: Pick<Context, "viewer">, ids: readonly string[]): StatementSuggestionRow[] {
  if (ids.length > 100) throw BadUserInputError.field("ids", `at most 100 at once, got ${ids.length}`);
  return editTransaction(
    { db, viewer: context.viewer },
    ({ session }) => {
      const writer = new SuggestionWriter(session);
      const rows = ids.map((id, index) => suggestionRow(db, id, `ids.${index}`));
      for (const row of rows) approveOne(db, writer, row, proposedRecord(db, row), reviewer(context));
      return rows.map((row) => db.select().from(statementSuggestions).where(eq(statementSuggestions.id, row.id)).get()!);
    },
    "ids",
  );
}
