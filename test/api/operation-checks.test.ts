// The checks before execution (query limits, cost, `first`, cache hints, router secret) read one
// summary of the operation, in which fragments are expanded and `@skip`/`@include` decided with
// the request's variables: what is refused or cached is what would run.
import { GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString } from "graphql";
import { describe, expect, it } from "vitest";
import { gql, startTestServer } from "../helpers/server.js";
import { useSampleServer } from "../helpers/sample-server.js";

let statements = 0;
const sample = useSampleServer({ onStatement: () => statements++ });

async function measured(query: string, variables?: Record<string, unknown>) {
  statements = 0;
  const result = await gql(sample.server.url, query, variables);
  return { ...result, statements, code: result.errors?.[0]?.extensions?.code };
}

describe("checks before execution", () => {
  it("refuse a deep selection only when @include keeps it", async () => {
    const query = `query ($deep: Boolean!) { articles(first: 1) { nodes { id ...Deep @include(if: $deep) } } } fragment Deep on Article { ${"relatedArticles { ".repeat(20)}id${" }".repeat(20)} }`;
    expect((await measured(query, { deep: false })).status).toBe(200);
    const deep = await measured(query, { deep: true });
    expect([deep.status, deep.code, deep.statements]).toEqual([400, "QUERY_TOO_COMPLEX", 0]);
    expect(deep.errors?.[0]?.extensions?.limit).toMatchObject({ measure: "depth" });
  });

  it("cost a fan-out inside nested fragments, and not when @skip drops it", async () => {
    const query = `query ($lean: Boolean!) { articles(first: 100) { nodes { ...A } } }
      fragment A on Article { statements(first: 100) @skip(if: $lean) { nodes { ...S } } }
      fragment S on Statement { speaker { statements(first: 100) { nodes { id } } } }`;
    const fat = await measured(query, { lean: false });
    expect([fat.status, fat.code, fat.statements]).toEqual([400, "QUERY_TOO_COMPLEX", 0]);
    expect((await measured(query, { lean: true })).status).toBe(200);
  });

  it("refuse a `first` out of range in a nested fragment with BAD_USER_INPUT before any SQL", async () => {
    const result = await measured(`query ($n: Int) { articles(first: 1) { nodes { ...A } } } fragment A on Article { ...B } fragment B on Article { statements(first: $n) { totalCount } }`, { n: 101 });
    expect([result.status, result.code, result.statements]).toEqual([400, "BAD_USER_INPUT", 0]);
    expect(result.errors?.[0]?.extensions?.fieldErrors).toEqual([{ path: "first", message: "must be an integer from 0 to 100, got 101" }]);
  });

  it("apply the defaults an operation declares for its conditions (a 500 before the walk was shared)", async () => {
    const query = `query ($lists: Boolean! = false) { person(slug: "antony-blinken") { id statements(first: 1) @include(if: $lists) { totalCount } } }`;
    const result = await measured(query);
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ person: { id: expect.any(String) } });
    expect(result.headers.get("cache-control")).toBe("max-age=60, public");
    expect((await measured(query, { lists: true })).headers.get("cache-control")).toBe("max-age=30, public");
  });

  it("leave a condition variable that was not sent to execution, which refuses it with 400", async () => {
    const result = await measured(`query ($lists: Boolean!) { person(slug: "antony-blinken") { id @include(if: $lists) } }`);
    expect([result.status, result.code, result.statements]).toEqual([400, "BAD_USER_INPUT", 0]);
  });

  it("require the router secret only for router-only root fields that run", async () => {
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({
        name: "Query",
        fields: {
          ok: { type: GraphQLString, resolve: () => "ok" },
          _entities: { type: new GraphQLNonNull(new GraphQLList(GraphQLString)), args: { representations: { type: new GraphQLList(GraphQLString) } }, resolve: () => [] },
        },
      }),
    });
    const extra = await startTestServer(sample.database, { schema, config: { environment: "test", hardening: { routerSecret: "s3cret" } } });
    try {
      const query = `query ($router: Boolean!) { ok ...Router @include(if: $router) } fragment Router on Query { ... on Query { _entities(representations: []) } }`;
      expect((await gql(extra.url, query, { router: true })).status).toBe(403);
      expect((await gql(extra.url, query, { router: false })).data).toEqual({ ok: "ok" });
    } finally {
      await extra.close();
    }
  });
});
