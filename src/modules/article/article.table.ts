import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { actors } from "../actor/actor.table.js";

export const articles = sqliteTable(
  "articles",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull().unique(),
    headline: text("headline").notNull(),
    summary: text("summary"),
    body: text("body").notNull(),
    /** BCP-47 tag, e.g. "ar". */
    language: text("language").notNull(),
    /** ISO-8601 UTC instants: they sort as text, which the keyset cursors rely on. */
    publishedAt: text("published_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    createdAt: text("created_at").notNull(),
    url: text("url"),
    imageCaption: text("image_caption"),
    imageCredit: text("image_credit"),
    imageAlt: text("image_alt"),
    /** The organization (a NEWS_OUTLET) that published it. */
    outletId: integer("outlet_id").references(() => actors.id, { onDelete: "set null" }),
  },
  (table) => [
    index("articles_outlet_published_idx").on(table.outletId, table.publishedAt, table.id),
    index("articles_published_idx").on(table.publishedAt, table.id),
    index("articles_language_published_idx").on(table.language, table.publishedAt, table.id),
  ],
);

export const articleTopics = sqliteTable(
  "article_topics",
  {
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    topic: text("topic").notNull(),
  },
  (table) => [primaryKey({ columns: [table.articleId, table.topic] }), index("article_topics_topic_idx").on(table.topic, table.articleId)],
);

/** Corrections an article carries, as published with it: news corrects itself in public. */
export const articleCorrections = sqliteTable(
  "article_corrections",
  {
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    /** Order among the article's corrections (the record's). */
    position: integer("position").notNull(),
    /** When the correction was made, an ISO-8601 instant. */
    at: text("at").notNull(),
    note: text("note").notNull(),
  },
  (table) => [primaryKey({ columns: [table.articleId, table.position] })],
);

/** People and organizations an article mentions (speakers are always mentioned). */
export const articleMentions = sqliteTable(
  "article_mentions",
  {
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    actorId: integer("actor_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    /** The article's publishedAt, copied by triggers (migration 0001) so an actor's articles page off one index. */
    publishedAt: text("published_at").notNull().default(""),
  },
  (table) => [
    primaryKey({ columns: [table.articleId, table.actorId] }),
    index("article_mentions_actor_published_idx").on(table.actorId, table.publishedAt, table.articleId),
  ],
);

/** Stored in both directions so that either side finds the other with one indexed lookup. */
export const relatedArticles = sqliteTable(
  "related_articles",
  {
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    relatedId: integer("related_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
  },
  (table) => [primaryKey({ columns: [table.articleId, table.relatedId] })],
);

export type ArticleRow = typeof articles.$inferSelect;
/**
 * What reads of articles load: every column but `body` (~7 KB each at the benchmark's sizes, and the
 * largest single cost of a list). `body` and `paragraphs` come from `loaders.articles.body`, one
 * batched statement for all the articles of a request that ask for it.
 */
export type ArticleRowWithoutBody = Omit<ArticleRow, "body">;
export type NewArticleRow = typeof articles.$inferInsert;
