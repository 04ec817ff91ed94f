// Read-your-writes over a streaming replica whose replay is paused: a headline changed on the
// primary afterwards is visibly missing on the replica, so which server answered shows in the
// answer itself, and the statements each pool was sent are counted. A request carrying an
// unexpired read-your-writes token reads from the primary; one without, or with an expired,
// malformed or too-long token, from the replica. A mutation runs wholly on the primary and gives
// its client the token: its next reads, on this Khabar or another, see the write; nobody else's
// do until the replica replays it. Time is a frozen clock the servers are given.
import { createServer as createNetServer, type AddressInfo } from "node:net";
import pg from "pg";
import { pino } from "pino";
import type { ApolloServerPlugin } from "@apollo/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Context } from "../../src/context.js";
import { openPostgres, type PostgresHandle } from "../../src/db/postgres/client.js";
import { copySqliteToPostgres } from "../../src/db/postgres/copy.js";
import { migratePostgres } from "../../src/db/postgres/migrate.js";
import { PRIMARY, replicatedEngine, type ReplicatedEngine } from "../../src/db/postgres/replicas.js";
import { READ_PRIMARY_COOKIE, READ_PRIMARY_HEADER, TOKEN_CLOCK_TOLERANCE_MS } from "../../src/http/read-your-writes.js";
import { postgresWriteEngine } from "../../src/db/postgres/write.js";
import type { WriteEngine } from "../../src/db/write-engine.js";
import type { ServerOptions } from "../../src/server.js";
import { createSampleDatabase, type TestDatabase } from "../helpers/database.js";
import { createTestKeys, type TestKeys } from "../helpers/keys.js";
import { startReplica, testPostgres, type ReplicaCluster } from "../helpers/postgres.js";
import { startKhabar, stopAllKhabar } from "../helpers/process.js";
import { toGlobalId } from "../../src/shared/global-id.js";
import { gql, gqlData, startTestServer, type TestServer } from "../helpers/server.js";

const NOW = 1_711_411_200_000; // a frozen clock: 2024-03-26T00:00:00Z
/** What the servers' clock says; a test that moves it puts it back. */
let now = NOW;
const WINDOW = 2_000;
const SLUG = "blinken-hussein-isis-partnership";
const NEW_HEADLINE = "عنوان كُتب بعد توقف النسخة";
// Nested fields too: every level of the answer is read from the same server.
const ARTICLE = `{ article(slug: "${SLUG}") { headline people { slug } statements(first: 3) { totalCount nodes { text speaker { slug } } } } }`;

const cluster = testPostgres();
let sample: TestDatabase;
let keys: TestKeys;
let primary: PostgresHandle;
let replicaPool: PostgresHandle;
let replica: ReplicaCluster;
let engine: ReplicatedEngine;
/** Mutations write to the primary; their statements count as the primary's. */
let writes: WriteEngine;
let oldHeadline: string;
let databaseName: string;
const sent = { primary: 0, replica: 0 };
const servers: TestServer[] = [];

/** What the observing plugin saw of each operation's context once its operation was known. */
const seen: { operation: string | undefined; readsPrimary: boolean; onPrimary: boolean }[] = [];
const observer: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, contextValue }) {
        seen.push({ operation: operation?.operation, readsPrimary: contextValue.readsPrimary, onPrimary: contextValue.engine === engine.primary });
      },
    };
  },
};

async function serve(options: Partial<ServerOptions> = {}): Promise<TestServer> {
  const server = await startTestServer(sample, { engine, clock: () => now, readYourWritesMs: WINDOW, logger: pino({ level: "silent" }), ...options });
  servers.push(server);
  return server;
}

/** The headline a request is answered with, and how many statements it sent to each server. */
async function readArticle(url: string, headers: Record<string, string> = {}): Promise<{ headline: string; primary: number; replica: number }> {
  sent.primary = 0;
  sent.replica = 0;
  const data = await gqlData(url, ARTICLE, undefined, headers);
  return { headline: data.article.headline, primary: sent.primary, replica: sent.replica };
}

const token = (expiresAt: number) => ({ [READ_PRIMARY_HEADER]: String(expiresAt) });
const tokenCookie = (expiresAt: number) => ({ cookie: `${READ_PRIMARY_COOKIE}=${expiresAt}` });

/** A loopback port nothing listens on: it was free a moment ago and is closed again. */
async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Pauses the replica's replay and waits, a bounded number of polls, until PostgreSQL says it is paused. */
async function pauseReplay(pool: pg.Pool): Promise<void> {
  await pool.query("select pg_wal_replay_pause()");
  for (let poll = 0; poll < 500; poll += 1) {
    const { rows } = await pool.query<{ state: string }>("select pg_get_wal_replay_pause_state() as state");
    if (rows[0]?.state === "paused") return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("the replica's replay did not pause after 500 polls");
}

beforeAll(async () => {
  sample = await createSampleDatabase();
  keys = createTestKeys(sample);
  const url = await cluster.createDatabase();
  primary = await openPostgres(url, { poolSize: 4 });
  await migratePostgres(primary.pool);
  await copySqliteToPostgres(sample.sqlite, primary.pool);
  replica = await startReplica(cluster);
  await replica.waitForReplay();
  databaseName = new URL(url).pathname.slice(1);
  replicaPool = await openPostgres(replica.url(databaseName), { poolSize: 4 });
  // The lag check is off: the paused replica keeps taking reads, as one that has not noticed it is behind would.
  engine = replicatedEngine(primary.pool, [{ pool: replicaPool.pool, where: "replica" }], pino({ level: "silent" }), {
    lag: { maxLagBytes: 0, checkEveryMs: 0 },
    onStatement: (_sql, server) => void (server === PRIMARY ? (sent.primary += 1) : (sent.replica += 1)),
  });
  writes = postgresWriteEngine(primary.pool, { onStatement: () => void (sent.primary += 1) });
  await pauseReplay(replicaPool.pool);
  oldHeadline = (await primary.pool.query<{ headline: string }>(`select "headline" from "articles" where "slug" = $1`, [SLUG])).rows[0]!.headline;
  await primary.pool.query(`update "articles" set "headline" = $1 where "slug" = $2`, [NEW_HEADLINE, SLUG]);
  const onReplica = await replicaPool.pool.query<{ headline: string }>(`select "headline" from "articles" where "slug" = $1`, [SLUG]);
  expect(onReplica.rows[0]!.headline).toBe(oldHeadline);
}, 120_000);

afterAll(async () => {
  await stopAllKhabar("SIGKILL");
  await Promise.all(servers.map((server) => server.close()));
  engine?.close();
  await replicaPool?.close();
  await primary?.close();
  await replica?.stop();
  sample?.destroy();
});

describe("reads after a write, with a replica that has not replayed it", () => {
  it("serve a client without a token from the replica, which misses the write", async () => {
    const { url } = await serve();
    expect(await readArticle(url)).toEqual({ headline: oldHeadline, primary: 0, replica: expect.any(Number) });
    expect(sent.replica).toBeGreaterThan(1);
  });

  it("serve a request whose header carries an unexpired token from the primary alone, which has the write", async () => {
    const { url } = await serve();
    const read = await readArticle(url, token(NOW + WINDOW));
    expect(read).toEqual({ headline: NEW_HEADLINE, primary: expect.any(Number), replica: 0 });
    expect(read.primary).toBeGreaterThan(1);
    expect(await readArticle(url, token(NOW + 1))).toMatchObject({ headline: NEW_HEADLINE, replica: 0 });
  });

  it("serve a browser whose cookie carries an unexpired token from the primary alone", async () => {
    const { url } = await serve();
    expect(await readArticle(url, { cookie: `lang=ar; ${READ_PRIMARY_COOKIE}=${NOW + WINDOW}` })).toMatchObject({ headline: NEW_HEADLINE, replica: 0 });
  });

  it("serve an expired token from the replica", async () => {
    const { url } = await serve();
    for (const expired of [NOW, NOW - 1, NOW - 60_000]) {
      expect(await readArticle(url, token(expired))).toMatchObject({ headline: oldHeadline, primary: 0 });
      expect(await readArticle(url, tokenCookie(expired))).toMatchObject({ headline: oldHeadline, primary: 0 });
    }
  });

  it("serve a malformed token from the replica", async () => {
    const { url } = await serve();
    for (const malformed of ["", "soon", `${NOW + 1000}.5`, "1.7e13", `-${NOW + 1000}`, "9".repeat(20)]) {
      expect(await readArticle(url, { [READ_PRIMARY_HEADER]: malformed }), malformed).toMatchObject({ headline: oldHeadline, primary: 0 });
      expect(await readArticle(url, { cookie: `${READ_PRIMARY_COOKIE}=${malformed}` }), malformed).toMatchObject({ headline: oldHeadline, primary: 0 });
    }
  });

  it("cap a token at the window from now: one that expires further ahead is served from the replica", async () => {
    const { url } = await serve();
    expect(await readArticle(url, token(NOW + WINDOW + TOKEN_CLOCK_TOLERANCE_MS))).toMatchObject({ headline: NEW_HEADLINE, replica: 0 });
    expect(await readArticle(url, token(NOW + WINDOW + TOKEN_CLOCK_TOLERANCE_MS + 1))).toMatchObject({ headline: oldHeadline, primary: 0 });
    expect(await readArticle(url, tokenCookie(NOW + 3_600_000))).toMatchObject({ headline: oldHeadline, primary: 0 });
    // A server with a longer window honours what this one refuses.
    const patient = await serve({ readYourWritesMs: 60_000 });
    expect(await readArticle(patient.url, tokenCookie(NOW + 30_000))).toMatchObject({ headline: NEW_HEADLINE, replica: 0 });
  });

  it("ignore every token with a window of 0", async () => {
    const { url } = await serve({ readYourWritesMs: 0 });
    expect(await readArticle(url, token(NOW + 1))).toMatchObject({ headline: oldHeadline, primary: 0 });
    expect(await readArticle(url, tokenCookie(NOW + 1))).toMatchObject({ headline: oldHeadline, primary: 0 });
  });

  it("read an article's JSON-LD from the primary with a token, from the replica without", async () => {
    const { url } = await serve();
    const headlineOf = async (headers: Record<string, string>) => {
      const response = await fetch(new URL(`/articles/${SLUG}.jsonld`, url), { headers });
      expect(response.status).toBe(200);
      expect(response.headers.get("vary")?.toLowerCase()).toContain(READ_PRIMARY_HEADER);
      const document = (await response.json()) as { "@graph": { "@type": string; headline?: string }[] };
      return document["@graph"].find((node) => node["@type"] === "NewsArticle")?.headline;
    };
    expect(await headlineOf({})).toBe(oldHeadline);
    expect(await headlineOf(token(NOW + WINDOW))).toBe(NEW_HEADLINE);
  });

  it("never answer a request with a token from the response cache, which the replica filled", async () => {
    const { url } = await serve({ config: { environment: "test", responseCache: true } });
    expect(await readArticle(url)).toMatchObject({ headline: oldHeadline });
    // Cached: the same answer, and nothing sent to either server.
    expect(await readArticle(url)).toEqual({ headline: oldHeadline, primary: 0, replica: 0 });
    expect(await readArticle(url, token(NOW + WINDOW))).toMatchObject({ headline: NEW_HEADLINE, replica: 0 });
  });

  it("tell shared caches that the answer depends on the token header", async () => {
    const { url } = await serve();
    const response = await gql(url, ARTICLE);
    expect(response.headers.get("vary")?.toLowerCase()).toContain(READ_PRIMARY_HEADER);
  });
});

describe("a client within its window while the primary is down", () => {
  it("is answered a retryable SERVICE_UNAVAILABLE rather than the replica's answer, which may miss its write; a client without a token is served by the replica", async () => {
    const unreachable = new pg.Pool({ host: "127.0.0.1", port: await closedPort(), user: "khabar", database: "none", connectionTimeoutMillis: 2_000 });
    const primaryDown = replicatedEngine(unreachable, [{ pool: replicaPool.pool, where: "replica" }], pino({ level: "silent" }), { lag: { maxLagBytes: 0, checkEveryMs: 0 } });
    try {
      const { url } = await serve({ engine: primaryDown });
      const refused = await gql(url, ARTICLE, undefined, token(NOW + WINDOW));
      expect(refused.errors?.[0]?.extensions?.code).toBe("SERVICE_UNAVAILABLE");
      expect(refused.errors?.[0]?.message).toContain("PostgreSQL cannot be reached");
      expect((await gqlData(url, ARTICLE)).article.headline).toBe(oldHeadline);
    } finally {
      primaryDown.close();
      await unreachable.end();
    }
  });
});

describe("a client's own mutation, then its reads", () => {
  const RELATED = "kalsu-base-explosion-washington-denies";
  const RELATED_ARTICLE = `{ article(slug: "${RELATED}") { headline people { slug } statements(first: 3) { totalCount nodes { text speaker { slug } } } } }`;
  const UPDATE = `mutation Retitle($id: ID!, $headline: String!) {
    updateArticle(id: $id, input: { headline: $headline }) { headline people { slug } statements(first: 3) { totalCount nodes { text speaker { slug } } } }
  }`;
  let relatedId: string;
  let relatedHeadline: string;

  beforeAll(async () => {
    const row = (await replicaPool.pool.query<{ id: number; headline: string }>(`select "id", "headline" from "articles" where "slug" = $1`, [RELATED])).rows[0]!;
    relatedId = toGlobalId("Article", row.id);
    relatedHeadline = row.headline;
  });

  async function readRelated(url: string, headers: Record<string, string> = {}) {
    sent.primary = 0;
    sent.replica = 0;
    const data = await gqlData(url, RELATED_ARTICLE, undefined, headers);
    return { headline: data.article.headline as string, primary: sent.primary, replica: sent.replica };
  }

  for (const executor of ["compiled", "graphql-js"] as const) {
    it(`runs wholly on the primary, and the client that made it then sees its write while one without the token is served by the replica (${executor})`, async () => {
      const { url } = await serve({ writes, config: { environment: "test", executor } });
      const headline = `عنوان جديد (${executor})`;
      sent.primary = 0;
      sent.replica = 0;
      const written = await gql(url, UPDATE, { id: relatedId, headline }, keys.editor);
      expect(written.errors).toBeUndefined();
      // The response's nested fields were read after the write, from the primary: none from the replica, which would not have it.
      expect(written.data?.updateArticle).toMatchObject({ headline, people: expect.any(Array) });
      expect(sent.replica).toBe(0);
      expect(sent.primary).toBeGreaterThan(2);
      expect(written.headers.get("set-cookie")).toBe(`${READ_PRIMARY_COOKIE}=${NOW + WINDOW}; Max-Age=2; Path=/; HttpOnly; SameSite=Lax`);
      expect(written.headers.get(READ_PRIMARY_HEADER)).toBe(String(NOW + WINDOW));

      // A browser sends the cookie back; a mobile app the header: both read their write, from the primary alone.
      const cookie = written.headers.get("set-cookie")!.split(";")[0]!;
      expect(await readRelated(url, { cookie })).toEqual({ headline, primary: expect.any(Number), replica: 0 });
      expect(await readRelated(url, { [READ_PRIMARY_HEADER]: written.headers.get(READ_PRIMARY_HEADER)! })).toMatchObject({ headline, replica: 0 });
      // Anyone else reads from the replica, which has not replayed it.
      expect(await readRelated(url)).toMatchObject({ headline: relatedHeadline, primary: 0 });
      // Once the window has passed, so does the writer.
      now = NOW + WINDOW;
      try {
        expect(await readRelated(url, { cookie })).toMatchObject({ headline: relatedHeadline, primary: 0 });
      } finally {
        now = NOW;
      }
    });
  }

  it("sets no token when the mutation's field failed (no key: UNAUTHENTICATED; an unknown id: NOT_FOUND)", async () => {
    const { url } = await serve({ writes });
    const anonymous = await gql(url, UPDATE, { id: relatedId, headline: "بلا مفتاح" });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const missing = await gql(url, UPDATE, { id: toGlobalId("Article", 999_999), headline: "لا أحد" }, keys.editor);
    expect(missing.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    for (const refused of [anonymous, missing]) {
      expect(refused.headers.get("set-cookie")).toBeNull();
      expect(refused.headers.get(READ_PRIMARY_HEADER)).toBeNull();
    }
  });

  it("sets no token with a window of 0, and still runs the mutation on the primary", async () => {
    const { url } = await serve({ writes, readYourWritesMs: 0 });
    sent.replica = 0;
    const written = await gql(url, UPDATE, { id: relatedId, headline: "بلا نافذة" }, keys.editor);
    expect(written.errors).toBeUndefined();
    expect(sent.replica).toBe(0);
    expect(written.headers.get("set-cookie")).toBeNull();
    expect(written.headers.get(READ_PRIMARY_HEADER)).toBeNull();
  });

  it("sets no token on PostgreSQL without replicas, where every read is the primary's", async () => {
    const single = replicatedEngine(primary.pool, [], pino({ level: "silent" }));
    const { url } = await serve({ engine: single, writes });
    const written = await gql(url, UPDATE, { id: relatedId, headline: "خادم واحد" }, keys.editor);
    expect(written.errors).toBeUndefined();
    expect(written.headers.get("set-cookie")).toBeNull();
    expect(written.headers.get(READ_PRIMARY_HEADER)).toBeNull();
    expect(written.headers.get("vary")?.toLowerCase() ?? "").not.toContain(READ_PRIMARY_HEADER);
  });

  it("carries from one Khabar process to another behind the same balancer", async () => {
    // The lag check is off so the paused replica keeps taking reads; a long window, so the real clock does not decide.
    const environment = {
      DATABASE_URL: cluster.url(databaseName),
      KHABAR_READ_REPLICA_URLS: replica.url(databaseName),
      KHABAR_REPLICA_LAG_CHECK_MS: "0",
      KHABAR_READ_YOUR_WRITES_MS: "60000",
      KHABAR_PG_POOL_SIZE: "2",
    };
    const [writer, reader] = await Promise.all([startKhabar(environment), startKhabar(environment)]);
    const person = `{ person(slug: "joe-biden") { name } }`;
    const before = (await gqlData(reader.url, person)).person.name as string;
    const { person: found } = await gqlData(reader.url, `{ person(slug: "joe-biden") { id } }`);
    const written = await gql(writer.url, `mutation($id: ID!) { updatePerson(id: $id, input: { name: "جو بايدن (بعد التعديل)" }) { name } }`, { id: found.id }, keys.editor);
    expect(written.errors).toBeUndefined();
    const cookie = written.headers.get("set-cookie")?.split(";")[0];
    expect(cookie).toMatch(new RegExp(`^${READ_PRIMARY_COOKIE}=\\d+$`));
    expect((await gqlData(reader.url, person, undefined, { cookie: cookie! })).person.name).toBe("جو بايدن (بعد التعديل)");
    expect((await gqlData(reader.url, person, undefined, { [READ_PRIMARY_HEADER]: written.headers.get(READ_PRIMARY_HEADER)! })).person.name).toBe("جو بايدن (بعد التعديل)");
    expect((await gqlData(reader.url, person)).person.name).toBe(before);
  }, 60_000);
});

describe("mutations on a replicated engine", () => {
  // A Khabar reading PostgreSQL without a write engine (a read-only deployment) refuses every mutation before it runs.
  it("switch the operation to the primary once it is known, and a refused one sets no token", async () => {
    const { url } = await serve({ plugins: [observer] });
    seen.length = 0;
    sent.primary = 0;
    sent.replica = 0;
    const refused = await gql(url, `mutation { deleteStatement(id: "U3RhdGVtZW50OjE=") }`, undefined, keys.editor);
    expect(refused.status).toBe(403);
    expect(refused.errors?.[0]?.extensions?.code).toBe("READ_ONLY");
    expect(refused.headers.get("set-cookie")).toBeNull();
    expect(refused.headers.get(READ_PRIMARY_HEADER)).toBeNull();
    expect(sent).toEqual({ primary: 0, replica: 0 });
    // A query in the same server is left on the replicas.
    await gqlData(url, `{ articles(first: 1) { totalCount } }`);
    expect(seen).toEqual([
      { operation: "mutation", readsPrimary: true, onPrimary: true },
      { operation: "query", readsPrimary: false, onPrimary: false },
    ]);
  });
});

describe("a Khabar on SQLite (one database)", () => {
  it("sets neither the cookie nor the header after a mutation, and takes no notice of a token", async () => {
    const server = await startTestServer(sample);
    servers.push(server);
    const created = await gql(server.url, `mutation { createPerson(input: { slug: "read-your-writes-person", name: "قارئ" }) { slug } }`, undefined, keys.editor);
    expect(created.errors).toBeUndefined();
    expect(created.data).toEqual({ createPerson: { slug: "read-your-writes-person" } });
    expect(created.headers.get("set-cookie")).toBeNull();
    expect(created.headers.get(READ_PRIMARY_HEADER)).toBeNull();
    expect(created.headers.get("vary")?.toLowerCase() ?? "").not.toContain(READ_PRIMARY_HEADER);
    expect((await gqlData(server.url, `{ person(slug: "read-your-writes-person") { slug } }`, undefined, token(Date.now() + WINDOW))).person.slug).toBe("read-your-writes-person");
  });
});
