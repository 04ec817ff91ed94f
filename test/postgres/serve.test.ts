// `npm start` on PostgreSQL: two Khabar processes starting together on an empty database load the
// sample once and serve it; reads go to a streaming replica and fall back to the primary when the
// replica goes away (never an error to the client); while the primary is down, reads go on from
// the replica and /readyz says why it fails. A cluster of its own: this file stops servers.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { startCluster, startReplica, type PostgresCluster, type ReplicaCluster } from "../helpers/postgres.js";
import { runCli, startKhabar, stopAllKhabar, type StartedProcess } from "../helpers/process.js";
import { gql, gqlData } from "../helpers/server.js";

let primary: PostgresCluster;
let replica: ReplicaCluster | undefined;

beforeAll(async () => {
  primary = await startCluster();
});
afterEach(async () => {
  await stopAllKhabar("SIGKILL");
});
afterAll(async () => {
  await replica?.stop();
  await primary?.stop();
});

const HEADLINE = `{ person(slug: "fuad-hussein") { statementsByArticle { nodes { article { slug } statements { text } } } } }`;

async function countRows(url: string, table: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>(`select count(*)::text as count from "${table}"`);
    return Number(rows[0]!.count);
  } finally {
    await client.end();
  }
}

const env = (url: string, extra: Record<string, string> = {}) => ({ DATABASE_URL: url, KHABAR_PG_POOL_SIZE: "4", ...extra });

describe("serving from PostgreSQL", () => {
  it("loads the sample once when two replicas start together on an empty database, and both answer the headline query", async () => {
    const url = await primary.createDatabase();
    const [first, second] = await Promise.all([startKhabar(env(url)), startKhabar(env(url))]);
    for (const server of [first, second]) {
      const data = await gqlData(server.url, HEADLINE);
      expect(data.person.statementsByArticle.nodes[0].article.slug).toBe("blinken-hussein-isis-partnership");
    }
    expect([first.output(), second.output()].filter((output) => output.includes("loaded the sample content into the empty PostgreSQL database"))).toHaveLength(1);
    const articles = await countRows(url, "articles");
    expect(articles).toBeGreaterThan(0);
    // Killing one leaves the other serving.
    await first.stop("SIGKILL");
    expect((await gqlData(second.url, `{ articles { totalCount } }`)).articles.totalCount).toBe(articles);
  });

  it("refuses mutations with READ_ONLY and changes nothing, and says ready on /readyz", async () => {
    const url = await primary.createDatabase();
    const server = await startKhabar(env(url));
    const before = await countRows(url, "statements");
    const refused = await gql(server.url, `mutation { deleteStatement(id: "U3RhdGVtZW50OjE=") }`);
    expect(refused.status).toBe(403);
    expect(refused.errors?.[0]?.extensions?.code).toBe("READ_ONLY");
    expect(await countRows(url, "statements")).toBe(before);
    const ready = await fetch(new URL("/readyz", server.url));
    expect(ready.status).toBe(200);
  });

  it("takes API keys made with `khabar keys` on PostgreSQL, and refuses them once revoked", async () => {
    const url = await primary.createDatabase();
    const server = await startKhabar(env(url));
    const created = await runCli(url, ["keys", "create", "--role", "editor", "--name", "desk"]);
    expect(created.code).toBe(0);
    const key = created.stdout.trim().split("\n").at(-1)!;
    const revisions = `{ person(slug: "fuad-hussein") { revisions { totalCount } } }`;
    const anonymous = await gql(server.url, revisions);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const editor = await gqlData(server.url, revisions, {}, { authorization: `Bearer ${key}` });
    expect(editor.person.revisions.totalCount).toBeGreaterThan(0);
    const listed = await runCli(url, ["keys", "list"]);
    expect(listed.stdout).toContain("desk");
    const id = /^(\d+)\teditor\tactive/m.exec(listed.stdout)?.[1];
    expect((await runCli(url, ["keys", "revoke", id!])).code).toBe(0);
    const revoked = await gql(server.url, revisions, {}, { authorization: `Bearer ${key}` });
    expect(revoked.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    await server.stop("SIGTERM");
  });

  it("clears every replica's response cache when a commit on the primary changes content (LISTEN/NOTIFY)", async () => {
    const url = await primary.createDatabase();
    const [first, second] = await Promise.all([startKhabar(env(url, { KHABAR_RESPONSE_CACHE: "true" })), startKhabar(env(url, { KHABAR_RESPONSE_CACHE: "true" }))]);
    const headline = `{ article(slug: "blinken-hussein-isis-partnership") { headline } }`;
    const original = (await gqlData(first.url, headline)).article.headline as string;
    for (const server of [first, second]) for (let fill = 0; fill < 2; fill += 1) expect((await gqlData(server.url, headline)).article.headline).toBe(original);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      // A change with the triggers off (as a replica's WAL replay or a careless script might): the caches keep the old answer…
      await client.query("begin");
      await client.query("set local session_replication_role = replica");
      await client.query(`update "articles" set "headline" = 'عنوان جديد' where "slug" = 'blinken-hussein-isis-partnership'`);
      await client.query("commit");
      for (const server of [first, second]) expect((await gqlData(server.url, headline)).article.headline).toBe(original);
      // …until a commit notifies them: then both answer afresh.
      await client.query(`update "articles" set "headline" = 'عنوان أحدث' where "slug" = 'blinken-hussein-isis-partnership'`);
      for (const server of [first, second]) {
        let fresh = false;
        for (let attempt = 0; attempt < 200 && !fresh; attempt += 1) {
          fresh = (await gqlData(server.url, headline)).article.headline === "عنوان أحدث";
          if (!fresh) await new Promise((resolve) => setTimeout(resolve, 20));
        }
        expect(fresh).toBe(true);
      }
    } finally {
      await client.end();
    }
  });

  it("answers SERVICE_UNAVAILABLE while the only server is down, and serves again once it is back, without a restart", async () => {
    const url = await primary.createDatabase();
    const server = await startKhabar(env(url));
    const expected = await gqlData(server.url, HEADLINE);
    await primary.halt();
    try {
      const down = await gql(server.url, HEADLINE);
      expect(down.errors?.[0]?.extensions?.code).toBe("SERVICE_UNAVAILABLE");
      expect(down.errors?.[0]?.message).toContain("PostgreSQL cannot be reached");
      // The JSON-LD route too: a retryable 503, not an internal error.
      const document = await fetch(new URL("/articles/blinken-hussein-isis-partnership.jsonld", server.url));
      expect(document.status).toBe(503);
      expect(document.headers.get("retry-after")).not.toBeNull();
    } finally {
      await primary.start();
    }
    expect(await gqlData(server.url, HEADLINE)).toEqual(expected);
    await server.stop("SIGTERM");
  });

  it("sends reads to the primary while a replica is behind it, and back once it has caught up", async () => {
    const url = await primary.createDatabase();
    const loader = await startKhabar(env(url));
    await loader.stop("SIGTERM");
    const behind = await startReplica(primary);
    try {
      await behind.waitForReplay();
      const database = new URL(url).pathname.slice(1);
      const server = await startKhabar(env(url, { KHABAR_READ_REPLICA_URLS: behind.url(database), KHABAR_MAX_REPLICA_LAG_BYTES: "0", KHABAR_REPLICA_LAG_CHECK_MS: "50" }));
      const headline = `{ article(slug: "blinken-hussein-isis-partnership") { headline } }`;
      const replicaClient = new pg.Client({ connectionString: behind.url(database) });
      const primaryClient = new pg.Client({ connectionString: url });
      await Promise.all([replicaClient.connect(), primaryClient.connect()]);
      try {
        await replicaClient.query("select pg_wal_replay_pause()");
        await primaryClient.query(`update "articles" set "headline" = 'بعد التوقف' where "slug" = 'blinken-hussein-isis-partnership'`);
        // The replica still has the old headline; Khabar answers the new one, from the primary.
        const onReplica = await replicaClient.query<{ headline: string }>(`select "headline" from "articles" where "slug" = 'blinken-hussein-isis-partnership'`);
        expect(onReplica.rows[0]!.headline).not.toBe("بعد التوقف");
        let fresh = false;
        for (let attempt = 0; attempt < 200 && !fresh; attempt += 1) {
          fresh = (await gqlData(server.url, headline)).article.headline === "بعد التوقف";
          if (!fresh) await new Promise((resolve) => setTimeout(resolve, 20));
        }
        expect(fresh).toBe(true);
        expect(server.output()).toContain("a read replica is behind the primary");
        await replicaClient.query("select pg_wal_replay_resume()");
        await behind.waitForReplay();
        let caughtUp = false;
        for (let attempt = 0; attempt < 200 && !caughtUp; attempt += 1) {
          caughtUp = server.output().includes("a read replica has caught up");
          if (!caughtUp) await new Promise((resolve) => setTimeout(resolve, 20));
        }
        expect(caughtUp).toBe(true);
      } finally {
        await Promise.all([replicaClient.end(), primaryClient.end()]);
      }
      await server.stop("SIGTERM");
    } finally {
      await behind.stop();
    }
  });

  it("reads through a streaming replica, falls back to the primary when it goes away, and keeps reading from it while the primary is down", async () => {
    const url = await primary.createDatabase();
    // The first start migrates and loads the sample on the primary; the replica is made after it.
    const loader = await startKhabar(env(url));
    await loader.stop("SIGTERM");
    replica = await startReplica(primary);
    await replica.waitForReplay();
    const database = new URL(url).pathname.slice(1);
    const server: StartedProcess = await startKhabar(env(url, { KHABAR_READ_REPLICA_URLS: replica.url(database) }));
    const expected = await gqlData(server.url, HEADLINE);
    expect(server.output()).toContain("reads go to the streaming replicas");

    // The replica goes away: the same answers, from the primary, and one warning.
    await replica.halt();
    for (let request = 0; request < 3; request += 1) expect(await gqlData(server.url, HEADLINE)).toEqual(expected);
    expect(server.output().match(/a read replica cannot be reached/g)).toHaveLength(1);

    // The replica is back and the primary goes down: reads go on from the replica; /readyz fails, saying why.
    await replica.start();
    await primary.halt();
    try {
      // Until the replica's retry pause has passed, reads would try the (down) primary: wait for the replica to answer again.
      let answered = false;
      for (let attempt = 0; attempt < 200 && !answered; attempt += 1) {
        const result = await gql(server.url, HEADLINE);
        answered = result.errors === undefined && JSON.stringify(result.data) === JSON.stringify(expected);
        if (!answered) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(answered).toBe(true);
      const ready = await fetch(new URL("/readyz", server.url));
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { status: string }).status).toContain("PostgreSQL primary unreachable");
    } finally {
      await primary.start();
    }
    await server.stop("SIGTERM");
  });
});
