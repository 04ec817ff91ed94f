import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../context.js";
import { pageRequest, toConnection } from "../../shared/connection.js";
import { PageArgsInput } from "../../shared/connection.type.js";
import { toGlobalId } from "../../shared/global-id.js";
import { entityKey, optionalIdOf } from "../../shared/lookup.js";
import { sameAsOf } from "../../shared/rules.js";
import { CountryCode } from "../../shared/scalars.js";
import { ArticleConnection } from "../article/article.type.js";
import { IncidentConnection } from "../incident/incident.type.js";
import { LocationFilter } from "./location.input.js";
import { LOCATION_SORT_BY_NAME } from "./location.repository.js";
import type { LocationRow } from "./location.table.js";
import { Location, LocationConnection } from "./location.type.js";

@Resolver(() => Location)
export class LocationResolver {
  @Query(() => Location, { nullable: true, description: "One location by id, slug or Wikidata id (give exactly one); null when there is none." })
  location(
    @Arg("id", () => ID, { nullable: true }) id: string | null,
    @Arg("slug", () => String, { nullable: true }) slug: string | null,
    @Arg("wikidataId", () => String, { nullable: true, description: "A Wikidata item id such as Q1000." }) wikidataId: string | null,
    @Ctx() { loaders }: Context,
  ) {
    const key = entityKey(id, slug, wikidataId, ["Location"]);
    if (key.id !== undefined) return loaders.locations.byId.load(key.id);
    return key.slug !== undefined ? loaders.locations.bySlug.load(key.slug) : loaders.locations.byWikidataId.load(key.wikidataId);
  }

  @FieldResolver(() => [String], { description: "Other pages about the place (official site, Wikipedia…)." })
  sameAs(@Root() location: LocationRow): string[] {
    return sameAsOf(location.sameAs);
  }

  @Query(() => LocationConnection, { description: "Locations, by name." })
  async locations(@Arg("filter", () => LocationFilter, { nullable: true }) filter: LocationFilter | null, @Args(() => PageArgsInput) page: PageArgsInput, @Ctx() { repositories }: Context) {
    const request = pageRequest(page, LOCATION_SORT_BY_NAME);
    const values = { search: filter?.search, country: filter?.country, kind: filter?.kind, parentId: optionalIdOf(filter?.parentId, ["Location"], "filter.parentId") };
    const rows = await repositories.locations.findPage(values, request);
    return toConnection(rows, request, LOCATION_SORT_BY_NAME, () => repositories.locations.count(values));
  }

  @FieldResolver(() => ID, { description: "Opaque global id." })
  id(@Root() location: LocationRow): string {
    return toGlobalId("Location", location.id);
  }

  @FieldResolver(() => [String], { description: "Other spellings of the name, in any language (search finds them all)." })
  async aliases(@Root() location: LocationRow, @Ctx() { loaders }: Context): Promise<string[]> {
    return (await loaders.locations.aliases.load(location.id)).map((row) => row.alias);
  }

  @FieldResolver(() => CountryCode, { nullable: true, description: "Country (ISO 3166-1 alpha-2): its own, or that of the places it lies in." })
  async country(@Root() location: LocationRow, @Ctx() { loaders }: Context): Promise<string | null> {
    return location.country ?? (await loaders.locations.facts.load(location.id))?.country ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: "The region it lies in (or is): the name of the nearest REGION around it, else the region it was reported with." })
  async region(@Root() location: LocationRow, @Ctx() { loaders }: Context): Promise<string | null> {
    return (await loaders.locations.facts.load(location.id))?.region ?? null;
  }

  @FieldResolver(() => String, { description: "The place's name.", deprecationReason: "Use `name`: `Incident.location` is a Location now." })
  place(@Root() location: LocationRow): string {
    return location.name;
  }

  @FieldResolver(() => Location, { nullable: true, description: "The location it lies in; null for a country or a place with no known parent." })
  async parent(@Root() location: LocationRow, @Ctx() { loaders }: Context): Promise<LocationRow | null> {
    return location.parentId === null ? null : loaders.locations.byId.load(location.parentId);
  }

  @FieldResolver(() => IncidentConnection, { description: "Incidents here or at any place inside, most recent first." })
  incidents(@Root() location: LocationRow, @Args(() => PageArgsInput) page: PageArgsInput, @Ctx() { loaders }: Context) {
    return loaders.locations.incidents.load(location.id, page);
  }

  @FieldResolver(() => ArticleConnection, { description: "Articles reporting an incident here or at any place inside, newest first." })
  articles(@Root() location: LocationRow, @Args(() => PageArgsInput) page: PageArgsInput, @Ctx() { loaders }: Context) {
    return loaders.locations.articles.load(location.id, page);
  }
}
