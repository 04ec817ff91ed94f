import { createListLoader, createRowLoader } from "../../shared/batch.js";
import { createParentPageLoader } from "../../shared/parent-pages.js";
import { ARTICLES_BY_ACTOR, ARTICLES_BY_INCIDENT, type ArticleRepository } from "./article.repository.js";
import type { ArticleRow } from "./article.table.js";

export function createArticleLoaders(repository: ArticleRepository) {
  const byId = createRowLoader<number, ArticleRow>((ids) => repository.findByIds(ids), (row) => row.id);
  const prime = (rows: readonly ArticleRow[]) => {
    for (const row of rows) byId.prime(row.id, row);
  };
  return {
    byId,
    bySlug: createRowLoader<string, ArticleRow>(
      (slugs) => {
        const rows = repository.findBySlugs(slugs);
        prime(rows);
        return rows;
      },
      (row) => row.slug,
    ),
    topics: createListLoader((ids: readonly number[]) => repository.topicsOf(ids), (row) => row.articleId),
    related: createListLoader((ids: readonly number[]) => repository.relatedOf(ids), (row) => row.parentId),
    pageByActor: createParentPageLoader({
      sortKey: ARTICLES_BY_ACTOR.sortKey,
      fetch: (ids, request) => repository.pagesByActor(ids, request),
      count: (ids) => repository.countByActor(ids),
      onRows: prime,
    }),
    pageByIncident: createParentPageLoader({
      sortKey: ARTICLES_BY_INCIDENT.sortKey,
      fetch: (ids, request) => repository.pagesByIncident(ids, request),
      count: (ids) => repository.countByIncident(ids),
      onRows: prime,
    }),
  };
}
