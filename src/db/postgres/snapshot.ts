// Several reads from one state of a PostgreSQL database: an export (minutes of reads) or one
// JSON-LD document (a few dozen) must not mix rows from before and after a commit, as SQLite's
// read transaction guarantees there. One pooled connection, REPEATABLE READ, READ ONLY: the
// snapshot is taken at the first read and kept to the end, and nothing can be written by mistake.
import type pg from "pg";
import type { AsyncRunner } from "../read.js";
import { postgresRunner, type PostgresRunnerOptions } from "./run.js";

export async function inReadSnapshot<Result>(pool: pg.Pool, work: (run: AsyncRunner) => Promise<Result>, options: PostgresRunnerOptions = {}): Promise<Result> {
  const client = await pool.connect();
  let released = false;
  try {
    await client.query("begin isolation level repeatable read read only");
    const result = await work(postgresRunner(client, options));
    await client.query("commit");
    return result;
  } catch (error) {
    // A connection that failed mid-transaction is not given back to the pool.
    await client.query("rollback").catch((rollbackError: Error) => {
      client.release(rollbackError);
      released = true;
    });
    throw error;
  } finally {
    if (!released) client.release();
  }
}
