// Reads through streaming replicas: each read goes to the next replica that is up, and to the
// primary when none is. A replica that cannot be reached is set aside for a while (logged once
// when it goes and once when it is back); the read that found it down is retried elsewhere, so a
// client never sees a replica's failure. A SQL error is the query's, not the replica's: it is
// not retried. The engine's `primary` reads from the primary alone, for what must see the latest
// commit (a live update's, a mutation's, a client's right after its own write: http/read-your-writes.ts).
import type pg from "pg";
import type { Logger } from "pino";
import { POSTGRES } from "../dialect.js";
import type { ReadEngine, Snapshot } from "../engine.js";
import type { AsyncRunner, Read } from "../read.js";
import { ErrorCode, KhabarError } from "../../shared/errors.js";
import { inReadSnapshot, postgresRunner, type PostgresRunnerOptions } from "./run.js";

export interface ReplicaTarget {
  pool: pg.Pool;
  /** host:port/database, for the log. */
  where: string;
}

/** How long a replica that failed is left out before it is tried again. */
export const REPLICA_RETRY_MS = 5_000;

// Connection failures (node's socket errors, the server shutting down or not accepting yet,
// a connection ended under the read): the replica is down, not the query wrong.
const CONNECTION_ERRORS = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EHOSTUNREACH", "ETIMEDOUT", "EPIPE", "57P01", "57P02", "57P03", "08000", "08003", "08006", "08001", "08004"]);

export function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && CONNECTION_ERRORS.has(code)) return true;
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect/i.test(error.message);
}

interface Replica extends ReplicaTarget {
  run: AsyncRunner;
  /** When it may be tried again; 0 while it is up. */
  downUntil: number;
  /** Behind the primary by more than the allowed lag at the last check: left out until it catches up. */
  lagging: boolean;
}

export interface ReplicaLagOptions {
  /** KHABAR_MAX_REPLICA_LAG_BYTES: WAL a replica may have left to replay and still take reads. */
  maxLagBytes: number;
  /** KHABAR_REPLICA_LAG_CHECK_MS: how often each replica's replay position is compared with the primary's (0: never). */
  checkEveryMs: number;
}

export const DEFAULT_REPLICA_LAG: ReplicaLagOptions = { maxLagBytes: 8 * 1024 * 1024, checkEveryMs: 1_000 };

/** A replicated engine also watches its replicas' lag; `close` stops watching. */
export type ReplicatedEngine = ReadEngine & { close(): void };

/** The name `onStatement` gives the primary; a replica is named by its `where`. */
export const PRIMARY = "primary";

export interface ReplicatedEngineOptions {
  /** Called with the text of every statement sent and the server it went to: PRIMARY or a replica's `where` (tests count them per server). */
  onStatement?: (sql: string, server: string) => void;
  now?: () => number;
  lag?: ReplicaLagOptions;
}

/** The database cannot be reached at all: a retryable 503 for the client, not a masked internal error. */
export class DatabaseUnreachableError extends KhabarError {
  constructor(cause: unknown, message = "PostgreSQL cannot be reached right now (no replica answers either); retry shortly.", reason: "DATABASE_UNREACHABLE" | "COMMIT_OUTCOME_UNKNOWN" = "DATABASE_UNREACHABLE") {
    super(ErrorCode.SERVICE_UNAVAILABLE, message, { reason });
    this.name = "DatabaseUnreachableError";
    this.cause = cause;
  }
}

export function replicatedEngine(
  primary: pg.Pool,
  targets: readonly ReplicaTarget[],
  logger: Pick<Logger, "warn" | "info">,
  options: ReplicatedEngineOptions = {},
): ReplicatedEngine {
  const { onStatement } = options;
  const sentTo = (server: string): PostgresRunnerOptions => (onStatement ? { onStatement: (sql) => onStatement(sql, server) } : {});
  const onPrimary = sentTo(PRIMARY);
  const primaryRunner = postgresRunner(primary, onPrimary);
  // The pool drops a broken connection and makes a new one for the next read: a restarted primary
  // is used again without restarting Khabar.
  const runOnPrimary: AsyncRunner = async (read) => {
    try {
      return await primaryRunner(read);
    } catch (error) {
      throw isConnectionFailure(error) ? new DatabaseUnreachableError(error) : error;
    }
  };
  // A snapshot (several reads from one state: a JSON-LD document, an export) is one connection's
  // transaction, so it is made on one server; a replica that cannot be reached is left for the next.
  const snapshotOnPrimary: Snapshot = async (work) => {
    try {
      return await inReadSnapshot(primary, work, onPrimary);
    } catch (error) {
      throw isConnectionFailure(error) ? new DatabaseUnreachableError(error) : error;
    }
  };
  // Without replicas every read is the primary's already: there is no separate primary to offer.
  if (targets.length === 0) return { dialect: POSTGRES, run: runOnPrimary, snapshot: snapshotOnPrimary, close: () => undefined };
  const primaryEngine: ReadEngine = { dialect: POSTGRES, run: runOnPrimary, snapshot: snapshotOnPrimary };
  const now = options.now ?? Date.now;
  const replicas: Replica[] = targets.map((target) => ({ ...target, run: postgresRunner(target.pool, sentTo(target.where)), downUntil: 0, lagging: false }));
  const stopWatching = watchLag(primary, replicas, options.lag ?? DEFAULT_REPLICA_LAG, logger);
  let next = 0;
  const pick = (): Replica | null => {
    const at = now();
    for (let tried = 0; tried < replicas.length; tried += 1) {
      const replica = replicas[(next + tried) % replicas.length]!;
      if (replica.downUntil <= at && !replica.lagging) {
        next = (next + tried + 1) % replicas.length;
        return replica;
      }
    }
    return null;
  };
  const run = async <Result>(read: Read<Result>): Promise<Result> => {
    for (let replica = pick(); replica; replica = pick()) {
      try {
        const result = await replica.run(read);
        if (replica.downUntil !== 0) {
          replica.downUntil = 0;
          logger.info({ replica: replica.where }, "a read replica answers again");
        }
        return result;
      } catch (error) {
        if (!isConnectionFailure(error)) throw error;
        if (replica.downUntil === 0) logger.warn({ replica: replica.where, err: error }, "a read replica cannot be reached: reads go elsewhere until it answers");
        replica.downUntil = now() + REPLICA_RETRY_MS;
      }
    }
    return runOnPrimary(read);
  };
  const snapshot: Snapshot = async (work) => {
    for (let replica = pick(); replica; replica = pick()) {
      let connected = false;
      try {
        return await inReadSnapshot(replica.pool, (replicaRun) => ((connected = true), work(replicaRun)), sentTo(replica.where));
      } catch (error) {
        // Only a replica that could not be reached is skipped: work that failed once it ran is not run twice.
        if (connected || !isConnectionFailure(error)) throw error;
        if (replica.downUntil === 0) logger.warn({ replica: replica.where, err: error }, "a read replica cannot be reached: reads go elsewhere until it answers");
        replica.downUntil = now() + REPLICA_RETRY_MS;
      }
    }
    return snapshotOnPrimary(work);
  };
  return { dialect: POSTGRES, run, snapshot, primary: primaryEngine, close: stopWatching };
}

/**
 * Compares each replica's replay position with the primary's write position every
 * `checkEveryMs`: a replica with more than `maxLagBytes` of WAL left to replay answers with old
 * data, so reads go elsewhere (logged once when it falls behind, once when it has caught up).
 * Bytes, not seconds: a replica of an idle primary has an old replay timestamp and is up to date.
 * A check that cannot reach a server changes nothing: the reads themselves find that out.
 */
function watchLag(primary: pg.Pool, replicas: Replica[], options: ReplicaLagOptions, logger: Pick<Logger, "warn" | "info">): () => void {
  if (options.checkEveryMs <= 0) return () => undefined;
  let checking = false;
  const check = async () => {
    if (checking) return;
    checking = true;
    try {
      const position = (await primary.query<{ lsn: string }>("select pg_current_wal_lsn()::text as lsn")).rows[0]?.lsn;
      if (!position) return;
      for (const replica of replicas) {
        const behind = await replica.pool
          .query<{ bytes: number }>("select pg_wal_lsn_diff($1::pg_lsn, coalesce(pg_last_wal_replay_lsn(), '0/0'::pg_lsn))::float8 as bytes", [position])
          .then((result) => result.rows[0]?.bytes ?? 0, () => null);
        if (behind === null) continue;
        const lagging = behind > options.maxLagBytes;
        if (lagging === replica.lagging) continue;
        replica.lagging = lagging;
        if (lagging) logger.warn({ replica: replica.where, bytesBehind: behind }, "a read replica is behind the primary: reads go elsewhere until it catches up");
        else logger.info({ replica: replica.where }, "a read replica has caught up");
      }
    } catch {
      // The primary did not answer: leave every replica as it was.
    } finally {
      checking = false;
    }
  };
  const timer = setInterval(() => void check(), options.checkEveryMs);
  timer.unref();
  return () => clearInterval(timer);
}
