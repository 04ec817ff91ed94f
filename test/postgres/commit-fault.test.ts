// A connection to the primary lost while a write commits (COMMIT_OUTCOME_UNKNOWN). A Khabar
// started the way index.ts starts one on PostgreSQL reaches the run's cluster through a fault proxy
// (helpers/fault-proxy.ts), which cuts the write's connection at its COMMIT: once after sending the
// COMMIT on (the write commits; Khabar never hears so), once instead of sending it (the server
// rolls back). Khabar cannot tell the two apart — COMMIT was being sent — and answers both the
// same; what actually happened is read afterwards through a connection of its own, not through the
// proxy. Nothing waits on time: the proxy acts on the COMMIT's bytes and reports once both sockets
// are closed; the write lock is checked by taking it, which waits exactly until it is free. The
// same cut of a read snapshot's COMMIT (a JSON-LD document read from the primary) is a 503.
import pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresApiKeyStore } from "../../src/auth/postgres-api-keys.js";
import { prepareDatabase } from "../../src/database.js";
import { openDatabase, type DatabaseHandle } from "../../src/db/client.js";
import { DEFAULT_POSTGRES_POOL_CONFIG, openPostgres, type PostgresHandle } from "../../src/db/postgres/client.js";
import { DEFAULT_REPLICA_LAG } from "../../src/db/postgres/replicas.js";
import { postgresEngine } from "../../src/db/postgres/run.js";
import { postgresWriteEngine, WRITE_LOCK_KEY } from "../../src/db/postgres/write.js";
import { DEFAULT_READ_YOUR_WRITES_MS } from "../../src/http/read-your-writes-config.js";
import { READ_PRIMARY_HEADER } from "../../src/http/read-your-writes.js";
import { DEFAULT_WEBHOOK_CONFIG } from "../../src/modules/webhook/webhook.config.js";
import { WebhookStore } from "../../src/modules/webhook/webhook.store.js";
import { postgresServerOptions, startOnPostgres, type PostgresStart } from "../../src/postgres-start.js";
import { createServer, type KhabarServer } from "../../src/server.js";
import { startFaultProxy, type CommitFault, type FaultProxy, type TrippedFault } from "../helpers/fault-proxy.js";
import { guarded } from "../helpers/guarded.js";
import { bearer } from "../helpers/keys.js";
import { testPostgres } from "../helpers/postgres.js";
import { gql, gqlData, type GraphQLResponse } from "../helpers/server.js";
import { WebhookReceiver } from "../helpers/webhook-receiver.js";

/** Only a write transaction's COMMIT is cut: it is the one that takes the write lock (a webhook claim or a seed copy commits too). */
const WRITE_TRANSACTION = /pg_advisory_xact_lock/i;
/** Turns a write lock that is never released into a failure that says so, rather than vitest's timeout. */
const LOCK_HANG_GUARD = "20s";
/** The clock read-your-writes tokens are checked by, frozen: a token is honoured or not whatever the test's speed. */
const NOW = 1_711_411_200_000;
/** A read-your-writes token: the request reads from the primary, through the proxy. */
const ON_PRIMARY = { [READ_PRIMARY_HEADER]: String(NOW + 1_000) };
const CREATE_STATEMENT = `mutation($input: CreateStatementInput!) { createStatement(input: $input) { id text } }`;

let directUrl: string;
let direct: PostgresHandle;
let proxy: FaultProxy;
let postgres: PostgresStart;
let auxiliary: DatabaseHandle;
let server: KhabarServer;
let url: string;
let editor: Record<string, string>;
let articleId: string;
let receiver: WebhookReceiver;
/** The server sessions of the connections Khabar's primary pool has discarded, and who waits for one. */
const discarded = new Set<number>();
const discardWaiters: (() => void)[] = [];

beforeAll(async () => {
  const cluster = testPostgres();
  directUrl = await cluster.createDatabase();
  proxy = await startFaultProxy(cluster);
  const logger = pino({ level: process.env.KHABAR_TEST_LOG_LEVEL ?? "silent" });
  auxiliary = openDatabase(":memory:");
  prepareDatabase(auxiliary);
  postgres = await startOnPostgres(
    {
      url: proxy.url(cluster.user, new URL(directUrl).pathname.slice(1)),
      // A stand-in for a streaming replica: the same database, reached directly. Which server
      // answers the reads does not matter here; that there is a replica does, for the
      // read-your-writes token a client needs to "read before retrying" from the primary.
      readReplicaUrls: [directUrl],
      pool: { ...DEFAULT_POSTGRES_POOL_CONFIG, poolSize: 4 },
      replicaLag: { ...DEFAULT_REPLICA_LAG, checkEveryMs: 0 },
      readYourWritesMs: DEFAULT_READ_YOUR_WRITES_MS,
    },
    { seed: true, logger },
  );
  // pg sets processID from the server's BackendKeyData; its types leave it out.
  postgres.primary.pool.on("remove", (client) => {
    discarded.add((client as pg.PoolClient & { processID: number }).processID);
    for (const waiter of discardWaiters.splice(0)) waiter();
  });
  server = await createServer({
    database: auxiliary,
    config: { environment: "test", webhooks: { ...DEFAULT_WEBHOOK_CONFIG, allowPrivate: true } },
    logger,
    ...postgresServerOptions(postgres),
    clock: () => NOW,
  });
  url = await server.listen(0, "127.0.0.1");
  direct = await openPostgres(directUrl, { poolSize: 2 });
  editor = bearer((await new PostgresApiKeyStore(direct.pool).create("editor", "desk")).key);
  // A subscriber, so that a committed statement also queues a webhook delivery in its transaction.
  receiver = await new WebhookReceiver().start();
  await new WebhookStore(postgresEngine(direct.pool), postgresWriteEngine(direct.pool)).add({ url: receiver.url, events: ["statement.created"] }, true);
  articleId = (await gqlData(url, `{ article(slug: "blinken-hussein-isis-partnership") { id } }`)).article.id as string;
});

afterAll(async () => {
  await server?.close(1_000);
  await postgres?.close();
  await proxy?.close();
  await direct?.close();
  await receiver?.close();
  auxiliary?.close();
});

/** Resolves once Khabar's pool has discarded the connection of server session `pid` (it does so when the connection has ended). */
function discardedByThePool(pid: number): Promise<void> {
  const seen = new Promise<void>((resolve) => {
    const check = (): void => {
      if (discarded.has(pid)) resolve();
      else discardWaiters.push(check);
    };
    check();
  });
  return guarded(seen, `Khabar's pool to discard the connection of session ${pid}`);
}

function createStatement(text: string): Promise<GraphQLResponse> {
  return gql(url, CREATE_STATEMENT, { input: { article: articleId, text, kind: "PARAPHRASE", speaker: "fuad-hussein", paragraph: 0 } }, editor);
}

/** Rows in every table of the database, read directly (not through the proxy). */
async function tableCounts(): Promise<Record<string, number>> {
  const { rows: tables } = await direct.pool.query<{ name: string }>(`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`);
  const counts: Record<string, number> = {};
  for (const { name } of tables) counts[name] = (await direct.pool.query<{ count: number }>(`select count(*)::int as count from "${name}"`)).rows[0]!.count;
  return counts;
}

async function statementsWithText(text: string): Promise<number> {
  // A connection made now, after the fault: what is committed, whatever Khabar was told.
  const client = new pg.Client({ connectionString: directUrl });
  await client.connect();
  try {
    return (await client.query<{ count: number }>(`select count(*)::int as count from "statements" where "text" = $1`, [text])).rows[0]!.count;
  } finally {
    await client.end();
  }
}

/** The sessions that hold Khabar's write lock now. */
async function writeLockHolders(): Promise<number[]> {
  const { rows } = await direct.pool.query<{ pid: number }>(
    `select pid from pg_locks where locktype = 'advisory' and granted and objsubid = 1 and ((classid::bigint << 32) | objid::bigint) = $1 order by pid`,
    [WRITE_LOCK_KEY],
  );
  return rows.map((row) => row.pid);
}

/**
 * Takes the write lock in a session of its own (waiting as long as another holds it), and answers
 * how many advisory locks `pid` still holds once it has it.
 */
async function advisoryLocksOfAfterTakingTheWriteLock(pid: number): Promise<number> {
  const client = new pg.Client({ connectionString: directUrl });
  await client.connect();
  try {
    await client.query(`set lock_timeout = '${LOCK_HANG_GUARD}'`);
    await client.query("begin");
    await client.query("select pg_advisory_xact_lock($1)", [WRITE_LOCK_KEY]);
    const { rows } = await client.query<{ count: number }>(`select count(*)::int as count from pg_locks where pid = $1 and locktype = 'advisory'`, [pid]);
    await client.query("rollback");
    return rows[0]!.count;
  } finally {
    await client.end();
  }
}

/** Creates a statement while the proxy cuts its COMMIT; the answer, the fault, and who held the write lock when the COMMIT was seen. */
async function createStatementCutAtCommit(fault: CommitFault, text: string): Promise<{ answer: GraphQLResponse; tripped: TrippedFault; holdersAtCommit: number[] }> {
  let holdersAtCommit: number[] = [];
  const armed = proxy.arm(fault, {
    inTransactionWith: WRITE_TRANSACTION,
    beforeFault: async () => {
      holdersAtCommit = await writeLockHolders();
    },
  });
  const [answer, tripped] = await Promise.all([createStatement(text), armed]);
  return { answer, tripped, holdersAtCommit };
}

function expectOutcomeUnknown(answer: GraphQLResponse): void {
  expect(answer.status, JSON.stringify(answer.errors)).toBe(503);
  expect(answer.data ?? null).toBeNull();
  expect(answer.errors).toHaveLength(1);
  expect(answer.errors?.[0]?.path).toEqual(["createStatement"]);
  expect(answer.errors?.[0]?.extensions).toMatchObject({ code: "SERVICE_UNAVAILABLE", reason: "COMMIT_OUTCOME_UNKNOWN" });
  expect(answer.errors?.[0]?.message).toContain("may or may not have been made");
  expect(answer.errors?.[0]?.message).toContain("read before retrying");
  // The write may have been made: the client's next reads go to the primary, which has it if so.
  expect(answer.headers.get(READ_PRIMARY_HEADER)).toMatch(/^\d+$/);
}

/** What must hold after either fault: the session is gone with its lock, the pool dropped it, and the next write works. */
async function expectServingAfter(tripped: TrippedFault, text: string): Promise<void> {
  await discardedByThePool(tripped.backendPid);
  expect(await advisoryLocksOfAfterTakingTheWriteLock(tripped.backendPid)).toBe(0);
  const next = await createStatement(text);
  expect(next.errors, JSON.stringify(next.errors)).toBeUndefined();
  expect(next.status).toBe(200);
  expect(await statementsWithText(text)).toBe(1);
}

describe("a connection to the primary lost while a write commits", () => {
  it("answers COMMIT_OUTCOME_UNKNOWN when the COMMIT reached the server, and the statement is there, once", async () => {
    const text = "قيل وكُتب ولم يعلم الكاتب";
    const before = await tableCounts();
    const { answer, tripped, holdersAtCommit } = await createStatementCutAtCommit("cut-after-forwarding", text);
    // The cut connection was the one holding the write lock, and the server did commit.
    expect(holdersAtCommit).toEqual([tripped.backendPid]);
    expect(tripped.transaction.at(-1)).toMatch(/^commit$/i);
    expect(tripped.unrelayedReplies).toEqual(["COMMIT"]);
    expectOutcomeUnknown(answer);
    expect(await statementsWithText(text)).toBe(1);
    const after = await tableCounts();
    expect(after["statements"]).toBe(before["statements"]! + 1);
    expect(after["webhook_deliveries"]).toBe(before["webhook_deliveries"]! + 1);
    expect(after["revisions"]).toBeGreaterThan(before["revisions"]!);
    await expectServingAfter(tripped, "قول بعد انقطاع ما بعد الالتزام");
  });

  it("answers COMMIT_OUTCOME_UNKNOWN too when the COMMIT never reached the server, and nothing of the write is there", async () => {
    const text = "قيل ولم يُكتب";
    const before = await tableCounts();
    const { answer, tripped, holdersAtCommit } = await createStatementCutAtCommit("cut-before-forwarding", text);
    expect(holdersAtCommit).toEqual([tripped.backendPid]);
    expect(tripped.unrelayedReplies).toEqual([]);
    expectOutcomeUnknown(answer);
    expect(await statementsWithText(text)).toBe(0);
    // Statements, revisions, search rows, webhook deliveries: every table as it was.
    expect(await tableCounts()).toEqual(before);
    // The rolled-back session held the write lock: PostgreSQL freed it when the session ended.
    await expectServingAfter(tripped, "قول بعد انقطاع ما قبل الالتزام");
  });

  it("answers a JSON-LD document read from the primary with a retryable 503 when its snapshot's connection is lost at COMMIT, and serves the next one", async () => {
    const document = new URL("/articles/blinken-hussein-isis-partnership.jsonld", url);
    const armed = proxy.arm("cut-before-forwarding", { inTransactionWith: /repeatable read/i });
    const [response, tripped] = await Promise.all([fetch(document, { headers: ON_PRIMARY }), armed]);
    expect(response.status, await response.text()).toBe(503);
    expect(response.headers.get("retry-after")).not.toBeNull();
    await discardedByThePool(tripped.backendPid);
    const again = await fetch(document, { headers: ON_PRIMARY });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { "@graph"?: unknown[] })["@graph"]?.length).toBeGreaterThan(0);
  });
});
