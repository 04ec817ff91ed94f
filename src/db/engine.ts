// The engine a request reads from: the dialect its statements are written in and the runner that
// executes them. SQLite's runs synchronously underneath; PostgreSQL's (db/postgres/run.ts) over a pool.
import type { Db } from "./client.js";
import { SQLITE, type Dialect } from "./dialect.js";
import { sqliteRunner } from "./query.js";
import { promised, type AsyncRunner } from "./read.js";

/** Runs `work` with reads from one state of the database (one JSON-LD document, an export). */
export type Snapshot = <Result>(work: (run: AsyncRunner) => Promise<Result>) => Promise<Result>;

export interface ReadEngine {
  readonly dialect: Dialect;
  readonly run: AsyncRunner;
  /** Absent on SQLite, whose callers read synchronously inside a read transaction instead. */
  readonly snapshot?: Snapshot;
  /**
   * Reads that must see the newest commit, on the primary alone (its runs and its snapshots): a
   * live update's, right after its commit's notification; a mutation's; a client's right after
   * its own write (http/read-your-writes.ts). A streaming replica may not have replayed that
   * commit yet. Set by the replicated PostgreSQL engine (db/postgres/replicas.ts); absent where
   * `run` always reads the newest state (SQLite, one PostgreSQL server without replicas).
   */
  readonly primary?: ReadEngine;
}

const sqliteEngines = new WeakMap<Db, ReadEngine>();

export function sqliteEngine(db: Db): ReadEngine {
  let engine = sqliteEngines.get(db);
  if (!engine) sqliteEngines.set(db, (engine = { dialect: SQLITE, run: promised(sqliteRunner(db.$client)) }));
  return engine;
}
