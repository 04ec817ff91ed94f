// Resolves Location references of a federated gateway (`@key(fields: "id")`, `@key(fields: "slug")`)
// through this request's loaders.
import type { Context } from "../../context.js";
import { referenceKey, type EntityReference } from "../../shared/reference.js";
import type { LocationRow } from "./location.table.js";

export const locationReference = {
  async __resolveReference(reference: EntityReference, { loaders }: Context): Promise<LocationRow | null> {
    const key = referenceKey(reference, "Location");
    if (!key) return null;
    return key.id !== undefined ? loaders.locations.byId.load(key.id) : loaders.locations.bySlug.load(key.slug);
  },
};
