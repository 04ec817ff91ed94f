// Resolves Person references of a federated gateway (`@key(fields: "id")`, `@key(fields: "slug")`).
import type { Context } from "../../context.js";
import type { EntityReference } from "../../shared/reference.js";
import { resolveActorReference } from "../actor/actor.reference.js";

export const personReference = {
  __resolveReference: (reference: EntityReference, context: Context) => resolveActorReference(reference, "Person", context),
};
