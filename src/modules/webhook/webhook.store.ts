// Adding, listing and removing webhooks, and their delivery log (`khabar webhooks add|list|remove|deliveries`),
// on either engine: reads through a read engine, writes through a write engine (one transaction on
// SQLite's connection or PostgreSQL's primary), like every other write.
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { ReadEngine } from "../../db/engine.js";
import { columnsOf, limitLiteral } from "../../db/query.js";
import { read } from "../../db/read-program.js";
import { rows } from "../../db/read.js";
import { deleteRows, insertRow, rowWhere } from "../../db/table-writes.js";
import type { WriteEngine } from "../../db/write-engine.js";
import { WriteSession, type Author } from "../../db/write-session.js";
import { WEBHOOK_EVENTS } from "./webhook.outbox.js";
import { checkTarget, WebhookTargetError } from "./webhook.targets.js";
import { webhookDeliveries, webhooks, type WebhookDeliveryRow, type WebhookRow } from "./webhook.table.js";

export interface NewWebhook {
  url: string;
  /** Event names; every event when empty or absent. */
  events?: readonly string[];
  secret?: string;
}

/** Registrations change no content: no revision is written, but a write session wants an author. */
const OPERATOR: Author = { keyId: null, name: "cli" };

export class WebhookStore {
  constructor(
    private readonly reads: Pick<ReadEngine, "dialect" | "run">,
    private readonly writes: WriteEngine,
  ) {}

  /** Adds a webhook after checking its URL and events; returns it with its secret (shown once). */
  async add(input: NewWebhook, allowPrivate: boolean): Promise<{ row: WebhookRow; secret: string }> {
    const unknown = (input.events ?? []).filter((event) => !(WEBHOOK_EVENTS as readonly string[]).includes(event));
    if (unknown.length > 0) throw new WebhookTargetError(`unknown event(s) ${unknown.join(", ")}: choose from ${WEBHOOK_EVENTS.join(", ")}`);
    if (input.secret !== undefined && input.secret.length < 16) throw new WebhookTargetError("a secret must be at least 16 characters");
    const target = await checkTarget(input.url, allowPrivate);
    const secret = input.secret ?? randomBytes(24).toString("base64url");
    const events = input.events && input.events.length > 0 ? JSON.stringify([...new Set(input.events)].sort()) : null;
    const { dialect } = this.writes;
    const row = await this.writes.transaction(
      new WriteSession(dialect, undefined, OPERATOR),
      (function* () {
        const { insertedId } = yield* read(insertRow(dialect, webhooks, { url: target.toString(), events, secret, createdAt: new Date().toISOString() }));
        return yield* read(rowWhere(dialect, webhooks, "id", insertedId));
      })(),
    );
    if (!row) throw new Error("the webhook just added cannot be read back");
    return { row, secret };
  }

  list(): Promise<WebhookRow[]> {
    return this.reads.run(rows<WebhookRow>(this.reads.dialect, () => sql`select ${columnsOf(webhooks, "webhooks")} from ${webhooks} order by ${webhooks.id}`));
  }

  /** Removes a webhook and its delivery log; false when there is none with that id. */
  async remove(id: number): Promise<boolean> {
    const { dialect } = this.writes;
    const { changes } = await this.writes.transaction(new WriteSession(dialect, undefined, OPERATOR), read(deleteRows(dialect, webhooks, "id", id)));
    return changes > 0;
  }

  /** Deliveries of a webhook, newest first (the delivery log). */
  deliveries(webhookId: number, limit = 50): Promise<WebhookDeliveryRow[]> {
    return this.reads.run(
      rows<WebhookDeliveryRow>(
        this.reads.dialect,
        () => sql`select ${columnsOf(webhookDeliveries, "webhook_deliveries")} from ${webhookDeliveries} where ${webhookDeliveries.webhookId} = ${webhookId} order by ${webhookDeliveries.id} desc limit ${limitLiteral(limit)}`,
      ),
    );
  }
}
