// statementAdded: every statement added by a mutation or an import, once its write has committed,
// filtered like the `statements` list — in memory, on the loaded statement (statementMatcher).
import { Arg, Resolver, Root, Subscription, type SubscribeResolverData } from "type-graphql";
import type { Context } from "../../context.js";
import type { Dialect } from "../../db/dialect.js";
import { read, type ReadProgram } from "../../db/read-program.js";
import { subscribeToTopic, type LiveEvent, type TopicDefinition } from "../live/live-topic.js";
import { lazy, searchMatcher, searchTermsOf } from "../live/search-match.js";
import { StatementFilter } from "./statement.input.js";
import { StatementQueries, type StatementFilterValues } from "./statement.repository.js";
import { statementFilterValues } from "./statement.resolver.js";
import { statementFields } from "./statement.search.js";
import type { StatementRow } from "./statement.table.js";
import { Statement } from "./statement.type.js";

/** A new statement, with what its filter looks at besides its row. */
export interface StatementEvent extends LiveEvent<StatementRow> {
  incidentIds: ReadonlySet<number>;
  /** The analyzed words of what search indexes (text, unnamed-source label). */
  searchTerms: () => ReadonlySet<string>;
}

/** Whether a new statement passes a `StatementFilter`: the SQL filter of the list, said in memory. */
export function statementMatcher(filter: StatementFilterValues): (event: StatementEvent) => boolean {
  const search = filter.search ? searchMatcher(filter.search) : null;
  return ({ payload: row, incidentIds, searchTerms }) =>
    (filter.speakerId == null || row.speakerId === filter.speakerId) &&
    (filter.articleId == null || row.articleId === filter.articleId) &&
    (filter.incidentId == null || incidentIds.has(filter.incidentId)) &&
    (filter.kind == null || row.kind === filter.kind) &&
    (filter.saidAfter == null || row.saidAt >= filter.saidAfter) &&
    (filter.saidBefore == null || row.saidAt <= filter.saidBefore) &&
    (search === null || search(searchTerms()));
}

export const STATEMENT_ADDED: TopicDefinition<StatementEvent> = {
  name: "statementAdded",
  raisedBy: (change) => change.type === "Statement" && change.action === "created",
  *load(dialect: Dialect, ids: readonly number[]): ReadProgram<StatementEvent[]> {
    const statements = new StatementQueries(dialect);
    const rows = new Map((yield* read(statements.findByIds(ids))).map((row) => [row.id, row]));
    const incidents = new Map<number, Set<number>>();
    for (const link of yield* read(statements.incidentLinksOf(ids))) {
      const set = incidents.get(link.statementId);
      if (set) set.add(link.incidentId);
      else incidents.set(link.statementId, new Set([link.incidentId]));
    }
    return ids.flatMap((id) => {
      const row = rows.get(id);
      if (!row) return [];
      const fields = statementFields(row);
      return [{ payload: row, incidentIds: incidents.get(id) ?? new Set<number>(), searchTerms: lazy(() => searchTermsOf([...fields.subtitle, ...fields.body])) }];
    });
  },
};

@Resolver()
export class StatementSubscriptionResolver {
  @Subscription(() => Statement, {
    description: "Each statement added from now on (by a mutation or an import), once its write has committed; `filter` is the one of `statements`.",
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { filter?: StatementFilter | null }, Context>) =>
      subscribeToTopic(STATEMENT_ADDED, context, statementMatcher(statementFilterValues(args.filter))),
  })
  statementAdded(@Arg("filter", () => StatementFilter, { nullable: true }) _filter: StatementFilter | null, @Root() statement: StatementRow): StatementRow {
    return statement;
  }
}
