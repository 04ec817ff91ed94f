// Mobile delivery over real HTTP: persisted queries over GET, Cache-Control from cache hints, the
// optional response cache and its invalidation, trusted documents, compression, and the GraphQL
// over HTTP media types and status codes.
import { createHash } from "node:crypto";
import { request as httpRequest } from "node:http";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { buildSchema, type GraphQLSchema } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSampleDatabase, type TestDatabase } from "../helpers/database.js";
import { gql, gqlData, startTestServer, type TestServer } from "../helpers/server.js";
import { TrustedDocumentsError } from "../../src/http/trusted-documents.js";
import { testEngine } from "../helpers/test-engine.js";

const PERSON_QUERY = `query FuadHussein { person(slug: "fuad-hussein") { id name nameEn } }`;
const ARTICLES_QUERY = `query LatestArticles { articles(first: 2) { nodes { id headline } } }`;
const GROUPED_QUERY = `query Grouped { person(slug: "fuad-hussein") { statementsByArticle(first: 10) { nodes { statementCount article { headline } statements { text } } } } }`;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const persistedQuery = (query: string) => ({ persistedQuery: { version: 1, sha256Hash: sha256(query) } });

/** A GET URL with the operation in the query string, the way APQ clients send it. */
function getUrl(base: string, parameters: { query?: string; variables?: unknown; extensions?: unknown; operationName?: string }): string {
  const url = new URL(base);
  if (parameters.query !== undefined) url.searchParams.set("query", parameters.query);
  if (parameters.operationName !== undefined) url.searchParams.set("operationName", parameters.operationName);
  if (parameters.variables !== undefined) url.searchParams.set("variables", JSON.stringify(parameters.variables));
  if (parameters.extensions !== undefined) url.searchParams.set("extensions", JSON.stringify(parameters.extensions));
  return url.href;
}

interface JsonResponse {
  status: number;
  headers: Headers;
  body: { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function getJson(url: string, headers: Record<string, string> = { "apollo-require-preflight": "true" }): Promise<JsonResponse> {
  const response = await fetch(url, { headers });
  const text = await response.text();
  try {
    return { status: response.status, headers: response.headers, body: JSON.parse(text) };
  } catch {
    throw new Error(`GET ${url} answered ${response.status} with a body that is not JSON:\n${text}`);
  }
}

/** A raw HTTP exchange (fetch would decompress bodies and hide Content-Encoding from the test). */
function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const sent = httpRequest(url, { method: options.method ?? "GET", headers: options.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on("error", reject);
    });
    sent.on("error", reject);
    sent.end(options.body);
  });
}

/** A tiny schema with a mutation (Khabar's own has none yet) and a static cache hint on its query. */
function counterSchema(): { schema: GraphQLSchema; counter: { value: number } } {
  const counter = { value: 0 };
  const schema = buildSchema(`
    enum CacheControlScope { PUBLIC PRIVATE }
    directive @cacheControl(maxAge: Int, scope: CacheControlScope, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION
    type Query { counter: Int @cacheControl(maxAge: 60) }
    type Mutation { increment: Int }
  `);
  schema.getQueryType()!.getFields().counter!.resolve = () => counter.value;
  schema.getMutationType()!.getFields().increment!.resolve = () => ++counter.value;
  return { schema, counter };
}

let database: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  database = await createSampleDatabase();
  server = await startTestServer(database);
});

afterAll(async () => {
  await server?.close();
  database?.destroy();
});

describe("automatic persisted queries over GET", () => {
  it("answers PERSISTED_QUERY_NOT_FOUND for a hash it has not seen, so the client resends the query", async () => {
    const query = `query Unseen { person(slug: "antony-blinken") { name } }`;
    const result = await getJson(getUrl(server.url, { extensions: persistedQuery(query) }));
    expect(result.body.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
  });

  it("registers a query sent with its hash over GET and then serves it by the hash alone", async () => {
    const registered = await getJson(getUrl(server.url, { query: PERSON_QUERY, extensions: persistedQuery(PERSON_QUERY) }));
    expect(registered.status).toBe(200);
    const byHash = await getJson(getUrl(server.url, { extensions: persistedQuery(PERSON_QUERY) }));
    expect(byHash.status).toBe(200);
    expect(byHash.body.errors).toBeUndefined();
    expect(byHash.body.data.person.nameEn).toBe("Fuad Hussein");
  });

  it("passes variables along with a hash-only GET", async () => {
    const query = `query PersonBySlug($slug: String!) { person(slug: $slug) { slug } }`;
    await getJson(getUrl(server.url, { query, variables: { slug: "joe-biden" }, extensions: persistedQuery(query) }));
    const byHash = await getJson(getUrl(server.url, { variables: { slug: "antony-blinken" }, extensions: persistedQuery(query) }));
    expect(byHash.body.data.person.slug).toBe("antony-blinken");
  });

  it("refuses a query whose hash does not match its text (no hash hijacking)", async () => {
    const result = await getJson(getUrl(server.url, { query: PERSON_QUERY, extensions: persistedQuery(ARTICLES_QUERY) }));
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.message).toMatch(/does not match/);
    expect(result.body.errors?.[0]?.extensions?.code).toBe("BAD_REQUEST");
  });

  it("keeps CSRF prevention on: a GET without a preflight header or JSON content type is refused", async () => {
    const response = await fetch(getUrl(server.url, { query: PERSON_QUERY }));
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF/i);
  });

  it("refuses a mutation over GET with 405 and Allow: POST", async () => {
    const { schema } = counterSchema();
    const counterServer = await startTestServer(database, { schema });
    try {
      const response = await fetch(getUrl(counterServer.url, { query: "mutation { increment }" }), { headers: { "apollo-require-preflight": "true" } });
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("POST");
    } finally {
      await counterServer.close();
    }
  });
});

describe("cache hints surfaced as Cache-Control", () => {
  it("marks a GET for one entity public for 60 seconds, so a CDN can cache it", async () => {
    const result = await getJson(getUrl(server.url, { query: PERSON_QUERY }));
    expect(result.headers.get("cache-control")).toBe("max-age=60, public");
  });

  it("gives lists a shorter lifetime than entities", async () => {
    const result = await getJson(getUrl(server.url, { query: ARTICLES_QUERY }));
    expect(result.headers.get("cache-control")).toBe("max-age=30, public");
  });

  it("uses the shortest lifetime of everything a query touches (an entity with a nested connection)", async () => {
    const result = await getJson(getUrl(server.url, { query: GROUPED_QUERY }));
    expect(result.body.errors).toBeUndefined();
    expect(result.headers.get("cache-control")).toBe("max-age=30, public");
  });

  it("makes nothing cacheable for a request that carries credentials", async () => {
    const result = await getJson(getUrl(server.url, { query: PERSON_QUERY }), { "apollo-require-preflight": "true", authorization: "Bearer some-key" });
    expect(result.status).toBe(200);
    expect(result.headers.get("cache-control")).toBe("no-store");
  });

  it("makes a response with errors uncacheable", async () => {
    const result = await getJson(getUrl(server.url, { query: `{ person(slug: "fuad-hussein") { nope } }` }));
    expect(result.status).toBe(400);
    expect(result.headers.get("cache-control")).not.toMatch(/public/);
  });

  it("makes a mutation uncacheable even when its fields carry hints", async () => {
    const { schema } = counterSchema();
    const counterServer = await startTestServer(database, { schema });
    try {
      const mutation = await gql(counterServer.url, "mutation { increment }");
      expect(mutation.headers.get("cache-control")).toBe("no-store");
      const query = await gql(counterServer.url, "{ counter }");
      expect(query.headers.get("cache-control")).toBe("max-age=60, public");
    } finally {
      await counterServer.close();
    }
  });
});

describe("the full-response cache", () => {
  const HEADLINE_QUERY = `query Headline { article(slug: "kalsu-base-explosion-washington-denies") { headline } }`;
  const setHeadline = (headline: string) =>
    database.sqlite.prepare("update articles set headline = ? where slug = 'kalsu-base-explosion-washington-denies'").run(headline);
  const currentHeadline = () =>
    (database.sqlite.prepare("select headline from articles where slug = 'kalsu-base-explosion-washington-denies'").get() as { headline: string }).headline;

  // It changes the SQLite file behind the server; across PostgreSQL replicas the cache is test/postgres/serve.test.ts's.
  it.skipIf(testEngine() === "postgres")("is off by default: every query reads the database", async () => {
    const original = currentHeadline();
    try {
      await gqlData(server.url, HEADLINE_QUERY);
      setHeadline("changed without a mutation");
      const data = await gqlData(server.url, HEADLINE_QUERY);
      expect(data.article.headline).toBe("changed without a mutation");
    } finally {
      setHeadline(original);
    }
  });

  // It changes the SQLite file behind the server; across PostgreSQL replicas the cache is test/postgres/serve.test.ts's.
  it.skipIf(testEngine() === "postgres")("when enabled, answers a repeated public query from memory (with an Age header)", async () => {
    const original = currentHeadline();
    const cached = await startTestServer(database, { config: { environment: "test", responseCache: true } });
    try {
      const first = await gql(cached.url, HEADLINE_QUERY);
      setHeadline("changed behind the cache");
      const second = await gql(cached.url, HEADLINE_QUERY);
      expect(second.data).toEqual(first.data);
      expect(second.headers.get("age")).not.toBeNull();
      // Authenticated requests bypass the shared cache.
      const authenticated = await gql(cached.url, HEADLINE_QUERY, undefined, { authorization: "Bearer some-key" });
      expect((authenticated.data as any).article.headline).toBe("changed behind the cache");
    } finally {
      setHeadline(original);
      await cached.close();
    }
  });

  it("is cleared by any mutation", async () => {
    const { schema, counter } = counterSchema();
    const cached = await startTestServer(database, { schema, config: { environment: "test", responseCache: true } });
    try {
      expect((await gqlData(cached.url, "{ counter }")).counter).toBe(0);
      counter.value = 41; // a write that bypasses the API: the cache does not see it
      expect((await gqlData(cached.url, "{ counter }")).counter).toBe(0);
      expect((await gqlData(cached.url, "mutation { increment }")).increment).toBe(42);
      expect((await gqlData(cached.url, "{ counter }")).counter).toBe(42);
    } finally {
      await cached.close();
    }
  });
});

describe("trusted documents", () => {
  let directory: string;
  let manifestPath: string;
  let trusted: TestServer;
  const GROUPED_BODY = `query FuadHusseinStatementsByArticle {\n  person(slug: "fuad-hussein") {\n    statementsByArticle(first: 10) {\n      nodes {\n        statementCount\n        statements {\n          text\n        }\n      }\n    }\n  }\n}`;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), "khabar-trusted-"));
    manifestPath = join(directory, "persisted-query-manifest.json");
    writeFileSync(
      manifestPath,
      JSON.stringify({
        format: "apollo-persisted-query-manifest",
        version: 1,
        operations: [
          { id: sha256(GROUPED_BODY), name: "FuadHusseinStatementsByArticle", type: "query", body: GROUPED_BODY },
          { id: sha256(PERSON_QUERY), name: "FuadHussein", type: "query", body: PERSON_QUERY },
        ],
      }),
    );
    trusted = await startTestServer(database, { config: { environment: "test", trustedDocumentsPath: manifestPath } });
  });

  afterAll(async () => {
    await trusted?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it("runs a listed operation sent with its full body", async () => {
    const data = await gqlData(trusted.url, GROUPED_BODY);
    expect(data.person.statementsByArticle.nodes.length).toBeGreaterThan(0);
  });

  it("runs a listed operation sent by its id alone over GET, without any prior registration", async () => {
    const result = await getJson(getUrl(trusted.url, { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(GROUPED_BODY) } } }));
    expect(result.status).toBe(200);
    expect(result.body.data.person.statementsByArticle.nodes.length).toBeGreaterThan(0);
    expect(result.headers.get("cache-control")).toBe("max-age=30, public");
  });

  it("accepts a listed operation reformatted (whitespace does not matter)", async () => {
    const data = await gqlData(trusted.url, PERSON_QUERY.replace(/ /g, "\n  "));
    expect(data.person.nameEn).toBe("Fuad Hussein");
  });

  it("refuses any other operation with OPERATION_NOT_TRUSTED and HTTP 400, never 500", async () => {
    const result = await gql(trusted.url, `{ person(slug: "fuad-hussein") { name } }`);
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe("OPERATION_NOT_TRUSTED");
    expect(result.data).toBeUndefined();
  });

  it("refuses to register an unlisted operation through APQ, so its hash stays unknown", async () => {
    const query = `query Sneaky { articles(first: 100) { totalCount } }`;
    const registration = await getJson(getUrl(trusted.url, { query, extensions: persistedQuery(query) }));
    expect(registration.status).toBe(400);
    expect(registration.body.errors?.[0]?.extensions?.code).toBe("OPERATION_NOT_TRUSTED");
    const byHash = await getJson(getUrl(trusted.url, { extensions: persistedQuery(query) }));
    expect(byHash.body.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
  });

  it("refuses to start with a manifest that is not in Apollo's format", async () => {
    const badPath = join(directory, "bad.json");
    writeFileSync(badPath, JSON.stringify({ operations: [] }));
    await expect(startTestServer(database, { config: { environment: "test", trustedDocumentsPath: badPath } })).rejects.toBeInstanceOf(TrustedDocumentsError);
  });
});

describe("compression", () => {
  const body = JSON.stringify({ query: GROUPED_QUERY });
  const post = (acceptEncoding?: string) =>
    rawRequest(server.url, { method: "POST", headers: { "content-type": "application/json", ...(acceptEncoding ? { "accept-encoding": acceptEncoding } : {}) }, body });

  it("gzips a response when the client accepts gzip, and says it varies by Accept-Encoding", async () => {
    const response = await post("gzip");
    expect(response.headers["content-encoding"]).toBe("gzip");
    expect(String(response.headers.vary)).toMatch(/Accept-Encoding/);
    const plain = JSON.parse(gunzipSync(response.body).toString("utf8"));
    expect(plain.data.person.statementsByArticle.nodes.length).toBeGreaterThan(0);
    expect(response.body.length).toBeLessThan(gunzipSync(response.body).length);
  });

  it("prefers brotli when the client accepts both", async () => {
    const response = await post("gzip, deflate, br");
    expect(response.headers["content-encoding"]).toBe("br");
    expect(JSON.parse(brotliDecompressSync(response.body).toString("utf8")).data.person).toBeTruthy();
  });

  it("sends the body as it is when the client asks for no encoding", async () => {
    const response = await post();
    expect(response.headers["content-encoding"]).toBeUndefined();
    expect(JSON.parse(response.body.toString("utf8")).data.person).toBeTruthy();
  });

  it("leaves tiny responses uncompressed", async () => {
    const response = await rawRequest(server.url, { method: "POST", headers: { "content-type": "application/json", "accept-encoding": "gzip, br" }, body: JSON.stringify({ query: "{ __typename }" }) });
    expect(response.headers["content-encoding"]).toBeUndefined();
    expect(JSON.parse(response.body.toString("utf8"))).toEqual({ data: { __typename: "Query" } });
  });
});

describe("GraphQL over HTTP", () => {
  const GRAPHQL_RESPONSE = "application/graphql-response+json";
  const post = (query: string, accept: string | undefined, variables?: unknown) =>
    fetch(server.url, { method: "POST", headers: { "content-type": "application/json", ...(accept ? { accept } : {}) }, body: JSON.stringify({ query, variables }) });
  /** The body as GraphQL over HTTP shapes it; `Data` is what the test's query selects. */
  const readBody = async <Data = unknown>(response: Response) =>
    (await response.json()) as { data?: Data; errors?: { message: string; extensions?: Record<string, unknown> }[] };

  it("answers with application/graphql-response+json when the client asks for it", async () => {
    const response = await post(PERSON_QUERY, GRAPHQL_RESPONSE);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/graphql-response\+json/);
    expect((await readBody<{ person: { nameEn: string } }>(response)).data?.person.nameEn).toBe("Fuad Hussein");
  });

  it("prefers application/graphql-response+json when both are accepted, as the spec recommends clients ask", async () => {
    const response = await post(PERSON_QUERY, `${GRAPHQL_RESPONSE}, application/json;q=0.9`);
    expect(response.headers.get("content-type")).toMatch(/^application\/graphql-response\+json/);
  });

  it("answers with application/json for legacy clients that ask for it or send no Accept", async () => {
    expect((await post(PERSON_QUERY, "application/json")).headers.get("content-type")).toMatch(/^application\/json/);
    expect((await post(PERSON_QUERY, undefined)).headers.get("content-type")).toMatch(/^application\/json/);
  });

  it("answers a document that does not parse with 400 in application/graphql-response+json", async () => {
    const response = await post("{ person(slug: ", GRAPHQL_RESPONSE);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/^application\/graphql-response\+json/);
    const body = await readBody(response);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
  });

  it("answers a document that fails validation with 400 and no data entry", async () => {
    const response = await post(`{ person(slug: "fuad-hussein") { shoeSize } }`, GRAPHQL_RESPONSE);
    expect(response.status).toBe(400);
    const body = await readBody(response);
    expect(body).not.toHaveProperty("data");
    expect(body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("answers variables that do not coerce with 400", async () => {
    const response = await post(`query ($slug: String!) { person(slug: $slug) { name } }`, GRAPHQL_RESPONSE, { slug: 42 });
    expect(response.status).toBe(400);
    expect((await readBody(response)).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("answers 406 when the client accepts neither JSON media type", async () => {
    const response = await post(PERSON_QUERY, "application/xml");
    expect(response.status).toBe(406);
  });

  it("accepts the operation over GET with the spec's media type, and varies by Accept for caches", async () => {
    const result = await getJson(getUrl(server.url, { query: PERSON_QUERY }), { "apollo-require-preflight": "true", accept: GRAPHQL_RESPONSE });
    expect(result.status).toBe(200);
    expect(result.headers.get("content-type")).toMatch(/^application\/graphql-response\+json/);
    expect(String(result.headers.get("vary"))).toMatch(/Accept\b/);
  });

  it("refuses a request without a query with 400", async () => {
    const response = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json", accept: GRAPHQL_RESPONSE }, body: JSON.stringify({ variables: {} }) });
    expect(response.status).toBe(400);
  });
});
