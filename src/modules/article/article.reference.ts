// Resolves Article references of a federated gateway (`@key(fields: "id")`, `@key(fields: "slug")`)
// through this request's loaders, so any number of representations costs one statement per key.
import type { Context } from "../../context.js";
import { referenceKey, type EntityReference } from "../../shared/reference.js";
import type { ArticleRowWithoutBody } from "./article.table.js";

export const articleReference = {
  async __resolveReference(reference: EntityReference, { loaders }: Context): Promise<ArticleRowWithoutBody | null> {
    const key = referenceKey(reference, "Article");
    if (!key) return null;
    return key.id !== undefined ? loaders.articles.byId.load(key.id) : loaders.articles.bySlug.load(key.slug);
  },
};
