// articlePublished: every article created by a mutation or an import, once its write has
// committed, filtered like the `articles` list — in memory, on the loaded article (articleMatcher).
import { Arg, Resolver, Root, Subscription, type SubscribeResolverData } from "type-graphql";
import type { Context } from "../../context.js";
import type { Dialect } from "../../db/dialect.js";
import { read, type ReadProgram } from "../../db/read-program.js";
import { IncidentQueries } from "../incident/incident.repository.js";
import { ActorQueries } from "../actor/actor.repository.js";
import { subscribeToTopic, type LiveEvent, type TopicDefinition } from "../live/live-topic.js";
import { lazy, searchMatcher, searchTermsOf } from "../live/search-match.js";
import { ArticleFilter } from "./article.input.js";
import { ArticleQueries, type ArticleFilterValues } from "./article.repository.js";
import { articleFilterValues } from "./article.resolver.js";
import { articleFields } from "./article.search.js";
import type { ArticleRowWithoutBody } from "./article.table.js";
import { Article } from "./article.type.js";

/** A new article, with what its filter looks at besides its row. */
export interface ArticleEvent extends LiveEvent<ArticleRowWithoutBody> {
  /** People and organizations it mentions or quotes. */
  actorIds: ReadonlySet<number>;
  incidentIds: ReadonlySet<number>;
  topics: ReadonlySet<string>;
  /** The analyzed words of what search indexes (headline, summary, caption, body). */
  searchTerms: () => ReadonlySet<string>;
}

/** Whether a new article passes an `ArticleFilter`: the SQL filter of the list, said in memory. */
export function articleMatcher(filter: ArticleFilterValues): (event: ArticleEvent) => boolean {
  const search = filter.search ? searchMatcher(filter.search) : null;
  return ({ payload: row, actorIds, incidentIds, topics, searchTerms }) =>
    (filter.personId == null || actorIds.has(filter.personId)) &&
    (filter.organizationId == null || actorIds.has(filter.organizationId)) &&
    (filter.incidentId == null || incidentIds.has(filter.incidentId)) &&
    (filter.topic == null || topics.has(filter.topic)) &&
    (filter.language == null || row.language === filter.language) &&
    (filter.publishedAfter == null || row.publishedAt >= filter.publishedAfter) &&
    (filter.publishedBefore == null || row.publishedAt <= filter.publishedBefore) &&
    (search === null || search(searchTerms()));
}

function groups<Value>(pairs: readonly (readonly [number, Value])[]): Map<number, Set<Value>> {
  const grouped = new Map<number, Set<Value>>();
  for (const [key, value] of pairs) {
    const set = grouped.get(key);
    if (set) set.add(value);
    else grouped.set(key, new Set([value]));
  }
  return grouped;
}

export const ARTICLE_PUBLISHED: TopicDefinition<ArticleEvent> = {
  name: "articlePublished",
  raisedBy: (change) => change.type === "Article" && change.action === "created",
  *load(dialect: Dialect, ids: readonly number[]): ReadProgram<ArticleEvent[]> {
    const queries = { articles: new ArticleQueries(dialect), actors: new ActorQueries(dialect), incidents: new IncidentQueries(dialect) };
    const rows = new Map((yield* read(queries.articles.findByIds(ids))).map((row) => [row.id, row]));
    const bodies = new Map((yield* read(queries.articles.bodiesOf(ids))).map((row) => [row.id, row.body]));
    const topics = groups((yield* read(queries.articles.topicsOf(ids))).map((row) => [row.articleId, row.topic] as const));
    const actors = groups((yield* read(queries.actors.mentionedIn(ids))).map((row) => [row.parentId, row.id] as const));
    const incidents = groups((yield* read(queries.incidents.reportedIn(ids))).map((row) => [row.parentId, row.id] as const));
    return ids.flatMap((id) => {
      const row = rows.get(id);
      if (!row) return [];
      const searchTerms = lazy(() => {
        const fields = articleFields({ ...row, body: bodies.get(id) ?? "" });
        return searchTermsOf([...fields.title, ...fields.subtitle, ...fields.body]);
      });
      return [{ payload: row, actorIds: actors.get(id) ?? new Set(), incidentIds: incidents.get(id) ?? new Set(), topics: topics.get(id) ?? new Set(), searchTerms }];
    });
  },
};

@Resolver()
export class ArticleSubscriptionResolver {
  @Subscription(() => Article, {
    description: "Each article created from now on (by a mutation or an import), once its write has committed; `filter` is the one of `articles`.",
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { filter?: ArticleFilter | null }, Context>) =>
      subscribeToTopic(ARTICLE_PUBLISHED, context, articleMatcher(articleFilterValues(args.filter))),
  })
  articlePublished(@Arg("filter", () => ArticleFilter, { nullable: true }) _filter: ArticleFilter | null, @Root() article: ArticleRowWithoutBody): ArticleRowWithoutBody {
    return article;
  }
}
