// Every SQL read of articles: by ids and slugs in batches, filtered pages, and the pages of the
// relations that lead to articles (an actor's, an incident's).
import { and, asc, count, eq, exists, gte, lte, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db } from "../../db/client.js";
import { allRows, columnsOf, idListQuery, jsonList } from "../../db/query.js";
import { keysetCondition, orderByOf, type PageRequest, type SortKey } from "../../shared/connection.js";
import { countPerParent, fetchPagesPerParent, type ParentRelation } from "../../shared/parent-pages.js";
import { articleIncidents } from "../incident/incident.table.js";
import { articleCorrections, articleMentions, articles, articleTopics, relatedArticles, type ArticleRowWithoutBody } from "./article.table.js";
import { matchingIds, SEARCH_FILTER_PATH } from "../../search/search-query.js";
import { ARTICLE_SEARCH_CODE } from "./article.search.js";

/** Reads leave out `body` (see ArticleRowWithoutBody); `bodiesOf` loads it when asked for. */
/** Article rows are read without their body, which only `body` and `paragraphs` need (loaded apart). */
export const ARTICLE_COLUMNS_WITHOUT_BODY = ["body"] as const;
const WITHOUT_BODY = ARTICLE_COLUMNS_WITHOUT_BODY;

export const ARTICLE_SORT_NEWEST_FIRST: SortKey<ArticleRowWithoutBody> = [
  { column: articles.publishedAt, direction: "desc", valueOf: (row) => row.publishedAt },
  { column: articles.id, direction: "desc", valueOf: (row) => row.id },
];

export const ARTICLE_SORT_OLDEST_FIRST: SortKey<ArticleRowWithoutBody> = [
  { column: articles.publishedAt, direction: "asc", valueOf: (row) => row.publishedAt },
  { column: articles.id, direction: "asc", valueOf: (row) => row.id },
];

export interface ArticleFilterValues {
  search?: string | null;
  personId?: number | null;
  organizationId?: number | null;
  incidentId?: number | null;
  topic?: string | null;
  language?: string | null;
  publishedAfter?: string | null;
  publishedBefore?: string | null;
}

export class ArticleRepository {
  constructor(private readonly db: Db) {}

  private get sqlite() {
    return this.db.$client;
  }

  findByIds(ids: readonly number[]): ArticleRowWithoutBody[] {
    return ARTICLES_BY_IDS(this.sqlite, ids);
  }

  findBySlugs(slugs: readonly string[]): ArticleRowWithoutBody[] {
    return allRows(this.sqlite, sql`select ${columnsOf(articles, "a", WITHOUT_BODY)} from ${articles} as "a" where "a"."slug" in (select "value" from json_each(${jsonList(slugs)}))`);
  }

  /** The bodies of many articles at once (the only read that loads `body`). */
  bodiesOf(ids: readonly number[]): { id: number; body: string }[] {
    return BODIES_BY_IDS(this.sqlite, ids);
  }

  private filterCondition(filter: ArticleFilterValues): SQL | undefined {
    const mentions = (actorId: number) =>
      exists(this.db.select({ one: sql`1` }).from(articleMentions).where(and(eq(articleMentions.articleId, articles.id), eq(articleMentions.actorId, actorId))));
    return and(
      filter.search ? matchingIds(articles.id, filter.search, SEARCH_FILTER_PATH, [ARTICLE_SEARCH_CODE]) : undefined,
      filter.personId != null ? mentions(filter.personId) : undefined,
      filter.organizationId != null ? mentions(filter.organizationId) : undefined,
      filter.incidentId != null
        ? exists(this.db.select({ one: sql`1` }).from(articleIncidents).where(and(eq(articleIncidents.articleId, articles.id), eq(articleIncidents.incidentId, filter.incidentId))))
        : undefined,
      filter.topic != null
        ? exists(this.db.select({ one: sql`1` }).from(articleTopics).where(and(eq(articleTopics.articleId, articles.id), eq(articleTopics.topic, filter.topic))))
        : undefined,
      filter.language != null ? eq(articles.language, filter.language) : undefined,
      filter.publishedAfter != null ? gte(articles.publishedAt, filter.publishedAfter) : undefined,
      filter.publishedBefore != null ? lte(articles.publishedAt, filter.publishedBefore) : undefined,
    );
  }

  // Through allRows rather than Drizzle's builder: `.all()` on a builder prepares the statement
  // anew on every call, and this is the first read of every article list.
  findPage(filter: ArticleFilterValues, sortKey: SortKey<ArticleRowWithoutBody>, request: PageRequest): ArticleRowWithoutBody[] {
    const where = and(this.filterCondition(filter), keysetCondition(sortKey, request.after));
    return allRows(
      this.sqlite,
      sql`select ${columnsOf(articles, "articles", WITHOUT_BODY)} from ${articles}${where ? sql` where ${where}` : sql``}
          order by ${sql.join(orderByOf(sortKey), sql`, `)} limit ${request.limit}`,
    );
  }

  count(filter: ArticleFilterValues): number {
    return this.db.select({ value: count() }).from(articles).where(this.filterCondition(filter)).get()?.value ?? 0;
  }

  correctionsOf(articleIds: readonly number[]): { articleId: number; at: string; note: string }[] {
    return this.db
      .select({ articleId: articleCorrections.articleId, at: articleCorrections.at, note: articleCorrections.note })
      .from(articleCorrections)
      .where(sql`${articleCorrections.articleId} in (select "value" from json_each(${jsonList(articleIds)}))`)
      .orderBy(asc(articleCorrections.articleId), asc(articleCorrections.position))
      .all();
  }

  topicsOf(articleIds: readonly number[]): { articleId: number; topic: string }[] {
    return this.db
      .select({ articleId: articleTopics.articleId, topic: articleTopics.topic })
      .from(articleTopics)
      .where(sql`${articleTopics.articleId} in (select "value" from json_each(${jsonList(articleIds)}))`)
      .orderBy(asc(articleTopics.articleId), asc(articleTopics.topic))
      .all();
  }

  /** Related articles of each article, newest first. */
  relatedOf(articleIds: readonly number[]): (ArticleRowWithoutBody & { parentId: number })[] {
    return allRows(
      this.sqlite,
      sql`select "r"."article_id" as "parentId", ${columnsOf(articles, "a", WITHOUT_BODY)}
          from ${relatedArticles} as "r" join ${articles} as "a" on "a"."id" = "r"."related_id"
          where "r"."article_id" in (select "value" from json_each(${jsonList(articleIds)}))
          order by "a"."published_at" desc, "a"."id" desc`,
    );
  }

  pagesByActor(actorIds: readonly number[], request: PageRequest): Map<number, ArticleRowWithoutBody[]> {
    return fetchPagesPerParent(this.sqlite, ARTICLES_BY_ACTOR, actorIds, request);
  }

  countByActor(actorIds: readonly number[]): Map<number, number> {
    return countPerParent(this.sqlite, sql`${articleMentions}`, articleMentions.actorId, actorIds);
  }

  pagesByIncident(incidentIds: readonly number[], request: PageRequest): Map<number, ArticleRowWithoutBody[]> {
    return fetchPagesPerParent(this.sqlite, ARTICLES_BY_INCIDENT, incidentIds, request);
  }

  pagesByOutlet(outletIds: readonly number[], request: PageRequest): Map<number, ArticleRowWithoutBody[]> {
    return fetchPagesPerParent(this.sqlite, ARTICLES_BY_OUTLET, outletIds, request);
  }

  countByOutlet(outletIds: readonly number[]): Map<number, number> {
    return countPerParent(this.sqlite, sql`${articles}`, articles.outletId, outletIds);
  }

  countByIncident(incidentIds: readonly number[]): Map<number, number> {
    return countPerParent(this.sqlite, sql`${articleIncidents}`, articleIncidents.incidentId, incidentIds);
  }
}

const ARTICLES_BY_IDS = idListQuery<ArticleRowWithoutBody>(
  (ids) => sql`select ${columnsOf(articles, "a", WITHOUT_BODY)} from ${articles} as "a" where "a"."id" in (select "value" from json_each(${ids}))`,
);

const BODIES_BY_IDS = idListQuery<{ id: number; body: string }>(
  (ids) => sql`select "a"."id" as "id", "a"."body" as "body" from ${articles} as "a" where "a"."id" in (select "value" from json_each(${ids}))`,
);

/**
 * Articles newest first, reached through `from` (a link table holding the article's id and its
 * published_at copy, or articles itself): a parent's articles are those whose `parentColumn` holds its id.
 */
function newestArticlesThrough(
  from: SQLiteTable,
  columns: { articleId: SQLiteColumn; publishedAt: SQLiteColumn; parent: SQLiteColumn },
): ParentRelation<ArticleRowWithoutBody> {
  return {
    rowTable: articles,
    omitColumns: WITHOUT_BODY,
    rowId: articles.id,
    innerFrom: sql`${from}`,
    innerRowId: columns.articleId,
    parentColumn: columns.parent,
    sortKey: [
      { column: columns.publishedAt, direction: "desc", valueOf: (row) => row.publishedAt },
      { column: columns.articleId, direction: "desc", valueOf: (row) => row.id },
    ],
  };
}

/** An actor's articles (those that mention it, speakers included), newest first. */
export const ARTICLES_BY_ACTOR = newestArticlesThrough(articleMentions, {
  articleId: articleMentions.articleId,
  publishedAt: articleMentions.publishedAt,
  parent: articleMentions.actorId,
});

/** The articles that report an incident, newest first. */
export const ARTICLES_BY_INCIDENT = newestArticlesThrough(articleIncidents, {
  articleId: articleIncidents.articleId,
  publishedAt: articleIncidents.publishedAt,
  parent: articleIncidents.incidentId,
});

/** The articles an outlet published, newest first (off articles_outlet_published_idx). */
export const ARTICLES_BY_OUTLET = newestArticlesThrough(articles, { articleId: articles.id, publishedAt: articles.publishedAt, parent: articles.outletId });
