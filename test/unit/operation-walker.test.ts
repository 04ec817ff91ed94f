// The one walk over an operation that the query limits, cost, cache hints and router secret read
// (src/http/operation-walker.ts, src/http/operation-summary.ts), on a small schema of its own: the
// walker knows GraphQL, not Khabar's types.
import { buildSchema, parse, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { cacheHintOf, type CachePolicy } from "../../src/http/cache-control.js";
import { checkLimits } from "../../src/http/limits.js";
import { DEFAULT_QUERY_LIMITS } from "../../src/http/hardening-config.js";
import { rememberedSummary, summarizeOperation } from "../../src/http/operation-summary.js";
import { combineMeasures, fieldRecorder, valueOf, walkOperation, type FieldVisit, type OperationMeasure } from "../../src/http/operation-walker.js";

const schema = buildSchema(`
  interface Named { name: String }
  type Shelf implements Named { name: String, books(first: Int): BookConnection!, tags: [String!]! }
  type Book implements Named { name: String, title: String, shelf: Shelf, related(ids: [ID!]): [Book!]! }
  type BookEdge { cursor: String!, node: Book! }
  type BookConnection { edges: [BookEdge!]!, nodes: [Book!]!, totalCount: Int! }
  type Query { shelf(name: String): Shelf, named: Named, books(first: Int, search: String): BookConnection!, _service: String }
`);

function operationOf(query: string) {
  const document = parse(query);
  const operation = document.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === "OperationDefinition")!;
  return { document, operation };
}

/** The names of the fields a walk visits (each call of `field`), as `Parent.field` or `?.field` untyped. */
function visited(query: string, variables?: Record<string, unknown>, withSchema = true) {
  const { document, operation } = operationOf(query);
  const seen: string[] = [];
  const result = walkOperation(operation, { schema: withSchema ? schema : undefined, fragments: document, variables }, fieldRecorder((field) => void seen.push(`${field.parentType?.name ?? "?"}.${field.node.name.value}`)));
  return { seen, ...result };
}

/** Counts every field selected, fragments expanded (a fold, so repeated spreads count again). */
const FIELDS: OperationMeasure<number> = { empty: 0, field: (_field, children) => 1 + children, combine: (total, next) => total + next };

function fieldCount(query: string, variables?: Record<string, unknown>) {
  const { document, operation } = operationOf(query);
  return walkOperation(operation, { schema, fragments: document, variables }, FIELDS).value;
}

describe("the operation walker", () => {
  it("leaves out fragments that @skip or @include drop, deciding with the request's variables", () => {
    const query = `query ($withShelf: Boolean!, $noTitle: Boolean!) {
      books { nodes { ...Shelf @include(if: $withShelf) ... on Book @skip(if: $noTitle) { title } } }
    }
    fragment Shelf on Book { shelf { name } }`;
    expect(visited(query, { withShelf: true, noTitle: false }).seen.sort()).toEqual(["Book.shelf", "Book.title", "BookConnection.nodes", "Query.books", "Shelf.name"]);
    expect(visited(query, { withShelf: false, noTitle: true }).seen.sort()).toEqual(["BookConnection.nodes", "Query.books"]);
  });

  it("applies conditions inside fragment definitions and on fields, and says that variables decided them", () => {
    const query = `query ($deep: Boolean) { ...Root } fragment Root on Query { shelf { name books @include(if: $deep) { totalCount } } }`;
    const shallow = visited(query, { deep: false });
    expect(shallow.seen.sort()).toEqual(["Query.shelf", "Shelf.name"]);
    expect([shallow.conditionsReadVariables, [...shallow.variablesRead]]).toEqual([true, ["deep"]]);
    expect(visited(query, { deep: true }).seen).toContain("BookConnection.totalCount");
    const literal = visited(`{ shelf { name @skip(if: true) tags @include(if: true) } }`);
    expect(literal.seen.sort()).toEqual(["Query.shelf", "Shelf.tags"]);
    expect([literal.conditionsReadVariables, literal.variablesRead.size]).toEqual([false, 0]);
  });

  it("fills in the defaults the operation declares, and keeps a selection whose condition it cannot decide", () => {
    const query = `query ($title: Boolean! = false) { books { nodes { name title @include(if: $title) } } }`;
    expect(visited(query, {}).seen).not.toContain("Book.title");
    expect(visited(query, { title: true }).seen).toContain("Book.title");
    // Not sent, or not a boolean: execution refuses the variable; the checks count the selection.
    expect(visited(`query ($x: Boolean!) { books { totalCount @skip(if: $x) } }`, {}).seen).toContain("BookConnection.totalCount");
    expect(visited(`query ($x: Boolean!) { books { totalCount @skip(if: $x) } }`, { x: "yes" }).seen).toContain("BookConnection.totalCount");
  });

  it("expands nested fragment spreads at every spread, walking each fragment once", () => {
    const query = `{ a: shelf { ...S } b: shelf { ...S } } fragment S on Shelf { name books { nodes { ...B } } } fragment B on Book { title ...N } fragment N on Named { name }`;
    // shelf, name, books, nodes, title and (Named) name, for each of the two shelves.
    expect(fieldCount(query)).toBe(2 * 6);
    const { seen } = visited(query);
    expect(seen.filter((name) => name === "Named.name")).toHaveLength(1);
    expect(seen.filter((name) => name === "Shelf.name")).toHaveLength(1);
  });

  it("walks a fragment once per context (root level or nested), however often it is spread", () => {
    const query = `{ ...N ...N named { ...N ...N } } fragment N on Query { __typename }`;
    const { document, operation } = operationOf(query);
    const visits: Pick<FieldVisit, "root" | "meta">[] = [];
    walkOperation(operation, { schema, fragments: document }, fieldRecorder(({ node, root, meta }) => void (node.name.value === "__typename" && visits.push({ root, meta }))));
    // (Spreading a Query fragment inside `named` is invalid GraphQL; the walker does not mind.)
    expect(visits).toEqual([
      { root: true, meta: true },
      { root: false, meta: true },
    ]);
  });

  it("counts a fragment cycle as nothing and terminates", () => {
    const query = `{ shelf { ...A } } fragment A on Shelf { name books { nodes { shelf { ...B } } } } fragment B on Shelf { tags ...A }`;
    // shelf, name, books, nodes, shelf, tags; the spread of A inside B closes the cycle.
    expect(fieldCount(query)).toBe(6);
    expect(fieldCount(`{ ...Q } fragment Q on Query { ...Q }`)).toBe(0);
  });

  it("measures a fragment that expands exponentially in linear time", () => {
    const fragments = Array.from({ length: 40 }, (_, index) => `fragment F${index} on Book { a: shelf { books { nodes { ...F${index + 1} } } } b: related { ...F${index + 1} } }`);
    const query = `{ books { nodes { ...F0 } } } ${fragments.join(" ")} fragment F40 on Book { title }`;
    const { seen } = visited(query);
    expect(seen.length).toBeLessThan(300);
    expect(fieldCount(query)).toBeGreaterThan(2 ** 40);
  });

  it("types fields through interfaces, inline fragments and meta fields, and walks untyped without a schema", () => {
    const typed = visited(`{ named { name ... on Book { title } } __schema { queryType { name } } }`);
    expect(typed.seen.sort()).toEqual(["Book.title", "Named.name", "Query.__schema", "Query.named", "__Schema.queryType", "__Type.name"]);
    const untyped = visited(`{ named { ... on Book { title } } }`, {}, false);
    expect(untyped.seen.sort()).toEqual(["?.named", "?.title"]);
  });

  it("runs several measures in the same walk", () => {
    const { document, operation } = operationOf(`query @a { x: shelf { ...S ...S } } fragment S on Shelf { y: name @b }`);
    const depth: OperationMeasure<number> = { empty: 0, field: (_field, children) => 1 + children, combine: Math.max };
    const directives: OperationMeasure<number> = {
      empty: 0,
      field: (field, children) => children + (field.node.directives?.length ?? 0),
      combine: (total, next) => total + next,
      directives: (value, written) => value + written.length,
    };
    expect(walkOperation(operation, { schema, fragments: document }, combineMeasures({ depth, directives, fields: FIELDS })).value).toEqual({ depth: 2, directives: 3, fields: 3 });
  });
});

describe("the operation summary", () => {
  const summaryOf = (query: string, variables: Record<string, unknown> = {}) => {
    const { document, operation } = operationOf(query);
    return summarizeOperation(schema, document, operation, variables);
  };

  it("costs connections by `first` (from variables too), plain lists by an estimate or their ids, and skipped fields nothing", () => {
    expect(summaryOf(`{ books(first: 5) { nodes { shelf { name } } } }`).cost).toBe(1 + 5 * (1 + 1));
    expect(summaryOf(`query ($n: Int) { books(first: $n) { nodes { related(ids: ["1", "2"]) { shelf { name } } } } }`, { n: 3 }).cost).toBe(1 + 3 * (1 + (1 + 2 * 1)));
    expect(summaryOf(`{ books { nodes { related { shelf { name } } } } }`).cost).toBe(1 + 20 * (1 + (1 + 10 * 1)));
    expect(summaryOf(`query ($all: Boolean!) { books(first: 5) { nodes { related @include(if: $all) { title } } } }`, { all: false }).cost).toBe(1 + 5 * 1);
  });

  it("lists root fields through fragments, the fields selected for cache hints, and arguments of selected fields only", () => {
    const summary = summaryOf(
      `query ($s: String, $deep: Boolean!) { ...R shelf(name: $s) { books(first: 2) @include(if: $deep) { totalCount } } } fragment R on Query { ... on Query { _service } }`,
      { s: "x", deep: false },
    );
    expect([...summary.rootFields].sort()).toEqual(["_service", "shelf"]);
    expect(summary.fields.map((field) => `${field.root ? "/" : ""}${field.parentType.name}.${field.definition.name}`).sort()).toEqual(["/Query._service", "/Query.shelf"]);
    expect(summary.arguments.map((argument) => [argument.definition.name, valueOf(argument.value, { s: "x" })])).toEqual([["name", "x"]]);
    // Arguments are kept as written: the summary did not read $s, so it holds for any $s.
    expect([...summary.variablesRead]).toEqual(["deep"]);
  });

  it("gives cache hints from a policy passed as data, through nested and conditional fragments", () => {
    const policy: CachePolicy = { types: { Shelf: 60, Book: 60 }, fields: { "Query.books": 15 } };
    const query = `query ($lists: Boolean!) { shelf { ...S } } fragment S on Shelf { name ...L @include(if: $lists) } fragment L on Shelf { books { nodes { title } } }`;
    expect(cacheHintOf(summaryOf(query, { lists: false }), policy)).toEqual({ maxAge: 60 });
    // BookConnection is a connection: the list lifetime (30 s) applies.
    expect(cacheHintOf(summaryOf(query, { lists: true }), policy)).toEqual({ maxAge: 30 });
    expect(cacheHintOf(summaryOf(`{ books { totalCount } }`), policy)).toEqual({ maxAge: 15 });
    expect(cacheHintOf(summaryOf(`{ shelf { name } }`), { types: {}, fields: {} })).toEqual({ maxAge: 0 });
  });

  it("feeds the limits: depth, aliases and directives first, then arguments, then cost", () => {
    const limits = { ...DEFAULT_QUERY_LIMITS, maxDepth: 4, maxCost: 150 };
    expect(checkLimits(summaryOf(`{ books { nodes { shelf { books { totalCount } } } } }`), limits)?.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: { measure: "depth", actual: 5 } });
    expect(checkLimits(summaryOf(`query ($deep: Boolean!) { books { nodes { shelf @include(if: $deep) { name } } } }`, { deep: false }), limits)).toBeNull();
    const badFirst = checkLimits(summaryOf(`query ($n: Int) { books(first: $n) { totalCount } }`, { n: 101 }), limits, { n: 101 });
    expect(badFirst?.extensions).toMatchObject({ code: "BAD_USER_INPUT", fieldErrors: [{ path: "first" }], http: { status: 400 } });
    expect(checkLimits(summaryOf(`query ($s: String) { books(search: $s) { totalCount } }`), limits, { s: "x".repeat(257) })?.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    expect(checkLimits(summaryOf(`{ books(search: "${"x".repeat(300)}") { totalCount } }`), limits)?.extensions).toMatchObject({ fieldErrors: [{ path: "search" }] });
    expect(checkLimits(summaryOf(`{ books(first: 100) { nodes { title } } }`), limits)).toBeNull();
    expect(checkLimits(summaryOf(`{ books(first: 100) { nodes { shelf { name } } } }`), limits)?.extensions).toMatchObject({ limit: { measure: "cost", actual: 201 } });
  });

  it("is remembered per operation and values of the variables it read", () => {
    const bySlug = operationOf(`query ($s: String) { shelf(name: $s) { books(first: 2) { totalCount } } }`);
    const first = rememberedSummary(schema, bySlug.document, bySlug.operation, { s: "a" });
    expect(rememberedSummary(schema, bySlug.document, bySlug.operation, { s: "b" })).toBe(first);
    const paged = operationOf(`query ($n: Int) { books(first: $n) { nodes { title } } }`);
    const two = rememberedSummary(schema, paged.document, paged.operation, { n: 2 });
    expect(rememberedSummary(schema, paged.document, paged.operation, { n: 2 })).toBe(two);
    expect(rememberedSummary(schema, paged.document, paged.operation, { n: 3 }).cost).toBe(1 + 3 * 1);
  });

  it("widens what it remembers by when other variables make the walk read more of them", () => {
    const { document, operation } = operationOf(`query ($more: Boolean!, $n: Int) { shelf { name books(first: $n) @include(if: $more) { nodes { shelf { name } } } } }`);
    expect(rememberedSummary(schema, document, operation, { more: false, n: 1 }).cost).toBe(1);
    expect(rememberedSummary(schema, document, operation, { more: true, n: 5 }).cost).toBe(1 + (1 + 5 * 2));
    expect(rememberedSummary(schema, document, operation, { more: true, n: 50 }).cost).toBe(1 + (1 + 50 * 2));
    expect(rememberedSummary(schema, document, operation, { more: false, n: 50 }).cost).toBe(1);
  });
});
