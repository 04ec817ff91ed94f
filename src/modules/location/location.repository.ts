// Every SQL read of locations, and of the incidents and articles at each of them (places inside
// included, through the location tree).
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { SQLITE, type Dialect } from "../../db/dialect.js";
import { columnsOf, idListRead, jsonList, sqliteRunner } from "../../db/query.js";
import { rows, synchronous, type Read, type Synchronous } from "../../db/read.js";
import type { PageRequest, SortKey } from "../../shared/connection.js";
import { filteredCount, filteredPage } from "../../shared/filtered-page.js";
import { countsPerParent, pagesPerParent, type ParentRelation } from "../../shared/parent-pages.js";
import { matchingIds, NAME_COLUMNS, SEARCH_FILTER_PATH } from "../../search/search-query.js";
import { ARTICLE_COLUMNS_WITHOUT_BODY } from "../article/article.repository.js";
import { articles, type ArticleRowWithoutBody } from "../article/article.table.js";
import { incidents, type IncidentRow } from "../incident/incident.table.js";
import { locationFactsOf, type LocationFacts } from "./location.facts.js";
import { LOCATION_SEARCH_CODE } from "./location.search.js";
import { locationAliases, locationArticles, locations, locationTree, type LocationKind, type LocationRow } from "./location.table.js";

export const LOCATION_SORT_BY_NAME: SortKey<LocationRow> = [
  { column: locations.name, direction: "asc", valueOf: (row) => row.name },
  { column: locations.id, direction: "asc", valueOf: (row) => row.id },
];

export interface LocationFilterValues {
  search?: string | null;
  country?: string | null;
  kind?: LocationKind | null;
  /** Only the places directly inside this location. */
  parentId?: number | null;
}

/** Incidents at a location or inside it, newest first. */
export const INCIDENTS_AT_LOCATION: ParentRelation<IncidentRow> = {
  rowTable: incidents,
  rowId: incidents.id,
  innerFrom: sql`${incidents} join ${locationTree} on ${locationTree.descendantId} = ${incidents.locationId}`,
  innerRowId: incidents.id,
  parentColumn: locationTree.ancestorId,
  sortKey: [
    { column: incidents.occurredOn, direction: "desc", valueOf: (row) => row.occurredOn },
    { column: incidents.id, direction: "desc", valueOf: (row) => row.id },
  ],
};

/** Articles reporting an incident at a location or inside it, newest first. */
export const ARTICLES_AT_LOCATION: ParentRelation<ArticleRowWithoutBody> = {
  rowTable: articles,
  rowId: articles.id,
  omitColumns: ARTICLE_COLUMNS_WITHOUT_BODY,
  innerFrom: sql`${locationArticles}`,
  innerRowId: locationArticles.articleId,
  parentColumn: locationArticles.locationId,
  sortKey: [
    { column: locationArticles.publishedAt, direction: "desc", valueOf: (row) => row.publishedAt },
    { column: locationArticles.articleId, direction: "desc", valueOf: (row) => row.id },
  ],
};

/** Every read of locations, for one dialect; run by db/read.ts's runners (LocationRepository on SQLite). */
export class LocationQueries {
  constructor(private readonly dialect: Dialect) {}

  findByIds(ids: readonly number[]): Read<LocationRow[]> {
    return LOCATIONS_BY_IDS(this.dialect, ids);
  }

  findByWikidataIds(wikidataIds: readonly string[]): Read<LocationRow[]> {
    return rows(this.dialect, () => sql`select ${columnsOf(locations, "l")} from ${locations} as "l" where "l"."wikidata_id" ${this.dialect.inList(jsonList(wikidataIds), "text")}`);
  }

  findBySlugs(slugs: readonly string[]): Read<LocationRow[]> {
    return rows(this.dialect, () => sql`select ${columnsOf(locations, "l")} from ${locations} as "l" where "l"."slug" ${this.dialect.inList(jsonList(slugs), "text")}`);
  }

  private filterCondition(filter: LocationFilterValues): SQL | undefined {
    return and(
      filter.country != null ? sql`${locations.id} in (select "t"."descendant_id" from "location_tree" as "t" join "locations" as "a" on "a"."id" = "t"."ancestor_id" where "a"."country" = ${filter.country})` : undefined,
      filter.kind != null ? eq(locations.kind, filter.kind) : undefined,
      filter.parentId != null ? eq(locations.parentId, filter.parentId) : undefined,
      filter.search ? matchingIds(this.dialect, locations.id, filter.search, SEARCH_FILTER_PATH, [LOCATION_SEARCH_CODE], NAME_COLUMNS) : undefined,
    );
  }

  findPage(filter: LocationFilterValues, request: PageRequest): Read<LocationRow[]> {
    return filteredPage(this.dialect, locations, this.filterCondition(filter), LOCATION_SORT_BY_NAME, request);
  }

  count(filter: LocationFilterValues): Read<number> {
    return filteredCount(this.dialect, locations, this.filterCondition(filter));
  }

  aliasesOf(ids: readonly number[]): Read<{ locationId: number; alias: string }[]> {
    return rows(
      this.dialect,
      () => sql`select ${columnsOf(locationAliases, "a")} from ${locationAliases} as "a"
          where "a"."location_id" ${this.dialect.inList(jsonList(ids))}
          order by "a"."location_id", "a"."alias"`,
    );
  }

  factsOf(ids: readonly number[]): Read<LocationFacts[]> {
    return locationFactsOf(this.dialect, ids);
  }

  /** Every place each location lies in, itself included, with its own country: what the incident filters test. */
  surroundingsOf(ids: readonly number[]): Read<{ locationId: number; ancestorId: number; country: string | null }[]> {
    return rows(
      this.dialect,
      () => sql`select "t"."descendant_id" as "locationId", "t"."ancestor_id" as "ancestorId", "a"."country" as "country"
          from "location_tree" as "t" join "locations" as "a" on "a"."id" = "t"."ancestor_id"
          where "t"."descendant_id" ${this.dialect.inList(jsonList(ids))}`,
    );
  }

  incidentPages(locationIds: readonly number[], request: PageRequest): Read<Map<number, IncidentRow[]>> {
    return pagesPerParent(this.dialect, INCIDENTS_AT_LOCATION, locationIds, request);
  }

  countIncidents(locationIds: readonly number[]): Read<Map<number, number>> {
    return countsPerParent(this.dialect, INCIDENTS_AT_LOCATION.innerFrom, locationTree.ancestorId, locationIds);
  }

  articlePages(locationIds: readonly number[], request: PageRequest): Read<Map<number, ArticleRowWithoutBody[]>> {
    return pagesPerParent(this.dialect, ARTICLES_AT_LOCATION, locationIds, request);
  }

  countArticles(locationIds: readonly number[]): Read<Map<number, number>> {
    return countsPerParent(this.dialect, ARTICLES_AT_LOCATION.innerFrom, locationArticles.locationId, locationIds);
  }

  // ---- the export's reads (location.record.ts)

  /**
   * Up to `limit` locations after (`afterDepth`, `afterSlug`) by depth in the tree, then slug:
   * parents before the places inside them. A location without tree rows (none should be) counts
   * as depth -1, where SQLite's null sorted it (PostgreSQL sorts nulls last).
   */
  exportPage(afterDepth: number, afterSlug: string, limit: number): Read<(LocationRow & { depth: number })[]> {
    return rows(
      this.dialect,
      () => sql`select * from (
            select ${columnsOf(locations, "l")}, coalesce((select max("t"."depth") from "location_tree" as "t" where "t"."descendant_id" = "l"."id"), -1) as "depth"
            from ${locations} as "l") as "x"
          where "x"."depth" > ${afterDepth} or ("x"."depth" = ${afterDepth} and "x"."slug" > ${afterSlug})
          order by "x"."depth", "x"."slug" limit ${limit}`,
    );
  }
}

export type LocationRepository = Synchronous<LocationQueries>;

/** The location reads on a SQLite connection, run synchronously. */
export function locationRepository(db: Db): LocationRepository {
  return synchronous(new LocationQueries(SQLITE), sqliteRunner(db.$client));
}

const LOCATIONS_BY_IDS = idListRead<LocationRow>((dialect, ids) => sql`select ${columnsOf(locations, "l")} from ${locations} as "l" where "l"."id" ${dialect.inList(ids)}`);
