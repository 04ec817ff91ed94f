// How search sees an incident: its titles, where it happened, and its summary.
import { eq, gt, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { perConnection } from "../../db/query.js";
import { present, type SearchFields } from "../../search/search-documents.js";
import { eachBatch, writeSearchRow } from "../../search/search-index.js";
import { locationFactsOf } from "../location/location.facts.js";
import { SQLITE } from "../../db/dialect.js";
import { sqliteRunner } from "../../db/query.js";
import { locations } from "../location/location.table.js";
import { incidents, type IncidentRow } from "./incident.table.js";

/** The place an incident is searchable by: its location's name and region. */
export interface IncidentPlace {
  name: string;
  region: string | null;
}

/** Incidents' type code in search_index rowids (migration 0002's delete trigger uses it too). */
export const INCIDENT_SEARCH_CODE = 5;

/** The incident columns its index row is made of. */
export type IncidentSearchColumns = Pick<IncidentRow, "title" | "titleEn" | "summary" | "occurredOn" | "locationId">;

export function incidentFields(incident: IncidentSearchColumns, place: IncidentPlace | null): SearchFields {
  return {
    title: present(incident.title, incident.titleEn),
    subtitle: present(place?.name, place?.region),
    body: present(incident.summary),
    names: present(incident.title, incident.titleEn),
    sortDate: incident.occurredOn,
  };
}

// Prepared once per connection: an import indexes thousands of incidents, and building these
// queries with the builder on every call cost more than running them.
const statementsOf = perConnection((db) => ({
  locationName: db.select({ name: locations.name }).from(locations).where(eq(locations.id, sql.placeholder("id"))).prepare(),
  byId: db.select().from(incidents).where(eq(incidents.id, sql.placeholder("id"))).prepare(),
}));

function placeOf(db: Db, locationId: number | null): IncidentPlace | null {
  if (locationId === null) return null;
  const location = statementsOf(db).locationName.get({ id: locationId });
  return location ? { name: location.name, region: sqliteRunner(db.$client)(locationFactsOf(SQLITE, [locationId]))[0]?.region ?? null } : null;
}

/** (Re)indexes an incident from its row as it is now. */
export function indexIncident(db: Db, id: number): void {
  const incident = statementsOf(db).byId.get({ id });
  if (incident) indexIncidentValues(db, id, incident, false);
}

/** (Re)indexes an incident from the values just written; `fresh`: it was just inserted (ids are never reused), so it has no index row to replace. */
export function indexIncidentValues(db: Db, id: number, incident: IncidentSearchColumns, fresh: boolean): void {
  writeSearchRow(db, INCIDENT_SEARCH_CODE, id, incidentFields(incident, placeOf(db, incident.locationId)), fresh);
}

/** Refreshes the search rows of the incidents at these locations (their place's names changed); returns their ids. */
export function reindexIncidentsAt(db: Db, locationIds: readonly number[]): number[] {
  if (locationIds.length === 0) return [];
  const ids = db.$client.prepare("select id from incidents where location_id in (select value from json_each(?))").pluck().all(JSON.stringify(locationIds)) as number[];
  for (const id of ids) indexIncident(db, id);
  return ids;
}

export function reindexIncidents(db: Db): number {
  return eachBatch(
    (afterId, limit) => db.select().from(incidents).where(gt(incidents.id, afterId)).orderBy(incidents.id).limit(limit).all(),
    (rows) => rows.forEach((row) => writeSearchRow(db, INCIDENT_SEARCH_CODE, row.id, incidentFields(row, placeOf(db, row.locationId)), true)),
  );
}
