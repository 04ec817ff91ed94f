import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from "type-graphql";
import type { GraphQLResolveInfo } from "graphql";
import { columnsToOmit } from "../../shared/column-selection.js";
import { STATEMENT_COLUMNS } from "../statement/statement.columns.js";
import type { Context } from "../../context.js";
import { BadUserInputError } from "../../shared/errors.js";
import { pageRequest, toConnection } from "../../shared/connection.js";
import { PageArgsInput } from "../../shared/connection.type.js";
import { opaqueId, toGlobalId } from "../../shared/global-id.js";
import { idOrSlug, optionalIdOf } from "../../shared/lookup.js";
import type { ActorRow } from "../actor/actor.table.js";
import { Actor } from "../actor/actor.type.js";
import { ArticleConnection } from "../article/article.type.js";
import type { LocationRow } from "../location/location.table.js";
import { Location } from "../location/location.type.js";
import { Organization } from "../organization/organization.type.js";
import { Statement, StatementConnection } from "../statement/statement.type.js";
import { IncidentFilter } from "./incident.input.js";
import { INCIDENT_SORT_NEWEST_FIRST, type IncidentFilterValues } from "./incident.repository.js";
import type { IncidentClaimRow, IncidentRow } from "./incident.table.js";
import { Incident, IncidentClaim, IncidentConnection } from "./incident.type.js";
import { withStatementRelations } from "../statement/statement.prefetch.js";

/** The `incidents` list's filter, checked and with its ids decoded (errors name `filter.*`); subscriptions share it. */
export function incidentFilterValues(filter: IncidentFilter | null | undefined): IncidentFilterValues {
  if (filter?.minKilled != null && filter.minKilled < 0) throw BadUserInputError.field("filter.minKilled", "must be 0 or more");
  return { ...filter, locationId: optionalIdOf(filter?.locationId, ["Location"], "filter.locationId") };
}

@Resolver(() => Incident)
export class IncidentResolver {
  @Query(() => Incident, { nullable: true, description: "One incident by id or slug (give exactly one); null when there is none." })
  incident(@Arg("id", () => ID, { nullable: true }) id: string | null, @Arg("slug", () => String, { nullable: true }) slug: string | null, @Ctx() { loaders }: Context) {
    const key = idOrSlug(id, slug, ["Incident"]);
    return key.id !== undefined ? loaders.incidents.byId.load(key.id) : loaders.incidents.bySlug.load(key.slug);
  }

  @Query(() => IncidentConnection, { description: "Incidents, most recent first." })
  async incidents(@Arg("filter", () => IncidentFilter, { nullable: true }) filter: IncidentFilter | null, @Args(() => PageArgsInput) page: PageArgsInput, @Ctx() { repositories }: Context) {
    const request = pageRequest(page, INCIDENT_SORT_NEWEST_FIRST);
    const values = incidentFilterValues(filter);
    const rows = await repositories.incidents.findPage(values, request);
    return toConnection(rows, request, INCIDENT_SORT_NEWEST_FIRST, () => repositories.incidents.count(values));
  }

  @FieldResolver(() => ID, { description: "Opaque global id." })
  id(@Root() incident: IncidentRow): string {
    return toGlobalId("Incident", incident.id);
  }

  @FieldResolver(() => Location, { nullable: true, description: "Where it happened: a site, city, region or country (its `parent`s lead up to the country)." })
  async location(@Root() incident: IncidentRow, @Ctx() { loaders }: Context): Promise<LocationRow | null> {
    return incident.locationId === null ? null : loaders.locations.byId.load(incident.locationId);
  }

  @FieldResolver(() => [Organization], { description: "Organizations that claimed it or were credibly attributed it." })
  perpetrators(@Root() incident: IncidentRow, @Ctx() { loaders }: Context) {
    return loaders.actors.perpetratorsOf.load(incident.id);
  }

  @FieldResolver(() => [IncidentClaim], { description: "Who took responsibility, who denied it, who blamed whom." })
  claims(@Root() incident: IncidentRow, @Ctx() { loaders }: Context) {
    return loaders.incidents.claims.load(incident.id);
  }

  @FieldResolver(() => ArticleConnection, { description: "Articles that report it, newest first." })
  articles(@Root() incident: IncidentRow, @Args(() => PageArgsInput) page: PageArgsInput, @Ctx() { loaders }: Context) {
    return loaders.articles.pageByIncident.load(incident.id, page);
  }

  @FieldResolver(() => StatementConnection, { description: "Statements about it, newest first." })
  statements(@Root() incident: IncidentRow, @Args(() => PageArgsInput) page: PageArgsInput, @Ctx() { loaders }: Context, @Info() info: GraphQLResolveInfo) {
    return withStatementRelations(loaders, info, loaders.statements.pageByIncident.load(incident.id, page, columnsToOmit(STATEMENT_COLUMNS, info, "connection")));
  }
}

@Resolver(() => IncidentClaim)
export class IncidentClaimResolver {
  @FieldResolver(() => ID, { description: "Stable id of the claim, for client caches." })
  id(@Root() claim: IncidentClaimRow): string {
    return opaqueId("IncidentClaim", claim.id);
  }

  @FieldResolver(() => Incident, { description: "The incident the claim is about." })
  incident(@Root() claim: IncidentClaimRow, @Ctx() { loaders }: Context) {
    return loaders.incidents.byId.load(claim.incidentId);
  }

  @FieldResolver(() => Actor, { description: "Who took the stance." })
  actor(@Root() claim: IncidentClaimRow, @Ctx() { loaders }: Context) {
    return loaders.actors.byId.load(claim.actorId);
  }

  @FieldResolver(() => Actor, { nullable: true, description: "For ACCUSED: whom the actor blamed." })
  async accused(@Root() claim: IncidentClaimRow, @Ctx() { loaders }: Context): Promise<ActorRow | null> {
    return claim.accusedId == null ? null : loaders.actors.byId.load(claim.accusedId);
  }

  @FieldResolver(() => Statement, { nullable: true, description: "The statement in which the actor says it, when there is one." })
  async statement(@Root() claim: IncidentClaimRow, @Ctx() { loaders }: Context) {
    return claim.statementId == null ? null : loaders.statements.byId.load(claim.statementId);
  }
}
