// Reads through streaming replicas: each read goes to the next replica that is up, and to the
// primary when none is. A replica that cannot be reached is set aside for a while (logged once
// when it goes and once when it is back); the read that found it down is retried elsewhere, so a
// client never sees a replica's failure. A SQL error is the query's, not the replica's: it is
// not retried.
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
}

/** The database cannot be reached at all: a retryable 503 for the client, not a masked internal error. */
export class DatabaseUnreachableError extends KhabarError {
  constructor(cause: unknown) {
    super(ErrorCode.SERVICE_UNAVAILABLE, "PostgreSQL cannot be reached right now (no replica answers either); retry shortly.", { reason: "DATABASE_UNREACHABLE" });
    this.name = "DatabaseUnreachableError";
    this.cause = cause;
  }
}

export function replicatedEngine(primary: pg.Pool, targets: readonly ReplicaTarget[], logger: Pick<Logger, "warn" | "info">, options: PostgresRunnerOptions & { now?: () => number } = {}): ReadEngine {
  const primaryRunner = postgresRunner(primary, options);
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
      return await inReadSnapshot(primary, work, options);
    } catch (error) {
      throw isConnectionFailure(error) ? new DatabaseUnreachableError(error) : error;
    }
  };
  if (targets.length === 0) return { dialect: POSTGRES, run: runOnPrimary, snapshot: snapshotOnPrimary };
  const now = options.now ?? Date.now;
  const replicas: Replica[] = targets.map((target) => ({ ...target, run: postgresRunner(target.pool, options), downUntil: 0 }));
  let next = 0;
  const pick = (): Replica | null => {
    const at = now();
    for (let tried = 0; tried < replicas.length; tried += 1) {
      const replica = replicas[(next + tried) % replicas.length]!;
      if (replica.downUntil <= at) {
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
        return await inReadSnapshot(replica.pool, (replicaRun) => ((connected = true), work(replicaRun)), options);
      } catch (error) {
        // Only a replica that could not be reached is skipped: work that failed once it ran is not run twice.
        if (connected || !isConnectionFailure(error)) throw error;
        if (replica.downUntil === 0) logger.warn({ replica: replica.where, err: error }, "a read replica cannot be reached: reads go elsewhere until it answers");
        replica.downUntil = now() + REPLICA_RETRY_MS;
      }
    }
    return snapshotOnPrimary(work);
  };
  return { dialect: POSTGRES, run, snapshot };
}
