import { createListLoader, createRowLoader } from "../../shared/batch.js";
import type { IncidentRepository } from "./incident.repository.js";
import type { IncidentRow } from "./incident.table.js";

export function createIncidentLoaders(repository: IncidentRepository) {
  const byId = createRowLoader<number, IncidentRow>((ids) => repository.findByIds(ids), (row) => row.id);
  return {
    byId,
    bySlug: createRowLoader<string, IncidentRow>(
      (slugs) => {
        const rows = repository.findBySlugs(slugs);
        for (const row of rows) byId.prime(row.id, row);
        return rows;
      },
      (row) => row.slug,
    ),
    claims: createListLoader((ids: readonly number[]) => repository.claimsOf(ids), (row) => row.incidentId),
    reportedIn: createListLoader((ids: readonly number[]) => repository.reportedIn(ids), (row) => row.parentId),
    spokenAboutIn: createListLoader((ids: readonly number[]) => repository.spokenAboutIn(ids), (row) => row.parentId),
  };
}
