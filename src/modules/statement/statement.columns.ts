// The statement columns each Statement field reads, so nested pages read only what is asked
// (shared/column-selection.ts). A field missing here makes its pages read the whole row.
import { getTableColumns } from "drizzle-orm";
import type { FieldColumns } from "../../shared/column-selection.js";
import { statements, type StatementRow } from "./statement.table.js";

export const STATEMENT_COLUMNS: FieldColumns<StatementRow> = {
  all: Object.keys(getTableColumns(statements)) as (keyof StatementRow & string)[],
  // The id, both sort keys' columns (reading order; newest first), which cursors are made of, and
  // the (speaker, article) pair a group's statements are matched to their group by.
  always: ["id", "articleId", "position", "saidAt", "speakerId"],
  fields: {
    id: ["id"],
    text: ["text"],
    kind: ["kind"],
    paragraph: ["paragraph"],
    speaker: ["speakerId"],
    speakerLabel: ["speakerLabel"],
    cue: ["cue"],
    saidAt: ["saidAt"],
    via: ["viaId"],
    language: ["language"],
    origin: ["origin"],
    article: ["articleId"],
    incidents: ["id"],
    reviewStatus: [],
    revisions: ["id"],
  },
};
