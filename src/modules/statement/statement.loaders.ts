import DataLoader from "dataloader";
import { createRowLoader } from "../../shared/batch.js";
import { createParentPageLoader } from "../../shared/parent-pages.js";
import { GROUP_SORT_NEWEST_FIRST, STATEMENT_SORT_NEWEST_FIRST, STATEMENT_SORT_READING_ORDER, type StatementRepository } from "./statement.repository.js";
import type { StatementRow } from "./statement.table.js";

export function createStatementLoaders(repository: StatementRepository) {
  const byId = createRowLoader<number, StatementRow>((ids) => repository.findByIds(ids), (row) => row.id);
  const prime = (rows: readonly StatementRow[]) => {
    for (const row of rows) byId.prime(row.id, row);
  };
  return {
    byId,
    pageByArticle: createParentPageLoader({
      sortKey: STATEMENT_SORT_READING_ORDER,
      fetch: (ids, request) => repository.pagesByArticle(ids, request),
      count: (ids) => repository.countByArticle(ids),
      onRows: prime,
    }),
    pageBySpeaker: createParentPageLoader({
      sortKey: STATEMENT_SORT_NEWEST_FIRST,
      fetch: (ids, request) => repository.pagesBySpeaker(ids, request),
      count: (ids) => repository.countBySpeaker(ids),
      onRows: prime,
    }),
    pageByIncident: createParentPageLoader({
      sortKey: STATEMENT_SORT_NEWEST_FIRST,
      fetch: (ids, request) => repository.pagesByIncident(ids, request),
      count: (ids) => repository.countByIncident(ids),
      onRows: prime,
    }),
    groupPageBySpeaker: createParentPageLoader({
      sortKey: GROUP_SORT_NEWEST_FIRST,
      fetch: (ids, request) => repository.groupPagesBySpeaker(ids, request),
      count: (ids) => repository.countGroupsBySpeaker(ids),
    }),
    /** Keyed by `${speakerId}:${articleId}`: the statements of one group, in reading order. */
    bySpeakerAndArticle: new DataLoader<string, StatementRow[]>(async (keys) => {
      const pairs = keys.map((key) => key.split(":").map(Number) as [number, number]);
      const byKey = new Map<string, StatementRow[]>();
      for (const row of repository.bySpeakerAndArticle(pairs)) {
        byId.prime(row.id, row);
        const key = `${row.speakerId}:${row.articleId}`;
        const list = byKey.get(key);
        if (list) list.push(row);
        else byKey.set(key, [row]);
      }
      return keys.map((key) => byKey.get(key) ?? []);
    }),
  };
}
