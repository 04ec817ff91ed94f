// Every SQL read of statement suggestions.
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { SQLITE, type Dialect } from "../../db/dialect.js";
import { columnsOf, idListRead, sqliteRunner } from "../../db/query.js";
import { synchronous, type Read, type Synchronous } from "../../db/read.js";
import type { PageRequest, SortKey } from "../../shared/connection.js";
import { filteredCount, filteredPage } from "../../shared/filtered-page.js";
import { statementSuggestions, type ReviewStatus, type StatementSuggestionRow } from "./suggestion.table.js";

/** Oldest first: the review queue in the order the texts came in, each in reading order. */
export const SUGGESTION_SORT: SortKey<StatementSuggestionRow> = [{ column: statementSuggestions.id, direction: "asc", valueOf: (row) => row.id }];

export interface SuggestionFilterValues {
  articleId?: number | null;
  status?: ReviewStatus | null;
}

/** Every read of statement suggestions, for one dialect (SuggestionRepository on SQLite). */
export class SuggestionQueries {
  constructor(private readonly dialect: Dialect) {}

  findByIds(ids: readonly number[]): Read<StatementSuggestionRow[]> {
    return SUGGESTIONS_BY_IDS(this.dialect, ids);
  }

  private filterCondition(filter: SuggestionFilterValues): SQL | undefined {
    return and(
      filter.articleId != null ? eq(statementSuggestions.articleId, filter.articleId) : undefined,
      filter.status != null ? eq(statementSuggestions.status, filter.status) : undefined,
    );
  }

  findPage(filter: SuggestionFilterValues, request: PageRequest): Read<StatementSuggestionRow[]> {
    return filteredPage(this.dialect, statementSuggestions, this.filterCondition(filter), SUGGESTION_SORT, request);
  }

  count(filter: SuggestionFilterValues): Read<number> {
    return filteredCount(this.dialect, statementSuggestions, this.filterCondition(filter));
  }
}

export type SuggestionRepository = Synchronous<SuggestionQueries>;

export function suggestionRepository(db: Db): SuggestionRepository {
  return synchronous(new SuggestionQueries(SQLITE), sqliteRunner(db.$client));
}

const SUGGESTIONS_BY_IDS = idListRead<StatementSuggestionRow>(
  (dialect, ids) => sql`select ${columnsOf(statementSuggestions, "s")} from ${statementSuggestions} as "s" where "s"."id" ${dialect.inList(ids)}`,
);
