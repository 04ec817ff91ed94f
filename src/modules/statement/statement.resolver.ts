import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from "type-graphql";
import type { GraphQLResolveInfo } from "graphql";
import { columnsToOmit } from "../../shared/column-selection.js";
import { ACTOR_COLUMNS } from "../actor/actor.columns.js";
import { ARTICLE_COLUMNS } from "../article/article.columns.js";
import { INCIDENT_COLUMNS } from "../incident/incident.columns.js";
import type { Context } from "../../context.js";
import { pageRequest, toConnection } from "../../shared/connection.js";
import { PageArgsInput } from "../../shared/connection.type.js";
import { decodeIdOf, toGlobalId } from "../../shared/global-id.js";
import { optionalIdOf } from "../../shared/lookup.js";
import { isoInstant } from "../../shared/scalars.js";
import type { ActorRow } from "../actor/actor.table.js";
import { Actor } from "../actor/actor.type.js";
import { Article } from "../article/article.type.js";
import { Incident } from "../incident/incident.type.js";
import { Organization } from "../organization/organization.type.js";
import { StatementFilter } from "./statement.input.js";
import { STATEMENT_SORT_NEWEST_FIRST, type StatementFilterValues } from "./statement.repository.js";
import type { StatementRow } from "./statement.table.js";
import { Statement, StatementConnection } from "./statement.type.js";
import { ReviewStatusEnum } from "./statement.enums.js";

/** The `statements` list's filter with its ids decoded (errors name `filter.*`); subscriptions share it. */
export function statementFilterValues(filter: StatementFilter | null | undefined): StatementFilterValues {
  return {
    speakerId: optionalIdOf(filter?.speakerId, ["Person", "Organization"], "filter.speakerId"),
    articleId: optionalIdOf(filter?.articleId, ["Article"], "filter.articleId"),
    incidentId: optionalIdOf(filter?.incidentId, ["Incident"], "filter.incidentId"),
    kind: filter?.kind,
    search: filter?.search,
    saidAfter: isoInstant(filter?.saidAfter),
    saidBefore: isoInstant(filter?.saidBefore),
  };
}

@Resolver(() => Statement)
export class StatementResolver {
  @FieldResolver(() => ReviewStatusEnum, { description: "Always APPROVED: public reads show approved statements only (the extractor's suggestions wait in `statementSuggestions`)." })
  reviewStatus(): "APPROVED" {
    return "APPROVED";
  }

  @Query(() => Statement, { nullable: true, description: "One statement by id; null when there is none." })
  statement(@Arg("id", () => ID) id: string, @Ctx() { loaders }: Context) {
    return loaders.statements.byId.load(decodeIdOf(id, ["Statement"], "id"));
  }

  @Query(() => StatementConnection, { description: "Statements, newest first; inside one article, in reading order." })
  async statements(@Arg("filter", () => StatementFilter, { nullable: true }) filter: StatementFilter | null, @Args(() => PageArgsInput) page: PageArgsInput, @Ctx() { repositories }: Context) {
    const request = pageRequest(page, STATEMENT_SORT_NEWEST_FIRST);
    const values = statementFilterValues(filter);
    const rows = await repositories.statements.findPage(values, request);
    return toConnection(rows, request, STATEMENT_SORT_NEWEST_FIRST, () => repositories.statements.count(values));
  }

  @FieldResolver(() => ID, { description: "Opaque global id." })
  id(@Root() statement: StatementRow): string {
    return toGlobalId("Statement", statement.id);
  }

  @FieldResolver(() => Actor, { nullable: true, description: "Who said it; null for unnamed sources (see `speakerLabel`)." })
  speaker(@Root() statement: StatementRow, @Ctx() { loaders }: Context, @Info() info: GraphQLResolveInfo): ActorRow | null | Promise<ActorRow | null> {
    if (statement.speakerId == null) return null;
    const omit = columnsToOmit(ACTOR_COLUMNS, info, "object");
    // Prefetched with its page (statement.prefetch.ts), or loaded on its own.
    const known = loaders.actors.byId.peek(statement.speakerId, omit);
    return known !== undefined ? known : loaders.actors.byId.load(statement.speakerId, omit);
  }

  @FieldResolver(() => Article, { description: "The article that reported it." })
  article(@Root() statement: StatementRow, @Ctx() { loaders }: Context, @Info() info: GraphQLResolveInfo) {
    return loaders.articles.byId.load(statement.articleId, columnsToOmit(ARTICLE_COLUMNS, info, "object"));
  }

  @FieldResolver(() => Organization, { nullable: true, description: "The agency it was reported through (e.g. Reuters), if any." })
  async via(@Root() statement: StatementRow, @Ctx() { loaders }: Context, @Info() info: GraphQLResolveInfo): Promise<ActorRow | null> {
    return statement.viaId == null ? null : loaders.actors.byId.load(statement.viaId, columnsToOmit(ACTOR_COLUMNS, info, "object"));
  }

  @FieldResolver(() => [Incident], { description: "The incidents the statement is about." })
  incidents(@Root() statement: StatementRow, @Ctx() { loaders }: Context, @Info() info: GraphQLResolveInfo) {
    const omit = columnsToOmit(INCIDENT_COLUMNS, info, "object");
    return loaders.incidents.spokenAboutIn.peek(statement.id, omit) ?? loaders.incidents.spokenAboutIn.load(statement.id, omit);
  }
}
