// The operation gate on its own: the bound, the FIFO queue, its length and wait limits, clients that
// leave, and the event-loop monitor. Nothing here waits for a time to pass except where a wait is
// what is refused, and then nothing could ever free the slot: the verdict is the same on any machine.
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config.js";
import { loadLoadSheddingConfig, DEFAULT_LOAD_SHEDDING_CONFIG } from "../../src/http/load-shedding-config.js";
import { EventLoopMonitor, OperationGate, type Admission } from "../../src/http/load-shedding.js";

const FOREVER = 3_600_000;

function released(admission: Admission): () => void {
  if (!admission.admitted) throw new Error(`expected an admission, got a refusal (${admission.reason})`);
  return admission.release;
}

/** Records the order in which pending acquisitions settle. */
function track(settled: string[], name: string, pending: Promise<Admission>): Promise<Admission> {
  return pending.then((admission) => {
    settled.push(`${name}:${admission.admitted ? "admitted" : admission.reason}`);
    return admission;
  });
}

describe("the operation gate", () => {
  it("admits up to the bound, queues the next ones, refuses one more than the queue holds", async () => {
    const gate = new OperationGate({ maxConcurrent: 2, maxQueued: 2, maxQueueWaitMs: FOREVER });
    const first = released(await gate.acquire());
    released(await gate.acquire());
    const settled: string[] = [];
    const third = track(settled, "third", gate.acquire());
    const fourth = track(settled, "fourth", gate.acquire());
    expect(await gate.acquire()).toEqual({ admitted: false, reason: "queue-full" });
    expect(gate.counts()).toMatchObject({ inFlight: 2, queued: 2, maxConcurrent: 2, admitted: 2, shed: 1 });

    first();
    const thirdDone = released(await third);
    expect(settled).toEqual(["third:admitted"]);
    expect(gate.counts()).toMatchObject({ inFlight: 2, queued: 1, admitted: 3 });
    thirdDone();
    released(await fourth);
    expect(gate.counts()).toMatchObject({ inFlight: 2, queued: 0, admitted: 4, shed: 1 });
  });

  it("hands a freed slot to the oldest waiter, never to a request that arrived after it", async () => {
    const gate = new OperationGate({ maxConcurrent: 1, maxQueued: 5, maxQueueWaitMs: FOREVER });
    const holder = released(await gate.acquire());
    const settled: string[] = [];
    const waiting = ["b", "c", "d"].map((name) => track(settled, name, gate.acquire()));
    holder();
    // Arrives while the slot is being handed over: it queues behind b, c and d.
    const late = track(settled, "late", gate.acquire());
    for (const pending of [...waiting, late]) released(await pending)();
    expect(settled).toEqual(["b:admitted", "c:admitted", "d:admitted", "late:admitted"]);
    expect(gate.counts()).toMatchObject({ inFlight: 0, queued: 0, admitted: 5, shed: 0 });
  });

  it("refuses a request whose wait ran out, and frees nothing for it", async () => {
    const gate = new OperationGate({ maxConcurrent: 1, maxQueued: 5, maxQueueWaitMs: 10 });
    released(await gate.acquire());
    expect(await gate.acquire()).toEqual({ admitted: false, reason: "queue-timeout" });
    expect(gate.counts()).toMatchObject({ inFlight: 1, queued: 0, shed: 1 });
  });

  it("measures the wait when it hands a slot over, so a late timer cannot admit a request that waited too long", async () => {
    let now = 0;
    const gate = new OperationGate({ maxConcurrent: 1, maxQueued: 5, maxQueueWaitMs: FOREVER }, () => now);
    const holder = released(await gate.acquire());
    const settled: string[] = [];
    const stale = track(settled, "stale", gate.acquire());
    now = FOREVER - 1;
    const fresh = track(settled, "fresh", gate.acquire());
    now = FOREVER + 1;
    holder();
    expect(await stale).toEqual({ admitted: false, reason: "queue-timeout" });
    released(await fresh)();
    expect(settled).toEqual(["stale:queue-timeout", "fresh:admitted"]);
    expect(gate.counts()).toMatchObject({ inFlight: 0, queued: 0, shed: 1 });
  });

  it("lets a client that hangs up while queued leave the queue, and gives its turn to the next", async () => {
    const gate = new OperationGate({ maxConcurrent: 1, maxQueued: 5, maxQueueWaitMs: FOREVER });
    const holder = released(await gate.acquire());
    const leaving = new AbortController();
    const settled: string[] = [];
    const gone = track(settled, "gone", gate.acquire(leaving.signal));
    const next = track(settled, "next", gate.acquire());
    leaving.abort();
    expect(await gone).toEqual({ admitted: false, reason: "abandoned" });
    expect(gate.counts()).toMatchObject({ queued: 1, abandoned: 1, shed: 0 });
    holder();
    released(await next)();
    expect(settled).toEqual(["gone:abandoned", "next:admitted"]);
    expect(gate.counts().inFlight).toBe(0);
  });

  it("frees a slot once however often it is released", async () => {
    const gate = new OperationGate({ maxConcurrent: 2, maxQueued: 0, maxQueueWaitMs: FOREVER });
    const first = released(await gate.acquire());
    released(await gate.acquire());
    first();
    first();
    expect(gate.counts().inFlight).toBe(1);
    released(await gate.acquire());
    expect(await gate.acquire()).toEqual({ admitted: false, reason: "queue-full" });
  });

  it("off, admits everything and still counts what is in flight", async () => {
    const gate = new OperationGate({ maxConcurrent: Number.POSITIVE_INFINITY, maxQueued: 0, maxQueueWaitMs: FOREVER });
    const releases = await Promise.all(Array.from({ length: 500 }, () => gate.acquire().then(released)));
    expect(gate.counts()).toMatchObject({ inFlight: 500, maxConcurrent: null, shed: 0 });
    for (const release of releases) release();
    expect(gate.counts().inFlight).toBe(0);
  });
});

describe("the event-loop monitor", () => {
  it("reports a stall of the loop once the loop runs again", async () => {
    const monitor = new EventLoopMonitor(FOREVER);
    monitor.start();
    try {
      // The histogram measures from its first tick (10 ms after start), which fires before this timer.
      await new Promise((resolve) => setTimeout(resolve, 30));
      // Blocks the thread for 200 ms by the clock: on a slower machine the stall is only longer.
      const until = performance.now() + 200;
      while (performance.now() < until);
      // The monitor's timer, overdue, records the stall in the loop's next turn.
      await new Promise((resolve) => setTimeout(resolve, 20));
      const delay = monitor.delay();
      expect(delay.maxMs).toBeGreaterThanOrEqual(150);
      expect(delay.p99Ms).toBeGreaterThanOrEqual(150);
    } finally {
      monitor.stop();
    }
  });
});

describe("load-shedding settings", () => {
  it("read the variables, take off or 0 for no bound, and refuse anything else with the variable's name", () => {
    expect(loadLoadSheddingConfig({})).toEqual(DEFAULT_LOAD_SHEDDING_CONFIG);
    expect(
      loadLoadSheddingConfig({
        KHABAR_MAX_CONCURRENT_OPERATIONS: "4",
        KHABAR_MAX_QUEUED_OPERATIONS: "0",
        KHABAR_MAX_QUEUE_WAIT_MS: "250",
        KHABAR_READY_MAX_EVENT_LOOP_DELAY_MS: "off",
        KHABAR_EVENT_LOOP_WINDOW_MS: "2000",
      }),
    ).toEqual({ maxConcurrentOperations: 4, maxQueuedOperations: 0, maxQueueWaitMs: 250, readyMaxEventLoopDelayMs: null, eventLoopWindowMs: 2000 });
    expect(loadLoadSheddingConfig({ KHABAR_MAX_CONCURRENT_OPERATIONS: "OFF" }).maxConcurrentOperations).toBeNull();
    expect(loadLoadSheddingConfig({ KHABAR_MAX_CONCURRENT_OPERATIONS: "0" }).maxConcurrentOperations).toBeNull();
    expect(() => loadLoadSheddingConfig({ KHABAR_MAX_CONCURRENT_OPERATIONS: "many" })).toThrow(/KHABAR_MAX_CONCURRENT_OPERATIONS must be a positive integer/);
    expect(() => loadLoadSheddingConfig({ KHABAR_MAX_QUEUED_OPERATIONS: "-1" })).toThrow(/KHABAR_MAX_QUEUED_OPERATIONS must be a whole number, 0 or more/);
    expect(() => loadLoadSheddingConfig({ KHABAR_MAX_QUEUE_WAIT_MS: "0" })).toThrow(ConfigError);
  });
});
