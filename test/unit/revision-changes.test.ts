import { describe, expect, it } from "vitest";
import { changesBetween } from "../../src/modules/revision/revision.changes.js";

describe("the changes of a revision", () => {
  it("lists the top-level fields whose values differ, by name, with null for a field absent", () => {
    expect(changesBetween({ type: "person", slug: "a", name: "x", aliases: ["b"] }, { type: "person", slug: "a", name: "y", role: "r", aliases: ["b"] })).toEqual([
      { field: "name", before: "x", after: "y" },
      { field: "role", before: null, after: "r" },
    ]);
  });

  it("treats a field absent and a field null as the same, and compares lists and objects by value", () => {
    expect(changesBetween({ slug: "a", nameEn: null, image: { caption: "c" } }, { slug: "a", image: { caption: "c" } })).toEqual([]);
    expect(changesBetween({ aliases: ["a", "b"] }, { aliases: ["b", "a"] })).toEqual([{ field: "aliases", before: ["a", "b"], after: ["b", "a"] }]);
  });

  it("gives every field of a first revision, except the record type", () => {
    expect(changesBetween(null, { type: "location", slug: "x", name: "y" }).map((change) => change.field)).toEqual(["name", "slug"]);
  });
});
