import { index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { actors } from "../actor/actor.table.js";
import { articles } from "../article/article.table.js";
import { statements, STATEMENT_KINDS } from "../statement/statement.table.js";

export const REVIEW_STATUSES = ["SUGGESTED", "APPROVED", "REJECTED"] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/**
 * Statements the extractor proposed for an article, waiting for an editor. They live apart from
 * `statements` until approved, so every public read (lists, counts, groups, search, federation)
 * sees approved statements only without a condition in any of them; approval writes a statement
 * through the statement module's write path and keeps this row as the record of what was proposed.
 */
export const statementSuggestions = sqliteTable(
  "statement_suggestions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    paragraph: integer("paragraph").notNull(),
    /** Offsets in the article body (UTF-16 code units). */
    start: integer("start").notNull(),
    end: integer("end").notNull(),
    text: text("text").notNull(),
    kind: text("kind", { enum: STATEMENT_KINDS }).notNull(),
    cue: text("cue"),
    speakerId: integer("speaker_id").references(() => actors.id, { onDelete: "set null" }),
    /** The speaker as the text names them. */
    speakerName: text("speaker_name"),
    speakerLabel: text("speaker_label"),
    viaId: integer("via_id").references(() => actors.id, { onDelete: "set null" }),
    confidence: real("confidence").notNull(),
    rule: text("rule").notNull(),
    extractorVersion: text("extractor_version").notNull(),
    status: text("status", { enum: REVIEW_STATUSES }).notNull().default("SUGGESTED"),
    /** The statement approval wrote (with the editor's changes, if any). */
    statementId: integer("statement_id").references(() => statements.id, { onDelete: "set null" }),
    /** Who decided (the API key's name) and when. */
    reviewedBy: text("reviewed_by"),
    reviewedAt: text("reviewed_at"),
    createdAt: text("created_at").notNull(),
  },
  (table) => [index("statement_suggestions_article_idx").on(table.articleId, table.status, table.start), index("statement_suggestions_status_idx").on(table.status, table.id)],
);

export type StatementSuggestionRow = typeof statementSuggestions.$inferSelect;
