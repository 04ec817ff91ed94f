// Every SQL read of locations, and of the incidents and articles at each of them (places inside
// included, through the location tree).
import { and, asc, count, eq, sql, type SQL } from "drizzle-orm";
import type Database from "better-sqlite3";
import type { Db } from "../../db/client.js";
import { allRows, columnsOf, idListQuery, jsonList } from "../../db/query.js";
import { keysetCondition, orderByOf, type PageRequest, type SortKey } from "../../shared/connection.js";
import { countPerParent, fetchPagesPerParent, type ParentRelation } from "../../shared/parent-pages.js";
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

export class LocationRepository {
  private readonly sqlite: Database.Database;

  constructor(private readonly db: Db) {
    this.sqlite = db.$client;
  }

  findByIds(ids: readonly number[]): LocationRow[] {
    return LOCATIONS_BY_IDS(this.sqlite, ids);
  }

  findByWikidataIds(wikidataIds: readonly string[]): LocationRow[] {
    return allRows<LocationRow>(this.sqlite, sql`select ${columnsOf(locations, "l")} from ${locations} as "l" where "l"."wikidata_id" in (select "value" from json_each(${jsonList(wikidataIds)}))`);
  }

  findBySlugs(slugs: readonly string[]): LocationRow[] {
    return allRows<LocationRow>(this.sqlite, sql`select ${columnsOf(locations, "l")} from ${locations} as "l" where "l"."slug" in (select "value" from json_each(${jsonList(slugs)}))`);
  }

  private filterCondition(filter: LocationFilterValues): SQL | undefined {
    return and(
      filter.country != null ? sql`${locations.id} in (select "t"."descendant_id" from "location_tree" as "t" join "locations" as "a" on "a"."id" = "t"."ancestor_id" where "a"."country" = ${filter.country})` : undefined,
      filter.kind != null ? eq(locations.kind, filter.kind) : undefined,
      filter.parentId != null ? eq(locations.parentId, filter.parentId) : undefined,
      filter.search ? matchingIds(locations.id, filter.search, SEARCH_FILTER_PATH, [LOCATION_SEARCH_CODE], NAME_COLUMNS) : undefined,
    );
  }

  findPage(filter: LocationFilterValues, request: PageRequest): LocationRow[] {
    return this.db
      .select()
      .from(locations)
      .where(and(this.filterCondition(filter), keysetCondition(LOCATION_SORT_BY_NAME, request.after)))
      .orderBy(...orderByOf(LOCATION_SORT_BY_NAME))
      .limit(request.limit)
      .all();
  }

  count(filter: LocationFilterValues): number {
    return this.db.select({ value: count() }).from(locations).where(this.filterCondition(filter)).get()?.value ?? 0;
  }

  aliasesOf(ids: readonly number[]): { locationId: number; alias: string }[] {
    return this.db
      .select()
      .from(locationAliases)
      .where(sql`${locationAliases.locationId} in (select "value" from json_each(${jsonList(ids)}))`)
      .orderBy(asc(locationAliases.locationId), asc(locationAliases.alias))
      .all();
  }

  factsOf(ids: readonly number[]): LocationFacts[] {
    return locationFactsOf(this.sqlite, ids);
  }

  /** Every place each location lies in, itself included, with its own country: what the incident filters test. */
  surroundingsOf(ids: readonly number[]): { locationId: number; ancestorId: number; country: string | null }[] {
    return allRows(
      this.sqlite,
      sql`select "t"."descendant_id" as "locationId", "t"."ancestor_id" as "ancestorId", "a"."country" as "country"
          from "location_tree" as "t" join "locations" as "a" on "a"."id" = "t"."ancestor_id"
          where "t"."descendant_id" in (select "value" from json_each(${jsonList(ids)}))`,
    );
  }

  incidentPages(locationIds: readonly number[], request: PageRequest): Map<number, IncidentRow[]> {
    return fetchPagesPerParent(this.sqlite, INCIDENTS_AT_LOCATION, locationIds, request);
  }

  countIncidents(locationIds: readonly number[]): Map<number, number> {
    return countPerParent(this.sqlite, INCIDENTS_AT_LOCATION.innerFrom, locationTree.ancestorId, locationIds);
  }

  articlePages(locationIds: readonly number[], request: PageRequest): Map<number, ArticleRowWithoutBody[]> {
    return fetchPagesPerParent(this.sqlite, ARTICLES_AT_LOCATION, locationIds, request);
  }

  countArticles(locationIds: readonly number[]): Map<number, number> {
    return countPerParent(this.sqlite, ARTICLES_AT_LOCATION.innerFrom, locationArticles.locationId, locationIds);
  }
}

const LOCATIONS_BY_IDS = idListQuery<LocationRow>(
  (ids) => sql`select ${columnsOf(locations, "l")} from ${locations} as "l" where "l"."id" in (select "value" from json_each(${ids}))`,
);
