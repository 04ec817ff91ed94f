// Refused mutations on PostgreSQL: recorded on the primary, so every Khabar on the database lists
// the refusals of all of them (`refusedMutations`), and `khabar audit --refused` prints them.
// Recording never changes the answer: with the primary stopped a refusal is answered as before,
// is not recorded, and the failure is logged once for the outage; a flood records at most a few
// at once and counts the rest. Servers are started the way index.ts starts them (startOnPostgres
// + postgresServerOptions), in this process, each with a log the test reads. A cluster of its
// own: a test stops its primary. Nothing sleeps: tests wait for the recorder to have nothing in
// flight before counting.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { PostgresApiKeyStore } from "../../src/auth/postgres-api-keys.js";
import { openPostgres } from "../../src/db/postgres/client.js";
import { migratePostgres } from "../../src/db/postgres/migrate.js";
import { postgresEngine } from "../../src/db/postgres/run.js";
import { RefusalRecorder } from "../../src/modules/revision/revision.refusal-recorder.js";
import { WebhookStore } from "../../src/modules/webhook/webhook.store.js";
import type { PostgresStart } from "../../src/postgres-start.js";
import { bearer } from "../helpers/keys.js";
import { startCluster, type PostgresCluster } from "../helpers/postgres.js";
import { runCli } from "../helpers/process.js";
import { gql, gqlData } from "../helpers/server.js";
import { startPostgresKhabar } from "../helpers/postgres-khabar.js";

let cluster: PostgresCluster;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  cluster = await startCluster();
});

afterAll(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await cluster?.stop();
});

interface LogLine {
  level: number;
  msg: string;
  notRecorded?: number;
  [field: string]: unknown;
}

/** A pino destination that keeps every line, for the tests to read what was logged. */
class LogLines {
  readonly lines: LogLine[] = [];

  write(line: string): void {
    this.lines.push(JSON.parse(line) as LogLine);
  }

  /** The lines whose message starts with `start`. */
  starting(start: string): LogLine[] {
    return this.lines.filter((line) => line.msg.startsWith(start));
  }
}

interface Khabar {
  url: string;
  postgres: PostgresStart;
  log: LogLines;
}

/** A Khabar on `url` as `npm start` runs one on PostgreSQL (without the sample unless `seed`: most tests read no content), in this process. */
async function startKhabar(url: string, seed = false): Promise<Khabar> {
  const log = new LogLines();
  const khabar = await startPostgresKhabar(url, { logger: pino({ level: "info" }, log), seed });
  closers.push(khabar.close);
  return { url: khabar.url, postgres: khabar.postgres, log };
}

const CREATE = `mutation { createPerson(input: { slug: "nobody", name: "x" }) { id } }`;
const DELETE = `mutation { deleteIncident(id: "SW5jaWRlbnQ6MQ==") }`;

interface Answer {
  status: number;
  code: unknown;
  requestId: string;
}

let requests = 0;

/** Sends a mutation that is refused, with a request id of its own, and returns how it was answered. */
async function refuse(khabar: Khabar, query: string, headers: Record<string, string> = {}): Promise<Answer> {
  const requestId = `refusal-${++requests}`;
  const answer = await gql(khabar.url, query, {}, { ...headers, "x-request-id": requestId });
  return { status: answer.status, code: answer.errors?.[0]?.extensions?.code, requestId };
}

interface Listed {
  mutation: string;
  code: string;
  keyId: number | null;
  keyName: string | null;
  requestId: string | null;
  at: string;
}

async function listed(khabar: Khabar, admin: Record<string, string>, args = ""): Promise<Listed[]> {
  const data = await gqlData<{ refusedMutations: Listed[] }>(khabar.url, `{ refusedMutations${args} { mutation code keyId keyName requestId at } }`, {}, admin);
  return data.refusedMutations;
}

describe("refused mutations on PostgreSQL", () => {
  it("made on one Khabar are listed by another, newest first, with the key when it is a known one, and printed by khabar audit --refused", async () => {
    const url = await cluster.createDatabase();
    const [first, second] = await Promise.all([startKhabar(url), startKhabar(url)]);
    const keys = new PostgresApiKeyStore(first.postgres.primary.pool);
    const admin = bearer((await keys.create("admin", "chief")).key);
    const editor = await keys.create("editor", "desk");
    const revoked = await keys.create("admin", "former chief");
    await keys.revoke(revoked.row.id);

    const answers: Answer[] = [];
    for (const [query, headers] of [
      [CREATE, {}],
      [CREATE, bearer("khb_no-such-key")],
      [CREATE, bearer(revoked.key)],
      [DELETE, bearer(editor.key)],
    ] as const) {
      answers.push(await refuse(first, query, headers));
      // One at a time, so the log's order is the order they were refused in.
      await first.postgres.refusals.settled();
    }
    expect(answers.map((answer) => answer.code)).toEqual(["UNAUTHENTICATED", "UNAUTHENTICATED", "UNAUTHENTICATED", "FORBIDDEN"]);

    const all = await listed(second, admin);
    expect(all.map(({ at: _at, ...rest }) => rest)).toEqual([
      { mutation: "deleteIncident", code: "FORBIDDEN", keyId: editor.row.id, keyName: "desk", requestId: answers[3]!.requestId },
      { mutation: "createPerson", code: "UNAUTHENTICATED", keyId: null, keyName: null, requestId: answers[2]!.requestId },
      { mutation: "createPerson", code: "UNAUTHENTICATED", keyId: null, keyName: null, requestId: answers[1]!.requestId },
      { mutation: "createPerson", code: "UNAUTHENTICATED", keyId: null, keyName: null, requestId: answers[0]!.requestId },
    ]);
    // The first Khabar lists the same log.
    expect(await listed(first, admin)).toEqual(all);

    // Pages and times as on SQLite.
    expect(await listed(second, admin, "(first: 2)")).toEqual(all.slice(0, 2));
    expect(await listed(second, admin, "(first: 0)")).toEqual([]);
    expect(await listed(second, admin, `(since: "${all.at(-1)!.at}")`)).toEqual(all);
    expect(await listed(second, admin, `(since: "2999-01-01T00:00:00Z")`)).toEqual([]);
    const tooMany = await gql(second.url, `{ refusedMutations(first: 101) { mutation } }`, {}, admin);
    expect(tooMany.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");

    const text = await runCli(url, ["audit", "--refused"]);
    expect(text.code).toBe(0);
    const lines = text.stdout.trim().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(new RegExp(`^\\S+  REFUSED   deleteIncident\\s+FORBIDDEN  desk \\(key ${editor.row.id}\\)$`));
    expect(lines[3]).toMatch(/REFUSED   createPerson\s+UNAUTHENTICATED  no known key$/);
    const json = await runCli(url, ["audit", "--refused", "--json"]);
    expect(json.code).toBe(0);
    const rows = json.stdout.trim().split("\n").map((line) => JSON.parse(line) as { id: number; requestId: string });
    expect(rows.map((row) => row.requestId)).toEqual(all.map((refusal) => refusal.requestId));
    expect(rows[0]!.id).toBeGreaterThan(rows[3]!.id);
  }, 60_000);

  it("are answered exactly as before while the primary is stopped, not recorded, and the failure is logged once for the outage", async () => {
    const url = await cluster.createDatabase();
    const khabar = await startKhabar(url);
    const admin = bearer((await new PostgresApiKeyStore(khabar.postgres.primary.pool).create("admin", "chief")).key);
    const before = await refuse(khabar, CREATE);
    await khabar.postgres.refusals.settled();
    expect(before.code).toBe("UNAUTHENTICATED");

    await cluster.halt();
    let during: Answer[] = [];
    try {
      during = [await refuse(khabar, CREATE), await refuse(khabar, CREATE), await refuse(khabar, CREATE)];
      await khabar.postgres.refusals.settled();
    } finally {
      await cluster.start();
    }
    expect(during).toHaveLength(3);
    for (const answer of during) expect({ status: answer.status, code: answer.code }).toEqual({ status: before.status, code: before.code });
    const failed = khabar.log.starting("a refused mutation could not be recorded in PostgreSQL");
    expect(failed).toHaveLength(1);
    expect(failed[0]!.level).toBe(40);

    // /readyz asks the primary, so the pool has a working connection again before the next refusal.
    let ready = false;
    for (let attempt = 0; attempt < 200 && !ready; attempt += 1) ready = (await fetch(new URL("/readyz", khabar.url))).status === 200;
    expect(ready).toBe(true);
    const after = await refuse(khabar, CREATE);
    await khabar.postgres.refusals.settled();
    expect({ status: after.status, code: after.code }).toEqual({ status: before.status, code: before.code });
    expect(khabar.log.starting("refused mutations are recorded in PostgreSQL again")).toEqual([expect.objectContaining({ notRecorded: 3 })]);
    expect(khabar.log.starting("a refused mutation could not be recorded in PostgreSQL")).toHaveLength(1);
    expect((await listed(khabar, admin)).map((refusal) => refusal.requestId)).toEqual([after.requestId, before.requestId]);
  }, 60_000);

  it("recorded before there is any content — like keys and webhooks made then — do not keep a Khabar starting later from loading the sample, and keep their ids", async () => {
    const url = await cluster.createDatabase();
    const empty = await startKhabar(url);
    const first = await refuse(empty, CREATE);
    await empty.postgres.refusals.settled();
    // What an operator makes before the first start that seeds: an admin key, a webhook.
    const admin = bearer((await new PostgresApiKeyStore(empty.postgres.primary.pool).create("admin", "chief")).key);
    const { row: hook } = await new WebhookStore(empty.postgres.engine, empty.postgres.writes).add({ url: "http://127.0.0.1:9/hook" }, true);
    const seeding = await startKhabar(url, true);
    expect(seeding.log.starting("loaded the sample content into the empty PostgreSQL database")).toHaveLength(1);
    expect((await new WebhookStore(seeding.postgres.engine, seeding.postgres.writes).list()).map((webhook) => webhook.id)).toEqual([hook.id]);
    expect((await gqlData<{ articles: { totalCount: number } }>(seeding.url, `{ articles { totalCount } }`)).articles.totalCount).toBeGreaterThan(0);
    const second = await refuse(seeding, CREATE);
    await seeding.postgres.refusals.settled();
    expect((await listed(seeding, admin)).map((refusal) => refusal.requestId)).toEqual([second.requestId, first.requestId]);
  }, 60_000);

  it("are recorded at most the bound at once: beyond it they are dropped, counted and logged once for the burst", async () => {
    const url = await cluster.createDatabase();
    const handle = await openPostgres(url);
    closers.push(() => handle.close());
    await migratePostgres(handle.pool);
    const engine = postgresEngine(handle.pool);
    const log = new LogLines();
    const recorder = new RefusalRecorder({ primary: engine, reads: engine, logger: pino({ level: "info" }, log), maxInFlight: 2 });

    // Twenty refusals before any insert can have answered: two go to the primary, eighteen are dropped.
    for (let index = 0; index < 20; index += 1) recorder.record({ mutation: `flood${index}`, code: "UNAUTHENTICATED", keyId: null, keyName: null, requestId: null });
    await recorder.settled();
    expect((await recorder.page(null, 100)).map((refusal) => refusal.mutation).sort()).toEqual(["flood0", "flood1"]);
    expect(log.starting("refused mutations arrive faster than they can be recorded")).toEqual([expect.objectContaining({ level: 40, maxInFlight: 2 })]);
    expect(log.starting("a burst of refused mutations is over")).toEqual([expect.objectContaining({ level: 40, notRecorded: 18 })]);

    // The burst is over: the next one is recorded, and nothing more is logged.
    const lines = log.lines.length;
    recorder.record({ mutation: "after", code: "FORBIDDEN", keyId: 7, keyName: "desk", requestId: "r" });
    await recorder.settled();
    expect((await recorder.page(null, 1))[0]).toMatchObject({ mutation: "after", code: "FORBIDDEN", keyId: 7, keyName: "desk", requestId: "r" });
    expect(log.lines.length).toBe(lines);
  });

  it("sent all at once over HTTP are each answered, and each is either recorded or counted as dropped", async () => {
    const url = await cluster.createDatabase();
    const khabar = await startKhabar(url);
    const answers = await Promise.all(Array.from({ length: 30 }, () => refuse(khabar, CREATE)));
    await khabar.postgres.refusals.settled();
    expect(new Set(answers.map((answer) => `${answer.status} ${String(answer.code)}`))).toEqual(new Set([`${answers[0]!.status} UNAUTHENTICATED`]));
    const recorded = await khabar.postgres.refusals.page(null, 100);
    const dropped = khabar.log.starting("a burst of refused mutations is over").reduce((sum, line) => sum + (line.notRecorded ?? 0), 0);
    expect(recorded.length + dropped).toBe(30);
    expect(new Set(recorded.map((refusal) => refusal.requestId)).size).toBe(recorded.length);
  });
});
