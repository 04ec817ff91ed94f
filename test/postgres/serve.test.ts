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

/** An editor key made with `khabar keys` on the database, as the Authorization header. */
async function editorKey(url: string): Promise<Record<string, string>> {
  const created = await runCli(url, ["keys", "create", "--role", "editor", "--name", "desk"]);
  expect(created.code).toBe(0);
  return { authorization: `Bearer ${created.stdout.trim().split("\n").at(-1)!}` };
}

/** Asks until the answer satisfies `done`, at most 200 times: a replica hears another one's commit a moment later. */
async function waitForAnswer(url: string, query: string, done: (data: Record<string, any>) => boolean): Promise<boolean> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (done(await gqlData(url, query))) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
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

  it("writes a mutation on one Khabar that the other serves at once, response cache and all, and says ready on /readyz", async () => {
    const url = await primary.createDatabase();
    const cached = { KHABAR_RESPONSE_CACHE: "true" };
    const [first, second] = await Promise.all([startKhabar(env(url, cached)), startKhabar(env(url, cached))]);
    const key = await editorKey(url);
    const headline = `{ article(slug: "blinken-hussein-isis-partnership") { id headline } }`;
    const before = (await gqlData(second.url, headline)).article;
    // Cached on the second one before the write.
    expect((await gqlData(second.url, headline)).article.headline).toBe(before.headline);
    const statements = await countRows(url, "statements");
    const written = await gqlData(first.url, `mutation($id: ID!) { updateArticle(id: $id, input: { headline: "عنوان من المحرر" }) { headline } }`, { id: before.id }, key);
    expect(written.updateArticle.headline).toBe("عنوان من المحرر");
    expect(await waitForAnswer(second.url, headline, (data) => data.article.headline === "عنوان من المحرر")).toBe(true);
    // All or nothing: a mutation that fails half way (its second statement names no one) writes nothing.
    const article = `{ article(slug: "blinken-hussein-isis-partnership") { statements { totalCount } } }`;
    const count = (await gqlData(first.url, article)).article.statements.totalCount as number;
    const refused = await gql(
      first.url,
      `mutation($id: ID!) { updateArticle(id: $id, input: { statements: [{ text: "أول", kind: PARAPHRASE, paragraph: 0, speaker: "fuad-hussein" }, { text: "ثان", kind: PARAPHRASE, paragraph: 0, speaker: "nobody-at-all" }] }) { id } }`,
      { id: before.id },
      key,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(await countRows(url, "statements")).toBe(statements);
    expect((await gqlData(second.url, article)).article.statements.totalCount).toBe(count);
    // Taken slugs are CONFLICT on this engine too, from its unique index.
    const taken = await gql(first.url, `mutation { createPerson(input: { slug: "fuad-hussein", name: "آخر" }) { id } }`, {}, key);
    expect(taken.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "input.slug" });
    const ready = await fetch(new URL("/readyz", second.url));
    expect(ready.status).toBe(200);
  });

  it("serializes concurrent writers across processes: every acknowledged statement is there, positions unique", async () => {
    const url = await primary.createDatabase();
    const [first, second] = await Promise.all([startKhabar(env(url)), startKhabar(env(url))]);
    const key = await editorKey(url);
    const create = (server: StartedProcess, index: number) =>
      gqlData(server.url, `mutation($text: String!) { createStatement(input: { article: "blinken-hussein-isis-partnership", text: $text, kind: PARAPHRASE, speaker: "fuad-hussein", paragraph: 1 }) { id } }`, { text: `تصريح ${index}` }, key);
    const acknowledged = await Promise.all(Array.from({ length: 20 }, (_, index) => create(index % 2 === 0 ? first : second, index)));
    expect(new Set(acknowledged.map((data) => data.createStatement.id)).size).toBe(20);
    const listed = await gqlData(first.url, `{ article(slug: "blinken-hussein-isis-partnership") { statements(first: 100) { nodes { text } } } }`);
    expect((listed.article.statements.nodes as { text: string }[]).filter((node) => node.text.startsWith("تصريح "))).toHaveLength(20);
    // Reading order stays a permutation: no two statements of the article took the same position.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ total: number; positions: number }>(
        `select count(*)::integer as total, count(distinct position)::integer as positions from statements where article_id = (select id from articles where slug = 'blinken-hussein-isis-partnership')`,
      );
      expect(rows[0]!.positions).toBe(rows[0]!.total);
    } finally {
      await client.end();
    }
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

  it("answers SERVICE_UNAVAILABLE while the only server is down, reads and writes, and serves both again once it is back, without a restart", async () => {
    const url = await primary.createDatabase();
    const server = await startKhabar(env(url));
    const key = await editorKey(url);
    const expected = await gqlData(server.url, HEADLINE);
    const person = (slug: string) => `mutation { createPerson(input: { slug: "${slug}", name: "${slug}" }) { slug } }`;
    // Acknowledged before the restart: it must still be there after it.
    expect((await gqlData(server.url, person("before-restart"), {}, key)).createPerson.slug).toBe("before-restart");
    await primary.halt();
    try {
      const down = await gql(server.url, HEADLINE);
      expect(down.errors?.[0]?.extensions?.code).toBe("SERVICE_UNAVAILABLE");
      expect(down.errors?.[0]?.message).toContain("PostgreSQL cannot be reached");
      const write = await gql(server.url, person("while-down"), {}, key);
      expect(write.errors?.[0]?.extensions).toMatchObject({ code: "SERVICE_UNAVAILABLE", reason: "DATABASE_UNREACHABLE" });
      // The JSON-LD route too: a retryable 503, not an internal error.
      const document = await fetch(new URL("/articles/blinken-hussein-isis-partnership.jsonld", server.url));
      expect(document.status).toBe(503);
      expect(document.headers.get("retry-after")).not.toBeNull();
    } finally {
      await primary.start();
    }
    expect(await gqlData(server.url, HEADLINE)).toEqual(expected);
    expect((await gqlData(server.url, person("after-restart"), {}, key)).createPerson.slug).toBe("after-restart");
    const slugs = await gqlData(server.url, `{ a: person(slug: "before-restart") { slug } b: person(slug: "while-down") { slug } }`);
    expect(slugs).toEqual({ a: { slug: "before-restart" }, b: null });
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
    const key = await editorKey(url);
    await replica.waitForReplay();
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
      // A key is known from the replica too, so an editor keeps reading; a write fails, retryable, and writes nothing.
      const revisions = await gqlData(server.url, `{ person(slug: "fuad-hussein") { revisions { totalCount } } }`, {}, key);
      expect(revisions.person.revisions.totalCount).toBeGreaterThan(0);
      const write = await gql(server.url, `mutation { createPerson(input: { slug: "while-primary-down", name: "x" }) { slug } }`, {}, key);
      expect(write.errors?.[0]?.extensions).toMatchObject({ code: "SERVICE_UNAVAILABLE", reason: "DATABASE_UNREACHABLE" });
      expect(write.errors?.[0]?.message).toContain("the write was not made");
      const ready = await fetch(new URL("/readyz", server.url));
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { status: string }).status).toContain("PostgreSQL primary unreachable");
    } finally {
      await primary.start();
    }
    // The primary is back: writes work again without a restart, and the refused one was never made.
    expect((await gqlData(server.url, `mutation { createPerson(input: { slug: "after-primary-back", name: "y" }) { slug } }`, {}, key)).createPerson.slug).toBe("after-primary-back");
    // Read on the primary itself: the replica may not have replayed the last write yet.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ slug: string }>(`select slug from actors where slug in ('while-primary-down', 'after-primary-back')`);
      expect(rows.map((row) => row.slug)).toEqual(["after-primary-back"]);
    } finally {
      await client.end();
    }
    await server.stop("SIGTERM");
  });
});
