// Resolves Statement references of a federated gateway (`@key(fields: "id")`) through this
// request's loaders, so any number of representations costs one statement.
import type { Context } from "../../context.js";
import { referenceKey, type EntityReference } from "../../shared/reference.js";
import type { StatementRow } from "./statement.table.js";

export const statementReference = {
  async __resolveReference(reference: EntityReference, { loaders }: Context): Promise<StatementRow | null> {
    const key = referenceKey(reference, "Statement");
    if (!key || key.id === undefined) return null;
    return loaders.statements.byId.load(key.id);
  },
};
