import { createRowLoader, SelectiveListLoader } from "../../shared/batch.js";
import type { Reads } from "../../db/read.js";
import { createParentPageLoader } from "../../shared/parent-pages.js";
import { GROUP_SORT_NEWEST_FIRST, STATEMENT_SORT_NEWEST_FIRST, STATEMENT_SORT_READING_ORDER, type StatementQueries } from "./statement.repository.js";
import type { StatementRow } from "./statement.table.js";

export function createStatementLoaders(repository: Reads<StatementQueries>) {
  const byId = createRowLoader<number, StatementRow>((ids) => repository.findByIds(ids), (row) => row.id);
  const prime = (rows: readonly StatementRow[]) => {
    for (const row of rows) byId.prime(row.id, row);
  };
  return {
    byId,
    pageByArticle: createParentPageLoader({
      sortKey: STATEMENT_SORT_READING_ORDER,
      fetch: (ids, request, omit) => repository.pagesByArticle(ids, request, omit),
      count: (ids) => repository.countByArticle(ids),
      onRows: prime,
    }),
    pageBySpeaker: createParentPageLoader({
      sortKey: STATEMENT_SORT_NEWEST_FIRST,
      fetch: (ids, request, omit) => repository.pagesBySpeaker(ids, request, omit),
      count: (ids) => repository.countBySpeaker(ids),
      onRows: prime,
    }),
    pageByIncident: createParentPageLoader({
      sortKey: STATEMENT_SORT_NEWEST_FIRST,
      fetch: (ids, request, omit) => repository.pagesByIncident(ids, request, omit),
      count: (ids) => repository.countByIncident(ids),
      onRows: prime,
    }),
    groupPageBySpeaker: createParentPageLoader({
      sortKey: GROUP_SORT_NEWEST_FIRST,
      fetch: (ids, request) => repository.groupPagesBySpeaker(ids, request),
      count: (ids) => repository.countGroupsBySpeaker(ids),
    }),
    /**
     * Keyed by `${speakerId}:${articleId}`: the statements of one group, in reading order; the
     * field passes the columns it can do without (`columnsToOmit`).
     */
    bySpeakerAndArticle: new SelectiveListLoader<string, StatementRow>(
      async (keys, omit) => {
        const rows = await repository.bySpeakerAndArticle(
          keys.map((key) => key.split(":").map(Number) as [number, number]),
          omit,
        );
        if (omit.length === 0) prime(rows);
        return rows;
      },
      (row) => `${row.speakerId}:${row.articleId}`,
    ),
  };
}
