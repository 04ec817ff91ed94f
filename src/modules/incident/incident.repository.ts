// Every SQL read of incidents, their claims and their links to articles and statements.
import { and, asc, count, eq, gte, lte, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { allRows, columnsOf, idListQuery, idListQueryLeavingOut, jsonList } from "../../db/query.js";
import { WHOLE_ROW } from "../../shared/column-selection.js";
import { keysetCondition, orderByOf, type PageRequest, type SortKey } from "../../shared/connection.js";
import { statementIncidents } from "./incident.table.js";
import { articleIncidents, incidentClaims, incidents, type IncidentClaimRow, type IncidentKind, type IncidentRow } from "./incident.table.js";
import { matchingIds, SEARCH_FILTER_PATH } from "../../search/search-query.js";
import { INCIDENT_SEARCH_CODE } from "./incident.search.js";

export const INCIDENT_SORT_NEWEST_FIRST: SortKey<IncidentRow> = [
  { column: incidents.occurredOn, direction: "desc", valueOf: (row) => row.occurredOn },
  { column: incidents.id, direction: "desc", valueOf: (row) => row.id },
];

export interface IncidentFilterValues {
  kind?: IncidentKind | null;
  /** The incidents at this location or at any place inside it. */
  locationId?: number | null;
  country?: string | null;
  occurredAfter?: string | null;
  occurredBefore?: string | null;
  minKilled?: number | null;
  search?: string | null;
}

/** Incidents at a location in the country (a location without one takes its surroundings'). */
function inCountry(country: string): SQL {
  return sql`${incidents.locationId} in (select "t"."descendant_id" from "location_tree" as "t" join "locations" as "a" on "a"."id" = "t"."ancestor_id" where "a"."country" = ${country})`;
}

function atOrInside(locationId: number): SQL {
  return sql`${incidents.locationId} in (select "descendant_id" from "location_tree" where "ancestor_id" = ${locationId})`;
}

export class IncidentRepository {
  constructor(private readonly db: Db) {}

  findByIds(ids: readonly number[]): IncidentRow[] {
    return INCIDENTS_BY_IDS(this.db.$client, ids);
  }

  findBySlugs(slugs: readonly string[]): IncidentRow[] {
    return allRows<IncidentRow>(this.db.$client, sql`select ${columnsOf(incidents, "i")} from ${incidents} as "i" where "i"."slug" in (select "value" from json_each(${jsonList(slugs)}))`);
  }

  private filterCondition(filter: IncidentFilterValues): SQL | undefined {
    return and(
      filter.kind != null ? eq(incidents.kind, filter.kind) : undefined,
      filter.country != null ? inCountry(filter.country) : undefined,
      filter.locationId != null ? atOrInside(filter.locationId) : undefined,
      filter.occurredAfter != null ? gte(incidents.occurredOn, filter.occurredAfter) : undefined,
      filter.occurredBefore != null ? lte(incidents.occurredOn, filter.occurredBefore) : undefined,
      filter.minKilled != null ? gte(incidents.killed, filter.minKilled) : undefined,
      filter.search ? matchingIds(incidents.id, filter.search, SEARCH_FILTER_PATH, [INCIDENT_SEARCH_CODE]) : undefined,
    );
  }

  findPage(filter: IncidentFilterValues, request: PageRequest): IncidentRow[] {
    return this.db
      .select()
      .from(incidents)
      .where(and(this.filterCondition(filter), keysetCondition(INCIDENT_SORT_NEWEST_FIRST, request.after)))
      .orderBy(...orderByOf(INCIDENT_SORT_NEWEST_FIRST))
      .limit(request.limit)
      .all();
  }

  count(filter: IncidentFilterValues): number {
    return this.db.select({ value: count() }).from(incidents).where(this.filterCondition(filter)).get()?.value ?? 0;
  }

  claimsOf(incidentIds: readonly number[]): IncidentClaimRow[] {
    return this.db
      .select()
      .from(incidentClaims)
      .where(sql`${incidentClaims.incidentId} in (select "value" from json_each(${jsonList(incidentIds)}))`)
      .orderBy(asc(incidentClaims.incidentId), asc(incidentClaims.id))
      .all();
  }

  /** Incidents reported by each article, most recent first. */
  reportedIn(articleIds: readonly number[]): (IncidentRow & { parentId: number })[] {
    return allRows(
      this.db.$client,
      sql`select "l"."article_id" as "parentId", ${columnsOf(incidents, "i")}
          from ${articleIncidents} as "l" join ${incidents} as "i" on "i"."id" = "l"."incident_id"
          where "l"."article_id" in (select "value" from json_each(${jsonList(articleIds)}))
          order by "i"."occurred_on" desc, "i"."id" desc`,
    );
  }

  /** Incidents each statement is about; `omit`: columns the rows may leave out (shared/column-selection.ts). */
  spokenAboutIn(statementIds: readonly number[], omit: readonly string[] = WHOLE_ROW): (IncidentRow & { parentId: number })[] {
    return INCIDENTS_OF_STATEMENTS(omit)(this.db.$client, statementIds);
  }
}

const INCIDENTS_BY_IDS = idListQuery<IncidentRow>(
  (ids) => sql`select ${columnsOf(incidents, "i")} from ${incidents} as "i" where "i"."id" in (select "value" from json_each(${ids}))`,
);

const INCIDENTS_OF_STATEMENTS = idListQueryLeavingOut<IncidentRow & { parentId: number }>(
  (statementIds, omit) => sql`select "l"."statement_id" as "parentId", ${columnsOf(incidents, "i", omit)}
      from ${statementIncidents} as "l" join ${incidents} as "i" on "i"."id" = "l"."incident_id"
      where "l"."statement_id" in (select "value" from json_each(${statementIds}))
      order by "i"."occurred_on" desc, "i"."id" desc`,
);
