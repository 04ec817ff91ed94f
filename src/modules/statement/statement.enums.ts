// GraphQL enums of statements, registered once. Their values are the strings stored in SQLite.
import { registerEnumType } from "type-graphql";
import { enumObject } from "../../shared/enum-object.js";
import { STATEMENT_KINDS } from "./statement.table.js";

export const StatementKindEnum = enumObject(STATEMENT_KINDS);
registerEnumType(StatementKindEnum, {
  name: "StatementKind",
  description: "How a statement was reported.",
  valuesConfig: {
    DIRECT_QUOTE: { description: "The speaker's own words, in quotation marks in the article." },
    PARAPHRASE: { description: "A claim the article reports without quotation marks." },
  },
});
