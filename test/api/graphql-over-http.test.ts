// The GraphQL-over-HTTP spec's audits (graphql-http's own suite) against a real Khabar server:
// every MUST passes, and the few SHOULD/MAY audits Khabar does not meet are pinned here with the
// reason (README, "HTTP and errors"), so a change in either direction is noticed.
import { auditServer, type AuditResult } from "graphql-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSampleDatabase, type TestDatabase } from "../helpers/database.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

let database: TestDatabase;
let server: TestServer;
let results: AuditResult[];

beforeAll(async () => {
  database = await createSampleDatabase();
  server = await startTestServer(database);
  results = await auditServer({ url: server.url });
});

afterAll(async () => {
  await server.close();
  database.destroy();
});

/** Audits Khabar does not meet on purpose, by id. */
const NOT_MET: Record<string, string> = {
  // Errors answer 400 with application/json as with application/graphql-response+json: clients,
  // CDNs and logs tell a refused request from a served one by the status.
  "572B": "SHOULD use 200 status code on document parsing failure when accepting application/json",
  FDE2: "SHOULD use 200 status code on document validation failure when accepting application/json",
  "7B9B": "SHOULD use a status code of 200 on variable coercion failure when accepting application/json",
  // CSRF prevention refuses GETs that a browser form could send (no preflight header, no JSON
  // content type): these audits send exactly such requests.
  "5A70": "MAY accept application/x-www-form-urlencoded formatted GET requests",
  D6D5: "MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/graphql-response+json",
  "6A70": "MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/json",
};

describe("GraphQL over HTTP", () => {
  it("passes every MUST audit", () => {
    const failed = results.filter((result) => result.name.startsWith("MUST") && result.status !== "ok").map((result) => `${result.id} ${result.name}`);
    expect(failed).toEqual([]);
  });

  it("misses only the SHOULD and MAY audits it chose not to meet", () => {
    const missed = Object.fromEntries(results.filter((result) => result.status !== "ok").map((result) => [result.id, result.name.replace(/^(SHOULD|MAY) /, "$1 ")]));
    expect(missed).toEqual(NOT_MET);
    expect(results.length - Object.keys(NOT_MET).length).toBeGreaterThanOrEqual(54);
  });
});
