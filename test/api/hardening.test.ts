// Hostile input, HTTP hygiene and production behaviour: every refusal is a 4xx with a clear code,
// answered before any SQL runs, and the data is unchanged afterwards.
import { request as httpRequest } from "node:http";
import { Writable } from "node:stream";
import { GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString, getIntrospectionQuery, parse, type OperationDefinitionNode } from "graphql";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config.js";
import { DEFAULT_HARDENING_CONFIG, loadHardeningConfig } from "../../src/http/hardening-config.js";
import { measureOperation } from "../../src/http/limits.js";
import { TokenBuckets } from "../../src/http/rate-limit.js";
import { routerOnlyRootFields, routerSecretMatches } from "../../src/http/router-secret.js";
import type { ServerOptions } from "../../src/server.js";
import { createSampleDatabase, type TestDatabase } from "../helpers/database.js";
import { databaseFingerprint } from "../helpers/fingerprint.js";
import { gql, gqlData, startTestServer, type TestServer } from "../helpers/server.js";

let statements = 0;
let database: TestDatabase;
let server: TestServer;
let fingerprintBefore: string;

beforeAll(async () => {
  database = await createSampleDatabase({ onStatement: () => statements++ });
  fingerprintBefore = databaseFingerprint(database.sqlite);
  server = await startTestServer(database);
});

afterAll(async () => {
  await server?.close();
  database?.destroy();
});

/** Sends a query and returns the response with the number of SQL statements it caused. */
async function measured(query: string, variables?: Record<string, unknown>) {
  statements = 0;
  const result = await gql(server.url, query, variables);
  return { ...result, statements, code: result.errors?.[0]?.extensions?.code };
}

async function raw(path: string, init: RequestInit = {}) {
  const response = await fetch(new URL(path, server.url), init);
  const text = await response.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, headers: response.headers, body };
}

function nested(levels: number, leaf = "id"): string {
  return `{ articles(first: 1) { nodes { ${"relatedArticles { ".repeat(levels)}${leaf}${" }".repeat(levels)} } } }`;
}

/** Builds a schema in graphql-js with resolvers that fail on purpose, for the paths Khabar's own schema never takes. */
function faultySchema(): GraphQLSchema {
  const Service = new GraphQLObjectType({ name: "_Service", fields: { sdl: { type: GraphQLString, resolve: () => "type Query { ok: String }" } } });
  return new GraphQLSchema({
    query: new GraphQLObjectType({
      name: "Query",
      fields: {
        ok: { type: GraphQLString, resolve: () => "ok" },
        boom: {
          type: GraphQLString,
          resolve: () => {
            throw new Error("SQLITE_ERROR near 'select * from secret_table': /srv/khabar/src/x.ts:12");
          },
        },
        _service: { type: new GraphQLNonNull(Service), resolve: () => ({}) },
        _entities: { type: new GraphQLNonNull(new GraphQLList(GraphQLString)), args: { representations: { type: new GraphQLList(GraphQLString) } }, resolve: () => [] },
      },
    }),
  });
}

async function withServer<T>(options: Partial<ServerOptions>, run: (url: string) => Promise<T>): Promise<T> {
  const extra = await startTestServer(database, options);
  try {
    return await run(extra.url);
  } finally {
    await extra.close();
  }
}

describe("query limits", () => {
  it("answers every legitimate nested query, including depth-13 ones", async () => {
    const data = await gqlData(
      server.url,
      `{ person(slug: "antony-blinken") { statementsByArticle(first: 5) { edges { node { article { statements(first: 5) { edges { node { speaker { ... on Person { articles(first: 2) { edges { node { headline } } } } } } } } } } } } } }`,
    );
    expect(data.person.statementsByArticle.edges.length).toBeGreaterThan(0);
  });

  it("answers the standard introspection query that playgrounds send", async () => {
    const result = await measured(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, specifiedByUrl: true }));
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
  });

  it("refuses a depth-40 query with QUERY_TOO_COMPLEX and 400, before any SQL", async () => {
    const result = await measured(nested(40));
    expect(result.status).toBe(400);
    expect(result.code).toBe("QUERY_TOO_COMPLEX");
    expect(result.errors?.[0]?.extensions?.limit).toMatchObject({ measure: "depth", maximum: 15 });
    expect(result.statements).toBe(0);
  });

  it("refuses an alias bomb", async () => {
    const aliases = Array.from({ length: 100 }, (_, index) => `a${index}: articles(first: 100) { totalCount }`).join(" ");
    const result = await measured(`{ ${aliases} }`);
    expect([result.status, result.code, result.statements]).toEqual([400, "QUERY_TOO_COMPLEX", 0]);
  });

  it("refuses a directive bomb", async () => {
    const result = await measured(`{ articles(first: 1) { totalCount ${"@include(if: true) ".repeat(1)} nodes { id ${"@skip(if: false)".repeat(1)} } } __typename ${"@include(if: true)".repeat(60)} }`);
    expect(result.status).toBe(400);
    expect(["QUERY_TOO_COMPLEX", "GRAPHQL_VALIDATION_FAILED"]).toContain(result.code);
    expect(result.statements).toBe(0);
    const spread = Array.from({ length: 60 }, (_, index) => `f${index}: __typename @include(if: true)`).join(" ");
    const many = await measured(`{ ${spread} }`);
    expect([many.status, many.code, many.statements]).toEqual([400, "QUERY_TOO_COMPLEX", 0]);
  });

  it("refuses a fragment bomb that expands exponentially, in linear time", async () => {
    // F0 selects F1 twice, F1 selects F2 twice…: 2^30 fields once expanded.
    const fragments = Array.from({ length: 30 }, (_, index) => `fragment F${index} on Article { a: relatedArticles { ...F${index + 1} } b: relatedArticles { ...F${index + 1} } }`);
    const query = `{ articles(first: 1) { nodes { ...F0 } } } ${fragments.join(" ")} fragment F30 on Article { id }`;
    const result = await measured(query);
    expect([result.status, result.code, result.statements]).toEqual([400, "QUERY_TOO_COMPLEX", 0]);
  });

  it("refuses cyclic fragments as a validation error", async () => {
    const result = await measured(`{ articles(first: 1) { nodes { ...A } } } fragment A on Article { relatedArticles { ...B } } fragment B on Article { relatedArticles { ...A } }`);
    expect([result.status, result.code, result.statements]).toEqual([400, "GRAPHQL_VALIDATION_FAILED", 0]);
  });

  it("refuses a 100×100×100×100 fan-out by cost, before execution", async () => {
    const result = await measured(
      `{ articles(first: 100) { nodes { statements(first: 100) { nodes { speaker { statements(first: 100) { nodes { article { statements(first: 100) { nodes { text } } } } } } } } } } }`,
    );
    expect([result.status, result.code, result.statements]).toEqual([400, "QUERY_TOO_COMPLEX", 0]);
    expect(result.errors?.[0]?.extensions?.limit).toMatchObject({ measure: "cost" });
  });

  it("counts `first` passed in variables, and the default of 20 when it is absent", async () => {
    const query = `query Fan($n: Int) { articles(first: $n) { nodes { statements(first: $n) { nodes { speaker { articles(first: $n) { nodes { statements(first: $n) { nodes { text } } } } } } } } } }`;
    const big = await measured(query, { n: 100 });
    expect([big.status, big.code, big.statements]).toEqual([400, "QUERY_TOO_COMPLEX", 0]);
    const defaulted = await measured(query.replace(/\(first: \$n\)/g, "").replace("($n: Int)", ""));
    expect([defaulted.status, defaulted.code]).toEqual([400, "QUERY_TOO_COMPLEX"]);
    const small = await measured(query, { n: 2 });
    expect(small.status).toBe(200);
  });

  it("refuses a document with more tokens than allowed as a parse failure", async () => {
    const result = await measured(`{ ${"__typename ".repeat(6_000)} }`);
    expect([result.status, result.code, result.statements]).toEqual([400, "GRAPHQL_PARSE_FAILED", 0]);
  });

  it.each([
    ["negative", -1],
    ["huge", 1_000_000],
    ["non-integer", 2.5],
    ["a string", "10"],
  ])("refuses a %s `first` with BAD_USER_INPUT before any SQL", async (_name, first) => {
    const result = await measured(`query ($first: Int) { articles { nodes { statements(first: $first) { totalCount } } } }`, { first });
    expect(result.status).toBe(400);
    expect(result.code).toBe("BAD_USER_INPUT");
    expect(result.statements).toBe(0);
  });

  it("refuses a `first` beyond 32 bits written in the query", async () => {
    const result = await measured(`{ articles(first: 99999999999) { totalCount } }`);
    expect([result.status, result.code, result.statements]).toEqual([400, "GRAPHQL_VALIDATION_FAILED", 0]);
  });

  it("refuses search strings over 256 characters and other strings over the text limit", async () => {
    const search = await measured(`query ($s: String) { articles(filter: { search: $s }) { totalCount } }`, { s: "ب".repeat(257) });
    expect([search.status, search.code, search.statements]).toEqual([400, "BAD_USER_INPUT", 0]);
    expect(search.errors?.[0]?.extensions?.fieldErrors).toEqual([{ path: "filter.search", message: expect.stringContaining("at most 256") }]);
    const slug = await measured(`query ($slug: String) { person(slug: $slug) { id } }`, { slug: "x".repeat(100_001) });
    expect([slug.status, slug.code, slug.statements]).toEqual([400, "BAD_USER_INPUT", 0]);
  });

  it("measures depth, aliases and directives through fragments without expanding them", () => {
    const document = parse(`query @a { x: a { ...F ...F } } fragment F on T { y: b @c { c { d } } }`);
    const operation = document.definitions[0] as OperationDefinitionNode;
    const fragment = document.definitions[1];
    expect(measureOperation(operation, (name) => (name === "F" && fragment?.kind === "FragmentDefinition" ? fragment : undefined))).toEqual({ depth: 4, aliases: 3, directives: 3 });
  });
});

describe("odd but valid input", () => {
  it.each([
    ["bidi controls", "\u202Eantony-blinken\u202C"],
    ["zero-width characters", "antony\u200B-blinken\u200D"],
    ["an SQL injection attempt", "x'; DROP TABLE actors; --"],
    ["a LIKE wildcard", "%"],
    ["an FTS5 query operator", '" OR NEAR(a b) *'],
    ["NUL and replacement characters", "a\u0000b\uFFFD"],
  ])("treats %s in names and searches as plain text", async (_name, text) => {
    const result = await measured(
      `query ($text: String) { person(slug: $text) { id } people(filter: { search: $text }) { totalCount } articles(filter: { search: $text }) { nodes { id } } }`,
      { text },
    );
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    expect(result.data?.person).toBeNull();
  });
});

describe("HTTP hygiene", () => {
  it("answers malformed JSON with 400", async () => {
    const result = await raw("/graphql", { method: "POST", headers: { "content-type": "application/json" }, body: '{"query": "{ __typename }"' });
    expect(result.status).toBe(400);
    expect(result.body.errors[0].extensions.code).toBe("BAD_REQUEST");
  });

  it.each([["text/plain"], ["application/x-www-form-urlencoded"], ["multipart/form-data; boundary=x"], [""]])("answers a POST of %s with 400 (CSRF prevention)", async (type) => {
    const result = await raw("/graphql", { method: "POST", headers: type ? { "content-type": type } : {}, body: '{"query": "{ __typename }"}' });
    expect(result.status).toBe(400);
  });

  it("answers an empty JSON body with 400", async () => {
    const result = await raw("/graphql", { method: "POST", headers: { "content-type": "application/json" }, body: "" });
    expect(result.status).toBe(400);
  });

  it("answers invalid UTF-8 bytes in the body with 400", async () => {
    const body = Buffer.concat([Buffer.from('{"query": "{ person(slug: \\"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('\\") { id } }"}')]);
    const result = await raw("/graphql", { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(result.status).toBe(400);
    expect(result.body.errors[0].message).toContain("UTF-8");
  });

  it("answers a body over the limit with 413, whether it declares its length or streams it", async () => {
    const big = JSON.stringify({ query: "{ __typename }", variables: { s: "x".repeat(1024 * 1024) } });
    const declared = await raw("/graphql", { method: "POST", headers: { "content-type": "application/json" }, body: big });
    expect(declared.status).toBe(413);
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(server.url);
      const request = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { "content-type": "application/json", "transfer-encoding": "chunked" } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on("error", reject);
      for (let index = 0; index < 20; index++) request.write("x".repeat(64 * 1024));
      request.end();
    });
    expect(status).toBe(413);
  });

  it("accepts a 900 kB body and refuses its oversized string with BAD_USER_INPUT", async () => {
    const result = await measured(`query ($slug: String) { person(slug: $slug) { id } }`, { slug: "ي".repeat(400_000) });
    expect([result.status, result.code]).toEqual([400, "BAD_USER_INPUT"]);
  });

  it("answers unknown routes with 404", async () => {
    expect((await raw("/nope")).status).toBe(404);
    expect((await raw("/graphql/extra")).status).toBe(404);
  });

  it("serves /healthz and /readyz", async () => {
    expect(await raw("/healthz")).toMatchObject({ status: 200, body: { status: "ok" } });
    expect(await raw("/readyz")).toMatchObject({ status: 200, body: { status: "ready" } });
  });

  it("refuses a GET query without a preflight header, and answers one that has it", async () => {
    const query = encodeURIComponent("{ __typename }");
    expect((await raw(`/graphql?query=${query}`)).status).toBe(400);
    expect((await raw(`/graphql?query=${query}`, { headers: { "apollo-require-preflight": "true" } })).status).toBe(200);
  });

  it("reports /readyz as unavailable when the database is closed", async () => {
    const other = await createSampleDatabase();
    const extra = await startTestServer(other);
    other.close();
    const response = await fetch(new URL("/readyz", extra.url));
    expect(response.status).toBe(503);
    await extra.close();
    other.destroy();
  });
});

describe("production mode", () => {
  it("masks internal errors with a request id that is also in the log, without stack or SQL", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "info" }, new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }));
    await withServer({ schema: faultySchema(), config: { environment: "production" }, logger }, async (url) => {
      const result = await gql(url, "{ ok boom }");
      expect(result.data).toEqual({ ok: "ok", boom: null });
      const error = result.errors?.[0];
      expect(error?.extensions?.code).toBe("INTERNAL_SERVER_ERROR");
      expect(JSON.stringify(result.errors)).not.toMatch(/SQLITE|secret_table|stacktrace|\.ts/);
      const requestId = error?.extensions?.requestId as string;
      expect(requestId).toBe(result.headers.get("x-request-id"));
      const logged = lines.map((line) => JSON.parse(line)).find((line) => line.requestId === requestId && line.level === 50);
      expect(logged?.err?.message).toContain("secret_table");
    });
  });

  it("gives no field suggestions in production, and still does in development", async () => {
    await withServer({ config: { environment: "production" } }, async (url) => {
      const result = await gql(url, "{ articlez { id } }");
      expect(result.status).toBe(400);
      expect(result.errors?.[0]?.message).not.toContain("Did you mean");
    });
    const development = await gql(server.url, "{ articlez { id } }");
    expect(development.errors?.[0]?.message).toContain("Did you mean");
  });

  it("includes no stack trace in client errors outside development", async () => {
    await withServer({ config: { environment: "production" } }, async (url) => {
      const result = await gql(url, `{ article(slug: "a", id: "b") { id } nodes(ids: ["!"]) { id } }`);
      expect(JSON.stringify(result.errors)).not.toContain("stacktrace");
    });
  });

  it("refuses introspection when KHABAR_INTROSPECTION is false", async () => {
    const hardening = loadHardeningConfig({ KHABAR_INTROSPECTION: "false" }, "production");
    await withServer({ config: { environment: "production", hardening } }, async (url) => {
      const result = await gql(url, "{ __schema { queryType { name } } }");
      expect(result.status).toBe(400);
      expect(result.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
      expect((await gql(url, "{ articles(first: 1) { totalCount } }")).status).toBe(200);
    });
  });
});

/**
 * Runs with Date standing still (timers stay real): the buckets refill with Date.now(), and with
 * 3 tokens a minute one comes back after 20 s, so a slow enough machine would see no 429.
 */
async function withFrozenClock<T>(run: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ["Date"] });
  try {
    return await run();
  } finally {
    vi.useRealTimers();
  }
}

describe("rate limits, CORS and the router secret", () => {
  it("answers 429 with Retry-After once a client IP has spent its tokens, and never limits health checks", async () => {
    await withFrozenClock(() => withServer({ config: { environment: "test", hardening: { rateLimitPerIp: { perMinute: 3 } } } }, async (url) => {
      const statuses: number[] = [];
      for (let index = 0; index < 4; index++) statuses.push((await gql(url, "{ __typename }")).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await gql(url, "{ __typename }");
      expect(limited.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect((await fetch(new URL("/healthz", url))).status).toBe(200);
    }));
  });

  it("limits each API key by its own bucket as well as by IP", async () => {
    await withFrozenClock(() => withServer({ config: { environment: "test", hardening: { rateLimitPerKey: { perMinute: 2 } } } }, async (url) => {
      const asKey = (key: string) => gql(url, "{ __typename }", undefined, { authorization: `Bearer ${key}` });
      expect([(await asKey("one")).status, (await asKey("one")).status, (await asKey("one")).status]).toEqual([200, 200, 429]);
      expect((await asKey("two")).status).toBe(200);
    }));
  });

  it("refills a token bucket over time", () => {
    let now = 0;
    const buckets = new TokenBuckets({ perMinute: 60 }, () => now);
    for (let index = 0; index < 60; index++) expect(buckets.take("a").allowed).toBe(true);
    expect(buckets.take("a")).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now += 1_000;
    expect(buckets.take("a").allowed).toBe(true);
  });

  it("sends no CORS headers in production unless origins are configured", async () => {
    const production = loadHardeningConfig({}, "production");
    expect(production.corsOrigins).toEqual([]);
    await withServer({ config: { environment: "production", hardening: production } }, async (url) => {
      const response = await fetch(url, { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "POST" } });
      expect(response.status).toBe(204);
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
    });
    const configured = loadHardeningConfig({ KHABAR_CORS_ORIGINS: "https://app.example, https://play.example" }, "production");
    await withServer({ config: { environment: "production", hardening: configured } }, async (url) => {
      const preflight = await fetch(url, { method: "OPTIONS", headers: { origin: "https://play.example", "access-control-request-method": "POST" } });
      expect(preflight.headers.get("access-control-allow-origin")).toBe("https://play.example");
      expect(preflight.headers.get("access-control-allow-headers")).toContain("authorization");
      // A web app on another origin reads the read-your-writes token from a response and sends it back.
      expect(preflight.headers.get("access-control-allow-headers")).toContain("khabar-read-primary-until");
      const allowed = await gql(url, "{ __typename }", undefined, { origin: "https://app.example" });
      expect(allowed.headers.get("access-control-expose-headers")).toContain("khabar-read-primary-until");
      const other = await gql(url, "{ __typename }", undefined, { origin: "https://evil.example" });
      expect(other.headers.get("access-control-allow-origin")).toBeNull();
    });
  });

  it("allows any origin outside production by default", async () => {
    const result = await gql(server.url, "{ __typename }", undefined, { origin: "http://localhost:3000" });
    expect(result.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("requires Router-Authorization for _entities and _service when a router secret is set", async () => {
    await withServer({ schema: faultySchema(), config: { environment: "production", hardening: { routerSecret: "s3cret" } } }, async (url) => {
      const refused = await gql(url, "{ _service { sdl } }");
      expect([refused.status, refused.errors?.[0]?.extensions?.code]).toEqual([403, "FORBIDDEN"]);
      const throughFragment = await gql(url, "query { ...Root } fragment Root on Query { ... on Query { _entities(representations: []) } }", undefined, { "router-authorization": "wrong" });
      expect(throughFragment.status).toBe(403);
      const allowed = await gql(url, "{ _service { sdl } }", undefined, { "router-authorization": "s3cret" });
      expect(allowed.status).toBe(200);
      expect((await gql(url, "{ ok }")).data).toEqual({ ok: "ok" });
    });
  });

  it("finds router-only root fields through fragments and compares secrets in constant time", () => {
    const document = parse("query A { ok ...R } query B { ok } fragment R on Query { ... on Query { _entities } }");
    const [a, b] = document.definitions as OperationDefinitionNode[];
    expect(routerOnlyRootFields(document, a!)).toEqual(["_entities"]);
    expect(routerOnlyRootFields(document, b!)).toEqual([]);
    expect(routerSecretMatches("s3cret", "s3cret")).toBe(true);
    expect(routerSecretMatches("s3cre", "s3cret")).toBe(false);
    expect(routerSecretMatches(undefined, "s3cret")).toBe(false);
  });
});

describe("configuration", () => {
  it("reads every limit from the environment, with defaults", () => {
    expect(loadHardeningConfig({}, "development")).toEqual({ ...DEFAULT_HARDENING_CONFIG, corsOrigins: ["*"] });
    const config = loadHardeningConfig(
      { KHABAR_MAX_DEPTH: "20", KHABAR_MAX_COST: "1000", KHABAR_BODY_LIMIT_BYTES: "2048", KHABAR_RATE_LIMIT_PER_IP: "120", KHABAR_ROUTER_SECRET: "x" },
      "production",
    );
    expect(config).toMatchObject({ limits: { maxDepth: 20, maxCost: 1000 }, bodyLimitBytes: 2048, rateLimitPerIp: { perMinute: 120 }, routerSecret: "x" });
  });

  it("refuses an invalid limit at start with a ConfigError", () => {
    expect(() => loadConfig({ KHABAR_MAX_DEPTH: "deep" })).toThrow(/KHABAR_MAX_DEPTH must be a positive integer/);
  });
});

describe("after the hostile input", () => {
  it("leaves the data unchanged", () => {
    expect(databaseFingerprint(database.sqlite)).toBe(fingerprintBefore);
  });
});
