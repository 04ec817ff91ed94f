// incidentUpdated: an incident each time a committed write changes it — its casualties, kind,
// dates or summary, its claims, perpetrators or location, or its statements (added, edited,
// removed) — and when it is created; filtered like the `incidents` list, in memory
// (incidentMatcher). A deleted incident raises nothing: there is no incident left to send.
import { Arg, Resolver, Root, Subscription, type SubscribeResolverData } from "type-graphql";
import type { Context } from "../../context.js";
import type { Dialect } from "../../db/dialect.js";
import { read, type ReadProgram } from "../../db/read-program.js";
import { LocationQueries } from "../location/location.repository.js";
import { subscribeToTopic, type LiveEvent, type TopicDefinition } from "../live/live-topic.js";
import { lazy, searchMatcher, searchTermsOf } from "../live/search-match.js";
import { IncidentFilter } from "./incident.input.js";
import { IncidentQueries, type IncidentFilterValues } from "./incident.repository.js";
import { incidentFilterValues } from "./incident.resolver.js";
import { incidentFields } from "./incident.search.js";
import type { IncidentRow } from "./incident.table.js";
import { Incident } from "./incident.type.js";

/** A changed incident, with what its filter looks at besides its row. */
export interface IncidentEvent extends LiveEvent<IncidentRow> {
  /** Its location and every place around it. */
  placeIds: ReadonlySet<number>;
  /** The countries of those places (a location without one is in its surroundings'). */
  countries: ReadonlySet<string>;
  /** The analyzed words of what search indexes (titles, place, region, summary). */
  searchTerms: () => ReadonlySet<string>;
}

/** Whether a changed incident passes an `IncidentFilter`: the SQL filter of the list, said in memory. */
export function incidentMatcher(filter: IncidentFilterValues): (event: IncidentEvent) => boolean {
  const search = filter.search ? searchMatcher(filter.search) : null;
  return ({ payload: row, placeIds, countries, searchTerms }) =>
    (filter.kind == null || row.kind === filter.kind) &&
    (filter.country == null || countries.has(filter.country)) &&
    (filter.locationId == null || placeIds.has(filter.locationId)) &&
    (filter.occurredAfter == null || row.occurredOn >= filter.occurredAfter) &&
    (filter.occurredBefore == null || row.occurredOn <= filter.occurredBefore) &&
    (filter.minKilled == null || (row.killed !== null && row.killed >= filter.minKilled)) &&
    (search === null || search(searchTerms()));
}

export const INCIDENT_UPDATED: TopicDefinition<IncidentEvent> = {
  name: "incidentUpdated",
  raisedBy: (change) => change.type === "Incident" && change.action !== "deleted",
  *load(dialect: Dialect, ids: readonly number[]): ReadProgram<IncidentEvent[]> {
    const queries = { incidents: new IncidentQueries(dialect), locations: new LocationQueries(dialect) };
    const rows = yield* read(queries.incidents.findByIds(ids));
    const byId = new Map(rows.map((row) => [row.id, row]));
    const locationIds = [...new Set(rows.flatMap((row) => (row.locationId === null ? [] : [row.locationId])))];
    const locations = new Map((yield* read(queries.locations.findByIds(locationIds))).map((row) => [row.id, row]));
    const facts = new Map((yield* read(queries.locations.factsOf(locationIds))).map((row) => [row.id, row]));
    const places = new Map<number, { ids: Set<number>; countries: Set<string> }>();
    for (const { locationId, ancestorId, country } of yield* read(queries.locations.surroundingsOf(locationIds))) {
      let place = places.get(locationId);
      if (!place) places.set(locationId, (place = { ids: new Set(), countries: new Set() }));
      place.ids.add(ancestorId);
      if (country !== null) place.countries.add(country);
    }
    return ids.flatMap((id) => {
      const row = byId.get(id);
      if (!row) return [];
      const place = row.locationId === null ? undefined : places.get(row.locationId);
      const location = row.locationId === null ? undefined : locations.get(row.locationId);
      const searchTerms = lazy(() => {
        const fields = incidentFields(row, location ? { name: location.name, region: facts.get(location.id)?.region ?? null } : null);
        return searchTermsOf([...fields.title, ...fields.subtitle, ...fields.body]);
      });
      return [{ payload: row, placeIds: place?.ids ?? new Set(), countries: place?.countries ?? new Set(), searchTerms }];
    });
  },
};

@Resolver()
export class IncidentSubscriptionResolver {
  @Subscription(() => Incident, {
    description:
      "An incident each time a write changes it — casualties, claims, perpetrators, location or statements — or creates it, once the write has committed; `filter` is the one of `incidents`.",
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { filter?: IncidentFilter | null }, Context>) =>
      subscribeToTopic(INCIDENT_UPDATED, context, incidentMatcher(incidentFilterValues(args.filter))),
  })
  incidentUpdated(@Arg("filter", () => IncidentFilter, { nullable: true }) _filter: IncidentFilter | null, @Root() incident: IncidentRow): IncidentRow {
    return incident;
  }
}
