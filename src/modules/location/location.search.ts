// How search sees a location: its names first, then its other spellings.
import { eq, gt, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { perConnection } from "../../db/query.js";
import { present, type SearchFields } from "../../search/search-documents.js";
import { eachBatch, searchRowWrites, writeSearchRow, type SearchWriting } from "../../search/search-index.js";
import type { WriteProgram } from "../../db/write-session.js";
import { locationAliases, locations, type LocationRow } from "./location.table.js";

/** Locations' type code in search_index rowids (migration 0005's delete trigger uses it too). */
export const LOCATION_SEARCH_CODE = 6;

export function locationFields(location: Pick<LocationRow, "name" | "nameEn" | "wikidataId">, aliases: readonly string[]): SearchFields {
  return {
    title: present(location.name, location.nameEn),
    subtitle: present(...aliases, location.wikidataId),
    body: [],
    // The Wikidata id is searchable (subtitle) and finds its entity as an exact name (`Q1000`).
    names: present(location.name, location.nameEn, ...aliases, location.wikidataId),
    sortDate: "",
  };
}

// Prepared once per connection (built with the builder on every call, they cost more than they ran).
const statementsOf = perConnection((db) => ({
  aliases: db.select({ alias: locationAliases.alias }).from(locationAliases).where(eq(locationAliases.locationId, sql.placeholder("id"))).prepare(),
  byId: db.select().from(locations).where(eq(locations.id, sql.placeholder("id"))).prepare(),
}));

function aliasesOf(db: Db, id: number): string[] {
  return statementsOf(db).aliases.all({ id }).map((row) => row.alias);
}

export function indexLocation(db: Db, id: number, fresh = false): void {
  const location = statementsOf(db).byId.get({ id });
  if (location) writeSearchRow(db, LOCATION_SEARCH_CODE, id, locationFields(location, aliasesOf(db, id)), fresh);
}

/** (Re)indexes a location from the values just written and its aliases, without reading them back. */
export function indexLocationValues(writing: SearchWriting, id: number, location: Pick<LocationRow, "name" | "nameEn" | "wikidataId">, aliases: readonly string[], fresh: boolean): WriteProgram<void> {
  return searchRowWrites(writing, LOCATION_SEARCH_CODE, id, locationFields(location, aliases), fresh);
}

export function reindexLocations(db: Db): number {
  return eachBatch(
    (afterId, limit) => db.select().from(locations).where(gt(locations.id, afterId)).orderBy(locations.id).limit(limit).all(),
    (rows) => rows.forEach((row) => writeSearchRow(db, LOCATION_SEARCH_CODE, row.id, locationFields(row, aliasesOf(db, row.id)), true)),
  );
}

/** Locations without a search row yet (made by a migration, which cannot analyze text): indexed now. */
export function indexUnindexedLocations(db: Db): number {
  const ids = db.$client.prepare(`select id from locations where id * 8 + ${LOCATION_SEARCH_CODE} not in (select rowid from search_entries)`).pluck().all() as number[];
  for (const id of ids) indexLocation(db, id, true);
  return ids.length;
}
