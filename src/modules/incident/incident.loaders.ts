import { createListLoader, createRowLoader, SelectiveListLoader } from "../../shared/batch.js";
import type { Reads } from "../../db/read.js";
import type { IncidentQueries } from "./incident.repository.js";
import type { IncidentRow } from "./incident.table.js";

export function createIncidentLoaders(repository: Reads<IncidentQueries>) {
  const byId = createRowLoader<number, IncidentRow>((ids) => repository.findByIds(ids), (row) => row.id);
  return {
    byId,
    bySlug: createRowLoader<string, IncidentRow>(
      async (slugs) => {
        const rows = await repository.findBySlugs(slugs);
        for (const row of rows) byId.prime(row.id, row);
        return rows;
      },
      (row) => row.slug,
    ),
    claims: createListLoader((ids: readonly number[]) => repository.claimsOf(ids), (row) => row.incidentId),
    reportedIn: createListLoader((ids: readonly number[]) => repository.reportedIn(ids), (row) => row.parentId),
    /** A statement's incidents; the field passes the columns it can do without (`columnsToOmit`). */
    spokenAboutIn: new SelectiveListLoader<number, IncidentRow & { parentId: number }>((ids, omit) => repository.spokenAboutIn(ids, omit), (row) => row.parentId),
  };
}
