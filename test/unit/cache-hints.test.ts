// The cache hint of an operation, computed from the document alone (src/http/cache-control.ts):
// the same rules Apollo's per-field plugin applied, without touching any resolver.
import "reflect-metadata";
import { parse, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { ENTITY_MAX_AGE, LIST_MAX_AGE, operationCacheHint, SEARCH_MAX_AGE } from "../../src/http/cache-control.js";
import { buildKhabarSchema } from "../../src/schema.js";

const schema = buildKhabarSchema();

function hintOf(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = document.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === "OperationDefinition")!;
  return operationCacheHint(schema, document, operation, variables);
}

describe("operation cache hints", () => {
  it("gives an entity query the entity lifetime, and a list the shorter list lifetime", () => {
    expect(hintOf(`{ person(slug: "x") { id name } }`).hint.maxAge).toBe(ENTITY_MAX_AGE);
    expect(hintOf(`{ articles(first: 2) { nodes { id } } }`).hint.maxAge).toBe(LIST_MAX_AGE);
    expect(hintOf(`{ search(query: "x") { totalCount } }`).hint.maxAge).toBe(SEARCH_MAX_AGE);
  });

  it("counts fields inside named and inline fragments, on interfaces too", () => {
    const query = `query { node(id: "x") { ...Parts } } fragment Parts on Node { id ... on Article { statements(first: 1) { nodes { id } } } }`;
    expect(hintOf(query).hint.maxAge).toBe(LIST_MAX_AGE);
  });

  it("leaves out selections that @skip or @include drop, and says when variables decided it", () => {
    const query = `query ($lists: Boolean!) { person(slug: "x") { id statements(first: 1) @include(if: $lists) { nodes { id } } } }`;
    expect(hintOf(query, { lists: false })).toEqual({ hint: { maxAge: ENTITY_MAX_AGE }, usedVariables: true });
    expect(hintOf(query, { lists: true }).hint.maxAge).toBe(LIST_MAX_AGE);
    expect(hintOf(`{ person(slug: "x") { id } }`).usedVariables).toBe(false);
  });

  it("gives no hint to meta fields alone, so a bare __typename is not cacheable", () => {
    expect(hintOf(`{ __typename }`).hint.maxAge).toBeUndefined();
  });
});
