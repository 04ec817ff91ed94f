// How search sees an incident: its titles, where it happened, and its summary.
import { eq, gt } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { present, type SearchFields } from "../../search/search-documents.js";
import { eachBatch, writeSearchRow } from "../../search/search-index.js";
import { incidents, type IncidentRow } from "./incident.table.js";

/** Incidents' type code in search_index rowids (migration 0002's delete trigger uses it too). */
export const INCIDENT_SEARCH_CODE = 5;

export function incidentFields(incident: IncidentRow): SearchFields {
  return {
    title: present(incident.title, incident.titleEn),
    subtitle: present(incident.place, incident.region),
    body: present(incident.summary),
    names: present(incident.title, incident.titleEn),
    sortDate: incident.occurredOn,
  };
}

export function indexIncident(db: Db, id: number): void {
  const incident = db.select().from(incidents).where(eq(incidents.id, id)).get();
  if (incident) writeSearchRow(db, INCIDENT_SEARCH_CODE, id, incidentFields(incident));
}

export function reindexIncidents(db: Db): number {
  return eachBatch(
    (afterId, limit) => db.select().from(incidents).where(gt(incidents.id, afterId)).orderBy(incidents.id).limit(limit).all(),
    (rows) => rows.forEach((row) => writeSearchRow(db, INCIDENT_SEARCH_CODE, row.id, incidentFields(row), true)),
  );
}
