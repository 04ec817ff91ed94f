// The article columns each Article field reads, so an article fetched for a nested field (a
// statement's, a group's) reads only what is asked (shared/column-selection.ts). `body` is never
// among them: rows are read without it, and `body` and `paragraphs` load it apart by id. A field
// missing here makes the fetch read the whole row.
import { getTableColumns } from "drizzle-orm";
import type { FieldColumns } from "../../shared/column-selection.js";
import { articles, type ArticleRowWithoutBody } from "./article.table.js";

export const ARTICLE_COLUMNS: FieldColumns<ArticleRowWithoutBody> = {
  all: Object.keys(getTableColumns(articles)).filter((column) => column !== "body") as (keyof ArticleRowWithoutBody & string)[],
  always: ["id"],
  fields: {
    id: ["id"],
    slug: ["slug"],
    headline: ["headline"],
    summary: ["summary"],
    body: ["id"],
    paragraphs: ["id"],
    language: ["language"],
    direction: ["language"],
    publishedAt: ["publishedAt"],
    updatedAt: ["updatedAt"],
    url: ["url"],
    image: ["imageCaption", "imageCredit", "imageAlt"],
    outlet: ["outletId"],
    corrections: ["id"],
    topics: ["id"],
    people: ["id"],
    organizations: ["id"],
    incidents: ["id"],
    statements: ["id"],
    relatedArticles: ["id"],
    revisions: ["id"],
  },
};
