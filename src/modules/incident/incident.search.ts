// How search sees an incident: its titles, where it happened, and its summary.
import { gt, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { SQLITE, type Dialect } from "../../db/dialect.js";
import { jsonList, runOnSqlite } from "../../db/query.js";
import { read } from "../../db/read-program.js";
import { rows } from "../../db/read.js";
import { rowWhere } from "../../db/table-writes.js";
import type { WriteProgram } from "../../db/write-session.js";
import { present, type SearchFields } from "../../search/search-documents.js";
import { eachBatch, searchRowWrites, SQLITE_MAINTENANCE, type SearchWriting } from "../../search/search-index.js";
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

/** Where an incident happened, as its search row names it. */
function* placeOf(dialect: Dialect, locationId: number | null): WriteProgram<IncidentPlace | null> {
  if (locationId === null) return null;
  const location = yield* read(rowWhere(dialect, locations, "id", locationId));
  if (!location) return null;
  const [facts] = yield* read(locationFactsOf(dialect, [locationId]));
  return { name: location.name, region: facts?.region ?? null };
}

/** (Re)indexes an incident from its row as it is now. */
export function* indexIncident(writing: SearchWriting, id: number): WriteProgram<void> {
  const incident = yield* read(rowWhere(writing.dialect, incidents, "id", id));
  if (incident) yield* indexIncidentValues(writing, id, incident, false);
}

/** (Re)indexes an incident from the values just written; `fresh`: it was just inserted (ids are never reused), so it has no index row to replace. */
export function* indexIncidentValues(writing: SearchWriting, id: number, incident: IncidentSearchColumns, fresh: boolean): WriteProgram<void> {
  yield* searchRowWrites(writing, INCIDENT_SEARCH_CODE, id, incidentFields(incident, yield* placeOf(writing.dialect, incident.locationId)), fresh);
}

/** Refreshes the search rows of the incidents at these locations (their place's names changed); returns their ids. */
export function* reindexIncidentsAt(writing: SearchWriting, locationIds: readonly number[]): WriteProgram<number[]> {
  const { dialect } = writing;
  if (locationIds.length === 0) return [];
  const found = yield* read(rows<{ id: number }>(dialect, () => sql`select ${incidents.id} as "id" from ${incidents} where ${incidents.locationId} ${dialect.inList(jsonList(locationIds))}`));
  for (const { id } of found) yield* indexIncident(writing, id);
  return found.map((row) => row.id);
}

export function reindexIncidents(db: Db): number {
  return eachBatch(
    (afterId, limit) => db.select().from(incidents).where(gt(incidents.id, afterId)).orderBy(incidents.id).limit(limit).all(),
    (batch) => batch.forEach((row) => runOnSqlite(db, searchRowWrites(SQLITE_MAINTENANCE, INCIDENT_SEARCH_CODE, row.id, incidentFields(row, runOnSqlite(db, placeOf(SQLITE, row.locationId))), true))),
  );
}
