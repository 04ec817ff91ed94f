import DataLoader from "dataloader";
import type { Reads } from "../../db/read.js";
import { createParentPageLoader, type ParentPageLoader } from "../../shared/parent-pages.js";
import { REVISIONS_NEWEST_FIRST, type RevisionQueries } from "./revision.repository.js";
import type { RevisionEntityType, RevisionRow } from "./revision.table.js";

export function createRevisionLoaders(repository: Reads<RevisionQueries>) {
  const pages = new Map<RevisionEntityType, ParentPageLoader<RevisionRow>>();
  return {
    /** An entity type's revision pages, keyed by entity id (one loader per type, made when first asked for). */
    pagesOf(entityType: RevisionEntityType): ParentPageLoader<RevisionRow> {
      let loader = pages.get(entityType);
      if (!loader) {
        loader = createParentPageLoader<RevisionRow>({
          sortKey: REVISIONS_NEWEST_FIRST,
          fetch: (ids, request) => repository.pagesOf(entityType, ids, request),
          count: (ids) => repository.countOf(entityType, ids),
        });
        pages.set(entityType, loader);
      }
      return loader;
    },
    /** The record of the revision before each revision (null for the first), for `changes`. */
    previousRecord: new DataLoader<number, string | null>(async (ids) => {
      const byId = await repository.previousRecords(ids);
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}
