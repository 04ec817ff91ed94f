// Every SQL read of articles: by ids and slugs in batches, filtered pages, and the pages of the
// relations that lead to articles (an actor's, an incident's).
import { and, eq, gte, lte, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db } from "../../db/client.js";
import { SQLITE, type Dialect } from "../../db/dialect.js";
import { columnsOf, idListRead, jsonList, sqliteRunner } from "../../db/query.js";
import { rows, synchronous, type Read, type Synchronous } from "../../db/read.js";
import { WHOLE_ROW } from "../../shared/column-selection.js";
import type { PageRequest, SortKey } from "../../shared/connection.js";
import { filteredCount, filteredPage } from "../../shared/filtered-page.js";
import { linkedSlugs } from "../../shared/linked-slugs.js";
import { countsPerParent, pagesPerParent, type ParentRelation } from "../../shared/parent-pages.js";
import { articleIncidents } from "../incident/incident.table.js";
import { articleCorrections, articleMentions, articles, articleTopics, relatedArticles, type ArticleRow, type ArticleRowWithoutBody } from "./article.table.js";
import { actors, type ActorType } from "../actor/actor.table.js";
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

/** Every read of articles, for one dialect; run by db/read.ts's runners (ArticleRepository on SQLite). */
export class ArticleQueries {
  constructor(private readonly dialect: Dialect) {}

  /** `omit`: columns the rows may leave out besides `body` (shared/column-selection.ts). */
  findByIds(ids: readonly number[], omit: readonly string[] = WHOLE_ROW): Read<ArticleRowWithoutBody[]> {
    return ARTICLES_BY_IDS(this.dialect, ids, omit);
  }

  findBySlugs(slugs: readonly string[]): Read<ArticleRowWithoutBody[]> {
    return ARTICLES_BY_SLUGS(this.dialect, slugs);
  }

  /** The bodies of many articles at once (the only read that loads `body`). */
  bodiesOf(ids: readonly number[]): Read<{ id: number; body: string }[]> {
    return BODIES_BY_IDS(this.dialect, ids);
  }

  private filterCondition(filter: ArticleFilterValues): SQL | undefined {
    const linked = (table: SQLiteTable, articleId: SQLiteColumn, condition: SQL) => sql`exists (select 1 from ${table} where ${articleId} = ${articles.id} and ${condition})`;
    const mentions = (actorId: number) => linked(articleMentions, articleMentions.articleId, eq(articleMentions.actorId, actorId));
    return and(
      filter.search ? matchingIds(this.dialect, articles.id, filter.search, SEARCH_FILTER_PATH, [ARTICLE_SEARCH_CODE]) : undefined,
      filter.personId != null ? mentions(filter.personId) : undefined,
      filter.organizationId != null ? mentions(filter.organizationId) : undefined,
      filter.incidentId != null ? linked(articleIncidents, articleIncidents.articleId, eq(articleIncidents.incidentId, filter.incidentId)) : undefined,
      filter.topic != null ? linked(articleTopics, articleTopics.articleId, eq(articleTopics.topic, filter.topic)) : undefined,
      filter.language != null ? eq(articles.language, filter.language) : undefined,
      filter.publishedAfter != null ? gte(articles.publishedAt, filter.publishedAfter) : undefined,
      filter.publishedBefore != null ? lte(articles.publishedAt, filter.publishedBefore) : undefined,
    );
  }

  findPage(filter: ArticleFilterValues, sortKey: SortKey<ArticleRowWithoutBody>, request: PageRequest): Read<ArticleRowWithoutBody[]> {
    return filteredPage(this.dialect, articles, this.filterCondition(filter), sortKey, request, WITHOUT_BODY);
  }

  count(filter: ArticleFilterValues): Read<number> {
    return filteredCount(this.dialect, articles, this.filterCondition(filter));
  }

  correctionsOf(articleIds: readonly number[]): Read<{ articleId: number; at: string; note: string }[]> {
    return rows(
      this.dialect,
      () => sql`select ${articleCorrections.articleId} as "articleId", ${articleCorrections.at} as "at", ${articleCorrections.note} as "note" from ${articleCorrections}
          where ${articleCorrections.articleId} ${this.dialect.inList(jsonList(articleIds))}
          order by ${articleCorrections.articleId}, ${articleCorrections.position}`,
    );
  }

  topicsOf(articleIds: readonly number[]): Read<{ articleId: number; topic: string }[]> {
    return rows(
      this.dialect,
      () => sql`select ${articleTopics.articleId} as "articleId", ${articleTopics.topic} as "topic" from ${articleTopics}
          where ${articleTopics.articleId} ${this.dialect.inList(jsonList(articleIds))}
          order by ${articleTopics.articleId}, ${articleTopics.topic}`,
    );
  }

  /** Related articles of each article, newest first. */
  relatedOf(articleIds: readonly number[]): Read<(ArticleRowWithoutBody & { parentId: number })[]> {
    return rows(
      this.dialect,
      () => sql`select "r"."article_id" as "parentId", ${columnsOf(articles, "a", WITHOUT_BODY)}
          from ${relatedArticles} as "r" join ${articles} as "a" on "a"."id" = "r"."related_id"
          where "r"."article_id" ${this.dialect.inList(jsonList(articleIds))}
          order by "a"."published_at" desc, "a"."id" desc`,
    );
  }

  pagesByActor(actorIds: readonly number[], request: PageRequest): Read<Map<number, ArticleRowWithoutBody[]>> {
    return pagesPerParent(this.dialect, ARTICLES_BY_ACTOR, actorIds, request);
  }

  countByActor(actorIds: readonly number[]): Read<Map<number, number>> {
    return countsPerParent(this.dialect, sql`${articleMentions}`, articleMentions.actorId, actorIds);
  }

  pagesByIncident(incidentIds: readonly number[], request: PageRequest): Read<Map<number, ArticleRowWithoutBody[]>> {
    return pagesPerParent(this.dialect, ARTICLES_BY_INCIDENT, incidentIds, request);
  }

  pagesByOutlet(outletIds: readonly number[], request: PageRequest): Read<Map<number, ArticleRowWithoutBody[]>> {
    return pagesPerParent(this.dialect, ARTICLES_BY_OUTLET, outletIds, request);
  }

  countByOutlet(outletIds: readonly number[]): Read<Map<number, number>> {
    return countsPerParent(this.dialect, sql`${articles}`, articles.outletId, outletIds);
  }

  countByIncident(incidentIds: readonly number[]): Read<Map<number, number>> {
    return countsPerParent(this.dialect, sql`${articleIncidents}`, articleIncidents.incidentId, incidentIds);
  }

  // ---- the export's reads (article.record.ts): whole rows, body included, keyset on the slug

  /** Up to `limit` articles after `afterSlug` (from the first when empty), by slug, with their bodies. */
  exportPage(afterSlug: string, limit: number): Read<ArticleRow[]> {
    return rows(this.dialect, () => sql`select ${columnsOf(articles, "a")} from ${articles} as "a" where "a"."slug" > ${afterSlug} order by "a"."slug" limit ${limit}`);
  }

  /** One article with its body, by slug. */
  wholeBySlug(slug: string): Read<ArticleRow[]> {
    return rows(this.dialect, () => sql`select ${columnsOf(articles, "a")} from ${articles} as "a" where "a"."slug" = ${slug}`);
  }

  /** The people and organizations each article mentions: slug and type, by article, then slug. */
  mentionSlugsOf(articleIds: readonly number[]): Read<{ parentId: number; slug: string; actorType: ActorType }[]> {
    return linkedSlugs<{ actorType: ActorType }>(this.dialect, { parent: articleMentions.articleId, target: articleMentions.actorId, targetTable: actors }, articleIds, sql`"x"."actor_type" as "actorType"`);
  }

  /** The slugs of each article's related articles, by article, then slug. */
  relatedSlugsOf(articleIds: readonly number[]): Read<{ parentId: number; slug: string }[]> {
    return linkedSlugs(this.dialect, { parent: relatedArticles.articleId, target: relatedArticles.relatedId, targetTable: articles }, articleIds);
  }
}

export type ArticleRepository = Synchronous<ArticleQueries>;

/** The article reads on a SQLite connection, run synchronously. */
export function articleRepository(db: Db): ArticleRepository {
  return synchronous(new ArticleQueries(SQLITE), sqliteRunner(db.$client));
}

const ARTICLES_BY_SLUGS = idListRead<ArticleRowWithoutBody>((dialect, slugs) => sql`select ${columnsOf(articles, "a", WITHOUT_BODY)} from ${articles} as "a" where "a"."slug" ${dialect.inList(slugs, "text")}`);

const ARTICLES_BY_IDS = idListRead<ArticleRowWithoutBody>((dialect, ids, omit) => sql`select ${columnsOf(articles, "a", [...WITHOUT_BODY, ...omit])} from ${articles} as "a" where "a"."id" ${dialect.inList(ids)}`);

const BODIES_BY_IDS = idListRead<{ id: number; body: string }>((dialect, ids) => sql`select "a"."id" as "id", "a"."body" as "body" from ${articles} as "a" where "a"."id" ${dialect.inList(ids)}`);

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
