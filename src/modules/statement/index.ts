// The statement module: what was said, by whom, where, and which incidents it is about.
import { ENTITY_MAX_AGE } from "../../shared/cache-policy.js";
import type { KhabarModule } from "../module.js";
import { createStatementLoaders } from "./statement.loaders.js";
import { StatementMutationResolver } from "./statement.mutation.js";
import { statementReference } from "./statement.reference.js";
import { StatementQueries } from "./statement.repository.js";
import { StatementResolver } from "./statement.resolver.js";
import { StatementSubscriptionResolver } from "./statement.subscription.js";
import { reindexStatements, statementFields, STATEMENT_SEARCH_CODE } from "./statement.search.js";
import type { StatementRow } from "./statement.table.js";
import { Statement } from "./statement.type.js";

export type StatementLoaders = ReturnType<typeof createStatementLoaders>;

export const statementModule: KhabarModule<"statements", StatementQueries, StatementLoaders> = {
  key: "statements",
  resolvers: [StatementResolver, StatementMutationResolver, StatementSubscriptionResolver],
  nodeTypes: [
    {
      name: "Statement",
      classType: Statement,
      load: (context, id) => context.loaders.statements.byId.load(id),
      reference: statementReference,
      search: {
        code: STATEMENT_SEARCH_CODE,
        enumValue: "STATEMENT",
        description: "Statements, by their words and the label of an unnamed source.",
        fields: (_context, row) => statementFields(row as StatementRow),
      },
    },
  ],
  createQueries: (dialect) => new StatementQueries(dialect),
  createLoaders: createStatementLoaders,
  reindex: reindexStatements,
  cacheHints: { types: { Statement: ENTITY_MAX_AGE } },
};
