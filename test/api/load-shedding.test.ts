// Load shedding over real HTTP on loopback: operations beyond the bound wait in order or are
// answered 503 with Retry-After, health and readiness keep answering, a shed request changes
// nothing, and /readyz says 503 while the event loop is stalled. Slots are held by operations a
// test plugin keeps waiting until the test lets them go, and every step waits for the event it
// needs (an operation started, a request queued), never for a time to pass.
import { request as httpRequest } from "node:http";
import { Writable } from "node:stream";
import type { ApolloServerPlugin } from "@apollo/server";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Context } from "../../src/context.js";
import type { LoadSheddingConfig } from "../../src/http/load-shedding-config.js";
import { createSampleDatabase, type TestDatabase } from "../helpers/database.js";
import { databaseFingerprint } from "../helpers/fingerprint.js";
import { createTestKeys, type TestKeys } from "../helpers/keys.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

let database: TestDatabase;
let keys: TestKeys;
let server: TestServer | undefined;

beforeAll(async () => {
  database = await createSampleDatabase();
  keys = createTestKeys(database);
});

afterEach(async () => {
  await server?.close();
  server = undefined;
});

afterAll(() => database?.destroy());

/**
 * A plugin that records which operations entered Apollo's pipeline, in order, and keeps those
 * named `Hold…` there until `release(name)`; those named `Stall…` block the thread for 400 ms.
 */
function operationControl() {
  const entered: string[] = [];
  const held = new Map<string, () => void>();
  const plugin: ApolloServerPlugin<Context> = {
    async requestDidStart({ request }) {
      const name = request.operationName ?? "(anonymous)";
      entered.push(name);
      if (name.startsWith("Hold")) await new Promise<void>((resolve) => held.set(name, resolve));
      if (name.startsWith("Stall")) {
        // By the clock: a slower machine only stalls longer.
        const until = performance.now() + 400;
        while (performance.now() < until);
      }
    },
  };
  return {
    plugin,
    entered,
    isHeld: (name: string) => held.has(name),
    release(name: string) {
      const resolve = held.get(name);
      if (!resolve) throw new Error(`${name} is not held (entered: ${entered.join(", ")})`);
      held.delete(name);
      resolve();
    },
  };
}

async function start(loadShedding: Partial<LoadSheddingConfig>, control = operationControl()) {
  const logged: Record<string, unknown>[] = [];
  const logger = pino({ level: "warn" }, new Writable({ write: (chunk, _encoding, done) => (logged.push(JSON.parse(String(chunk)) as Record<string, unknown>), done()) }));
  server = await startTestServer(database, { config: { environment: "test", loadShedding }, plugins: [control.plugin], logger });
  return { url: server.url, gate: server.server.load.gate, control, logged };
}

/** Waits until `condition` holds, checking every `everyMs`; the guard only ends a hang, saying what was awaited. */
async function waitFor(condition: () => boolean | Promise<boolean>, what: string, everyMs = 1): Promise<void> {
  const guard = performance.now() + 20_000;
  while (!(await condition())) {
    if (performance.now() > guard) throw new Error(`still waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

interface Answer {
  status: number;
  headers: Headers;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function operation(url: string, operationName: string, query: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ operationName, query }) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer["body"] };
}

const hold = (url: string, name: string) => operation(url, name, `query ${name} { __typename }`);
const articleCount = (url: string, name: string) => operation(url, name, `query ${name} { articles { totalCount } }`);

async function readyz(url: string): Promise<{ status: number; body: Record<string, any> }> {
  const response = await fetch(new URL("/readyz", url));
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const CREATE_STATEMENT = `mutation Shed { createStatement(input: { article: "blinken-hussein-isis-partnership", text: "جملة لم تكتب قط", kind: PARAPHRASE, speaker: "joe-biden", paragraph: 0 }) { id } }`;

describe("load shedding", () => {
  it("answers a request beyond the bound with 503, Retry-After and SERVICE_UNAVAILABLE, while health, readiness and the playground still answer", async () => {
    const { url, control, logged } = await start({ maxConcurrentOperations: 2, maxQueuedOperations: 0, maxQueueWaitMs: 5_000 });
    const first = hold(url, "HoldFirst");
    const second = hold(url, "HoldSecond");
    await waitFor(() => control.isHeld("HoldFirst") && control.isHeld("HoldSecond"), "both operations to hold their slots");

    const shed = await articleCount(url, "OneTooMany");
    expect(shed.status).toBe(503);
    expect(shed.headers.get("retry-after")).toBe("5");
    expect(shed.headers.get("content-type")).toMatch(/^application\/json/);
    expect(shed.body.data).toBeUndefined();
    expect(shed.body.errors).toEqual([
      { message: expect.stringContaining("Khabar is overloaded"), extensions: { code: "SERVICE_UNAVAILABLE", reason: "queue-full", retryAfterSeconds: 5 } },
    ]);
    expect(control.entered).not.toContain("OneTooMany");
    // One warn line for operators, not one per refusal (each also has its "request" line at info).
    expect(logged).toEqual([expect.objectContaining({ level: 40, msg: "shedding load: GraphQL requests answered 503", shed: 1, reason: "queue-full", inFlight: 2, queued: 0 })]);

    expect((await fetch(new URL("/healthz", url))).status).toBe(200);
    const ready = await readyz(url);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: "ready", operations: { inFlight: 2, queued: 0, maxConcurrent: 2, maxQueued: 0, shed: 1 } });
    const playground = await fetch(url, { headers: { accept: "text/html" } });
    expect(playground.status).toBe(200);
    expect(playground.headers.get("content-type")).toMatch(/^text\/html/);

    control.release("HoldFirst");
    control.release("HoldSecond");
    expect((await first).status).toBe(200);
    expect((await second).body).toEqual({ data: { __typename: "Query" } });
    expect((await articleCount(url, "AfterwardsAgain")).body).toEqual({ data: { articles: { totalCount: 2 } } });
  });

  it("queues requests in arrival order and admits them one by one as a slot frees", async () => {
    const { url, gate, control } = await start({ maxConcurrentOperations: 1, maxQueuedOperations: 3, maxQueueWaitMs: 60_000 });
    const holder = hold(url, "HoldSlot");
    await waitFor(() => control.isHeld("HoldSlot"), "the slot to be held");
    const queued: Promise<Answer>[] = [];
    for (const [index, name] of ["Queued1", "Queued2", "Queued3"].entries()) {
      queued.push(articleCount(url, name));
      await waitFor(() => gate.counts().queued === index + 1, `${name} to be queued`);
    }
    const refused = await articleCount(url, "QueueFull");
    expect(refused.status).toBe(503);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: "SERVICE_UNAVAILABLE", reason: "queue-full" });
    expect(control.entered).toEqual(["HoldSlot"]);

    control.release("HoldSlot");
    expect((await holder).status).toBe(200);
    for (const answer of await Promise.all(queued)) expect(answer.body).toEqual({ data: { articles: { totalCount: 2 } } });
    expect(control.entered).toEqual(["HoldSlot", "Queued1", "Queued2", "Queued3"]);
    expect(gate.counts()).toMatchObject({ inFlight: 0, queued: 0, admitted: 4, shed: 1 });
  });

  it("answers 503 to a request that waited longer than the queue allows, without ever running it", async () => {
    const { url, gate, control } = await start({ maxConcurrentOperations: 1, maxQueuedOperations: 5, maxQueueWaitMs: 50 });
    const holder = hold(url, "HoldSlot");
    await waitFor(() => control.isHeld("HoldSlot"), "the slot to be held");
    // Nothing frees the slot while this waits: its wait can only run out.
    const late = await articleCount(url, "WaitedTooLong");
    expect(late.status).toBe(503);
    expect(late.headers.get("retry-after")).toBe("1");
    expect(late.body.errors?.[0]?.extensions).toEqual({ code: "SERVICE_UNAVAILABLE", reason: "queue-timeout", retryAfterSeconds: 1 });
    expect(gate.counts()).toMatchObject({ inFlight: 1, queued: 0, shed: 1 });
    control.release("HoldSlot");
    await holder;
    expect(control.entered).toEqual(["HoldSlot"]);
  });

  it("changes nothing in the database for a shed mutation", async () => {
    const { url, control } = await start({ maxConcurrentOperations: 1, maxQueuedOperations: 0 });
    const before = databaseFingerprint(database.sqlite);
    const holder = hold(url, "HoldSlot");
    await waitFor(() => control.isHeld("HoldSlot"), "the slot to be held");
    const shed = await operation(url, "Shed", CREATE_STATEMENT, keys.editor);
    expect(shed.status).toBe(503);
    expect(shed.body.errors?.[0]?.extensions?.code).toBe("SERVICE_UNAVAILABLE");
    control.release("HoldSlot");
    await holder;
    // Not the statement, not its search rows, not even the key's last use.
    expect(databaseFingerprint(database.sqlite)).toBe(before);
    expect(control.entered).toEqual(["HoldSlot"]);
    // The same mutation, once there is room, is written: it was shed, not invalid.
    const written = await operation(url, "Shed", CREATE_STATEMENT, keys.editor);
    expect(written.body.errors).toBeUndefined();
    expect(databaseFingerprint(database.sqlite)).not.toBe(before);
  });

  it("forgets a request whose client hangs up while it waits, and never runs it", async () => {
    const { url, gate, control } = await start({ maxConcurrentOperations: 1, maxQueuedOperations: 2, maxQueueWaitMs: 60_000 });
    const holder = hold(url, "HoldSlot");
    await waitFor(() => control.isHeld("HoldSlot"), "the slot to be held");
    const body = JSON.stringify({ operationName: "HungUp", query: "query HungUp { articles { totalCount } }" });
    const leaving = httpRequest(url, { method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } });
    leaving.on("error", () => undefined);
    leaving.end(body);
    await waitFor(() => gate.counts().queued === 1, "the request to be queued");
    leaving.destroy();
    await waitFor(() => gate.counts().queued === 0, "the queue to drop the request");
    expect(gate.counts()).toMatchObject({ abandoned: 1, shed: 0 });
    control.release("HoldSlot");
    await holder;
    expect((await articleCount(url, "NextOne")).status).toBe(200);
    expect(control.entered).toEqual(["HoldSlot", "NextOne"]);
  });

  it("admits everything when the bound is off, and still reports what is in flight", async () => {
    const { url, control } = await start({ maxConcurrentOperations: null, maxQueuedOperations: 0 });
    const names = ["HoldA", "HoldB", "HoldC"];
    const answers = names.map((name) => hold(url, name));
    await waitFor(() => names.every((name) => control.isHeld(name)), "every operation to be running");
    expect((await readyz(url)).body.operations).toMatchObject({ inFlight: 3, maxConcurrent: null, shed: 0 });
    for (const name of names) control.release(name);
    for (const answer of await Promise.all(answers)) expect(answer.status).toBe(200);
  });
});

describe("/readyz under load", () => {
  it("reports the event-loop delay and the operations, and answers 503 while the loop stalls beyond the threshold, 200 once it does not", async () => {
    const { url } = await start({ readyMaxEventLoopDelayMs: 300, eventLoopWindowMs: 1_000 });
    const calm = await readyz(url);
    expect(calm.body).toMatchObject({
      eventLoopDelayMs: { mean: expect.any(Number), p99: expect.any(Number), max: expect.any(Number), windowMs: 1_000, readyBelow: 300 },
      operations: { inFlight: 0, queued: 0, maxConcurrent: 8, maxQueued: 32, maxQueueWaitMs: 1_000 },
    });

    // Saturation, not one blip (a single stall is one sample of a hundred, below any p99): two
    // seconds of 400 ms stalls, twice the window, so the window under way when they end holds
    // at least two of them and too few other samples for its p99 to be anything else.
    for (let stall = 0; stall < 5; stall++) expect((await operation(url, `Stall${stall}`, `query Stall${stall} { __typename }`)).status).toBe(200);
    const stalled = await readyz(url);
    expect(stalled.status).toBe(503);
    expect(stalled.body.status).toBe("saturated");
    expect(stalled.body.eventLoopDelayMs.p99).toBeGreaterThan(300);
    expect((await fetch(new URL("/healthz", url))).status).toBe(200);

    // Within two windows the stall has left the reading.
    let ready = stalled;
    await waitFor(async () => (ready = await readyz(url)).status === 200, "/readyz to answer 200 again", 100);
    expect(ready.body.status).toBe("ready");
  });
});
