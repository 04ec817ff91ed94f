import { createListLoader, createRowLoader, SelectiveRowLoader } from "../../shared/batch.js";
import type { Reads } from "../../db/read.js";
import { createParentPageLoader } from "../../shared/parent-pages.js";
import { ARTICLES_BY_ACTOR, ARTICLES_BY_INCIDENT, ARTICLES_BY_OUTLET, type ArticleQueries } from "./article.repository.js";
import { NotFoundError } from "../../shared/errors.js";
import type { ArticleRow, ArticleRowWithoutBody } from "./article.table.js";

export function createArticleLoaders(repository: Reads<ArticleQueries>) {
  // A nested field passes the columns it can do without (`columnsToOmit`).
  const byId = new SelectiveRowLoader<number, ArticleRowWithoutBody>((ids, omit) => repository.findByIds(ids, omit), (row) => row.id);
  const prime = (rows: readonly ArticleRowWithoutBody[]) => {
    for (const row of rows) byId.prime(row.id, row);
  };
  return {
    byId,
    bySlug: createRowLoader<string, ArticleRowWithoutBody>(
      async (slugs) => {
        const rows = await repository.findBySlugs(slugs);
        prime(rows);
        return rows;
      },
      (row) => row.slug,
    ),
    /** Bodies by article id: every article of the request that asks for one, in one statement. */
    body: createRowLoader((ids: readonly number[]) => repository.bodiesOf(ids), (row) => row.id),
    corrections: createListLoader((ids: readonly number[]) => repository.correctionsOf(ids), (row) => row.articleId),
    topics: createListLoader((ids: readonly number[]) => repository.topicsOf(ids), (row) => row.articleId),
    related: createListLoader((ids: readonly number[]) => repository.relatedOf(ids), (row) => row.parentId),
    pageByActor: createParentPageLoader({
      sortKey: ARTICLES_BY_ACTOR.sortKey,
      fetch: (ids, request) => repository.pagesByActor(ids, request),
      count: (ids) => repository.countByActor(ids),
      onRows: prime,
    }),
    pageByOutlet: createParentPageLoader({
      sortKey: ARTICLES_BY_OUTLET.sortKey,
      fetch: (ids, request) => repository.pagesByOutlet(ids, request),
      count: (ids) => repository.countByOutlet(ids),
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

/** An article's body: already on the row (a mutation's result) or through the request's body loader. */
export async function bodyOf(loaders: { body: ReturnType<typeof createArticleLoaders>["body"] }, article: ArticleRowWithoutBody | ArticleRow): Promise<string> {
  if ("body" in article && typeof article.body === "string") return article.body;
  const row = await loaders.body.load(article.id);
  // Only if the article was deleted between this request's two reads.
  if (!row) throw new NotFoundError(`Article ${article.id} was deleted while it was being read.`);
  return row.body;
}
