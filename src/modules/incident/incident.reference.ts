// Resolves Incident references of a federated gateway (`@key(fields: "id")`, `@key(fields: "slug")`)
// through this request's loaders, so any number of representations costs one statement per key.
import type { Context } from "../../context.js";
import { referenceKey, type EntityReference } from "../../shared/reference.js";
import type { IncidentRow } from "./incident.table.js";

export const incidentReference = {
  async __resolveReference(reference: EntityReference, { loaders }: Context): Promise<IncidentRow | null> {
    const key = referenceKey(reference, "Incident");
    if (!key) return null;
    return key.id !== undefined ? loaders.incidents.byId.load(key.id) : loaders.incidents.bySlug.load(key.slug);
  },
};
