import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Where to tell other systems about changes: `khabar webhooks add URL [--events …]`. */
export const webhooks = sqliteTable("webhooks", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  url: text("url").notNull(),
  /** A JSON list of event names; null for every event. */
  events: text("events"),
  /** The HMAC-SHA256 key deliveries are signed with (Khabar-Signature). */
  secret: text("secret").notNull(),
  createdAt: text("created_at").notNull(),
});

export const DELIVERY_STATUSES = ["PENDING", "DELIVERED", "FAILED"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * The outbox and the delivery log in one: a row is queued in the transaction of the write that
 * causes it (so a rolled-back write queues nothing and a committed one cannot lose its event), then
 * sent after the commit, retried with exponential backoff, and kept with its outcome.
 */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    webhookId: integer("webhook_id")
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    event: text("event").notNull(),
    /** The JSON body sent, byte for byte (the signature covers it). */
    payload: text("payload").notNull(),
    status: text("status", { enum: DELIVERY_STATUSES }).notNull().default("PENDING"),
    attempts: integer("attempts").notNull().default(0),
    /** When the next attempt is due (ISO-8601). */
    nextAttemptAt: text("next_attempt_at").notNull(),
    lastStatus: integer("last_status"),
    lastError: text("last_error"),
    createdAt: text("created_at").notNull(),
    deliveredAt: text("delivered_at"),
  },
  (table) => [index("webhook_deliveries_due_idx").on(table.status, table.nextAttemptAt), index("webhook_deliveries_webhook_idx").on(table.webhookId, table.id)],
);

export type WebhookRow = typeof webhooks.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
