// Adding, listing and removing webhooks (`khabar webhooks add|list|remove`).
import { randomBytes } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { WEBHOOK_EVENTS } from "./webhook.outbox.js";
import { checkTarget, WebhookTargetError } from "./webhook.targets.js";
import { webhooks, type WebhookRow } from "./webhook.table.js";

export interface NewWebhook {
  url: string;
  /** Event names; every event when empty or absent. */
  events?: readonly string[];
  secret?: string;
}

/** Adds a webhook after checking its URL and events; returns it with its secret (shown once). */
export async function addWebhook(db: Db, input: NewWebhook, allowPrivate: boolean): Promise<{ row: WebhookRow; secret: string }> {
  const unknown = (input.events ?? []).filter((event) => !(WEBHOOK_EVENTS as readonly string[]).includes(event));
  if (unknown.length > 0) throw new WebhookTargetError(`unknown event(s) ${unknown.join(", ")}: choose from ${WEBHOOK_EVENTS.join(", ")}`);
  if (input.secret !== undefined && input.secret.length < 16) throw new WebhookTargetError("a secret must be at least 16 characters");
  const target = await checkTarget(input.url, allowPrivate);
  const secret = input.secret ?? randomBytes(24).toString("base64url");
  const events = input.events && input.events.length > 0 ? JSON.stringify([...new Set(input.events)].sort()) : null;
  const row = db.insert(webhooks).values({ url: target.toString(), events, secret, createdAt: new Date().toISOString() }).returning().get();
  return { row, secret };
}

export function listWebhooks(db: Db): WebhookRow[] {
  return db.select().from(webhooks).orderBy(asc(webhooks.id)).all();
}

/** Removes a webhook and its delivery log; false when there is none with that id. */
export function removeWebhook(db: Db, id: number): boolean {
  return db.delete(webhooks).where(eq(webhooks.id, id)).run().changes > 0;
}
