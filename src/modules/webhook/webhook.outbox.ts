// The outbox side of webhooks: what a committed write tells the hooks that asked for it. Runs as
// a commit hook (db/write-session.ts), inside the write's transaction, on either engine, so a
// delivery is queued exactly when its write commits. Events name what happened to what:
//   article.published · article.updated · article.deleted
//   statement.created · statement.updated · statement.deleted · statement.approved (an extracted one published)
//   incident.created · incident.updated · incident.deleted
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Change } from "../../db/change-feed.js";
import type { Db } from "../../db/client.js";
import { outboxNotification } from "../../db/postgres/changes.js";
import { jsonList } from "../../db/query.js";
import { read } from "../../db/read-program.js";
import { rows } from "../../db/read.js";
import { insertRow } from "../../db/table-writes.js";
import type { WriteProgram, WriteSession } from "../../db/write-session.js";
import { toGlobalId } from "../../shared/global-id.js";
import { statements } from "../statement/statement.table.js";
import { webhookDeliveries, webhooks } from "./webhook.table.js";

export const WEBHOOK_EVENTS = [
  "article.published",
  "article.updated",
  "article.deleted",
  "statement.created",
  "statement.updated",
  "statement.deleted",
  "statement.approved",
  "incident.created",
  "incident.updated",
  "incident.deleted",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** The events a change raises; `extracted` holds the ids of the created statements that came from suggestions. */
function eventsOf(change: Change, extracted: ReadonlySet<number>): WebhookEvent[] {
  const type = change.type.toLowerCase();
  if (type === "article") return [change.action === "created" ? "article.published" : change.action === "updated" ? "article.updated" : "article.deleted"];
  if (type === "statement") {
    const base = `statement.${change.action}` as WebhookEvent;
    if (change.action !== "created") return [base];
    return extracted.has(change.id) ? [base, "statement.approved"] : [base];
  }
  if (type === "incident") return [`incident.${change.action}` as WebhookEvent];
  return [];
}

// Who to wake when deliveries are queued on a SQLite connection (the server's sender), by connection.
// On PostgreSQL the outbox's notification wakes every process's sender instead.
const wakers = new WeakMap<object, () => void>();

/** Calls `wake` after each write that queued deliveries on this database, once its transaction is over. */
export function onDeliveriesQueued(db: Db, wake: () => void): () => void {
  wakers.set(db.$client, wake);
  return () => wakers.delete(db.$client);
}

/** Queues a delivery per (change, event, hook that wants it). Cheap when there is no webhook: one indexed read. */
export function* queueDeliveries(session: WriteSession, changes: readonly Change[]): WriteProgram<void> {
  const { dialect } = session;
  const registered = yield* read(rows<{ id: number; events: string | null }>(dialect, () => sql`select ${webhooks.id} as "id", ${webhooks.events} as "events" from ${webhooks}`));
  const hooks = registered.map((hook) => ({ id: hook.id, events: hook.events === null ? null : new Set(JSON.parse(hook.events) as string[]) }));
  if (hooks.length === 0) return;
  const now = session.now();
  const created = changes.filter((change) => change.type === "Statement" && change.action === "created").map((change) => change.id);
  const extractedRows =
    created.length === 0
      ? []
      : yield* read(rows<{ id: number }>(dialect, () => sql`select ${statements.id} as "id" from ${statements} where ${statements.id} ${dialect.inList(jsonList(created))} and ${statements.origin} = 'EXTRACTED'`));
  const extracted = new Set(extractedRows.map((row) => row.id));
  let queued = false;
  for (const change of changes) {
    for (const event of eventsOf(change, extracted)) {
      const wanting = hooks.filter((hook) => hook.events === null || hook.events.has(event));
      if (wanting.length === 0) continue;
      const payload = JSON.stringify({ id: randomUUID(), event, entity: { type: change.type, id: toGlobalId(change.type, change.id) }, occurredAt: now });
      for (const hook of wanting) yield* read(insertRow(dialect, webhookDeliveries, { webhookId: hook.id, event, payload, nextAttemptAt: now, createdAt: now }));
      queued = true;
    }
  }
  if (!queued) return;
  // Every Khabar on the database hears this at commit (this one too), and claims what it can.
  if (dialect.name === "postgres") yield* read(outboxNotification());
  // Deferred: this runs inside the write's transaction, and the sender must read committed rows only
  // (SQLite's transaction is synchronous: it is over before the next turn of the event loop).
  const wake = session.connection ? wakers.get(session.connection) : undefined;
  if (wake) setImmediate(wake);
}
