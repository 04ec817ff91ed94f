// Every SQL read of incidents, their claims and their links to articles and statements.
import { and, eq, gte, lte, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { SQLITE, type Dialect } from "../../db/dialect.js";
import { columnsOf, idListRead, jsonList, sqliteRunner } from "../../db/query.js";
import { rows, synchronous, type Read, type Synchronous } from "../../db/read.js";
import { WHOLE_ROW } from "../../shared/column-selection.js";
import type { PageRequest, SortKey } from "../../shared/connection.js";
import { filteredCount, filteredPage } from "../../shared/filtered-page.js";
import { linkedSlugs } from "../../shared/linked-slugs.js";
import { incidentPerpetrators, statementIncidents } from "./incident.table.js";
import { actors } from "../actor/actor.table.js";
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

/** Every read of incidents, for one dialect; run by db/read.ts's runners (IncidentRepository on SQLite). */
export class IncidentQueries {
  constructor(private readonly dialect: Dialect) {}

  findByIds(ids: readonly number[]): Read<IncidentRow[]> {
    return INCIDENTS_BY_IDS(this.dialect, ids);
  }

  findBySlugs(slugs: readonly string[]): Read<IncidentRow[]> {
    return INCIDENTS_BY_SLUGS(this.dialect, slugs);
  }

  private filterCondition(filter: IncidentFilterValues): SQL | undefined {
    return and(
      filter.kind != null ? eq(incidents.kind, filter.kind) : undefined,
      filter.country != null ? inCountry(filter.country) : undefined,
      filter.locationId != null ? atOrInside(filter.locationId) : undefined,
      filter.occurredAfter != null ? gte(incidents.occurredOn, filter.occurredAfter) : undefined,
      filter.occurredBefore != null ? lte(incidents.occurredOn, filter.occurredBefore) : undefined,
      filter.minKilled != null ? gte(incidents.killed, filter.minKilled) : undefined,
      filter.search ? matchingIds(this.dialect, incidents.id, filter.search, SEARCH_FILTER_PATH, [INCIDENT_SEARCH_CODE]) : undefined,
    );
  }

  findPage(filter: IncidentFilterValues, request: PageRequest): Read<IncidentRow[]> {
    return filteredPage(this.dialect, incidents, this.filterCondition(filter), INCIDENT_SORT_NEWEST_FIRST, request);
  }

  count(filter: IncidentFilterValues): Read<number> {
    return filteredCount(this.dialect, incidents, this.filterCondition(filter));
  }

  claimsOf(incidentIds: readonly number[]): Read<IncidentClaimRow[]> {
    return rows(
      this.dialect,
      () => sql`select ${columnsOf(incidentClaims, "c")} from ${incidentClaims} as "c"
          where "c"."incident_id" ${this.dialect.inList(jsonList(incidentIds))}
          order by "c"."incident_id", "c"."id"`,
    );
  }

  /** Incidents reported by each article, most recent first. */
  reportedIn(articleIds: readonly number[]): Read<(IncidentRow & { parentId: number })[]> {
    return rows(
      this.dialect,
      () => sql`select "l"."article_id" as "parentId", ${columnsOf(incidents, "i")}
          from ${articleIncidents} as "l" join ${incidents} as "i" on "i"."id" = "l"."incident_id"
          where "l"."article_id" ${this.dialect.inList(jsonList(articleIds))}
          order by "i"."occurred_on" desc, "i"."id" desc`,
    );
  }

  /** Incidents each statement is about; `omit`: columns the rows may leave out (shared/column-selection.ts). */
  spokenAboutIn(statementIds: readonly number[], omit: readonly string[] = WHOLE_ROW): Read<(IncidentRow & { parentId: number })[]> {
    return INCIDENTS_OF_STATEMENTS(this.dialect, statementIds, omit);
  }

  // ---- the export's reads (incident.record.ts, statement.record.ts)

  /** Up to `limit` incidents after `afterSlug` (from the first when empty), by slug. */
  exportPage(afterSlug: string, limit: number): Read<IncidentRow[]> {
    return rows(this.dialect, () => sql`select ${columnsOf(incidents, "i")} from ${incidents} as "i" where "i"."slug" > ${afterSlug} order by "i"."slug" limit ${limit}`);
  }

  /** The slugs of each incident's perpetrators, by incident, then slug. */
  perpetratorSlugsOf(incidentIds: readonly number[]): Read<{ parentId: number; slug: string }[]> {
    return linkedSlugs(this.dialect, { parent: incidentPerpetrators.incidentId, target: incidentPerpetrators.actorId, targetTable: actors }, incidentIds);
  }

  /** The slugs of the incidents each article reports, by article, then slug. */
  slugsReportedIn(articleIds: readonly number[]): Read<{ parentId: number; slug: string }[]> {
    return linkedSlugs(this.dialect, { parent: articleIncidents.articleId, target: articleIncidents.incidentId, targetTable: incidents }, articleIds);
  }

  /** The claims statements make, in the order they were written (id). */
  claimsOfStatements(statementIds: readonly number[]): Read<IncidentClaimRow[]> {
    return rows(
      this.dialect,
      () => sql`select ${columnsOf(incidentClaims, "c")} from ${incidentClaims} as "c"
          where "c"."statement_id" ${this.dialect.inList(jsonList(statementIds))}
          order by "c"."id"`,
    );
  }
}

export type IncidentRepository = Synchronous<IncidentQueries>;

/** The incident reads on a SQLite connection, run synchronously. */
export function incidentRepository(db: Db): IncidentRepository {
  return synchronous(new IncidentQueries(SQLITE), sqliteRunner(db.$client));
}

const INCIDENTS_BY_SLUGS = idListRead<IncidentRow>((dialect, slugs) => sql`select ${columnsOf(incidents, "i")} from ${incidents} as "i" where "i"."slug" ${dialect.inList(slugs, "text")}`);

const INCIDENTS_BY_IDS = idListRead<IncidentRow>((dialect, ids) => sql`select ${columnsOf(incidents, "i")} from ${incidents} as "i" where "i"."id" ${dialect.inList(ids)}`);

const INCIDENTS_OF_STATEMENTS = idListRead<IncidentRow & { parentId: number }>(
  (dialect, statementIds, omit) => sql`select "l"."statement_id" as "parentId", ${columnsOf(incidents, "i", omit)}
      from ${statementIncidents} as "l" join ${incidents} as "i" on "i"."id" = "l"."incident_id"
      where "l"."statement_id" ${dialect.inList(statementIds)}
      order by "i"."occurred_on" desc, "i"."id" desc`,
);
