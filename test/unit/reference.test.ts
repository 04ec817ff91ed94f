import { describe, expect, it } from "vitest";
import { toGlobalId } from "../../src/shared/global-id.js";
import { referenceKey } from "../../src/shared/reference.js";

describe("referenceKey", () => {
  it("decodes a global id of the expected type to the row id", () => {
    expect(referenceKey({ __typename: "Person", id: toGlobalId("Person", 7) }, "Person")).toEqual({ id: 7 });
  });

  it("takes a slug when the reference has no id", () => {
    expect(referenceKey({ __typename: "Article", slug: "some-article" }, "Article")).toEqual({ slug: "some-article" });
  });

  it("gives null for the id of another type, a malformed id, or no key at all", () => {
    expect(referenceKey({ __typename: "Person", id: toGlobalId("Organization", 7) }, "Person")).toBeNull();
    expect(referenceKey({ __typename: "Person", id: "7" }, "Person")).toBeNull();
    expect(referenceKey({ __typename: "Person", id: 7 }, "Person")).toBeNull();
    expect(referenceKey({ __typename: "Person" }, "Person")).toBeNull();
  });
});
