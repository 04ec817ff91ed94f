// Compiled execution (graphql-jit, the default) against the reference executor (graphql-js), on
// the same sample database: the same answers, including the cases graphql-jit is known to get
// wrong elsewhere (fragments under @skip/@include, input fields left out), errors worded and coded
// alike, and an operation compiled once however often it runs.
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "../../src/context.js";
import { CompiledOperations, compiledExecutor } from "../../src/http/compiled-execution.js";
import { SAMPLE_QUERIES } from "../../src/http/sample-queries.js";
import { buildKhabarSchema } from "../../src/schema.js";
import { ARTICLES_NESTED, INCIDENT_DETAIL, PERSON_GROUPED } from "../bench/scenarios.js";
import { gql, gqlData, startTestServer, type TestServer } from "../helpers/server.js";
import { useSampleServer } from "../helpers/sample-server.js";

const sample = useSampleServer();
let reference: TestServer;

beforeAll(async () => {
  reference = await startTestServer(sample.database, { config: { environment: "test", executor: "graphql-js" } });
});
afterAll(async () => {
  await reference.close();
});

/** Both servers' whole answers (status, data, errors) to one operation. */
async function both(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
  const answer = async (url: string) => {
    const { status, data, errors } = await gql(url, query, variables, headers);
    return { status, data, errors };
  };
  return { compiled: await answer(sample.server.url), reference: await answer(reference.url) };
}

describe("compiled execution", () => {
  it("answers every playground sample query exactly as graphql-js does", async () => {
    // Subscriptions run over WebSocket on graphql-js's subscribe; HTTP refuses them.
    const overHttp = SAMPLE_QUERIES.filter(({ query }) => parse(query).definitions.every((definition) => definition.kind !== "OperationDefinition" || definition.operation !== "subscription"));
    expect(overHttp.length).toBeGreaterThan(3);
    for (const { title, query } of overHttp) {
      const { compiled, reference: expected } = await both(query);
      expect(expected.errors, title).toBeUndefined();
      expect(compiled, title).toEqual(expected);
    }
  });

  it("answers the benchmark's nested queries exactly as graphql-js does", async () => {
    const cases = [
      { query: ARTICLES_NESTED, variables: { first: 5, statements: 3 } },
      { query: PERSON_GROUPED, variables: { slug: "fuad-hussein", first: 5 } },
      { query: INCIDENT_DETAIL, variables: { slug: "moscow-attack-2024", first: 5 } },
    ];
    for (const { query, variables } of cases) {
      const { compiled, reference: expected } = await both(query, variables);
      expect(expected.errors).toBeUndefined();
      expect(compiled).toEqual(expected);
    }
  });

  it("decides @skip and @include on fragments, inline fragments and merged fields from the variables", async () => {
    // graphql-jit issue #111: a fragment spread under a condition was once included regardless.
    const query = `query ($with: Boolean!, $without: Boolean!) {
      person(slug: "antony-blinken") {
        ...Names @include(if: $with)
        ... on Person @skip(if: $without) { role }
        name @include(if: $without)
        statements(first: 2) @skip(if: $with) { totalCount }
        statements(first: 2) { nodes { id ...Text @include(if: $with) } }
      }
    }
    fragment Names on Person { name nameEn }
    fragment Text on Statement { text kind @skip(if: $with) }`;
    for (const values of [{ with: true, without: false }, { with: false, without: true }, { with: true, without: true }, { with: false, without: false }]) {
      const { compiled, reference: expected } = await both(query, values);
      expect(expected.errors).toBeUndefined();
      expect(compiled, JSON.stringify(values)).toEqual(expected);
    }
    const shown = await gqlData(sample.server.url, query, { with: true, without: false });
    expect(Object.keys(shown.person).sort()).toEqual(["name", "nameEn", "role", "statements"]);
    expect(shown.person.statements.nodes[0]).toEqual({ id: expect.any(String), text: expect.any(String) });
  });

it("leaves an input field that was not sent out of the input, so an update changes only what it names", async () => {
    // graphql-jit issue #230: input fields left out once arrived as null, which would clear them.
    const before = await gqlData(sample.server.url, `{ person(slug: "fuad-hussein") { id name nameEn role roleEn country } }`);
    const updated = await gqlData(
      sample.server.url,
      `mutation ($id: ID!, $input: UpdatePersonInput!) { updatePerson(id: $id, input: $input) { name nameEn role roleEn country } }`,
      { id: before.person.id, input: { roleEn: "Deputy Prime Minister and Minister of Foreign Affairs" } },
      sample.keys.editor,
    );
    const { id: _id, ...unchanged } = before.person;
    expect(updated.updatePerson).toEqual({ ...unchanged, roleEn: "Deputy Prime Minister and Minister of Foreign Affairs" });
    const literal = await gqlData(
      sample.server.url,
      `mutation ($id: ID!) { updatePerson(id: $id, input: { roleEn: "${before.person.roleEn}" }) { name nameEn role roleEn country } }`,
      { id: before.person.id },
      sample.keys.editor,
    );
    expect(literal.updatePerson).toEqual(unchanged);
  });

  it("words and codes errors as graphql-js does: variables that do not coerce, bad arguments, refused reads", async () => {
    const cases: [string, Record<string, unknown> | undefined][] = [
      [`query ($slug: String!) { person(slug: $slug) { name } }`, { slug: 12 }],
      [`query ($first: Int) { articles(first: $first) { totalCount } }`, { first: 1000 }],
      [`{ articles(first: 1, after: "not-a-cursor") { totalCount } }`, undefined],
      [`{ statementSuggestions { totalCount } }`, undefined],
      [`{ person(slug: "antony-blinken") { name statements(first: -1) { totalCount } } }`, undefined],
    ];
    for (const [query, variables] of cases) {
      const { compiled, reference: expected } = await both(query, variables);
      expect(expected.errors?.length, query).toBeGreaterThan(0);
      expect(compiled, query).toEqual(expected);
    }
  });

  it("compiles an operation once for all the requests that send it", async () => {
    const schema = buildKhabarSchema();
    const operations = new CompiledOperations(schema);
    const execute = compiledExecutor(schema, operations);
    const document = parse(`query Titles($first: Int!) { incidents(first: $first) { nodes { title } } }`);
    const context = createContext({
      db: sample.database.db,
      repositories: sample.server.server.repositories,
      viewer: null,
      credential: "missing",
      requestId: "compiled-execution-test",
    });
    for (let run = 0; run < 5; run += 1) {
      const result = await execute({ document, request: { operationName: "Titles", variables: { first: run + 1 } }, context });
      expect(result.errors).toBeUndefined();
      expect((result.data as { incidents: { nodes: unknown[] } }).incidents.nodes.length).toBeLessThanOrEqual(run + 1);
    }
    expect([operations.compiled, operations.fellBack]).toEqual([1, 0]);
  });

  it("runs an operation graphql-jit refuses to compile on graphql-js instead", async () => {
    const schema = buildKhabarSchema();
    const operations = new CompiledOperations(schema);
    const document = parse(`query A { incidents(first: 1) { totalCount } } query B { articles(first: 1) { totalCount } }`);
    // No operation named C: graphql-jit answers errors instead of a compiled query.
    expect(operations.get(document, "C")).toBeNull();
    expect(operations.get(document, "A")).not.toBeNull();
    expect([operations.compiled, operations.fellBack]).toEqual([1, 1]);
    const execute = compiledExecutor(schema, operations);
    const result = await execute({ document, request: { operationName: "C" }, context: {} });
    expect(result.errors?.[0]?.message).toBe('Unknown operation named "C".');
  });
});
