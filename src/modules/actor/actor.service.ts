// Lookups shared by the Person and Organization root fields: both live in the `actors` table.
import type { Context } from "../../context.js";
import { pageRequest, toConnection, type PageArgs } from "../../shared/connection.js";
import { entityKey } from "../../shared/lookup.js";
import type { ActorFilter } from "./actor.input.js";
import { ACTOR_SORT_BY_NAME } from "./actor.repository.js";
import type { ActorRow, ActorType } from "./actor.table.js";

/** `person(id|slug|wikidataId)` / `organization(…)`: a key of the other kind is simply not found. */
export async function findActor(context: Context, actorType: ActorType, id: string | null, slug: string | null, wikidataId: string | null): Promise<ActorRow | null> {
  const key = entityKey(id, slug, wikidataId, [actorType === "PERSON" ? "Person" : "Organization"]);
  const { loaders } = context;
  const actor = key.id !== undefined ? await loaders.actors.byId.load(key.id) : key.slug !== undefined ? await loaders.actors.bySlug.load(key.slug) : await loaders.actors.byWikidataId.load(key.wikidataId);
  return actor?.actorType === actorType ? actor : null;
}

export async function actorConnection(context: Context, actorType: ActorType, filter: ActorFilter | null, page: PageArgs) {
  const request = pageRequest(page, ACTOR_SORT_BY_NAME);
  const values = { search: filter?.search, country: filter?.country };
  const rows = await context.repositories.actors.findPage(actorType, values, request);
  return toConnection(rows, request, ACTOR_SORT_BY_NAME, () => context.repositories.actors.count(actorType, values));
}
