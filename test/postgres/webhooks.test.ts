// Webhooks with several Khabar processes on one PostgreSQL database: each sends from the same
// outbox, and each delivery reaches a real receiver on loopback once. Servers are started the way
// index.ts starts them (startOnPostgres + postgresServerOptions, each with its own pools and change
// listener), and one as a real child process that is killed in the middle of an attempt. Webhooks
// and keys are made with the `khabar` command on the database. Nothing sleeps: tests wait for the
// deliveries they expect, and for the senders to have no attempt in flight, before counting; the
// claims' leases are checked on their own with a clock the test sets.
import { createHmac } from "node:crypto";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { pino } from "pino";
import { POSTGRES } from "../../src/db/dialect.js";
import { openPostgres } from "../../src/db/postgres/client.js";
import { migratePostgres } from "../../src/db/postgres/migrate.js";
import { postgresEngine } from "../../src/db/postgres/run.js";
import { postgresWriteEngine } from "../../src/db/postgres/write.js";
import { claimDue, recordOutcome } from "../../src/modules/webhook/webhook.claims.js";
import { WebhookStore } from "../../src/modules/webhook/webhook.store.js";
import { DEFAULT_WEBHOOK_CONFIG, type WebhookConfig } from "../../src/modules/webhook/webhook.config.js";
import { guarded } from "../helpers/guarded.js";
import { testPostgres } from "../helpers/postgres.js";
import { startPostgresKhabar, type PostgresKhabar } from "../helpers/postgres-khabar.js";
import { runCli, startKhabar as startKhabarProcess, stopAllKhabar } from "../helpers/process.js";
import { gqlData } from "../helpers/server.js";
import { WebhookReceiver } from "../helpers/webhook-receiver.js";

/** How long a wait may take before the test fails instead of hanging. */
const HANG_GUARD_MS = 20_000;

const servers: PostgresKhabar[] = [];
const receivers: WebhookReceiver[] = [];

afterEach(async () => {
  await stopAllKhabar("SIGKILL");
});

afterAll(async () => {
  await Promise.all(servers.map((khabar) => khabar.close()));
  await Promise.all(receivers.map((receiver) => receiver.close()));
});

/** A Khabar on `url` as `npm start` runs one on PostgreSQL, in this process. */
async function startKhabar(url: string, webhooks: Partial<WebhookConfig>): Promise<PostgresKhabar> {
  const logger = pino({ level: process.env.KHABAR_TEST_LOG_LEVEL ?? "silent" });
  const khabar = await startPostgresKhabar(url, { logger, config: { webhooks: { ...DEFAULT_WEBHOOK_CONFIG, allowPrivate: true, ...webhooks } } });
  servers.push(khabar);
  return khabar;
}

async function receiver(): Promise<WebhookReceiver> {
  const started = await new WebhookReceiver().start();
  receivers.push(started);
  return started;
}

const ALLOW_PRIVATE = { KHABAR_WEBHOOK_ALLOW_PRIVATE: "true" };

/** `khabar webhooks add` on the database: the new webhook's id and secret. */
async function addWebhook(databaseUrl: string, url: string, events: string): Promise<{ id: number; secret: string }> {
  const added = await runCli(databaseUrl, ["webhooks", "add", url, "--events", events], undefined, ALLOW_PRIVATE);
  expect(added.stderr).toBe("");
  expect(added.code).toBe(0);
  const id = Number(/Added webhook (\d+)/.exec(added.stdout)?.[1]);
  return { id, secret: added.stdout.trim().split("\n").at(-1)! };
}

/** `khabar webhooks deliveries ID`: the delivery log's rows, oldest first. */
async function deliveryLog(databaseUrl: string, webhookId: number, limit?: number): Promise<{ status: string; attempts: number; lastStatus: string; lastError: string }[]> {
  const log = await runCli(databaseUrl, ["webhooks", "deliveries", String(webhookId), ...(limit === undefined ? [] : ["--limit", String(limit)])]);
  expect(log.code).toBe(0);
  return log.stdout
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.split("\t"))
    .map(([, , status, attempts, lastStatus, lastError]) => ({ status: status!, attempts: Number(attempts), lastStatus: lastStatus!, lastError: lastError! }))
    .reverse();
}

/** An editor key made with `khabar keys create` on the database, as the Authorization header. */
async function editorKey(databaseUrl: string): Promise<Record<string, string>> {
  const created = await runCli(databaseUrl, ["keys", "create", "--role", "editor", "--name", "desk"]);
  expect(created.code).toBe(0);
  return { authorization: `Bearer ${created.stdout.trim().split("\n").at(-1)!}` };
}

/** An instant `offsetMs` after a fixed origin, as the outbox writes times. */
const at = (offsetMs: number) => new Date(Date.UTC(2024, 5, 1) + offsetMs).toISOString();

const CREATE_STATEMENT = `mutation($input: CreateStatementInput!) { createStatement(input: $input) { id } }`;

async function createStatement(url: string, key: Record<string, string>, articleId: string, text: string): Promise<string> {
  const created = await gqlData(url, CREATE_STATEMENT, { input: { article: articleId, text, kind: "PARAPHRASE", speaker: "fuad-hussein", paragraph: 0 } }, key);
  return created.createStatement.id as string;
}

const CREATE_ARTICLE = `mutation($input: CreateArticleInput!) { createArticle(input: $input) { id statements(first: 100) { nodes { id } } } }`;

/** An article with `statements` statements, in one mutation: the global ids of the article and its statements. */
async function createArticle(url: string, key: Record<string, string>, slug: string, statements: number): Promise<string[]> {
  const input = {
    slug,
    headline: "عنوان",
    body: "فقرة.",
    language: "ar",
    publishedAt: "2024-06-01T10:00:00Z",
    statements: Array.from({ length: statements }, (_, index) => ({ text: `قول ${index}`, kind: "PARAPHRASE", speaker: "fuad-hussein", paragraph: 0 })),
  };
  const created = (await gqlData(url, CREATE_ARTICLE, { input }, key)).createArticle as { id: string; statements: { nodes: { id: string }[] } };
  return [created.id, ...created.statements.nodes.map((statement) => statement.id)];
}

async function articleId(url: string): Promise<string> {
  return (await gqlData(url, `{ article(slug: "blinken-hussein-isis-partnership") { id } }`)).article.id as string;
}

describe("claims on the outbox", () => {
  it("hold a delivery for nobody else until the lease ends, and record an outcome only while the claim holds", async () => {
    const postgres = await openPostgres(await testPostgres().createDatabase());
    try {
      await migratePostgres(postgres.pool);
      const engine = postgresEngine(postgres.pool);
      const { row: hook } = await new WebhookStore(engine, postgresWriteEngine(postgres.pool)).add({ url: "http://127.0.0.1:9/hook" }, true);
      await postgres.pool.query(`insert into "webhook_deliveries" ("webhook_id", "event", "payload", "next_attempt_at", "created_at") values ($1, 'article.published', '{}', $2, $2)`, [hook.id, at(0)]);

      const [first] = await engine.run(claimDue(POSTGRES, at(0), at(1_000), 20));
      expect(first).toMatchObject({ webhookId: hook.id, attempts: 0, lease: at(1_000) });
      expect(await engine.run(claimDue(POSTGRES, at(999), at(1_999), 20))).toEqual([]);
      // The first claimer is gone past its lease: the row is due again, for whoever claims next.
      const [second] = await engine.run(claimDue(POSTGRES, at(1_000), at(2_000), 20));
      expect(second).toMatchObject({ id: first!.id, lease: at(2_000) });

      expect((await engine.run(recordOutcome(POSTGRES, first!, { status: "DELIVERED", attempts: 1, lastStatus: 200 }))).changes).toBe(0);
      expect((await engine.run(recordOutcome(POSTGRES, second!, { attempts: 1, lastStatus: 500, lastError: "answered 500", nextAttemptAt: at(5_000) }))).changes).toBe(1);
      const { rows } = await postgres.pool.query(`select "status", "attempts", "last_status" as "lastStatus", "next_attempt_at" as "nextAttemptAt" from "webhook_deliveries"`);
      expect(rows).toEqual([{ status: "PENDING", attempts: 1, lastStatus: 500, nextAttemptAt: at(5_000) }]);
    } finally {
      await postgres.close();
    }
  });
});

describe("webhooks with several Khabar processes on one PostgreSQL database", () => {
  it("deliver each event exactly once, whichever process wrote it, woken by the commit rather than a poll", async () => {
    const databaseUrl = await testPostgres().createDatabase();
    // Polls an hour apart: only the commits' notifications can wake the senders within the test.
    const webhooks = { pollMs: 3_600_000 };
    const first = await startKhabar(databaseUrl, webhooks);
    const second = await startKhabar(databaseUrl, webhooks);
    const hook = await receiver();
    const { id, secret } = await addWebhook(databaseUrl, hook.url, "article.published,statement.created");
    const key = await editorKey(databaseUrl);
    const article = await articleId(first.url);

    // Four writers at once, alternating between the two servers, so both senders wake on every
    // commit; an article with its statements queues a score of deliveries in one commit, which
    // both senders then claim from at the same moment.
    const WRITERS = 4;
    const ARTICLES_EACH = 3;
    const STATEMENTS_EACH = 3;
    const STATEMENTS_PER_ARTICLE = 30;
    const expected = (
      await Promise.all(
        Array.from({ length: WRITERS }, async (_, writer) => {
          const entities: string[] = [];
          for (let index = 0; index < ARTICLES_EACH + STATEMENTS_EACH; index += 1) {
            const url = (writer + index) % 2 === 0 ? first.url : second.url;
            if (index < ARTICLES_EACH) entities.push(...(await createArticle(url, key, `hooked-${writer}-${index}`, STATEMENTS_PER_ARTICLE)));
            else entities.push(await createStatement(url, key, article, `نص ${writer}-${index}`));
          }
          return entities;
        }),
      )
    ).flat();
    const total = WRITERS * (ARTICLES_EACH * (1 + STATEMENTS_PER_ARTICLE) + STATEMENTS_EACH);
    expect(expected).toHaveLength(total);

    await guarded(hook.received(total), `${total} deliveries`, HANG_GUARD_MS);
    // No attempt in flight on either: every claim made has been sent and recorded, so nothing more can arrive.
    await Promise.all([first.server.webhooks.drained(), second.server.webhooks.drained()]);
    expect(hook.requests).toHaveLength(total);
    expect(new Set(hook.deliveryIds()).size).toBe(total);
    const payloads = hook.requests.map((request) => JSON.parse(request.body) as { event: string; entity: { id: string } });
    expect(payloads.map((payload) => payload.entity.id).sort()).toEqual([...expected].sort());
    for (const request of hook.requests) {
      const [, timestamp, digest] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(request.headers["khabar-signature"]))!;
      expect(digest).toBe(createHmac("sha256", secret).update(`${timestamp}.${request.body}`).digest("hex"));
    }
    const log = await deliveryLog(databaseUrl, id, total);
    expect(log).toHaveLength(total);
    expect(log.filter((row) => !(row.status === "DELIVERED" && row.attempts === 1 && row.lastStatus === "200"))).toEqual([]);

    // Removed on the database, it is gone for every process, its delivery log with it.
    const removed = await runCli(databaseUrl, ["webhooks", "remove", String(id)]);
    expect(removed.stdout).toBe(`removed webhook ${id} and its delivery log\n`);
    expect((await runCli(databaseUrl, ["webhooks", "list"])).stdout).toBe("no webhooks\n");
    expect(await deliveryLog(databaseUrl, id, total)).toEqual([]);
  });

  it("retry a delivery whose process died in the middle of its attempt, from another process, once the claim's lease has run out", async () => {
    const databaseUrl = await testPostgres().createDatabase();
    // A 2 s attempt timeout: a lease of 4 s, ample for the kill below to land inside the attempt.
    const dying = await startKhabarProcess({ DATABASE_URL: databaseUrl, KHABAR_PG_POOL_SIZE: "4", KHABAR_WEBHOOK_TIMEOUT_MS: "2000", ...ALLOW_PRIVATE });
    const hook = await receiver();
    hook.statuses = ["hold"];
    const { id } = await addWebhook(databaseUrl, hook.url, "statement.created");
    const key = await editorKey(databaseUrl);
    const statementId = await createStatement(dying.url, key, await articleId(dying.url), "نص يتأخر تسليمه");

    const [held] = await guarded(hook.received(1), "the attempt of the process about to die", HANG_GUARD_MS);
    expect(await dying.stop("SIGKILL")).toBeNull();
    // The other process starts once the dead one's claim is made, so the delivery can only reach it through the lease.
    const survivor = await startKhabar(databaseUrl, { timeoutMs: 2_000, pollMs: 100 });
    const requests = await guarded(hook.received(2), "the retry from the surviving process", HANG_GUARD_MS);
    await survivor.server.webhooks.drained();

    expect(requests).toHaveLength(2);
    const retried = requests[1]!;
    expect(retried.headers["khabar-delivery"]).toBe(held!.headers["khabar-delivery"]);
    expect(retried.body).toBe(held!.body);
    expect(JSON.parse(retried.body)).toMatchObject({ event: "statement.created", entity: { type: "Statement", id: statementId } });
    // The dead process's attempt left no outcome to record: the retry is the first one recorded.
    expect(await deliveryLog(databaseUrl, id)).toEqual([{ status: "DELIVERED", attempts: 1, lastStatus: "200", lastError: "" }]);
  });
});
