// Webhooks over real HTTP on loopback: a write's events are queued in its transaction and posted
// after the commit, signed; failures are retried with backoff and kept in the delivery log; a
// rolled-back write queues nothing; private targets are refused unless allowed. On both engines:
// in the PostgreSQL run the server serves (and sends from) a PostgreSQL copy, and the webhooks are
// registered there, through the same store the CLI uses.
import { createHmac } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../src/db/read.js";
import { importNdjson, importNdjsonInto } from "../../src/ingest/importer.js";
import { WebhookStore } from "../../src/modules/webhook/webhook.store.js";
import { WebhookTargetError } from "../../src/modules/webhook/webhook.targets.js";
import { createSampleDatabase, type TestDatabase } from "../helpers/database.js";
import { createTestKeys, type TestKeys } from "../helpers/keys.js";
import { runCli } from "../helpers/process.js";
import { gql, gqlData, startTestServer, type TestServer } from "../helpers/server.js";
import { testEngine } from "../helpers/test-engine.js";
import { WebhookReceiver } from "../helpers/webhook-receiver.js";

let database: TestDatabase;
let server: TestServer;
let keys: TestKeys;
let hooks: WebhookStore;
const receiver = new WebhookReceiver();

beforeAll(async () => {
  database = await createSampleDatabase();
  server = await startTestServer(database, { config: { environment: "test", webhooks: { allowPrivate: true, retryBaseMs: 20, pollMs: 50, maxAttempts: 3 } } });
  keys = createTestKeys(database);
  hooks = new WebhookStore(server.engine, server.writes);
  await receiver.start();
});

afterAll(async () => {
  await server.close();
  await receiver.close();
  database.destroy();
});

/** Every delivery queued, oldest first, read where the server sends from. */
const deliveries = () =>
  server.engine.run(
    rows<{ event: string; status: string; attempts: number; lastStatus: number | null }>(
      server.engine.dialect,
      () => sql`select "event", "status", "attempts", "last_status" as "lastStatus" from "webhook_deliveries" order by "id"`,
    ),
  );
const CREATE_STATEMENT = `mutation($input: CreateStatementInput!) { createStatement(input: $input) { id } }`;

describe("webhooks", () => {
  it("post a signed event after a write commits, and retry a refused one with backoff", async () => {
    const { secret } = await hooks.add({ url: receiver.url, events: ["statement.created"] }, true);
    receiver.statuses = [500];
    const { article } = await gqlData(server.url, `{ article(slug: "blinken-hussein-isis-partnership") { id } }`);
    const created = await gqlData(server.url, CREATE_STATEMENT, { input: { article: article.id, text: "نص جديد", kind: "PARAPHRASE", speaker: "fuad-hussein", paragraph: 0 } }, keys.editor);

    const [first, second] = await receiver.received(2);
    expect(second!.body).toBe(first!.body);
    const payload = JSON.parse(second!.body) as { event: string; entity: { type: string; id: string } };
    expect(payload).toMatchObject({ event: "statement.created", entity: { type: "Statement", id: created.createStatement.id } });
    expect(second!.headers["khabar-event"]).toBe("statement.created");
    const [, timestamp, digest] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(second!.headers["khabar-signature"]))!;
    expect(digest).toBe(createHmac("sha256", secret).update(`${timestamp}.${second!.body}`).digest("hex"));

    await server.server.webhooks.drained();
    expect(await deliveries()).toEqual([{ event: "statement.created", status: "DELIVERED", attempts: 2, lastStatus: 200 }]);
  });

  it("queue nothing for a write that rolls back, or for events a hook did not ask for", async () => {
    const before = (await deliveries()).length;
    const refused = await gql(server.url, CREATE_STATEMENT, { input: { article: "no-such-article", text: "x", kind: "PARAPHRASE", speakerLabel: "مصدر", paragraph: 0 } }, keys.editor);
    expect(refused.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const { incident } = await gqlData(server.url, `{ incident(slug: "moscow-attack-2024") { id } }`);
    await gqlData(server.url, `mutation($id: ID!) { updateIncident(id: $id, input: { injured: 150 }) { id } }`, { id: incident.id }, keys.editor);
    expect((await deliveries()).length).toBe(before);
  });

  it("mark a delivery FAILED after its last attempt, and never fail the write", async () => {
    const failing = new WebhookReceiver();
    await failing.start();
    await hooks.add({ url: failing.url, events: ["incident.updated"] }, true);
    failing.statuses = [503, 503, 503];
    const { incident } = await gqlData(server.url, `{ incident(slug: "kalsu-base-explosion-2024") { id } }`);
    const updated = await gqlData(server.url, `mutation($id: ID!) { updateIncident(id: $id, input: { injured: 9 }) { injured } }`, { id: incident.id }, keys.editor);
    expect(updated.updateIncident.injured).toBe(9);
    await failing.received(3);
    await server.server.webhooks.drained();
    expect((await deliveries()).filter((delivery) => delivery.event === "incident.updated")).toEqual([{ event: "incident.updated", status: "FAILED", attempts: 3, lastStatus: 503 }]);
    await failing.close();
  });

  it("queue the events of an import too", async () => {
    const published = new WebhookReceiver();
    await published.start();
    await hooks.add({ url: published.url, events: ["article.published"] }, true);
    const lines = [JSON.stringify({ type: "article", slug: "imported-for-hooks", headline: "عنوان", body: "فقرة.", language: "ar", publishedAt: "2024-06-01T10:00:00Z" })];
    // As `khabar import` writes on each engine: SQLite's batch path, PostgreSQL's writers over the primary.
    if (testEngine() === "sqlite") await importNdjson(database.db, lines);
    else await importNdjsonInto(server.writes, lines);
    const [request] = await published.received(1);
    expect(JSON.parse(request!.body)).toMatchObject({ event: "article.published", entity: { type: "Article" } });
    await published.close();
  });

  it("raise statement.approved for statements approved from suggestions, and only for those", async () => {
    const approvals = new WebhookReceiver();
    await approvals.start();
    await hooks.add({ url: approvals.url, events: ["statement.approved"] }, true);
    const { article } = await gqlData(server.url, `{ article(slug: "blinken-hussein-isis-partnership") { id } }`);
    await gqlData(server.url, CREATE_STATEMENT, { input: { article: article.id, text: "نص كتبه محرر", kind: "PARAPHRASE", speaker: "fuad-hussein", paragraph: 0 } }, keys.editor);
    const created = await gqlData(
      server.url,
      `mutation($input: CreateArticleFromTextInput!) { createArticleFromText(input: $input) { suggestions { id } } }`,
      { input: { slug: "hooks-from-text", headline: "عنوان", text: "قال وزير الخارجية فؤاد حسين إن «الحوار مستمر مع الجميع».", language: "ar", publishedAt: "2024-06-05T09:00:00Z" } },
      keys.editor,
    );
    const ids = (created.createArticleFromText.suggestions as { id: string }[]).map((suggestion) => suggestion.id);
    expect(ids.length).toBeGreaterThan(0);
    const approved = await gqlData(server.url, `mutation($ids: [ID!]!) { approveStatements(ids: $ids) { statement { id } } }`, { ids }, keys.editor);
    const statementIds = (approved.approveStatements as { statement: { id: string } }[]).map((suggestion) => suggestion.statement.id);
    const requests = await approvals.received(statementIds.length);
    await server.server.webhooks.drained();
    expect(approvals.requests.length).toBe(statementIds.length);
    expect(requests.map((request) => JSON.parse(request.body) as { event: string; entity: { id: string } }).map((payload) => [payload.event, payload.entity.id]).sort()).toEqual(statementIds.map((id) => ["statement.approved", id]).sort());
    await approvals.close();
  });

  it("refuse private, loopback and non-http targets unless allowed", async () => {
    for (const url of ["http://127.0.0.1:9/hook", "http://localhost/hook", "http://10.1.2.3/", "http://[::1]/", "http://169.254.169.254/latest", "ftp://example.org/"]) {
      await expect(hooks.add({ url }, false), url).rejects.toBeInstanceOf(WebhookTargetError);
    }
    await expect(hooks.add({ url: "https://example.org/", events: ["nothing.happened"] }, false)).rejects.toThrow(/unknown event/);
    const cli = await runCli(server.postgresUrl ?? database.path, ["webhooks", "add", "http://127.0.0.1:9/hook"]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain("not a public address");
  });
});
