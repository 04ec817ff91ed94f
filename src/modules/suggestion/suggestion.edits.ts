// The editorial side of extraction: an article created from its text with the extractor's
// suggestions, and the decisions on them. Each is one transaction through the writers.
import type { Dialect } from "../../db/dialect.js";
import { read } from "../../db/read-program.js";
import { rowWhere } from "../../db/table-writes.js";
import type { WriteProgram } from "../../db/write-session.js";
import { extractStatements, EXTRACTOR_VERSION, type KnownActor } from "../../extraction/index.js";
import { BadUserInputError, ConflictError, NotFoundError } from "../../shared/errors.js";
import { decodeIdOf, opaqueId } from "../../shared/global-id.js";
import { paragraphsOf } from "../../shared/rules.js";
import { ORGANIZATION_REFERENCE } from "../actor/actor.record.js";
import { actors } from "../actor/actor.table.js";
import { articles } from "../article/article.table.js";
import { ArticleWriter } from "../article/article.writer.js";
import { checkRecord, editTransaction, type Editor } from "../editing/edit-transaction.js";
import { checkedLanguage, checkedText } from "../extraction/extraction.input.js";
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

function reviewer(context: { viewer: { name: string } | null }): string {
  return context.viewer?.name ?? "unknown";
}

/** `actors`: the people and organizations the extractor resolves speakers against (knownActorsOf). */
export function createArticleFromText(
  editor: Editor,
  input: CreateArticleFromTextInput,
  actors: readonly KnownActor[],
): Written<{ articleId: number; suggestions: StatementSuggestionRow[]; unresolvedNames: string[] }> {
  const body = checkedText(input.text, "input.text");
  const language = checkedLanguage(input.language, "input.language");
  return editTransaction(editor, function* ({ session, references }) {
    const outlet = yield* references.optional(input.outlet, ORGANIZATION_REFERENCE, "outlet");
    references.check();
    const { articleId } = yield* new ArticleWriter(session).write(
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
    const result = extractStatements(body, { language, actors: [...actors] });
    const suggestions = yield* new SuggestionWriter(session).propose(articleId, result.statements, EXTRACTOR_VERSION);
    return { articleId, suggestions, unresolvedNames: result.unresolvedNames };
  });
}

type Written<Result> = Result | Promise<Result>;

function* suggestionRow(dialect: Dialect, id: string, path: string): WriteProgram<StatementSuggestionRow> {
  const row = yield* read(rowWhere(dialect, statementSuggestions, "id", decodeIdOf(id, [SUGGESTION_ID_TYPE], path)));
  if (!row) throw new NotFoundError(`No statement suggestion has the id "${id}".`);
  if (row.status !== "SUGGESTED") throw new ConflictError(`That suggestion was already ${row.status === "APPROVED" ? "approved" : "rejected"} by ${row.reviewedBy ?? "an editor"}.`, { status: row.status });
  return row;
}

/** The statement a suggestion proposes, as a record. */
function* proposedRecord(dialect: Dialect, row: StatementSuggestionRow): WriteProgram<StatementRecord> {
  const slugs = new SlugLookup(dialect);
  yield* slugs.resolve(actors, [row.speakerId, row.viaId]);
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

function* approveOne(dialect: Dialect, writer: SuggestionWriter, row: StatementSuggestionRow, record: StatementRecord, who: string): WriteProgram<void> {
  const article = (yield* read(rowWhere(dialect, articles, "id", row.articleId)))!;
  checkRecord(record, (checker, value) => checkStatementRecord(checker, value, "", paragraphsOf(article.body).length));
  yield* writer.approve(row, record, article, who);
}

/** Approves (with the editor's `changes`, which override the proposal field by field) or rejects one suggestion. */
export function reviewStatement(editor: Editor, id: string, decision: ReviewDecision, changes: UpdateStatementInput | null): Written<StatementSuggestionRow> {
  return editTransaction(
    editor,
    function* ({ session, references }) {
      const { dialect } = session;
      const row = yield* suggestionRow(dialect, id, "id");
      const writer = new SuggestionWriter(session);
      if (decision === "REJECT") {
        if (changes) throw BadUserInputError.field("changes", "a rejected suggestion takes no changes");
        yield* writer.reject(row, reviewer(editor));
      } else {
        const proposed = yield* proposedRecord(dialect, row);
        const record = changes ? { ...(yield* statementRecordFrom(proposed, changes, references, "")), origin: "EXTRACTED" as const } : proposed;
        references.check();
        yield* approveOne(dialect, writer, row, record, reviewer(editor));
      }
      return (yield* read(rowWhere(dialect, statementSuggestions, "id", row.id)))!;
    },
    "changes",
  );
}

/** Approves many suggestions as proposed: all of them, or (on any error) none. */
export function approveStatements(editor: Editor, ids: readonly string[]): Written<StatementSuggestionRow[]> {
  if (ids.length > 100) throw BadUserInputError.field("ids", `at most 100 at once, got ${ids.length}`);
  return editTransaction(
    editor,
    function* ({ session }) {
      const { dialect } = session;
      const writer = new SuggestionWriter(session);
      const rows: StatementSuggestionRow[] = [];
      for (const [index, id] of ids.entries()) rows.push(yield* suggestionRow(dialect, id, `ids.${index}`));
      for (const row of rows) yield* approveOne(dialect, writer, row, yield* proposedRecord(dialect, row), reviewer(editor));
      const decided: StatementSuggestionRow[] = [];
      for (const row of rows) decided.push((yield* read(rowWhere(dialect, statementSuggestions, "id", row.id)))!);
      return decided;
    },
    "ids",
  );
}
