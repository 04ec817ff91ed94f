// Runs the modules' reads (db/read.ts) on PostgreSQL. Reads whose text never varies (the batched
// loads, first pages) are sent as named prepared statements: PostgreSQL parses and plans each once
// per connection instead of on every request.
import type pg from "pg";
import { POSTGRES } from "../dialect.js";
import { checkOut } from "./checked-out.js";
import type { ReadEngine } from "../engine.js";
import { statementOf, type AsyncRunner, type Read, type RunResult } from "../read.js";

export interface PostgresRunnerOptions {
  /** Called with the text of every statement sent (tests count them). */
  onStatement?: (sql: string) => void;
}

/** A pool, or one of its connections (a snapshot's: inReadSnapshot below). */
export type Queryable = pg.Pool | pg.PoolClient;

// One name per statement text for the whole process: runners share the pool's connections, and a
// connection refuses a name it has prepared for another text.
const statementNames = new Map<string, string>();

export function postgresRunner(pool: Queryable, options: PostgresRunnerOptions = {}): AsyncRunner {
  return async <Result>(read: Read<Result>): Promise<Result> => {
    const { text, params } = statementOf(read);
    let name: string | undefined;
    if (read.textKey) {
      name = statementNames.get(text);
      if (name === undefined) statementNames.set(text, (name = `khabar_${statementNames.size + 1}`));
    }
    options.onStatement?.(text);
    const result = await pool.query<Record<string, unknown>>({ name, text, values: params.map(withoutNul) });
    if (read.mode !== "run") return read.shape(result.rows);
    // An insert that must tell its id says `returning "id"` on this engine (db/table-writes.ts).
    const insertedId = result.rows[0]?.["id"];
    return read.shape([{ changes: result.rowCount ?? 0, insertedId: typeof insertedId === "number" ? insertedId : null } satisfies RunResult]);
  };
}

export function postgresEngine(pool: pg.Pool, options: PostgresRunnerOptions = {}): ReadEngine {
  return { dialect: POSTGRES, run: postgresRunner(pool, options), snapshot: (work) => inReadSnapshot(pool, work, options) };
}

/**
 * PostgreSQL text cannot hold NUL (SQLite's can), so no stored value has one, and a parameter with
 * one is refused outright (22021, or "unsupported Unicode escape" in a jsonb list), which would
 * answer an odd lookup with an internal error. It becomes U+FFFD: the lookup then finds nothing,
 * as it does on SQLite, instead of failing.
 */
function withoutNul(value: unknown): unknown {
  if (typeof value !== "string") return value;
  if (value.includes("\0")) return value.replaceAll("\0", "\uFFFD");
  if (value.includes("\\u0000") && value.startsWith("[")) {
    try {
      return JSON.stringify(JSON.parse(value, (_key, item: unknown) => (typeof item === "string" ? item.replaceAll("\0", "\uFFFD") : item)));
    } catch {
      return value;
    }
  }
  return value;
}

// Several reads from one state of a PostgreSQL database: an export (minutes of reads) or one
// JSON-LD document (a few dozen) must not mix rows from before and after a commit, as SQLite's
// read transaction guarantees there. One pooled connection, REPEATABLE READ, READ ONLY: the
// snapshot is taken at the first read and kept to the end, and nothing can be written by mistake.
export async function inReadSnapshot<Result>(pool: pg.Pool, work: (run: AsyncRunner) => Promise<Result>, options: PostgresRunnerOptions = {}): Promise<Result> {
  const connection = await checkOut(pool);
  const { client } = connection;
  try {
    await client.query("begin isolation level repeatable read read only");
    const result = await work(postgresRunner(client, options));
    await client.query("commit");
    return result;
  } catch (error) {
    // A connection that failed mid-transaction (or was lost: checked-out.ts) is not given back to the pool.
    await client.query("rollback").catch((rollbackError: Error) => connection.release(rollbackError));
    throw error;
  } finally {
    connection.release();
  }
}
