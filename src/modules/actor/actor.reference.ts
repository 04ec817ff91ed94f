// People and organizations share the actors table and its loaders; a reference resolves only to a
// row of its own kind (a Person reference to an organization's slug is null, as in `node(id:)`).
import type { Context } from "../../context.js";
import { referenceKey, type EntityReference } from "../../shared/reference.js";
import type { ActorRow } from "./actor.table.js";

export async function resolveActorReference(reference: EntityReference, type: "Person" | "Organization", { loaders }: Context): Promise<ActorRow | null> {
  const key = referenceKey(reference, type);
  if (!key) return null;
  const row = key.id !== undefined ? await loaders.actors.byId.load(key.id) : await loaders.actors.bySlug.load(key.slug);
  return row && row.actorType === (type === "Person" ? "PERSON" : "ORGANIZATION") ? row : null;
}
