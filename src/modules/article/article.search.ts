// How search sees an article: headline first, then summary and caption, then the body.
import { gt } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { present, type SearchFields } from "../../search/search-documents.js";
import { eachBatch, searchRowWrites, writeSearchRow, type SearchWriting } from "../../search/search-index.js";
import type { WriteProgram } from "../../db/write-session.js";
import { articles, type ArticleRow } from "./article.table.js";

/** Articles' type code in search_index rowids (migration 0002's delete trigger uses it too). */
export const ARTICLE_SEARCH_CODE = 1;

/** The article columns its index row is made of. */
export type ArticleSearchColumns = Pick<ArticleRow, "headline" | "summary" | "imageCaption" | "body" | "publishedAt">;

export function articleFields(article: ArticleSearchColumns): SearchFields {
  return {
    title: present(article.headline),
    subtitle: present(article.summary, article.imageCaption),
    body: present(article.body),
    names: present(article.headline),
    sortDate: article.publishedAt,
  };
}

/** (Re)indexes one article from the values just written, without reading the row back. */
export function indexArticleValues(writing: SearchWriting, id: number, article: ArticleSearchColumns, fresh: boolean): WriteProgram<void> {
  return searchRowWrites(writing, ARTICLE_SEARCH_CODE, id, articleFields(article), fresh);
}

export function reindexArticles(db: Db): number {
  return eachBatch(
    (afterId, limit) => db.select().from(articles).where(gt(articles.id, afterId)).orderBy(articles.id).limit(limit).all(),
    (rows) => rows.forEach((row) => writeSearchRow(db, ARTICLE_SEARCH_CODE, row.id, articleFields(row), true)),
  );
}
