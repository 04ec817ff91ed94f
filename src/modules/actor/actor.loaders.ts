import { createListLoader, createRowLoader, SelectiveRowLoader } from "../../shared/batch.js";
import type { Reads } from "../../db/read.js";
import type { ActorQueries } from "./actor.repository.js";
import type { ActorRow } from "./actor.table.js";

export function createActorLoaders(repository: Reads<ActorQueries>) {
  // A nested field passes the columns it can do without (`columnsToOmit`).
  const byId = new SelectiveRowLoader<number, ActorRow>((ids, omit) => repository.findByIds(ids, omit), (row) => row.id);
  return {
    byId,
    byWikidataId: createRowLoader<string, ActorRow>(
      async (wikidataIds) => {
        const rows = await repository.findByWikidataIds(wikidataIds);
        for (const row of rows) byId.prime(row.id, row);
        return rows;
      },
      (row) => row.wikidataId ?? "",
    ),
    bySlug: createRowLoader<string, ActorRow>(
      async (slugs) => {
        const rows = await repository.findBySlugs(slugs);
        for (const row of rows) byId.prime(row.id, row);
        return rows;
      },
      (row) => row.slug,
    ),
    aliases: createListLoader((ids: readonly number[]) => repository.aliasesOf(ids), (row) => row.actorId),
    mentionedIn: createListLoader((ids: readonly number[]) => repository.mentionedIn(ids), (row) => row.parentId),
    perpetratorsOf: createListLoader((ids: readonly number[]) => repository.perpetratorsOf(ids), (row) => row.parentId),
  };
}
