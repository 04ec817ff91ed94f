import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, pageRequest, type SortKey } from "../../src/shared/connection.js";
import { decodeGlobalId, decodeIdOf, opaqueId, parseGlobalId, toGlobalId } from "../../src/shared/global-id.js";
import { articles, type ArticleRow } from "../../src/modules/article/article.table.js";
import { NODE_TYPE_NAMES } from "../../src/modules/index.js";
import { BadUserInputError } from "../../src/shared/errors.js";

const SORT: SortKey<ArticleRow> = [
  { column: articles.publishedAt, direction: "desc", valueOf: (row) => row.publishedAt },
  { column: articles.id, direction: "desc", valueOf: (row) => row.id },
];

describe("global ids", () => {
  it("round-trip every node type as base64 of Type:id", () => {
    expect(toGlobalId("Person", 12)).toBe(Buffer.from("Person:12").toString("base64"));
    for (const type of ["Article", "Person", "Organization", "Statement", "Incident"] as const) {
      expect(decodeGlobalId(toGlobalId(type, 7))).toEqual({ type, id: 7 });
    }
  });

  it("reject strings that are not ids of a known type", () => {
    for (const bad of ["", "12", "not base64!", Buffer.from("Person:").toString("base64"), Buffer.from("Person:0").toString("base64"), Buffer.from("Person:-1").toString("base64"), Buffer.from("Ghost:1").toString("base64"), "A".repeat(500)]) {
      expect(parseGlobalId(bad, NODE_TYPE_NAMES)).toBeNull();
      expect(() => decodeGlobalId(bad, "id", NODE_TYPE_NAMES)).toThrow(BadUserInputError);
    }
  });

  it("refuse an id of another type where a type is expected, naming the argument", () => {
    const error = (() => {
      try {
        decodeIdOf(toGlobalId("Article", 1), ["Person"], "filter.personId");
      } catch (caught) {
        return caught as BadUserInputError;
      }
    })();
    expect(error?.extensions).toMatchObject({ code: "BAD_USER_INPUT", fieldErrors: [{ path: "filter.personId" }] });
  });

  it("make opaque ids for value objects that differ from node ids", () => {
    expect(opaqueId("StatementGroup", 1, 2)).not.toBe(opaqueId("StatementGroup", 2, 1));
    expect(parseGlobalId(opaqueId("StatementGroup", 1, 2))).toBeNull();
  });
});

describe("keyset cursors", () => {
  it("round-trip the sort-key values of a row", () => {
    const cursor = encodeCursor(["2024-03-26T00:00:00.000Z", 5]);
    expect(decodeCursor(cursor, 2)).toEqual(["2024-03-26T00:00:00.000Z", 5]);
  });

  it("reject cursors of another list, tampered cursors and garbage", () => {
    expect(() => decodeCursor(encodeCursor(["x"]), 2)).toThrow(BadUserInputError);
    expect(() => decodeCursor(encodeCursor([{ evil: 1 } as never, 1]), 2)).toThrow(BadUserInputError);
    expect(() => decodeCursor("!!!", 2)).toThrow(BadUserInputError);
    expect(() => decodeCursor(Buffer.from("not json").toString("base64url"), 2)).toThrow(BadUserInputError);
  });

  it("default first to 20 and refuse values outside 0..100 instead of truncating", () => {
    expect(pageRequest({}, SORT)).toEqual({ size: 20, limit: 21, after: null });
    expect(pageRequest({ first: 100 }, SORT).size).toBe(100);
    for (const first of [101, -1, 1.5, Number.NaN]) expect(() => pageRequest({ first }, SORT)).toThrow(BadUserInputError);
  });
});
