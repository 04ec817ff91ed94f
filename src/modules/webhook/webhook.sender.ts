// Sends the outbox: due deliveries are claimed (webhook.claims.ts), posted to their webhook,
// signed, and marked DELIVERED on a 2xx answer; any other outcome is retried with exponential
// backoff until maxAttempts, then FAILED — every attempt's status or error is kept on the row.
// Writes never wait for it: it runs in the server after commits (woken when a write that queued
// deliveries is over: in this process on SQLite, on any process through PostgreSQL's
// khabar_outbox channel) and on a timer for retries and for rows nobody woke it for (`khabar
// import` in another process on SQLite; a notification missed while reconnecting).
//
// Every Khabar on one PostgreSQL database runs a sender; claims make each delivery one process's
// at a time, and a claim's lease (twice the attempt timeout) is what lets another process retry a
// delivery whose sender died: delivery is at least once, as with any outbox.
import { createHmac } from "node:crypto";
import type { Db } from "../../db/client.js";
import type { Dialect } from "../../db/dialect.js";
import { sqliteEngine, type ReadEngine } from "../../db/engine.js";
import type { ChangeListener } from "../../db/postgres/changes.js";
import type { AsyncRunner } from "../../db/read.js";
import { onDeliveriesQueued } from "./webhook.outbox.js";
import type { WebhookConfig } from "./webhook.config.js";
import { anyDue, claimDue, recordOutcome, targetsOf, type ClaimedDelivery, type DeliveryOutcome } from "./webhook.claims.js";
import { checkTarget } from "./webhook.targets.js";

const BATCH = 20;
const MAX_BACKOFF_MS = 60 * 60 * 1000;

/** `Khabar-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`: the scheme receivers know from Stripe. */
export function signature(secret: string, body: string, timestamp: number): string {
  return `t=${timestamp},v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export interface WebhookLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/** Where the sender finds its work: the outbox's database, and how this process hears that rows were queued. */
export interface Outbox {
  /** The dialect and runner of the outbox's statements: SQLite's connection, or PostgreSQL's primary (claims are writes). */
  readonly dialect: Dialect;
  readonly run: AsyncRunner;
  /** Calls `wake` whenever deliveries may have been queued; returns how to stop. */
  onQueued(wake: () => void): () => void;
}

/** The outbox of a SQLite database: its connection, woken by this process's commits that queued deliveries. */
export function sqliteOutbox(db: Db): Outbox {
  const { dialect, run } = sqliteEngine(db);
  return { dialect, run, onQueued: (wake) => onDeliveriesQueued(db, wake) };
}

/**
 * The outbox of a PostgreSQL database: statements on the primary (claims are writes, and a replica
 * may not have replayed a row just queued), woken by every process's commits that queued
 * deliveries, heard on the khabar_outbox channel.
 */
export function postgresOutbox(primary: Pick<ReadEngine, "dialect" | "run">, wakeups: Pick<ChangeListener, "subscribeToOutbox">): Outbox {
  return { dialect: primary.dialect, run: primary.run, onQueued: (wake) => wakeups.subscribeToOutbox(wake) };
}

/** How long a claim lasts: an attempt (target check and POST) is bounded by the timeout, and recording its outcome must fit too. */
export function leaseMs(config: Pick<WebhookConfig, "timeoutMs">): number {
  return 2 * config.timeoutMs;
}

interface Target {
  url: string;
  secret: string;
}

export class WebhookSender {
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private draining: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    /** Null for a server that sends none (one reading PostgreSQL without an outbox: other processes send). */
    private readonly outbox: Outbox | null,
    private readonly config: WebhookConfig,
    private readonly log: WebhookLog,
  ) {}

  start(): void {
    if (!this.outbox) return;
    this.stopped = false;
    this.unsubscribe = this.outbox.onQueued(() => this.wake());
    this.schedule();
    this.wake();
  }

  /** Stops taking work and waits for the attempts in flight (their outcomes recorded). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.unsubscribe?.();
    await this.draining;
  }

  /** Resolves once every delivery this process found due has been attempted (tests wait on it, not on the clock). */
  async drained(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private schedule(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.wake();
      this.schedule();
    }, this.config.pollMs);
    this.timer.unref();
  }

  private wake(): void {
    const { outbox } = this;
    if (this.stopped || !outbox) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain(outbox)
      .catch((error: unknown) => this.log.warn({ err: error }, "the webhook outbox could not be read or updated; the next poll tries again (claimed deliveries come due again when their lease ends)"))
      .finally(() => {
        this.draining = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async drain(outbox: Outbox): Promise<void> {
    const { dialect, run } = outbox;
    while (!this.stopped) {
      const now = Date.now();
      if (!(await run(anyDue(dialect, new Date(now).toISOString())))) return;
      const claimed = await run(claimDue(dialect, new Date(now).toISOString(), new Date(now + leaseMs(this.config)).toISOString(), BATCH));
      if (claimed.length === 0) return;
      const targets = new Map((await run(targetsOf(dialect, [...new Set(claimed.map((delivery) => delivery.webhookId))]))).map((target) => [target.id, target]));
      // Oldest first within the batch, as queued; they are sent together all the same.
      claimed.sort((a, b) => a.id - b.id);
      await Promise.all(claimed.map((delivery) => this.attempt(outbox, delivery, targets.get(delivery.webhookId))));
    }
  }

  private async attempt(outbox: Outbox, delivery: ClaimedDelivery, target: Target | undefined): Promise<void> {
    if (!target) return; // removed meanwhile: its deliveries went with it
    const attempts = delivery.attempts + 1;
    // One bound for the whole attempt, the target's DNS check included: the lease is reckoned from it.
    const signal = AbortSignal.timeout(this.config.timeoutMs);
    let outcome: DeliveryOutcome;
    try {
      const url = await untilAborted(checkTarget(target.url, this.config.allowPrivate), signal);
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "Khabar-Webhooks",
          "khabar-event": delivery.event,
          "khabar-delivery": String(delivery.id),
          "khabar-signature": signature(target.secret, delivery.payload, Math.floor(Date.now() / 1000)),
        },
        body: delivery.payload,
        redirect: "manual",
        signal,
      });
      await response.body?.cancel();
      outcome =
        response.status >= 200 && response.status < 300
          ? { status: "DELIVERED", attempts, lastStatus: response.status, lastError: null, deliveredAt: new Date().toISOString() }
          : this.retry(delivery, attempts, response.status, `answered ${response.status}`);
    } catch (error) {
      outcome = this.retry(delivery, attempts, null, error instanceof Error ? error.message : String(error));
    }
    const { changes } = await outbox.run(recordOutcome(outbox.dialect, delivery, outcome));
    if (changes === 0) {
      this.log.warn({ deliveryId: delivery.id, webhookId: delivery.webhookId, event: delivery.event, attempts }, "a webhook delivery's outcome was not recorded: its claim ran out and another process took it over, or the webhook was removed");
    }
  }

  /** The outcome of a failed attempt: another one after a backoff, or FAILED after the last. */
  private retry(delivery: ClaimedDelivery, attempts: number, lastStatus: number | null, lastError: string): DeliveryOutcome {
    const details = { deliveryId: delivery.id, webhookId: delivery.webhookId, event: delivery.event, attempts, lastError };
    if (attempts >= this.config.maxAttempts) {
      this.log.warn(details, "webhook delivery failed");
      return { status: "FAILED", attempts, lastStatus, lastError };
    }
    const delay = Math.min(MAX_BACKOFF_MS, this.config.retryBaseMs * 2 ** (attempts - 1));
    this.log.info({ ...details, retryInMs: delay }, "webhook delivery will be retried");
    return { attempts, lastStatus, lastError, nextAttemptAt: new Date(Date.now() + delay).toISOString() };
  }
}

/** `work`, or a rejection with the signal's reason once it aborts (a DNS lookup cannot be cancelled, only outwaited). */
function untilAborted<Value>(work: Promise<Value>, signal: AbortSignal): Promise<Value> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<Value>((resolve, reject) => {
    const abort = () => reject(signal.reason as Error);
    signal.addEventListener("abort", abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", abort));
  });
}
