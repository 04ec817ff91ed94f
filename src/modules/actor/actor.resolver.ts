// Fields every Actor has (Person and Organization inherit these resolvers through the interface).
import { Args, Ctx, FieldResolver, ID, Info, Resolver, Root } from "type-graphql";
import type { GraphQLResolveInfo } from "graphql";
import { columnsToOmit } from "../../shared/column-selection.js";
import { STATEMENT_COLUMNS } from "../statement/statement.columns.js";
import { ACTOR_COLUMNS } from "./actor.columns.js";
import { ARTICLE_COLUMNS } from "../article/article.columns.js";
import type { Context } from "../../context.js";
import { PageArgsInput } from "../../shared/connection.type.js";
import { opaqueId, toGlobalId } from "../../shared/global-id.js";
import { sameAsOf } from "../../shared/rules.js";
import { ArticleConnection } from "../article/article.type.js";
import type { SpeakerArticleRow, StatementRow } from "../statement/statement.table.js";
import { StatementConnection } from "../statement/statement.type.js";
import { Article } from "../article/article.type.js";
import { Statement } from "../statement/statement.type.js";
import type { ActorRow } from "./actor.table.js";
import { Actor, StatementGroup, StatementGroupConnection } from "./actor.type.js";
import { withStatementRelations } from "../statement/statement.prefetch.js";

@Resolver(() => Actor)
export class ActorResolver {
  @FieldResolver(() => ID, { description: "Opaque global id." })
  id(@Root() actor: ActorRow): string {
    return toGlobalId(actor.actorType === "PERSON" ? "Person" : "Organization", actor.id);
  }

  @FieldResolver(() => [String], { description: "Other spellings of the name, in any language (search finds them all)." })
  async aliases(@Root() actor: ActorRow, @Ctx() { loaders }: Context): Promise<string[]> {
    return (await loaders.actors.aliases.load(actor.id)).map((row) => row.alias);
  }

  @FieldResolver(() => [String], { description: "Other pages about the actor (official site, Wikipedia…)." })
  sameAs(@Root() actor: ActorRow): string[] {
    return sameAsOf(actor.sameAs);
  }

  @FieldResolver(() => StatementConnection, { description: "Everything the actor said, newest first." })
  statements(@Root() actor: ActorRow, @Args(() => PageArgsInput) page: PageArgsInput, @Ctx() { loaders }: Context, @Info() info: GraphQLResolveInfo) {
    return withStatementRelations(loaders, info, loaders.statements.pageBySpeaker.load(actor.id, page, columnsToOmit(STATEMENT_COLUMNS, info, "connection")));
  }

  @FieldResolver(() => StatementGroupConnection, {
    description: "The actor's statements grouped by the article that reported them: newest article first, statements in reading order. Pages count groups.",
  })
  statementsByArticle(@Root() actor: ActorRow, @Args(() => PageArgsInput) page: PageArgsInput, @Ctx() { loaders }: Context) {
    return loaders.statements.groupPageBySpeaker.load(actor.id, page);
  }

  @FieldResolver(() => ArticleConnection, { description: "Articles that mention or quote the actor, newest first." })
  articles(@Root() actor: ActorRow, @Args(() => PageArgsInput) page: PageArgsInput, @Ctx() { loaders }: Context) {
    return loaders.articles.pageByActor.load(actor.id, page);
  }
}

@Resolver(() => StatementGroup)
export class StatementGroupResolver {
  @FieldResolver(() => ID, { description: "Stable id of the group (actor and article), for client caches." })
  id(@Root() group: SpeakerArticleRow): string {
    return opaqueId("StatementGroup", group.speakerId, group.articleId);
  }

  @FieldResolver(() => Article, { description: "The article that reported the statements." })
  async article(@Root() group: SpeakerArticleRow, @Ctx() { loaders }: Context, @Info() info: GraphQLResolveInfo) {
    return loaders.articles.byId.load(group.articleId, columnsToOmit(ARTICLE_COLUMNS, info, "object"));
  }

  @FieldResolver(() => Actor, { description: "Who said them." })
  speaker(@Root() group: SpeakerArticleRow, @Ctx() { loaders }: Context, @Info() info: GraphQLResolveInfo) {
    return loaders.actors.byId.load(group.speakerId, columnsToOmit(ACTOR_COLUMNS, info, "object"));
  }

  @FieldResolver(() => [Statement], { description: "The actor's statements in this article, in reading order." })
  statements(@Root() group: SpeakerArticleRow, @Ctx() { loaders }: Context, @Info() info: GraphQLResolveInfo): Promise<StatementRow[]> {
    return loaders.statements.bySpeakerAndArticle.load(`${group.speakerId}:${group.articleId}`, columnsToOmit(STATEMENT_COLUMNS, info, "object"));
  }
}
