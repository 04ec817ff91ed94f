import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { actors } from "../actor/actor.table.js";
import { articles } from "../article/article.table.js";

export const STATEMENT_KINDS = ["DIRECT_QUOTE", "PARAPHRASE"] as const;
export type StatementKind = (typeof STATEMENT_KINDS)[number];

/** Where a statement came from: typed by an editor, imported (the sample too), or extracted and approved. */
export const STATEMENT_ORIGINS = ["EDITOR", "IMPORT", "EXTRACTED"] as const;
export type StatementOrigin = (typeof STATEMENT_ORIGINS)[number];

export const statements = sqliteTable(
  "statements",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    /** Reading order inside the article; unique per article so it is a total order. */
    position: integer("position").notNull(),
    paragraph: integer("paragraph").notNull(),
    text: text("text").notNull(),
    kind: text("kind", { enum: STATEMENT_KINDS }).notNull(),
    /** null only for unnamed sources, which keep their label as published. */
    speakerId: integer("speaker_id").references(() => actors.id, { onDelete: "restrict" }),
    speakerLabel: text("speaker_label"),
    cue: text("cue"),
    /** Defaults to the article's publishedAt. */
    saidAt: text("said_at").notNull(),
    viaId: integer("via_id").references(() => actors.id, { onDelete: "set null" }),
    language: text("language").notNull(),
    origin: text("origin", { enum: STATEMENT_ORIGINS }).notNull().default("IMPORT"),
  },
  (table) => [
    index("statements_article_position_idx").on(table.articleId, table.position),
    index("statements_speaker_said_idx").on(table.speakerId, table.saidAt, table.articleId, table.position),
    index("statements_speaker_article_idx").on(table.speakerId, table.articleId, table.position),
    index("statements_said_idx").on(table.saidAt, table.articleId, table.position),
    index("statements_via_idx").on(table.viaId),
  ],
);

export type StatementRow = typeof statements.$inferSelect;

/**
 * One row per (speaker, article) with the number of statements: the groups of
 * `Actor.statementsByArticle`, newest article first off one index. Maintained by triggers
 * (migration 0001), so every write path keeps it right; the one exception is an import batch,
 * which sets the triggers aside and recounts the groups of the articles it wrote in one statement
 * (statement.writer.ts). Never written otherwise.
 */
export const speakerArticles = sqliteTable(
  "speaker_articles",
  {
    speakerId: integer("speaker_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    publishedAt: text("published_at").notNull(),
    statementCount: integer("statement_count").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.speakerId, table.articleId] }),
    index("speaker_articles_speaker_published_idx").on(table.speakerId, table.publishedAt, table.articleId),
    // An article's groups: what its published_at trigger updates, and what an import batch recounts.
    index("speaker_articles_article_idx").on(table.articleId),
  ],
);

export type SpeakerArticleRow = typeof speakerArticles.$inferSelect;
