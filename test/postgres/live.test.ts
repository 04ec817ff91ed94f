// Live updates between Khabar servers on one PostgreSQL database: two servers (in this process, as
// index.ts starts them: startOnPostgres + postgresServerOptions, each with its own auxiliary SQLite)
// and real graphql-ws clients on loopback. Writes are mutations through one server, and, where a
// test needs a transaction shaped its own way (rolled back, interleaved with another, thousands of
// rows), rows inserted with SQL on the primary with the statements of `changeNotifications` in the
// same transaction, as the write path runs them. Nothing here sleeps: a test waits for the
// events it expects (and for the server's subscription gauge), and proves that something did not
// arrive by the order of what did — events come in commit order, so a later marker event closes
// the window. The only timeouts are guards that turn a hang into a failure.
import { createServer as createNetServer, connect, type AddressInfo, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { pino } from "pino";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { PostgresApiKeyStore } from "../../src/auth/postgres-api-keys.js";
import type { Change } from "../../src/db/change-feed.js";
import { changeNotifications, LIVE_CHANNEL } from "../../src/db/postgres/changes.js";
import { DEFAULT_REPLICA_LAG } from "../../src/db/postgres/replicas.js";
import { statementOf } from "../../src/db/read.js";
import type { KhabarServer } from "../../src/server.js";
import { startReplica, testPostgres, type ReplicaCluster } from "../helpers/postgres.js";
import { gql, gqlData } from "../helpers/server.js";
import { startPostgresKhabar } from "../helpers/postgres-khabar.js";
import { guarded as guardedBy } from "../helpers/guarded.js";

/** How long a wait may take before the test fails instead of hanging. */
const HANG_GUARD_MS = 10_000;

function guarded<Value>(promise: Promise<Value>, what: string): Promise<Value> {
  return guardedBy(promise, what, HANG_GUARD_MS);
}

// ---------------------------------------------------------------- servers

interface Khabar {
  server: KhabarServer;
  url: string;
  /** Every log line the server wrote (JSON), in order. */
  logs: string[];
  /** Resolves with the first line containing `text`, once it has been logged. */
  logged(text: string): Promise<string>;
  close(): Promise<void>;
}

const servers: Khabar[] = [];

/** A Khabar serving `url` the way `npm start` does on PostgreSQL; `replicaUrls` take its reads. */
async function startKhabar(url: string, replicaUrls: string[] = []): Promise<Khabar> {
  const logs: string[] = [];
  const waiters = new Set<() => void>();
  const logger = pino(
    { level: "info" },
    {
      write: (line: string) => {
        logs.push(line);
        for (const waiter of [...waiters]) waiter();
      },
    },
  );
  const logged = (text: string) =>
    guarded(
      new Promise<string>((resolve) => {
        const check = () => {
          const line = logs.find((candidate) => candidate.includes(text));
          if (line === undefined) return;
          waiters.delete(check);
          resolve(line);
        };
        waiters.add(check);
        check();
      }),
      `the log line "${text}"`,
    );
  const started = await startPostgresKhabar(url, {
    logger,
    readReplicaUrls: replicaUrls,
    // No lag check: a paused replica keeps taking reads, which is what one test needs.
    replicaLag: { ...DEFAULT_REPLICA_LAG, checkEveryMs: 0 },
  });
  const khabar: Khabar = { server: started.server, url: started.url, logs, logged, close: started.close };
  servers.push(khabar);
  return khabar;
}

/**
 * A TCP proxy on loopback to `port`: `cut` ends every connection through it and refuses new ones
 * (as a network cut does) until `restore`.
 */
async function tcpProxy(port: number): Promise<{ port: number; cut(): void; restore(): void; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let open = true;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  };
  const proxy = createNetServer((client) => {
    track(client);
    if (!open) return void client.destroy();
    const upstream = connect(port, "127.0.0.1");
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", () => resolve()));
  return {
    port: (proxy.address() as AddressInfo).port,
    cut: () => {
      open = false;
      for (const socket of sockets) socket.destroy();
    },
    restore: () => {
      open = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        proxy.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------- live clients

interface Subscription<Data> {
  events: Data[];
  /** Resolves with the events once `count` have arrived. */
  received(count: number): Promise<Data[]>;
  /** Resolves with the events up to the first one `isLast` accepts (that one included). */
  until(isLast: (event: Data) => boolean): Promise<Data[]>;
}

const clients: Client[] = [];

function liveClient(khabar: Khabar): Client {
  const client = createClient({ url: khabar.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
  clients.push(client);
  return client;
}

/** Subscribes and resolves once the server runs it (so every later commit reaches it). */
async function subscribe<Data>(khabar: Khabar, query: string, variables?: Record<string, unknown>): Promise<Subscription<Data>> {
  const running = khabar.server.live.subscriptions.value;
  const events: Data[] = [];
  const waiters = new Set<() => void>();
  let failure: unknown = null;
  liveClient(khabar).subscribe<Data>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors || !result.data) failure = result.errors ?? "an event without data";
        else events.push(result.data);
        for (const waiter of [...waiters]) waiter();
      },
      error: (error) => {
        failure = error;
        for (const waiter of [...waiters]) waiter();
      },
      complete: () => undefined,
    },
  );
  const waitFor = (done: () => boolean, what: string) =>
    guarded(
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (failure !== null) reject(new Error(`${what}: the subscription failed: ${JSON.stringify(failure)}`));
          else if (!done()) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      }),
      what,
    );
  await guarded(
    khabar.server.live.subscriptions.until((value) => value > running),
    `the server to run ${query}`,
  );
  return {
    events,
    received: async (count) => {
      await waitFor(() => events.length >= count, `${count} events of ${query}`);
      return events.slice(0, count);
    },
    until: async (isLast) => {
      await waitFor(() => events.some(isLast), `the last event of ${query}`);
      return events.slice(0, events.findIndex(isLast) + 1);
    },
  };
}

// ---------------------------------------------------------------- writing as the write path will

let databaseUrl: string;
let writer: pg.Pool;
let first: Khabar;
let second: Khabar;
const ids = { article: 0, blinken: 0, hussein: 0, moscow: 0 };
const globalIds = { hussein: "", moscow: "" };

interface NewStatement {
  text: string;
  kind?: "DIRECT_QUOTE" | "PARAPHRASE";
  speakerId?: number;
  incidentId?: number;
  articleId?: number;
}

let nextPosition = 10_000;

/** Runs `changeNotifications(changes)` on the transaction's connection, as the write path does just before COMMIT. */
async function notify(connection: pg.PoolClient, changes: readonly Change[]): Promise<number> {
  const reads = changeNotifications(changes);
  for (const read of reads) {
    const { text, params } = statementOf(read);
    await connection.query(text, [...params]);
  }
  return reads.length;
}

/** Inserts statements in the transaction open on `connection`; returns their ids. */
async function insertStatements(connection: pg.PoolClient, statements: readonly NewStatement[]): Promise<number[]> {
  const inserted: number[] = [];
  for (const statement of statements) {
    nextPosition += 1;
    const { rows } = await connection.query<{ id: number }>(
      `insert into "statements" ("article_id", "position", "paragraph", "text", "kind", "speaker_id", "said_at", "language", "origin")
       values ($1, $2, 0, $3, $4, $5, '2024-03-26T12:00:00.000Z', 'ar', 'EDITOR') returning "id"`,
      [statement.articleId ?? ids.article, nextPosition, statement.text, statement.kind ?? "PARAPHRASE", statement.speakerId ?? ids.blinken],
    );
    const id = rows[0]!.id;
    if (statement.incidentId !== undefined) await connection.query(`insert into "statement_incidents" ("statement_id", "incident_id") values ($1, $2)`, [id, statement.incidentId]);
    inserted.push(id);
  }
  return inserted;
}

const createdStatements = (statementIds: readonly number[]): Change[] => statementIds.map((id) => ({ type: "Statement", id, action: "created" }));

/** One committed transaction adding `statements`, with its live notification. */
async function commitStatements(...statements: NewStatement[]): Promise<number[]> {
  const connection = await writer.connect();
  try {
    await connection.query("begin");
    const inserted = await insertStatements(connection, statements);
    await notify(connection, createdStatements(inserted));
    await connection.query("commit");
    return inserted;
  } finally {
    connection.release();
  }
}

async function idOf(table: string, slug: string): Promise<number> {
  const { rows } = await writer.query<{ id: number }>(`select "id" from "${table}" where "slug" = $1`, [slug]);
  if (!rows[0]) throw new Error(`No ${table} row with slug ${slug}`);
  return rows[0].id;
}

beforeAll(async () => {
  databaseUrl = await testPostgres().createDatabase();
  // The first start migrates and loads the sample; the second finds it there.
  first = await startKhabar(databaseUrl);
  second = await startKhabar(databaseUrl);
  writer = new pg.Pool({ connectionString: databaseUrl, max: 3 });
  ids.article = await idOf("articles", "blinken-hussein-isis-partnership");
  ids.blinken = await idOf("actors", "antony-blinken");
  ids.hussein = await idOf("actors", "fuad-hussein");
  ids.moscow = await idOf("incidents", "moscow-attack-2024");
  const known = await gqlData<{ person: { id: string }; incident: { id: string } }>(second.url, `{ person(slug: "fuad-hussein") { id } incident(slug: "moscow-attack-2024") { id } }`);
  globalIds.hussein = known.person.id;
  globalIds.moscow = known.incident.id;
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  for (const khabar of servers) await khabar.close();
  await writer?.end();
});

// ---------------------------------------------------------------- the tests

interface StatementAdded {
  statementAdded: { id: string; text: string; kind: string; speaker: { name: string } | null; article: { slug: string }; incidents: { slug: string }[] };
}

const STATEMENT_ADDED = `subscription($filter: StatementFilter) { statementAdded(filter: $filter) { id text kind speaker { name } article { slug } incidents { slug } } }`;

const textsOf = (events: readonly StatementAdded[]) => events.map((event) => event.statementAdded.text);

describe("live updates on PostgreSQL, across servers", () => {
  it("delivers a statement committed on the primary to subscribers of every server, with its fields", async () => {
    const onSecond = await subscribe<StatementAdded>(second, STATEMENT_ADDED);
    const onFirst = await subscribe<StatementAdded>(first, STATEMENT_ADDED);
    const [id] = await commitStatements({ text: "«الشراكة مستمرة» across servers", kind: "DIRECT_QUOTE", speakerId: ids.hussein, incidentId: ids.moscow });
    const [event] = await onSecond.received(1);
    expect(event!.statementAdded).toEqual({
      id: Buffer.from(`Statement:${id}`).toString("base64"),
      text: "«الشراكة مستمرة» across servers",
      kind: "DIRECT_QUOTE",
      speaker: { name: expect.any(String) },
      article: { slug: "blinken-hussein-isis-partnership" },
      incidents: [{ slug: "moscow-attack-2024" }],
    });
    const named = await gqlData<{ person: { name: string } }>(second.url, `{ person(slug: "fuad-hussein") { name } }`);
    expect(event!.statementAdded.speaker?.name).toBe(named.person.name);
    // The other server heard the same commit.
    expect(await onFirst.received(1)).toEqual([event]);
  });

  it("delivers a mutation made through one server to subscribers of both, once each, in the order of the writes", async () => {
    const { key } = await new PostgresApiKeyStore(writer).create("editor", "live test");
    const onSecond = await subscribe<StatementAdded>(second, STATEMENT_ADDED);
    const onWriter = await subscribe<StatementAdded>(first, STATEMENT_ADDED);
    const texts = ["«أول» by mutation", "«ثان» by mutation", "«ثالث» by mutation"];
    for (const text of texts) {
      const created = await gql(
        first.url,
        `mutation($input: CreateStatementInput!) { createStatement(input: $input) { id } }`,
        { input: { article: "blinken-hussein-isis-partnership", kind: "DIRECT_QUOTE", text, paragraph: 0, speaker: "fuad-hussein", incidents: ["moscow-attack-2024"] } },
        { authorization: `Bearer ${key}` },
      );
      expect(created.errors).toBeUndefined();
    }
    // The writer hears its own writes on the channel, and only there: a second publication would show as a repeated event.
    for (const subscription of [onSecond, onWriter]) {
      const events = await subscription.received(3);
      expect(textsOf(events)).toEqual(texts);
      expect(events.map((event) => event.statementAdded.incidents)).toEqual(texts.map(() => [{ slug: "moscow-attack-2024" }]));
    }
  });

  it("delivers nothing for a rolled-back transaction", async () => {
    const subscription = await subscribe<StatementAdded>(second, STATEMENT_ADDED);
    const connection = await writer.connect();
    try {
      await connection.query("begin");
      const inserted = await insertStatements(connection, [{ text: "rolled back" }]);
      await notify(connection, createdStatements(inserted));
      await connection.query("rollback");
    } finally {
      connection.release();
    }
    await commitStatements({ text: "committed after the rollback" });
    // Events come in commit order: the rolled-back one would have come first.
    expect(textsOf(await subscription.received(1))).toEqual(["committed after the rollback"]);
  });

  it("applies each subscriber's filter to the loaded statement", async () => {
    const bySpeaker = await subscribe<StatementAdded>(second, STATEMENT_ADDED, { filter: { speakerId: globalIds.hussein } });
    const byIncident = await subscribe<StatementAdded>(second, STATEMENT_ADDED, { filter: { incidentId: globalIds.moscow } });
    const bySearch = await subscribe<StatementAdded>(second, STATEMENT_ADDED, { filter: { search: "زلزال" } });
    const quotes = await subscribe<StatementAdded>(second, STATEMENT_ADDED, { filter: { kind: "DIRECT_QUOTE" } });
    await commitStatements({ text: "filter one" });
    await commitStatements({ text: "filter two", speakerId: ids.hussein, incidentId: ids.moscow });
    await commitStatements({ text: "filter three عن الزلزال" });
    await commitStatements({ text: "filter four", speakerId: ids.hussein, kind: "DIRECT_QUOTE" });
    // The last commit passes every filter: once it has arrived, everything before it has been dispatched.
    await commitStatements({ text: "filter five زلزال", speakerId: ids.hussein, incidentId: ids.moscow, kind: "DIRECT_QUOTE" });
    const isLast = (event: StatementAdded) => event.statementAdded.text === "filter five زلزال";
    expect(textsOf(await bySpeaker.until(isLast))).toEqual(["filter two", "filter four", "filter five زلزال"]);
    expect(textsOf(await byIncident.until(isLast))).toEqual(["filter two", "filter five زلزال"]);
    expect(textsOf(await bySearch.until(isLast))).toEqual(["filter three عن الزلزال", "filter five زلزال"]);
    expect(textsOf(await quotes.until(isLast))).toEqual(["filter four", "filter five زلزال"]);
  });

  it("delivers events in commit order, not in the order the rows were written", async () => {
    const subscription = await subscribe<StatementAdded>(second, STATEMENT_ADDED);
    const early = await writer.connect();
    const late = await writer.connect();
    try {
      // `early` writes first and commits last. Different speakers: a statement's trigger locks its (speaker, article) group row.
      await early.query("begin");
      await late.query("begin");
      await notify(early, createdStatements(await insertStatements(early, [{ text: "written first, committed second", speakerId: ids.blinken }])));
      await notify(late, createdStatements(await insertStatements(late, [{ text: "written second, committed first", speakerId: ids.hussein }])));
      await late.query("commit");
      await early.query("commit");
    } finally {
      early.release();
      late.release();
    }
    const sequential = Array.from({ length: 8 }, (_, index) => `commit ${index + 1}`);
    for (const text of sequential) await commitStatements({ text });
    // Two in one transaction: in the order they were recorded.
    await commitStatements({ text: "one transaction, first" }, { text: "one transaction, second" });
    expect(textsOf(await subscription.received(12))).toEqual([
      "written second, committed first",
      "written first, committed second",
      ...sequential,
      "one transaction, first",
      "one transaction, second",
    ]);
  });

  it("delivers a transaction whose changes take several notifications as one commit, in order", async () => {
    const quotes = await subscribe<StatementAdded>(second, STATEMENT_ADDED, { filter: { kind: "DIRECT_QUOTE" } });
    const count = 3_000;
    const connection = await writer.connect();
    let notifications = 0;
    try {
      await connection.query("begin");
      nextPosition += count;
      const { rows } = await connection.query<{ id: number }>(
        `insert into "statements" ("article_id", "position", "paragraph", "text", "kind", "speaker_id", "said_at", "language", "origin")
         select $1, $2 + g, 0, 'split ' || g, case when g in (1, $3) then 'DIRECT_QUOTE' else 'PARAPHRASE' end, $4, '2024-03-26T12:00:00.000Z', 'ar', 'EDITOR'
         from generate_series(1, $3::integer) as g order by g returning "id"`,
        [ids.article, nextPosition, count, ids.blinken],
      );
      notifications = await notify(connection, createdStatements(rows.map((row) => row.id)));
      await connection.query("commit");
    } finally {
      connection.release();
    }
    expect(notifications).toBeGreaterThan(1);
    await commitStatements({ text: "after the split", kind: "DIRECT_QUOTE" });
    expect(textsOf(await quotes.received(3))).toEqual(["split 1", `split ${count}`, "after the split"]);
  });

  it("drops a malformed payload on the live channel, logs it, and delivers the next commit", async () => {
    const subscription = await subscribe<StatementAdded>(second, STATEMENT_ADDED);
    const dropped = () => second.logs.filter((line) => line.includes("a live-change notification was malformed and dropped")).length;
    const droppedBefore = dropped();
    const [partOne] = changeNotifications(createdStatements(Array.from({ length: 3_000 }, (_, index) => 1_000_000 + index))).map((read) => statementOf(read).params[1] as string);
    for (const payload of ["not json", `{"part":1,"of":1,"runs":[["Statement","created",["seven"]]]}`, `{"part":2,"of":2,"runs":[["Statement","created",[1]]]}`, partOne!]) {
      await writer.query("select pg_notify($1, $2)", [LIVE_CHANNEL, payload]);
    }
    // The first part of a transaction whose other parts never come is dropped when the next one starts.
    await commitStatements({ text: "after the malformed payloads" });
    expect(textsOf(await subscription.received(1))).toEqual(["after the malformed payloads"]);
    expect(dropped() - droppedBefore).toBe(4);
    expect(first.logs.filter((line) => line.includes("a live-change notification was malformed and dropped")).length).toBeGreaterThanOrEqual(4);
  });

  it("raises incidentUpdated and articlePublished from the channel too", async () => {
    const incidents = await subscribe<{ incidentUpdated: { slug: string; killed: number | null } }>(second, `subscription { incidentUpdated(filter: { minKilled: 500 }) { slug killed } }`);
    const articles = await subscribe<{ articlePublished: { slug: string; headline: string } }>(second, `subscription { articlePublished { slug headline } }`);
    const connection = await writer.connect();
    try {
      await connection.query("begin");
      await connection.query(`update "incidents" set "killed" = 501 where "id" = $1`, [ids.moscow]);
      const { rows } = await connection.query<{ id: number }>(
        `insert into "articles" ("slug", "headline", "body", "language", "published_at", "updated_at", "created_at")
         values ('live-channel-article', 'خبر عبر القناة', 'نص', 'ar', '2024-04-21T00:00:00.000Z', '2024-04-21T00:00:00.000Z', '2024-04-21T00:00:00.000Z') returning "id"`,
      );
      await notify(connection, [
        { type: "Incident", id: ids.moscow, action: "updated" },
        { type: "Article", id: rows[0]!.id, action: "created" },
      ]);
      await connection.query("commit");
    } finally {
      connection.release();
    }
    expect(await incidents.received(1)).toEqual([{ incidentUpdated: { slug: "moscow-attack-2024", killed: 501 } }]);
    expect(await articles.received(1)).toEqual([{ articlePublished: { slug: "live-channel-article", headline: "خبر عبر القناة" } }]);
  });

  it("misses what is committed while its listening connection is down, says so, and hears commits again once it is back", async () => {
    // A Khabar whose every connection goes through a proxy the test can cut: a network cut between it and the primary.
    const proxy = await tcpProxy(testPostgres().port);
    const cutOff = await startKhabar(databaseUrl.replace(`:${testPostgres().port}/`, `:${proxy.port}/`));
    try {
      const subscription = await subscribe<StatementAdded>(cutOff, STATEMENT_ADDED);
      proxy.cut();
      await cutOff.logged("Live updates committed until it is back will not reach this server's subscribers");
      await commitStatements({ text: "committed while it could not listen" });
      proxy.restore();
      const missed = JSON.parse(await cutOff.logged("live updates committed while the change listener was reconnecting were missed")) as Record<string, unknown>;
      expect(missed).toMatchObject({ missedSince: expect.any(String), missedUntil: expect.any(String) });
      await commitStatements({ text: "committed once it listens again" });
      expect(textsOf(await subscription.received(1))).toEqual(["committed once it listens again"]);
    } finally {
      await cutOff.close();
      servers.splice(servers.indexOf(cutOff), 1);
      await proxy.close();
    }
  });

  describe("with a streaming replica that has not replayed the commit", () => {
    let replica: ReplicaCluster;
    let onReplica: Khabar;
    let replicaClient: pg.Client;

    beforeAll(async () => {
      replica = await startReplica(testPostgres());
      await replica.waitForReplay();
      const database = new URL(databaseUrl).pathname.slice(1);
      onReplica = await startKhabar(databaseUrl, [replica.url(database)]);
      replicaClient = new pg.Client({ connectionString: replica.url(database) });
      await replicaClient.connect();
    }, 60_000);

    afterAll(async () => {
      await replicaClient?.query("select pg_wal_replay_resume()").catch(() => undefined);
      await replicaClient?.end();
      await onReplica?.close();
      servers.splice(servers.indexOf(onReplica), 1);
      await replica?.stop();
    });

    it("loads the event, and its nested fields, from the primary", async () => {
      const subscription = await subscribe<StatementAdded>(onReplica, STATEMENT_ADDED);
      await replicaClient.query("select pg_wal_replay_pause()");
      const connection = await writer.connect();
      let statementId = 0;
      try {
        await connection.query("begin");
        const { rows } = await connection.query<{ id: number }>(
          `insert into "articles" ("slug", "headline", "body", "language", "published_at", "updated_at", "created_at")
           values ('not-yet-on-the-replica', 'لم يصل بعد', 'نص', 'ar', '2024-04-22T00:00:00.000Z', '2024-04-22T00:00:00.000Z', '2024-04-22T00:00:00.000Z') returning "id"`,
        );
        statementId = (await insertStatements(connection, [{ text: "in an article the replica lacks", articleId: rows[0]!.id }]))[0]!;
        await notify(connection, [
          { type: "Article", id: rows[0]!.id, action: "created" },
          { type: "Statement", id: statementId, action: "created" },
        ]);
        await connection.query("commit");
      } finally {
        connection.release();
      }
      const [event] = await subscription.received(1);
      expect(event!.statementAdded.text).toBe("in an article the replica lacks");
      expect(event!.statementAdded.article).toEqual({ slug: "not-yet-on-the-replica" });
      // Queries still read the paused replica, which has neither row.
      const queried = await gqlData<{ statement: { id: string } | null }>(onReplica.url, `query($id: ID!) { statement(id: $id) { id } }`, { id: event!.statementAdded.id });
      expect(queried.statement).toBeNull();
    });
  });
});
