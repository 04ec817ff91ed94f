// Writes on PostgreSQL: a write program (db/write-session.ts) run over one pooled connection of
// the primary, inside one transaction, all or nothing.
//
// - One writer at a time, as on SQLite: each write transaction first takes a transaction-level
//   advisory lock, so the writers' read-then-write steps (an upsert by slug, "is this slug free",
//   a position after the last statement) see no concurrent write between their statements,
//   whichever Khabar process runs them. Writes are an editor's, not the read load's: serializing
//   them costs little and keeps one set of semantics on both engines.
// - What the write changed is announced before COMMIT (`announce`, the live-update channel), so
//   every Khabar — this one included — hears it exactly when the write is committed.
// - A connection that fails (primary down, restarting, failing over) is SERVICE_UNAVAILABLE,
//   retryable; the transaction was not committed, so nothing was written — unless it failed
//   while COMMIT was being sent or answered: then the write may have been made
//   (COMMIT_OUTCOME_UNKNOWN), and the client is told to read before retrying.
import type pg from "pg";
import { POSTGRES } from "../dialect.js";
import { checkOut, type CheckedOut } from "./checked-out.js";
import type { Change } from "../change-feed.js";
import { runAsynchronously } from "../read-program.js";
import type { Read } from "../read.js";
import type { WriteEngine } from "../write-engine.js";
import type { WriteProgram, WriteSession } from "../write-session.js";
import { DatabaseUnreachableError, isConnectionFailure } from "./replicas.js";
import { postgresRunner, type PostgresRunnerOptions } from "./run.js";

/** The advisory lock key every Khabar write transaction holds (any fixed 64-bit number; "khabar" in ASCII). */
export const WRITE_LOCK_KEY = 0x6b6861626172;

export interface PostgresWriteOptions extends PostgresRunnerOptions {
  /** The statements that announce a write's changes to every listener (run last, before COMMIT). */
  announce?: (changes: readonly Change[]) => readonly Read<unknown>[];
}

export function postgresWriteEngine(primary: pg.Pool, options: PostgresWriteOptions = {}): WriteEngine {
  return {
    dialect: POSTGRES,
    transaction: <Result>(session: WriteSession, program: WriteProgram<Result>) => inWriteTransaction(primary, session, program, options),
  };
}

const NOT_WRITTEN = "The PostgreSQL primary cannot be reached right now, so the write was not made; retry shortly (reads keep working).";
const UNKNOWN_OUTCOME = "The connection to the PostgreSQL primary was lost while the write was committing: it may or may not have been made; read before retrying.";

async function inWriteTransaction<Result>(primary: pg.Pool, session: WriteSession, program: WriteProgram<Result>, options: PostgresWriteOptions): Promise<Result> {
  let connection: CheckedOut;
  try {
    connection = await checkOut(primary);
  } catch (error) {
    throw isConnectionFailure(error) ? new DatabaseUnreachableError(error, NOT_WRITTEN) : error;
  }
  const { client } = connection;
  session.connection = primary;
  let broken: Error | undefined;
  let committing = false;
  try {
    await client.query("begin");
    await client.query("select pg_advisory_xact_lock($1)", [WRITE_LOCK_KEY]);
    const run = postgresRunner(client, options);
    const result = await runAsynchronously(program, run);
    await runAsynchronously(session.committing(), run);
    for (const announcement of options.announce?.(session.pendingChanges) ?? []) await run(announcement);
    committing = true;
    await client.query("commit");
    // Published by every process's listener when it hears the announcement, this one's too.
    session.takeChanges();
    return result;
  } catch (error) {
    await client.query("rollback").catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    if (!isConnectionFailure(error)) throw error;
    throw committing ? new DatabaseUnreachableError(error, UNKNOWN_OUTCOME, "COMMIT_OUTCOME_UNKNOWN") : new DatabaseUnreachableError(error, NOT_WRITTEN);
  } finally {
    // A connection that failed mid-transaction (or was lost: checked-out.ts) is not given back to the pool.
    connection.release(broken);
  }
}
