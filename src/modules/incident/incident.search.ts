// How search sees an incident: its titles, where it happened, and its summary.
import { eq, gt } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { present, type SearchFields } from "../../search/search-documents.js";
import { eachBatch, writeSearchRow } from "../../search/search-index.js";
import { locationFactsOf } from "../location/location.facts.js";
import { locations } from "../location/location.table.js";
import { incidents, type IncidentRow } from "./incident.table.js";

/** The place an incident is searchable by: its location's name and region. */
export interface IncidentPlace {
  name: string;
  region: string | null;
}

/** Incidents' type code in search_index rowids (migration 0002's delete trigger uses it too). */
export const INCIDENT_SEARCH_CODE = 5;

export function incidentFields(incident: IncidentRow, place: IncidentPlace | null): SearchFields {
  return {
    title: present(incident.title, incident.titleEn),
    subtitle: present(place?.name, place?.region),
    body: present(incident.summary),
    names: present(incident.title, incident.titleEn),
    sortDate: incident.occurredOn,
  };
}

function placeOf(db: Db, locationId: number | null): IncidentPlace | null {
  if (locationId === null) return null;
  const location = db.select({ name: locations.name }).from(locations).where(eq(locations.id, locationId)).get();
  return location ? { name: location.name, region: locationFactsOf(db.$client, [locationId])[0]?.region ?? null } : null;
}

/** (Re)indexes an incident; `fresh`: it was just inserted (ids are never reused), so it has no index row to replace. */
export function indexIncident(db: Db, id: number, fresh = false): void {
  const incident = db.select().from(incidents).where(eq(incidents.id, id)).get();
  if (incident) writeSearchRow(db, INCIDENT_SEARCH_CODE, id, incidentFields(incident, placeOf(db, incident.locationId)), fresh);
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
