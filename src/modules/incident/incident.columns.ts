// The incident columns each Incident field reads, so incidents fetched for a nested field read
// only what is asked (shared/column-selection.ts). A field missing here reads the whole row.
import { getTableColumns } from "drizzle-orm";
import type { FieldColumns } from "../../shared/column-selection.js";
import { incidents, type IncidentRow } from "./incident.table.js";

export const INCIDENT_COLUMNS: FieldColumns<IncidentRow> = {
  all: Object.keys(getTableColumns(incidents)) as (keyof IncidentRow & string)[],
  // The id, and occurredOn: lists of incidents are newest first.
  always: ["id", "occurredOn"],
  fields: {
    id: ["id"],
    slug: ["slug"],
    title: ["title"],
    titleEn: ["titleEn"],
    kind: ["kind"],
    occurredOn: ["occurredOn"],
    location: ["locationId"],
    killed: ["killed"],
    injured: ["injured"],
    summary: ["summary"],
    updatedAt: ["updatedAt"],
    articles: ["id"],
    statements: ["id"],
    claims: ["id"],
    perpetrators: ["id"],
    revisions: ["id"],
  },
};
