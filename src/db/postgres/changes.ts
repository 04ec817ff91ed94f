// Commits, as every Khabar on the database hears of them, on three channels of one LISTEN connection:
// - khabar_changes: migration 0002's triggers NOTIFY it with a table's name in the writing
//   transaction, whatever wrote (a copy, a script): what clears the response cache;
// - khabar_live: PostgreSQL's write path sends the changes its transaction recorded (the
//   statements of `changeNotifications`, run just before COMMIT): what live updates publish into
//   each server's change feed. The writer hears its own notifications like everyone else, so every
//   process sees the same changes in the same order, the commit order;
// - khabar_outbox: a commit hook that queued work for a background sender (webhooks' deliveries)
//   notifies it from the same transaction (`outboxNotification`): what wakes every process's
//   sender at once, rather than on its next poll.
// NOTIFY is transactional: sent at commit, never for a rolled-back write, and delivered in commit
// order. One connection of its own, outside the pool: LISTEN belongs to a session. When that
// connection drops, notifications sent meanwhile are lost: the cache is cleared on reconnecting
// (rather than assume nothing happened), and the live events committed in between are gone for
// this server's subscribers (logged with the window; README, "Live updates").
import { sql } from "drizzle-orm";
import type pg from "pg";
import type { Logger } from "pino";
import type { Change, ChangeAction } from "../change-feed.js";
import { POSTGRES } from "../dialect.js";
import { postgresDriver } from "./driver.js";
import { reshaped, rows, type Read } from "../read.js";

export const CHANGES_CHANNEL = "khabar_changes";
export const LIVE_CHANNEL = "khabar_live";
export const OUTBOX_CHANNEL = "khabar_outbox";

/** PostgreSQL refuses a NOTIFY payload of this many bytes or more (its default build's limit). */
export const NOTIFY_PAYLOAD_LIMIT_BYTES = 8000;

// ---------------------------------------------------------------- the live channel's payload

// One notification is `{"part":1,"of":2,"runs":[["Statement","created",[41,42,43]],["Incident","updated",[7]]]}`:
// the transaction's changes in the order they were recorded, consecutive changes of one type and
// action folded into one run of ids (an import batch of a thousand statements is one run). A
// transaction whose changes do not fit in one payload sends several parts, numbered; PostgreSQL
// delivers one transaction's notifications together and in the order they were sent, so a
// listener puts the parts back together into the one batch of the commit.

type Run = [type: string, action: ChangeAction, ids: number[]];

interface LivePart {
  part: number;
  of: number;
  changes: Change[];
}

const ACTIONS: ReadonlySet<string> = new Set<ChangeAction>(["created", "updated", "deleted"]);

/** Room left in every payload for `{"part":…,"of":…,"runs":[` and `]}`, whatever the part numbers. */
const ENVELOPE_BYTES = 64;

/** The payloads of one transaction's changes, each shorter than `limitBytes` (exported for tests). */
export function encodeLiveChanges(changes: readonly Change[], limitBytes = NOTIFY_PAYLOAD_LIMIT_BYTES): string[] {
  const budget = limitBytes - 1 - ENVELOPE_BYTES;
  const parts: Run[][] = [];
  let runs: Run[] = [];
  let used = 0;
  for (const change of changes) {
    if (!Number.isSafeInteger(change.id)) throw new Error(`A change's id must be an integer: ${change.type} ${String(change.id)}`);
    const last = runs.at(-1);
    if (last && last[0] === change.type && last[1] === change.action) {
      // One more id in the run: its digits and a comma.
      const cost = String(change.id).length + 1;
      if (used + cost <= budget) {
        last[2].push(change.id);
        used += cost;
        continue;
      }
    }
    const runBytes = Buffer.byteLength(JSON.stringify([change.type, change.action, [change.id]]));
    if (runBytes > budget) throw new Error(`A change too large for a notification: type "${change.type.slice(0, 80)}"`);
    if (runs.length > 0 && used + 1 + runBytes > budget) {
      parts.push(runs);
      runs = [];
      used = 0;
    }
    used += (runs.length > 0 ? 1 : 0) + runBytes;
    runs.push([change.type, change.action, [change.id]]);
  }
  if (runs.length > 0) parts.push(runs);
  return parts.map((part, index) => {
    const payload = JSON.stringify({ part: index + 1, of: parts.length, runs: part });
    // The budget above makes this impossible; a payload PostgreSQL refuses would fail the write.
    if (Buffer.byteLength(payload) >= limitBytes) throw new Error(`A live notification of ${Buffer.byteLength(payload)} bytes, over PostgreSQL's limit`);
    return payload;
  });
}

/**
 * The statements that send a transaction's changes on the live channel. PostgreSQL's write path
 * runs them inside the transaction, just before COMMIT: they are delivered if and when it commits,
 * to every Khabar listening (the writer included), which publish them into their change feeds.
 * None for no change. Unkeyed (an unnamed statement): one `select pg_notify($1, $2)` per commit
 * gains nothing from being prepared.
 */
export function changeNotifications(changes: readonly Change[]): Read<unknown>[] {
  return encodeLiveChanges(changes).map((payload) =>
    reshaped(
      rows<unknown>(POSTGRES, () => sql`select pg_notify(${LIVE_CHANNEL}, ${payload})`),
      () => undefined,
    ),
  );
}

/**
 * The statement that tells every Khabar listening that the transaction queued outbox rows: run
 * inside it, so it is heard when (and only if) the rows are committed, and sent once however many
 * rows the transaction queued (PostgreSQL folds a transaction's identical notifications).
 */
export function outboxNotification(): Read<unknown> {
  return reshaped(
    rows<unknown>(POSTGRES, () => sql`select pg_notify(${OUTBOX_CHANNEL}, '')`),
    () => undefined,
  );
}

/** One notification's payload, checked; the reason it is refused otherwise. */
export function parseLivePart(payload: string): LivePart | { refused: string } {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return { refused: "not JSON" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { refused: "not an object" };
  const { part, of, runs } = value as Record<string, unknown>;
  if (!Number.isSafeInteger(part) || !Number.isSafeInteger(of) || (part as number) < 1 || (part as number) > (of as number)) return { refused: "no valid part and of" };
  if (!Array.isArray(runs)) return { refused: "no runs" };
  const changes: Change[] = [];
  for (const run of runs as unknown[]) {
    if (!Array.isArray(run) || run.length !== 3) return { refused: "a run that is not [type, action, ids]" };
    const [type, action, ids] = run as unknown[];
    if (typeof type !== "string" || type === "") return { refused: "a run without a type" };
    if (typeof action !== "string" || !ACTIONS.has(action)) return { refused: "a run with an unknown action" };
    if (!Array.isArray(ids) || ids.length === 0) return { refused: "a run without ids" };
    for (const id of ids as unknown[]) {
      if (!Number.isSafeInteger(id) || (id as number) < 1) return { refused: "an id that is not a positive integer" };
      changes.push({ type, id: id as number, action: action as ChangeAction });
    }
  }
  return { part: part as number, of: of as number, changes };
}

/**
 * Puts the parts of each transaction back together: `take` each payload as it arrives, `onBatch`
 * is called with a transaction's changes once its last part is in. A payload that is malformed or
 * out of sequence is refused (`onRefused`), and with it the incomplete transaction it interrupts:
 * never a throw, and never a partial batch. `reset` forgets a transaction in progress (its other
 * parts were lost with the connection).
 */
export function liveBatches(onBatch: (changes: readonly Change[]) => void, onRefused: (reason: string, payload: string) => void): { take(payload: string): void; reset(): void } {
  let pending: { of: number; next: number; changes: Change[] } | null = null;
  return {
    take(payload) {
      const parsed = parseLivePart(payload);
      if ("refused" in parsed) {
        if (pending) onRefused("an incomplete transaction, interrupted", payload);
        pending = null;
        onRefused(parsed.refused, payload);
        return;
      }
      if (parsed.part === 1) {
        if (pending) onRefused(`an incomplete transaction (${pending.next - 1} of ${pending.of} parts)`, payload);
        pending = { of: parsed.of, next: 1, changes: [] };
      } else if (!pending || parsed.part !== pending.next || parsed.of !== pending.of) {
        if (pending) onRefused(`an incomplete transaction (${pending.next - 1} of ${pending.of} parts)`, payload);
        pending = null;
        onRefused(`part ${parsed.part} of ${parsed.of} out of sequence`, payload);
        return;
      }
      for (const change of parsed.changes) pending.changes.push(change);
      pending.next += 1;
      if (parsed.part < parsed.of) return;
      const { changes } = pending;
      pending = null;
      if (changes.length > 0) onBatch(changes);
    },
    reset() {
      pending = null;
    },
  };
}

// ---------------------------------------------------------------- the listener

export interface ChangeListener {
  /** Called with the changed table's name (or "reconnected" when notifications may have been missed). */
  subscribe(listener: (table: string) => void): () => void;
  /**
   * Called with the changes of each transaction that sent them on the live channel — from any
   * process, the writer's own included — in commit order, checked (a malformed payload is logged
   * and dropped).
   */
  subscribeToLiveChanges(listener: (changes: readonly Change[]) => void): () => void;
  /**
   * Called once per commit that queued outbox rows (from any process), and on reconnecting (a
   * notification may have been missed meanwhile): the listener reads the outbox itself.
   */
  subscribeToOutbox(listener: () => void): () => void;
  close(): Promise<void>;
}

/** How much of a refused payload a log line shows. */
const LOGGED_PAYLOAD_CHARACTERS = 200;

export async function listenForChanges(url: string, logger: Pick<Logger, "warn" | "info">, options: { retryMs?: number } = {}): Promise<ChangeListener> {
  const retryMs = options.retryMs ?? 1_000;
  const listeners = new Set<(table: string) => void>();
  const liveListeners = new Set<(changes: readonly Change[]) => void>();
  const outboxListeners = new Set<() => void>();
  const emit = (table: string) => {
    for (const listener of listeners) listener(table);
  };
  const wakeOutbox = () => {
    for (const listener of outboxListeners) {
      try {
        listener();
      } catch (error) {
        logger.warn({ err: error }, "an outbox listener failed");
      }
    }
  };
  const batches = liveBatches(
    (changes) => {
      for (const listener of liveListeners) {
        try {
          listener(changes);
        } catch (error) {
          logger.warn({ err: error }, "a live-change listener failed");
        }
      }
    },
    (reason, payload) =>
      logger.warn({ channel: LIVE_CHANNEL, reason, payload: payload.slice(0, LOGGED_PAYLOAD_CHARACTERS) }, "a live-change notification was malformed and dropped"),
  );
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;
  /** When the connection dropped: live events committed since then are not heard. */
  let droppedAt: Date | null = null;

  const connect = async (): Promise<void> => {
    const { pg } = await postgresDriver();
    const next = new pg.Client({ connectionString: url, application_name: "khabar-changes" });
    next.on("notification", (message) => {
      if (message.channel === CHANGES_CHANNEL) emit(message.payload ?? "");
      else if (message.channel === LIVE_CHANNEL) batches.take(message.payload ?? "");
      else if (message.channel === OUTBOX_CHANNEL) wakeOutbox();
    });
    const lost = (error?: Error) => {
      if (closed || client !== next) return;
      client = null;
      droppedAt = new Date();
      batches.reset();
      logger.warn(
        { err: error },
        "the connection listening for content changes dropped; reconnecting. Live updates committed until it is back will not reach this server's subscribers",
      );
      schedule();
    };
    next.on("error", lost);
    next.on("end", () => lost());
    await next.connect();
    // Both on the one connection, so the order between the channels is the commit order too.
    await next.query(`LISTEN ${CHANGES_CHANNEL}`);
    await next.query(`LISTEN ${LIVE_CHANNEL}`);
    await next.query(`LISTEN ${OUTBOX_CHANNEL}`);
    client = next;
  };
  const schedule = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      connect().then(
        () => {
          const missedSince = droppedAt;
          droppedAt = null;
          logger.info("listening for content changes again");
          if (missedSince) {
            logger.warn(
              { missedSince: missedSince.toISOString(), missedUntil: new Date().toISOString() },
              "live updates committed while the change listener was reconnecting were missed: this server's subscribers did not receive them",
            );
          }
          emit("reconnected");
          wakeOutbox();
        },
        () => schedule(),
      );
    }, retryMs);
    retry.unref();
  };

  await connect();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    subscribeToLiveChanges(listener) {
      liveListeners.add(listener);
      return () => liveListeners.delete(listener);
    },
    subscribeToOutbox(listener) {
      outboxListeners.add(listener);
      return () => outboxListeners.delete(listener);
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const current = client;
      client = null;
      await current?.end().catch(() => undefined);
    },
  };
}
