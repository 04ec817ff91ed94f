// Lookups shared by the Person and Organization root fields: both live in the `actors` table.
import type { Context } from "../../context.js";
import { pageRequest, toConnection, type PageArgs } from "../../shared/connection.js";
import { idOrSlug } from "../../shared/lookup.js";
import type { ActorFilter } from "./actor.input.js";
import { ACTOR_SORT_BY_NAME } from "./actor.repository.js";
import type { ActorRow, ActorType } from "./actor.table.js";

/** `person(id|slug)` / `organization(id|slug)`: a slug of the other kind is simply not found. */
export async function findActor(context: Context, actorType: ActorType, id: string | null, slug: string | null): Promise<ActorRow | null> {
  const key = idOrSlug(id, slug, [actorType === "PERSON" ? "Person" : "Organization"]);
  const actor = key.id !== undefined ? await context.loaders.actors.byId.load(key.id) : await context.loaders.actors.bySlug.load(key.slug);
  return actor?.actorType === actorType ? actor : null;
}

export function actorConnection(context: Context, actorType: ActorType, filter: ActorFilter | null, page: PageArgs) {
  const request = pageRequest(page, ACTOR_SORT_BY_NAME);
  const values = { search: filter?.search, country: filter?.country };
  const rows = context.repositories.actors.findPage(actorType, values, request);
  return toConnection(rows, request, ACTOR_SORT_BY_NAME, () => context.repositories.actors.count(actorType, values));
}
