// The one write path of suggestions: the extractor's proposals for an article are stored as they
// were made; a decision marks them, and an approval writes the statement through the statement
// module's own write path (so it is linked, ordered, indexed and announced like any other).
import { eq, sql } from "drizzle-orm";
import type { WriteSession } from "../../db/write-session.js";
import { perConnection } from "../../db/query.js";
import type { StatementProposal } from "../../extraction/index.js";
import { ActorWriter } from "../actor/actor.writer.js";
import type { ArticleRow } from "../article/article.table.js";
import type { StatementRecord } from "../statement/statement.record.js";
import { StatementWriter } from "../statement/statement.writer.js";
import { statementSuggestions, type StatementSuggestionRow } from "./suggestion.table.js";

const statementsOf = perConnection((db) => ({
  insert: db
    .insert(statementSuggestions)
    .values({
      articleId: sql.placeholder("articleId"),
      paragraph: sql.placeholder("paragraph"),
      start: sql.placeholder("start"),
      end: sql.placeholder("end"),
      text: sql.placeholder("text"),
      kind: sql.placeholder("kind"),
      cue: sql.placeholder("cue"),
      speakerId: sql.placeholder("speakerId"),
      speakerName: sql.placeholder("speakerName"),
      speakerLabel: sql.placeholder("speakerLabel"),
      viaId: sql.placeholder("viaId"),
      confidence: sql.placeholder("confidence"),
      rule: sql.placeholder("rule"),
      extractorVersion: sql.placeholder("extractorVersion"),
      createdAt: sql.placeholder("now"),
    })
    .returning()
    .prepare(),
}));

export class SuggestionWriter {
  constructor(private readonly session: WriteSession) {}

  /** Stores the extractor's proposals for an article, in reading order. */
  propose(articleId: number, proposals: readonly StatementProposal[], extractorVersion: string): StatementSuggestionRow[] {
    const { insert } = statementsOf(this.session.db);
    const actors = new ActorWriter(this.session);
    // The extractor resolves speakers only to the actors it was given, so the slugs exist.
    const idOf = (slug: string | null) => (slug === null ? null : actors.idBySlug(slug, "speaker"));
    return proposals.map(
      (proposal) =>
        insert.get({
          articleId,
          paragraph: proposal.paragraph,
          start: proposal.start,
          end: proposal.end,
          text: proposal.text,
          kind: proposal.kind,
          cue: proposal.cue,
          speakerId: idOf(proposal.speaker),
          speakerName: proposal.speakerName,
          speakerLabel: proposal.speaker === null ? (proposal.speakerLabel ?? proposal.speakerName) : null,
          viaId: idOf(proposal.via),
          confidence: proposal.confidence,
          rule: proposal.rule,
          extractorVersion,
          now: this.session.now(),
        })!,
    );
  }

  /** Publishes a suggestion as `record` (the proposal with the editor's changes) in its article. */
  approve(suggestion: StatementSuggestionRow, record: StatementRecord, article: ArticleRow, reviewer: string): number {
    const statements = new StatementWriter(this.session);
    const resolved = statements.resolve(record, "changes");
    const { id } = statements.write(resolved, { articleId: article.id, position: statements.nextPosition(article.id), publishedAt: article.publishedAt, language: article.language });
    statements.linkToArticle(article.id, resolved);
    statements.renumber(article.id);
    this.decide(suggestion.id, "APPROVED", reviewer, id);
    return id;
  }

  reject(suggestion: StatementSuggestionRow, reviewer: string): void {
    this.decide(suggestion.id, "REJECTED", reviewer, null);
  }

  private decide(id: number, status: "APPROVED" | "REJECTED", reviewer: string, statementId: number | null): void {
    this.session.db.update(statementSuggestions).set({ status, reviewedBy: reviewer, reviewedAt: this.session.now(), statementId }).where(eq(statementSuggestions.id, id)).run();
  }
}
