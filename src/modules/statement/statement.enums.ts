// GraphQL enums of statements, registered once. Their values are the strings stored in SQLite.
import { registerEnumType } from "type-graphql";
import { enumObject } from "../../shared/enum-object.js";
import { REVIEW_STATUSES } from "../suggestion/suggestion.table.js";
import { STATEMENT_KINDS, STATEMENT_ORIGINS } from "./statement.table.js";

export const StatementKindEnum = enumObject(STATEMENT_KINDS);
registerEnumType(StatementKindEnum, {
  name: "StatementKind",
  description: "How a statement was reported.",
  valuesConfig: {
    DIRECT_QUOTE: { description: "The speaker's own words, in quotation marks in the article." },
    PARAPHRASE: { description: "A claim the article reports without quotation marks." },
  },
});

export const StatementOriginEnum = enumObject(STATEMENT_ORIGINS);
registerEnumType(StatementOriginEnum, {
  name: "StatementOrigin",
  description: "Where a statement came from.",
  valuesConfig: {
    EDITOR: { description: "Written by an editor through the mutations." },
    IMPORT: { description: "Imported from NDJSON (the sample content too)." },
    EXTRACTED: { description: "Proposed by the statement extractor and approved by an editor." },
  },
});

export const ReviewStatusEnum = enumObject(REVIEW_STATUSES);
registerEnumType(ReviewStatusEnum, {
  name: "ReviewStatus",
  description: "Where a statement stands with the editors. Public reads show approved statements only; suggestions wait in `statementSuggestions`.",
  valuesConfig: {
    SUGGESTED: { description: "Proposed by the extractor, not reviewed yet." },
    APPROVED: { description: "Published: every statement a public read returns." },
    REJECTED: { description: "Turned down by an editor; kept as a record of the proposal." },
  },
});
