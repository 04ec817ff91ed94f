import { describe, expect, it } from "vitest";
import { commonOmission, omittedColumns, WHOLE_ROW, type FieldColumns } from "../../src/shared/column-selection.js";

interface Row {
  id: number;
  title: string;
  summary: string;
  body: string;
}

const COLUMNS: FieldColumns<Row> = { all: ["id", "title", "summary", "body"], always: ["id"], fields: { id: ["id"], title: ["title"], summary: ["summary"] } };

describe("what a batch of reads may leave out together", () => {
  it("is the one omission itself when every read of the batch has it (no new list)", () => {
    const titleOnly = omittedColumns(COLUMNS, new Set(["title"]));
    expect(titleOnly).toEqual(["summary", "body"]);
    expect(commonOmission([titleOnly, titleOnly, titleOnly])).toBe(titleOnly);
  });

  it("is only the columns every read leaves out when their selections differ", () => {
    const titleOnly = omittedColumns(COLUMNS, new Set(["title"]));
    const summaryOnly = omittedColumns(COLUMNS, new Set(["summary"]));
    expect(commonOmission([titleOnly, summaryOnly, titleOnly])).toEqual(["body"]);
    expect(commonOmission([summaryOnly, titleOnly])).toEqual(["body"]);
  });

  it("is the whole row as soon as one read needs it (a field without columns listed, or an empty batch)", () => {
    const titleOnly = omittedColumns(COLUMNS, new Set(["title"]));
    const withBody = omittedColumns(COLUMNS, new Set(["title", "body"]));
    expect(withBody).toBe(WHOLE_ROW);
    expect(commonOmission([titleOnly, withBody])).toBe(WHOLE_ROW);
    expect(commonOmission([withBody, titleOnly])).toBe(WHOLE_ROW);
    expect(commonOmission([])).toBe(WHOLE_ROW);
  });
});
