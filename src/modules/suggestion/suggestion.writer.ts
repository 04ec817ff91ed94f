// The one write path of suggestions: the extractor's proposals for an article are stored as they
// were made; a decision marks them, and an approval writes the statement through the statement
// module's own write path (so it is linked, ordered, indexed and announced like any other).
import { done, read } from "../../db/read-program.js";
import { insertRow, rowWhere, updateRows } from "../../db/table-writes.js";
import type { WriteProgram, WriteSession } from "../../db/write-session.js";
import type { StatementProposal } from "../../extraction/index.js";
import { ActorWriter } from "../actor/actor.writer.js";
import type { ArticleRow } from "../article/article.table.js";
import type { StatementRecord } from "../statement/statement.record.js";
import { StatementWriter } from "../statement/statement.writer.js";
import { statementSuggestions, type StatementSuggestionRow } from "./suggestion.table.js";

export class SuggestionWriter {
  constructor(private readonly session: WriteSession) {}

  /** Stores the extractor's proposals for an article, in reading order. */
  *propose(articleId: number, proposals: readonly StatementProposal[], extractorVersion: string): WriteProgram<StatementSuggestionRow[]> {
    const { dialect } = this.session;
    const actors = new ActorWriter(this.session);
    // The extractor resolves speakers only to the actors it was given, so the slugs exist.
    const idOf = (slug: string | null) => (slug === null ? done(null) : actors.idBySlug(slug, "speaker"));
    const stored: StatementSuggestionRow[] = [];
    for (const proposal of proposals) {
      const { insertedId } = yield* read(
        insertRow(dialect, statementSuggestions, {
          articleId,
          paragraph: proposal.paragraph,
          start: proposal.start,
          end: proposal.end,
          text: proposal.text,
          kind: proposal.kind,
          cue: proposal.cue,
          speakerId: yield* idOf(proposal.speaker),
          speakerName: proposal.speakerName,
          speakerLabel: proposal.speaker === null ? (proposal.speakerLabel ?? proposal.speakerName) : null,
          viaId: yield* idOf(proposal.via),
          confidence: proposal.confidence,
          rule: proposal.rule,
          extractorVersion,
          createdAt: this.session.now(),
        }),
      );
      stored.push((yield* read(rowWhere(dialect, statementSuggestions, "id", insertedId)))!);
    }
    return stored;
  }

  /** Publishes a suggestion as `record` (the proposal with the editor's changes) in its article. */
  *approve(suggestion: StatementSuggestionRow, record: StatementRecord, article: ArticleRow, reviewer: string): WriteProgram<number> {
    const statements = new StatementWriter(this.session);
    const resolved = yield* statements.resolve(record, "changes");
    const position = yield* statements.nextPosition(article.id);
    const { id } = yield* statements.write(resolved, { articleId: article.id, position, publishedAt: article.publishedAt, language: article.language });
    yield* statements.linkToArticle(article.id, resolved);
    yield* statements.renumber(article.id);
    yield* this.decide(suggestion.id, "APPROVED", reviewer, id);
    return id;
  }

  reject(suggestion: StatementSuggestionRow, reviewer: string): WriteProgram<void> {
    return this.decide(suggestion.id, "REJECTED", reviewer, null);
  }

  private *decide(id: number, status: "APPROVED" | "REJECTED", reviewer: string, statementId: number | null): WriteProgram<void> {
    yield* read(updateRows(this.session.dialect, statementSuggestions, { status, reviewedBy: reviewer, reviewedAt: this.session.now(), statementId }, "id", id));
  }
}
