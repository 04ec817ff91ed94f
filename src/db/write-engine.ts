// Where a write runs: one transaction on the engine, all or nothing. The modules' writers are
// write programs (generators yielding each statement, db/write-session.ts); an engine drives one
// to the end inside a transaction and commits, or rolls everything back on the first error.
//
// SQLite drives it synchronously inside better-sqlite3's transaction (no promise between two
// statements: the import path keeps SQLite's speed) and publishes what the write changed to the
// process's change feed once it has committed. PostgreSQL's engine (db/postgres/write.ts) drives
// the same program over one pooled connection.
import { changeFeedOf } from "./change-feed.js";
import type { Db } from "./client.js";
import { SQLITE, type Dialect } from "./dialect.js";
import { sqliteRunner } from "./query.js";
import { runSynchronously } from "./read-program.js";
import type { WriteProgram, WriteSession } from "./write-session.js";

export interface WriteEngine {
  readonly dialect: Dialect;
  /**
   * Runs `program`, then the session's commit hooks, in one transaction, and commits. The result
   * (SQLite: synchronously; PostgreSQL: a promise), or the program's error with nothing written.
   */
  transaction<Result>(session: WriteSession, program: WriteProgram<Result>): Result | Promise<Result>;
}

const sqliteEngines = new WeakMap<Db, WriteEngine>();

export function sqliteWriteEngine(db: Db): WriteEngine {
  let engine = sqliteEngines.get(db);
  if (!engine) {
    const run = sqliteRunner(db.$client);
    engine = {
      dialect: SQLITE,
      transaction<Result>(session: WriteSession, program: WriteProgram<Result>): Result {
        session.connection = db.$client;
        const result = db.$client.transaction(() => {
          const value = runSynchronously(program, run);
          runSynchronously(session.committing(), run);
          return value;
        })();
        // Published only once committed: a rolled-back write raises no live update.
        changeFeedOf(db).publish(session.takeChanges());
        return result;
      },
    };
    sqliteEngines.set(db, engine);
  }
  return engine;
}
