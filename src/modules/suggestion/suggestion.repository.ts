// Every SQL read of statement suggestions.
import { and, count, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { columnsOf, idListQuery } from "../../db/query.js";
import { keysetCondition, orderByOf, type PageRequest, type SortKey } from "../../shared/connection.js";
import { statementSuggestions, type ReviewStatus, type StatementSuggestionRow } from "./suggestion.table.js";

/** Oldest first: the review queue in the order the texts came in, each in reading order. */
export const SUGGESTION_SORT: SortKey<StatementSuggestionRow> = [{ column: statementSuggestions.id, direction: "asc", valueOf: (row) => row.id }];

export interface SuggestionFilterValues {
  articleId?: number | null;
  status?: ReviewStatus | null;
}

export class SuggestionRepository {
  constructor(private readonly db: Db) {}

  findByIds(ids: readonly number[]): StatementSuggestionRow[] {
    return SUGGESTIONS_BY_IDS(this.db.$client, ids);
  }

  private filterCondition(filter: SuggestionFilterValues): SQL | undefined {
    return and(
      filter.articleId != null ? eq(statementSuggestions.articleId, filter.articleId) : undefined,
      filter.status != null ? eq(statementSuggestions.status, filter.status) : undefined,
    );
  }

  findPage(filter: SuggestionFilterValues, request: PageRequest): StatementSuggestionRow[] {
    return this.db
      .select()
      .from(statementSuggestions)
      .where(and(this.filterCondition(filter), keysetCondition(SUGGESTION_SORT, request.after)))
      .orderBy(...orderByOf(SUGGESTION_SORT))
      .limit(request.limit)
      .all();
  }

  count(filter: SuggestionFilterValues): number {
    return this.db.select({ value: count() }).from(statementSuggestions).where(this.filterCondition(filter)).get()?.value ?? 0;
  }
}

const SUGGESTIONS_BY_IDS = idListQuery<StatementSuggestionRow>(
  (ids) => sql`select ${columnsOf(statementSuggestions, "s")} from ${statementSuggestions} as "s" where "s"."id" in (select "value" from json_each(${ids}))`,
);
