// Sends the outbox: due deliveries are posted to their webhook, signed, and marked DELIVERED on a
// 2xx answer; any other outcome is retried with exponential backoff until maxAttempts, then
// FAILED — every attempt's status or error is kept on the row. Writes never wait for it: it runs
// in the server after commits (woken by the outbox once a write that queued deliveries is over)
// and on a timer for retries and for rows other processes (`khabar import`) queued.
import { createHmac } from "node:crypto";
import { and, asc, eq, lte, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import type { WebhookConfig } from "./webhook.config.js";
import { onDeliveriesQueued } from "./webhook.outbox.js";
import { checkTarget } from "./webhook.targets.js";
import { webhookDeliveries, webhooks, type WebhookDeliveryRow } from "./webhook.table.js";

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

export class WebhookSender {
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private draining: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly config: WebhookConfig,
    private readonly log: WebhookLog,
  ) {}

  start(): void {
    this.stopped = false;
    this.unsubscribe = onDeliveriesQueued(this.db, () => this.wake());
    this.schedule();
    this.wake();
  }

  /** Stops taking work and waits for the attempts in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.unsubscribe?.();
    await this.draining;
  }

  /** Resolves once every delivery due now has been attempted (tests wait on it, not on the clock). */
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
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async drain(): Promise<void> {
    for (;;) {
      const due = this.db
        .select()
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.status, "PENDING"), lte(webhookDeliveries.nextAttemptAt, new Date().toISOString())))
        .orderBy(asc(webhookDeliveries.id))
        .limit(BATCH)
        .all();
      if (due.length === 0 || this.stopped) return;
      await Promise.all(due.map((delivery) => this.attempt(delivery)));
    }
  }

  private async attempt(delivery: WebhookDeliveryRow): Promise<void> {
    const hook = this.db.select().from(webhooks).where(eq(webhooks.id, delivery.webhookId)).get();
    if (!hook) return; // removed meanwhile: its deliveries went with it
    const attempts = delivery.attempts + 1;
    try {
      const target = await checkTarget(hook.url, this.config.allowPrivate);
      const response = await fetch(target, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "Khabar-Webhooks",
          "khabar-event": delivery.event,
          "khabar-delivery": String(delivery.id),
          "khabar-signature": signature(hook.secret, delivery.payload, Math.floor(Date.now() / 1000)),
        },
        body: delivery.payload,
        redirect: "manual",
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
      await response.body?.cancel();
      if (response.status >= 200 && response.status < 300) {
        this.finish(delivery.id, { status: "DELIVERED", attempts, lastStatus: response.status, lastError: null, deliveredAt: new Date().toISOString() });
        return;
      }
      this.retry(delivery, attempts, response.status, `answered ${response.status}`);
    } catch (error) {
      this.retry(delivery, attempts, null, error instanceof Error ? error.message : String(error));
    }
  }

  private retry(delivery: WebhookDeliveryRow, attempts: number, lastStatus: number | null, lastError: string): void {
    if (attempts >= this.config.maxAttempts) {
      this.finish(delivery.id, { status: "FAILED", attempts, lastStatus, lastError });
      this.log.warn({ deliveryId: delivery.id, webhookId: delivery.webhookId, event: delivery.event, attempts, lastError }, "webhook delivery failed");
      return;
    }
    const delay = Math.min(MAX_BACKOFF_MS, this.config.retryBaseMs * 2 ** (attempts - 1));
    this.finish(delivery.id, { attempts, lastStatus, lastError, nextAttemptAt: new Date(Date.now() + delay).toISOString() });
    this.log.info({ deliveryId: delivery.id, webhookId: delivery.webhookId, event: delivery.event, attempts, lastError, retryInMs: delay }, "webhook delivery will be retried");
  }

  private finish(id: number, values: Partial<Pick<WebhookDeliveryRow, "status" | "attempts" | "lastStatus" | "lastError" | "deliveredAt" | "nextAttemptAt">>): void {
    this.db.update(webhookDeliveries).set(values).where(eq(webhookDeliveries.id, id)).run();
  }
}

/** Deliveries of a webhook, newest first (the delivery log). */
export function deliveriesOf(db: Db, webhookId: number, limit = 50): WebhookDeliveryRow[] {
  return db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, webhookId)).orderBy(sql`${webhookDeliveries.id} desc`).limit(limit).all();
}
