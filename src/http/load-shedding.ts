// Load shedding: a bound on the GraphQL operations in Apollo's pipeline at once, a FIFO queue in
// front of it bounded in length and in waiting time, and a 503 with Retry-After for whatever the
// bound refuses — so that under overload the requests that are served stay fast and the rest are
// told at once to go elsewhere, instead of every request waiting its turn for seconds.
//
// better-sqlite3 is synchronous: every SQL statement runs on the one JavaScript thread, and an
// operation seldom waits for anything real, so the operations admitted run one after another on
// it (see OperationGate for what that means for when they start). The bound is therefore on
// operations admitted into Apollo's pipeline, not on threads or connections; a queued request
// has its body read and waits on a promise, costing no CPU until it is admitted.
//
// The event-loop delay (node:perf_hooks' monitorEventLoopDelay) is what every request waits
// before its first line of code runs; /readyz reports it with the gate's counts, and answers 503
// above a threshold so a load balancer routes around a saturated replica.
import type { IncomingMessage, ServerResponse } from "node:http";
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import { ErrorCode } from "../shared/errors.js";

export type ShedReason = "queue-full" | "queue-timeout";

export type Admission = { admitted: true; release: () => void } | { admitted: false; reason: ShedReason | "abandoned" };

export interface OperationGateLimits {
  /** Operations admitted at once; Infinity admits every one (shedding off, counts still kept). */
  maxConcurrent: number;
  maxQueued: number;
  maxQueueWaitMs: number;
}

export interface OperationCounts {
  inFlight: number;
  queued: number;
  /** null when the bound is off. */
  maxConcurrent: number | null;
  maxQueued: number;
  maxQueueWaitMs: number;
  /** Since the server started. */
  admitted: number;
  shed: number;
  /** Clients that went away while their request waited for a slot. */
  abandoned: number;
}

interface Waiter {
  enqueuedAt: number;
  resolve: (admission: Admission) => void;
  timer: NodeJS.Timeout;
  detach: () => void;
}

/**
 * Admits operations up to a bound; queues the next ones in arrival order, each for a bounded time.
 *
 * With the bound on, an admitted operation starts in a later turn of the event loop
 * (setImmediate), never inside the socket callback that read it. Why: with better-sqlite3 an
 * operation usually runs from parse to response without a real wait, so started in place it
 * would run there to the end, and one turn of the loop would execute every request that arrived
 * in it — the sockets read last, the health routes and the timers waiting for all of them, and
 * the real queue invisible in the kernel's socket buffers, unbounded and unfair (requests sent
 * first were answered after 10 s and more). Deferred, each turn first reads every request that
 * arrived (queueing or refusing it, which costs little) and then runs at most the bound.
 */
export class OperationGate {
  private inFlight = 0;
  // A Set keeps insertion order and deletes in O(1): a waiter that times out or is abandoned
  // leaves from the middle, the next to admit is always the oldest.
  private readonly waiting = new Set<Waiter>();
  private admitted = 0;
  private shed = 0;
  private abandoned = 0;
  private readonly bounded: boolean;

  constructor(
    private readonly limits: OperationGateLimits,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.bounded = Number.isFinite(limits.maxConcurrent);
  }

  /**
   * Resolves when the operation may run (call `release` once it is done), or when it is refused:
   * the queue is full, no slot freed in time, or `signal` aborted (the client went away).
   */
  acquire(signal?: AbortSignal): Promise<Admission> {
    if (signal?.aborted) return Promise.resolve(this.abandon());
    if (this.inFlight < this.limits.maxConcurrent) {
      this.inFlight += 1;
      // Off, the gate only counts: operations start in place, as without it.
      if (!this.bounded) return Promise.resolve(this.admit());
      return new Promise((resolve) => setImmediate(() => resolve(signal?.aborted ? this.abandonSlot() : this.admit())));
    }
    if (this.waiting.size >= this.limits.maxQueued) {
      this.shed += 1;
      return Promise.resolve({ admitted: false, reason: "queue-full" });
    }
    return new Promise<Admission>((resolve) => {
      const onAbort = () => {
        this.leave(waiter);
        resolve(this.abandon());
      };
      const waiter: Waiter = {
        enqueuedAt: this.now(),
        resolve,
        timer: setTimeout(() => this.timeOut(waiter), this.limits.maxQueueWaitMs),
        detach: () => signal?.removeEventListener("abort", onAbort),
      };
      // A server keeps the process alive anyway; a pending wait alone must not.
      waiter.timer.unref();
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiting.add(waiter);
    });
  }

  counts(): OperationCounts {
    return {
      inFlight: this.inFlight,
      queued: this.waiting.size,
      maxConcurrent: this.bounded ? this.limits.maxConcurrent : null,
      maxQueued: this.limits.maxQueued,
      maxQueueWaitMs: this.limits.maxQueueWaitMs,
      admitted: this.admitted,
      shed: this.shed,
      abandoned: this.abandoned,
    };
  }

  private admit(): Admission {
    this.admitted += 1;
    let released = false;
    return {
      admitted: true,
      release: () => {
        // Idempotent: a second call must not free a slot someone else holds.
        if (released) return;
        released = true;
        this.freeSlot();
      },
    };
  }

  private freeSlot(): void {
    // The slot stays taken until it is handed over, so no newcomer can overtake the queue;
    // handed over in a later turn, for the reason in the class comment.
    if (this.waiting.size === 0) this.inFlight -= 1;
    else setImmediate(() => this.handOver());
  }

  /** Gives a freed slot to the oldest waiter still within its wait, or frees it when none is left. */
  private handOver(): void {
    for (const waiter of this.waiting) {
      this.leave(waiter);
      // Its timer may not have fired yet when the loop is late: the wait is measured, not trusted to the timer.
      if (this.now() - waiter.enqueuedAt > this.limits.maxQueueWaitMs) {
        this.shed += 1;
        waiter.resolve({ admitted: false, reason: "queue-timeout" });
        continue;
      }
      waiter.resolve(this.admit());
      return;
    }
    this.inFlight -= 1;
  }

  private timeOut(waiter: Waiter): void {
    this.leave(waiter);
    this.shed += 1;
    waiter.resolve({ admitted: false, reason: "queue-timeout" });
  }

  private leave(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    waiter.detach();
    this.waiting.delete(waiter);
  }

  private abandon(): Admission {
    this.abandoned += 1;
    return { admitted: false, reason: "abandoned" };
  }

  /** A client gone before its deferred start: its slot passes on as if it had run. */
  private abandonSlot(): Admission {
    this.freeSlot();
    return this.abandon();
  }
}

export interface EventLoopDelay {
  meanMs: number;
  p99Ms: number;
  maxMs: number;
}

const NANOSECONDS_PER_MS = 1e6;

/**
 * The event loop's delay over recent windows: `delay()` is the worse (by p99) of the window under
 * way and the last complete one, so a reading right after a rotation still covers a full window,
 * and a stall is forgotten within two windows of its end.
 */
export class EventLoopMonitor {
  // Samples every 10 ms: fine enough to see a stall of tens of milliseconds, and costs nothing.
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private previous: EventLoopDelay | null = null;
  private rotation: NodeJS.Timeout | null = null;

  constructor(private readonly windowMs: number) {}

  start(): void {
    if (this.rotation) return;
    this.histogram.enable();
    this.rotation = setInterval(() => {
      this.previous = this.current();
      this.histogram.reset();
    }, this.windowMs);
    this.rotation.unref();
  }

  stop(): void {
    if (this.rotation) clearInterval(this.rotation);
    this.rotation = null;
    this.histogram.disable();
  }

  delay(): EventLoopDelay {
    const current = this.current();
    return this.previous && this.previous.p99Ms > current.p99Ms ? this.previous : current;
  }

  private current(): EventLoopDelay {
    // Nothing recorded yet (just started or just reset): no delay seen, rather than NaN.
    if (this.histogram.count === 0) return { meanMs: 0, p99Ms: 0, maxMs: 0 };
    const round = (nanoseconds: number) => Math.round((nanoseconds / NANOSECONDS_PER_MS) * 100) / 100;
    return { meanMs: round(this.histogram.mean), p99Ms: round(this.histogram.percentile(99)), maxMs: round(this.histogram.max) };
  }
}

/** What /readyz reports besides the database: a balancer's reasons to route around this process. */
export interface LoadReport {
  saturated: boolean;
  eventLoopDelayMs: { mean: number; p99: number; max: number; windowMs: number; readyBelow: number | null };
  operations: OperationCounts;
}

export interface LoadSheddingOptions {
  gate: OperationGateLimits;
  eventLoopWindowMs: number;
  /** p99 event-loop delay above which the process reports itself saturated; null: never. */
  readyMaxEventLoopDelayMs: number | null;
  /** Told of every refused request (to log it), with the counts after the refusal. */
  onShed?: (reason: ShedReason, counts: OperationCounts) => void;
}

export class LoadShedding {
  readonly gate: OperationGate;
  readonly monitor: EventLoopMonitor;
  /** Whole seconds a refused client is told to wait: by then every request now queued has been admitted or refused. */
  readonly retryAfterSeconds: number;

  constructor(private readonly options: LoadSheddingOptions) {
    this.gate = new OperationGate(options.gate);
    this.monitor = new EventLoopMonitor(options.eventLoopWindowMs);
    this.retryAfterSeconds = Math.max(1, Math.ceil(options.gate.maxQueueWaitMs / 1000));
  }

  /**
   * The GraphQL handler's admission hook: resolves with the function that frees the slot once the
   * operation is done, or with null when the request was refused (answered 503 here) or its client
   * went away while it waited (nothing to answer).
   */
  readonly admit = async (_request: IncomingMessage, response: ServerResponse): Promise<(() => void) | null> => {
    const abandoned = new AbortController();
    const onClose = () => abandoned.abort();
    // "close" before the response is written: the client hung up while its request waited.
    response.once("close", onClose);
    const admission = await this.gate.acquire(abandoned.signal);
    response.off("close", onClose);
    if (admission.admitted) return admission.release;
    if (admission.reason !== "abandoned") {
      this.options.onShed?.(admission.reason, this.gate.counts());
      sendOverloaded(response, admission.reason, this.retryAfterSeconds, this.options.gate);
    }
    return null;
  };

  report(): LoadReport {
    const delay = this.monitor.delay();
    const threshold = this.options.readyMaxEventLoopDelayMs;
    return {
      saturated: threshold !== null && delay.p99Ms > threshold,
      eventLoopDelayMs: { mean: delay.meanMs, p99: delay.p99Ms, max: delay.maxMs, windowMs: this.options.eventLoopWindowMs, readyBelow: threshold },
      operations: this.gate.counts(),
    };
  }
}

function sendOverloaded(response: ServerResponse, reason: ShedReason, retryAfterSeconds: number, limits: OperationGateLimits): void {
  const why =
    reason === "queue-full"
      ? `${limits.maxConcurrent} operations are running and ${limits.maxQueued} more are waiting`
      : `no operation slot freed within ${limits.maxQueueWaitMs} ms`;
  const body = JSON.stringify({
    errors: [
      {
        message: `Khabar is overloaded (${why}): retry after ${retryAfterSeconds} s.`,
        extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, reason, retryAfterSeconds },
      },
    ],
  });
  response.statusCode = 503;
  response.setHeader("retry-after", String(retryAfterSeconds));
  response.setHeader("content-type", "application/json; charset=utf-8");
  response.setHeader("content-length", Buffer.byteLength(body));
  response.end(body);
}
