import { paragraphsOf } from "../../shared/rules.js";
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from "type-graphql";
import type { GraphQLResolveInfo } from "graphql";
import { columnsToOmit } from "../../shared/column-selection.js";
import { STATEMENT_COLUMNS } from "../statement/statement.columns.js";
import type { Context } from "../../context.js";
import { pageRequest, toConnection } from "../../shared/connection.js";
import { PageArgsInput } from "../../shared/connection.type.js";
import { ArticleOrderEnum, TextDirectionEnum, type ArticleOrder } from "./article.enums.js";
import { toGlobalId } from "../../shared/global-id.js";
import { idOrSlug, optionalIdOf } from "../../shared/lookup.js";
import { isoInstant } from "../../shared/scalars.js";
import type { ActorRow } from "../actor/actor.table.js";
import { Incident } from "../incident/incident.type.js";
import { Organization } from "../organization/organization.type.js";
import { Person } from "../person/person.type.js";
import { StatementConnection } from "../statement/statement.type.js";
import { ArticleFilter } from "./article.input.js";
import { ARTICLE_SORT_NEWEST_FIRST, ARTICLE_SORT_OLDEST_FIRST, type ArticleFilterValues } from "./article.repository.js";
import { bodyOf } from "./article.loaders.js";
import type { ArticleRowWithoutBody } from "./article.table.js";
import { Article, ArticleConnection, ArticleCorrection, ArticleImage } from "./article.type.js";
import { withStatementRelations } from "../statement/statement.prefetch.js";

/** Primary language subtags written right to left. */
const RIGHT_TO_LEFT_LANGUAGES = new Set(["ar", "arc", "ckb", "dv", "fa", "he", "ks", "ku", "ps", "sd", "syr", "ug", "ur", "yi"]);

export function directionOf(language: string): "RTL" | "LTR" {
  const primary = language.split("-")[0]?.toLowerCase() ?? "";
  return RIGHT_TO_LEFT_LANGUAGES.has(primary) ? "RTL" : "LTR";
}

/** The `articles` list's filter with its ids decoded (errors name `filter.*`); subscriptions share it. */
export function articleFilterValues(filter: ArticleFilter | null | undefined): ArticleFilterValues {
  return {
    search: filter?.search,
    personId: optionalIdOf(filter?.personId, ["Person"], "filter.personId"),
    organizationId: optionalIdOf(filter?.organizationId, ["Organization"], "filter.organizationId"),
    incidentId: optionalIdOf(filter?.incidentId, ["Incident"], "filter.incidentId"),
    topic: filter?.topic,
    language: filter?.language,
    publishedAfter: isoInstant(filter?.publishedAfter),
    publishedBefore: isoInstant(filter?.publishedBefore),
  };
}

@Resolver(() => Article)
export class ArticleResolver {
  @Query(() => Article, { nullable: true, description: "One article by id or slug (give exactly one); null when there is none." })
  async article(
    @Arg("id", () => ID, { nullable: true }) id: string | null,
    @Arg("slug", () => String, { nullable: true }) slug: string | null,
    @Ctx() { loaders }: Context,
  ): Promise<ArticleRowWithoutBody | null> {
    const key = idOrSlug(id, slug, ["Article"]);
    return key.id !== undefined ? loaders.articles.byId.load(key.id) : loaders.articles.bySlug.load(key.slug);
  }

  @Query(() => ArticleConnection, { description: "Articles, newest first unless `orderBy` says otherwise." })
  async articles(
    @Arg("filter", () => ArticleFilter, { nullable: true }) filter: ArticleFilter | null,
    @Arg("orderBy", () => ArticleOrderEnum, { defaultValue: "NEWEST_FIRST", description: "Order by publication time." }) orderBy: ArticleOrder,
    @Args(() => PageArgsInput) page: PageArgsInput,
    @Ctx() { repositories }: Context,
  ) {
    const sortKey = orderBy === "OLDEST_FIRST" ? ARTICLE_SORT_OLDEST_FIRST : ARTICLE_SORT_NEWEST_FIRST;
    const request = pageRequest(page, sortKey);
    const values = articleFilterValues(filter);
    const rows = await repositories.articles.findPage(values, sortKey, request);
    return toConnection(rows, request, sortKey, () => repositories.articles.count(values));
  }

  @FieldResolver(() => ID, { description: "Opaque global id." })
  id(@Root() article: ArticleRowWithoutBody): string {
    return toGlobalId("Article", article.id);
  }

  // Rows are read without `body` (see ArticleRowWithoutBody): it is loaded here, for all the
  // articles of the request in one statement, only when a client asks for it.
  @FieldResolver(() => String, { description: "Full text; paragraphs are separated by blank lines." })
  body(@Root() article: ArticleRowWithoutBody, @Ctx() { loaders }: Context): Promise<string> {
    return bodyOf(loaders.articles, article);
  }

  @FieldResolver(() => [String], { description: "The body split on blank lines; `Statement.paragraph` indexes this list." })
  async paragraphs(@Root() article: ArticleRowWithoutBody, @Ctx() { loaders }: Context): Promise<string[]> {
    return paragraphsOf(await bodyOf(loaders.articles, article));
  }

  @FieldResolver(() => TextDirectionEnum, { description: "RTL for Arabic and other right-to-left languages, else LTR." })
  direction(@Root() article: ArticleRowWithoutBody): "RTL" | "LTR" {
    return directionOf(article.language);
  }

  @FieldResolver(() => ArticleImage, { nullable: true, description: "The lead image, if the article has one." })
  image(@Root() article: ArticleRowWithoutBody): ArticleImage | null {
    if (article.imageCaption == null && article.imageCredit == null && article.imageAlt == null) return null;
    return { caption: article.imageCaption, credit: article.imageCredit, alt: article.imageAlt };
  }

  @FieldResolver(() => [ArticleCorrection], { description: "Corrections published with the article, in order (empty when none)." })
  async corrections(@Root() article: ArticleRowWithoutBody, @Ctx() { loaders }: Context): Promise<ArticleCorrection[]> {
    return (await loaders.articles.corrections.load(article.id)).map(({ at, note }) => ({ at, note }));
  }

  @FieldResolver(() => [String], { description: "Topics the article is filed under." })
  async topics(@Root() article: ArticleRowWithoutBody, @Ctx() { loaders }: Context): Promise<string[]> {
    return (await loaders.articles.topics.load(article.id)).map((row) => row.topic);
  }

  @FieldResolver(() => StatementConnection, { description: "What the article reports people and organizations said, in reading order." })
  statements(@Root() article: ArticleRowWithoutBody, @Args(() => PageArgsInput) page: PageArgsInput, @Ctx() { loaders }: Context, @Info() info: GraphQLResolveInfo) {
    return withStatementRelations(loaders, info, loaders.statements.pageByArticle.load(article.id, page, columnsToOmit(STATEMENT_COLUMNS, info, "connection")));
  }

  @FieldResolver(() => [Person], { description: "People the article mentions or quotes, by name." })
  async people(@Root() article: ArticleRowWithoutBody, @Ctx() { loaders }: Context): Promise<ActorRow[]> {
    return (await loaders.actors.mentionedIn.load(article.id)).filter((actor) => actor.actorType === "PERSON");
  }

  @FieldResolver(() => [Organization], { description: "Organizations the article mentions or quotes, by name." })
  async organizations(@Root() article: ArticleRowWithoutBody, @Ctx() { loaders }: Context): Promise<ActorRow[]> {
    return (await loaders.actors.mentionedIn.load(article.id)).filter((actor) => actor.actorType === "ORGANIZATION");
  }

  @FieldResolver(() => [Incident], { description: "Incidents the article reports, most recent first." })
  incidents(@Root() article: ArticleRowWithoutBody, @Ctx() { loaders }: Context) {
    return loaders.incidents.reportedIn.load(article.id);
  }

  @FieldResolver(() => Organization, { nullable: true, description: "The outlet that published the article (an organization, usually of kind NEWS_OUTLET); null when the page does not name it." })
  async outlet(@Root() article: ArticleRowWithoutBody, @Ctx() { loaders }: Context): Promise<ActorRow | null> {
    return article.outletId === null ? null : loaders.actors.byId.load(article.outletId);
  }

  @FieldResolver(() => [Article], { description: "Articles the outlet lists as related, newest first." })
  relatedArticles(@Root() article: ArticleRowWithoutBody, @Ctx() { loaders }: Context) {
    return loaders.articles.related.load(article.id);
  }
}
