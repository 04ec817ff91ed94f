// How search sees a statement: its words, and the label of an unnamed source.
import { gt } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { present, type SearchFields } from "../../search/search-documents.js";
import { eachBatch, searchRowWrites, writeSearchRow, type SearchWriting } from "../../search/search-index.js";
import type { WriteProgram } from "../../db/write-session.js";
import { statements, type StatementRow } from "./statement.table.js";

/** Statements' type code in search_index rowids (migration 0002's delete trigger uses it too). */
export const STATEMENT_SEARCH_CODE = 4;

/** The statement columns its index row is made of. */
export type StatementSearchColumns = Pick<StatementRow, "speakerLabel" | "text" | "saidAt">;

export function statementFields(statement: StatementSearchColumns): SearchFields {
  return {
    title: [],
    subtitle: present(statement.speakerLabel),
    body: present(statement.text),
    names: [],
    sortDate: statement.saidAt,
  };
}

/** (Re)indexes one statement from the values just written, without reading the row back. */
export function indexStatementValues(writing: SearchWriting, id: number, statement: StatementSearchColumns, fresh: boolean): WriteProgram<void> {
  return searchRowWrites(writing, STATEMENT_SEARCH_CODE, id, statementFields(statement), fresh);
}

export function reindexStatements(db: Db): number {
  return eachBatch(
    (afterId, limit) => db.select().from(statements).where(gt(statements.id, afterId)).orderBy(statements.id).limit(limit).all(),
    (rows) => rows.forEach((row) => writeSearchRow(db, STATEMENT_SEARCH_CODE, row.id, statementFields(row), true)),
  );
}
