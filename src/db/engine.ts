// The engine a request reads from: the dialect its statements are written in and the runner that
// executes them. SQLite's runs synchronously underneath; PostgreSQL's (db/postgres/run.ts) over a pool.
import type { Db } from "./client.js";
import { SQLITE, type Dialect } from "./dialect.js";
import { sqliteRunner } from "./query.js";
import { promised, type AsyncRunner } from "./read.js";

export interface ReadEngine {
  readonly dialect: Dialect;
  readonly run: AsyncRunner;
}

const sqliteEngines = new WeakMap<Db, ReadEngine>();

export function sqliteEngine(db: Db): ReadEngine {
  let engine = sqliteEngines.get(db);
  if (!engine) sqliteEngines.set(db, (engine = { dialect: SQLITE, run: promised(sqliteRunner(db.$client)) }));
  return engine;
}
