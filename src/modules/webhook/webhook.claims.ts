// The sender's statements on the outbox, the same on SQLite and PostgreSQL. Several Khabar
// processes may send from one PostgreSQL database, so a delivery is claimed before it is attempted:
// one UPDATE moves the next_attempt_at of a batch of due rows a lease ahead and returns them
// (`for update skip locked` on PostgreSQL: processes claiming at once take different rows, never
// the same one). The lease works as a visibility timeout: until it ends the row is due for nobody
// else; a process that dies mid-attempt leaves the row to come due again when it ends, for any
// process to retry. An outcome is written only while its claim still holds — the row still
// PENDING and next_attempt_at still the lease that claim set — so an attempt that outlived its
// lease, and was taken over, cannot overwrite the record of the attempt that took over.
import { sql } from "drizzle-orm";
import type { Dialect } from "../../db/dialect.js";
import { jsonList, limitLiteral } from "../../db/query.js";
import { reshaped, rows, type Read, type RunResult } from "../../db/read.js";
import { updateWhere, type TableValues } from "../../db/table-writes.js";
import { webhookDeliveries, webhooks } from "./webhook.table.js";

/** A delivery this process holds until `lease` (ISO time): what to send, and how many attempts it has had. */
export interface ClaimedDelivery {
  id: number;
  webhookId: number;
  event: string;
  payload: string;
  attempts: number;
  /** The next_attempt_at the claim set: its end, and the token the outcome is recorded with. */
  lease: string;
}

const column = (name: string) => sql.identifier(name);

/**
 * Whether any delivery is due at `now`: read before claiming, because the claim is a write even
 * when it finds nothing — on SQLite it would take the write lock on every poll, and wait behind
 * an import in another process holding it (better-sqlite3 waits synchronously, the server with it).
 */
export function anyDue(dialect: Dialect, now: string): Read<boolean> {
  return reshaped(
    rows<{ due: number }>(dialect, () => sql`select 1 as "due" from ${webhookDeliveries} where ${webhookDeliveries.status} = 'PENDING' and ${webhookDeliveries.nextAttemptAt} <= ${now} limit 1`),
    (found) => found.length > 0,
  );
}

/** Claims up to `limit` deliveries due at `now` (oldest first), each until `lease`; the rows it claimed. */
export function claimDue(dialect: Dialect, now: string, lease: string, limit: number): Read<ClaimedDelivery[]> {
  return rows<ClaimedDelivery>(
    dialect,
    () => sql`update ${webhookDeliveries} set ${column("next_attempt_at")} = ${lease}
      where ${column("id")} in (
        select ${column("id")} from ${webhookDeliveries}
        where ${column("status")} = 'PENDING' and ${column("next_attempt_at")} <= ${now}
        order by ${column("id")} limit ${limitLiteral(limit)} ${dialect.skipLocked}
      )
      returning ${column("id")} as "id", ${column("webhook_id")} as "webhookId", ${column("event")} as "event", ${column("payload")} as "payload",
        ${column("attempts")} as "attempts", ${column("next_attempt_at")} as "lease"`,
  );
}

/** The URL and secret of each webhook of a claimed batch. */
export function targetsOf(dialect: Dialect, webhookIds: readonly number[]): Read<{ id: number; url: string; secret: string }[]> {
  return rows(dialect, () => sql`select ${webhooks.id} as "id", ${webhooks.url} as "url", ${webhooks.secret} as "secret" from ${webhooks} where ${webhooks.id} ${dialect.inList(jsonList(webhookIds))}`);
}

export type DeliveryOutcome = Pick<TableValues<typeof webhookDeliveries>, "status" | "attempts" | "lastStatus" | "lastError" | "deliveredAt" | "nextAttemptAt">;

/** Records an attempt's outcome if `claim` still holds the row; `changes` is 0 when it no longer did. */
export function recordOutcome(dialect: Dialect, claim: Pick<ClaimedDelivery, "id" | "lease">, outcome: DeliveryOutcome): Read<RunResult> {
  return updateWhere(dialect, webhookDeliveries, outcome, sql`${webhookDeliveries.id} = ${claim.id} and ${webhookDeliveries.status} = 'PENDING' and ${webhookDeliveries.nextAttemptAt} = ${claim.lease}`);
}
