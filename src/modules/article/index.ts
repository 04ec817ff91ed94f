// The article module: articles, their topics, mentions and related articles.
import { ENTITY_MAX_AGE } from "../../shared/cache-policy.js";
import type { WriteProgram, WriteSession } from "../../db/write-session.js";
import type { FieldError } from "../../shared/errors.js";
import type { KhabarModule, RecordWrite } from "../module.js";
import { articleRecordBatches, checkArticleRecord, type ArticleRecord } from "./article.record.js";
import { ArticleWriter } from "./article.writer.js";
import { bodyOf, createArticleLoaders } from "./article.loaders.js";
import { ArticleMutationResolver } from "./article.mutation.js";
import { articleReference } from "./article.reference.js";
import { ArticleQueries } from "./article.repository.js";
import { ArticleResolver } from "./article.resolver.js";
import { ArticleSubscriptionResolver } from "./article.subscription.js";
import { articleFields, ARTICLE_SEARCH_CODE, reindexArticles } from "./article.search.js";
import type { ArticleRowWithoutBody } from "./article.table.js";
import { Article } from "./article.type.js";

export type ArticleLoaders = ReturnType<typeof createArticleLoaders>;

/** Related articles may point forward in a file: they are linked once every record is in. */
function* writeArticleRecord(session: WriteSession, record: ArticleRecord): WriteProgram<RecordWrite> {
  const { outcome, pendingRelated } = yield* new ArticleWriter(session).write(record);
  if (pendingRelated.length === 0) return { outcome };
  return {
    outcome,
    afterImport: function* (later: WriteSession): WriteProgram<FieldError[]> {
      const missing = yield* new ArticleWriter(later).linkPendingRelated(record.slug, pendingRelated);
      return missing.map((slug) => ({ path: "relatedArticles", message: `no article has the slug "${slug}"` }));
    },
  };
}

export const articleModule: KhabarModule<"articles", ArticleQueries, ArticleLoaders> = {
  key: "articles",
  resolvers: [ArticleResolver, ArticleMutationResolver, ArticleSubscriptionResolver],
  nodeTypes: [
    {
      name: "Article",
      classType: Article,
      load: (context, id) => context.loaders.articles.byId.load(id),
      reference: articleReference,
      search: {
        code: ARTICLE_SEARCH_CODE,
        enumValue: "ARTICLE",
        description: "Articles, by headline, summary, image caption and body.",
        // Article rows are read without their body; snippets quote it, so it is loaded here (batched).
        fields: async (context, row) => {
          const article = row as ArticleRowWithoutBody;
          return articleFields({ ...article, body: await bodyOf(context.loaders.articles, article) });
        },
      },
    },
  ],
  createQueries: (dialect) => new ArticleQueries(dialect),
  createLoaders: createArticleLoaders,
  records: {
    kinds: [{ type: "article", check: checkArticleRecord, write: writeArticleRecord, statementCount: (record: ArticleRecord) => record.statements?.length ?? 0 }],
    exportBatches: articleRecordBatches,
  },
  reindex: reindexArticles,
  cacheHints: { types: { Article: ENTITY_MAX_AGE, ArticleImage: ENTITY_MAX_AGE } },
};
