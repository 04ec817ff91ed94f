// Load test (not a unit test): `npm run load -- --connections N --duration T`.
// Starts Khabar on a fresh copy of the sample content (in this process, on a loopback port),
// then drives the nested queries with autocannon and prints throughput, p50/p99 latency and
// errors. Exits 1 when any request failed (non-2xx, GraphQL errors, or connection errors).
import "reflect-metadata";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { createSampleDatabase } from "../helpers/database.js";
import { startTestServer } from "../helpers/server.js";

const { values } = parseArgs({
  options: {
    connections: { type: "string", default: "10" },
    duration: { type: "string", default: "10" },
  },
});
const connections = Number(values.connections);
const duration = Number(values.duration);

const NESTED_QUERIES = [
  // The headline query: a person's statements grouped by the article that reported them.
  `{ person(slug: "antony-blinken") { name statementsByArticle(first: 10) { nodes { statementCount article { headline publishedAt } statements { text kind cue } } } } }`,
  `{ articles(first: 10) { edges { cursor node { headline people { name } organizations { name } statements(first: 20) { nodes { text speaker { name ... on Person { role } } incidents { title } } } } } pageInfo { hasNextPage endCursor } } }`,
  `{ incidents(first: 10) { nodes { title kind killed perpetrators { name } claims { stance actor { name } statement { text } } articles(first: 5) { nodes { headline } } } } }`,
  `{ organizations(first: 20) { nodes { name statements(first: 5) { totalCount nodes { text article { headline } } } } } }`,
];

const database = await createSampleDatabase();
const server = await startTestServer(database);
let graphQLErrors = 0;

const result = await autocannon({
  url: server.url,
  connections,
  duration,
  requests: NESTED_QUERIES.map((query) => ({
    method: "POST" as const,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
    onResponse: (status: number, body: string) => {
      if (status !== 200 || body.includes('"errors"')) graphQLErrors++;
    },
  })),
});

await server.close();
database.destroy();

const failures = result.errors + result.timeouts + result.non2xx + graphQLErrors;
console.log(
  JSON.stringify(
    {
      connections,
      durationSeconds: duration,
      requests: result.requests.total,
      throughputPerSecond: result.requests.average,
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
      errors: { connection: result.errors, timeouts: result.timeouts, non2xx: result.non2xx, graphQL: graphQLErrors },
    },
    null,
    2,
  ),
);
process.exit(failures === 0 ? 0 : 1);
