import { DateTimeResolver } from "graphql-scalars";
import { describe, expect, it } from "vitest";
import { DateTime } from "../../src/shared/scalars.js";

describe("the DateTime scalar", () => {
  it("answers a stored instant as it is, and every other value exactly as graphql-scalars' DateTime does", () => {
    const stored = "2024-03-22T18:05:00.000Z";
    expect(DateTime.serialize(stored)).toBe(stored);
    const others: unknown[] = [stored, "2024-02-29T23:59:59.999Z", "0000-01-01T00:00:00.000Z", "2024-03-22T18:05:00Z", "2024-03-22T21:05:00+03:00", "2024-03-22T18:05:00.123456Z", new Date(Date.UTC(2024, 2, 22, 18, 5)), 1711130700000];
    for (const value of others) expect(JSON.stringify(DateTime.serialize(value)), String(value)).toBe(JSON.stringify(DateTimeResolver.serialize(value)));
  });

  it("refuses what graphql-scalars refuses, with its message", () => {
    for (const value of ["yesterday", "2024-13-01T00:00:00.000Z", "2024-02-30T00:00:00.000Z", "2023-02-29T00:00:00.000Z", "2024-03-22T24:00:00.000Z", "2024-03-22T23:59:60.000Z", "2024-03-22", true, {}]) {
      let expected = "";
      try {
        DateTimeResolver.serialize(value);
      } catch (error) {
        expected = (error as Error).message;
      }
      expect(expected, String(value)).not.toBe("");
      expect(() => DateTime.serialize(value)).toThrow(expected);
    }
  });

  it("keeps graphql-scalars' name, description and specification, so the schema is unchanged", () => {
    expect(DateTime.name).toBe(DateTimeResolver.name);
    expect(DateTime.description).toBe(DateTimeResolver.description);
    expect(DateTime.specifiedByURL).toBe(DateTimeResolver.specifiedByURL);
  });
});
