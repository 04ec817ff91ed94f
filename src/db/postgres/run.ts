// Runs the modules' reads (db/read.ts) on PostgreSQL. Reads whose text never varies (the batched
// loads, first pages) are sent as named prepared statements: PostgreSQL parses and plans each once
// per connection instead of on every request.
import type pg from "pg";
import { POSTGRES } from "../dialect.js";
import type { ReadEngine } from "../engine.js";
import { statementOf, type AsyncRunner, type Read } from "../read.js";
import { inReadSnapshot } from "./snapshot.js";

export interface PostgresRunnerOptions {
  /** Called with the text of every statement sent (tests count them). */
  onStatement?: (sql: string) => void;
}

/** A pool, or one of its connections (a snapshot's: db/postgres/snapshot.ts). */
export type Queryable = pg.Pool | pg.PoolClient;

export function postgresRunner(pool: Queryable, options: PostgresRunnerOptions = {}): AsyncRunner {
  const names = new Map<string, string>();
  return async <Result>(read: Read<Result>): Promise<Result> => {
    const { text, params } = statementOf(read);
    let name: string | undefined;
    if (read.textKey) {
      name = names.get(text);
      if (name === undefined) names.set(text, (name = `khabar_read_${names.size + 1}`));
    }
    options.onStatement?.(text);
    const result = await pool.query<Record<string, unknown>>({ name, text, values: params.map(withoutNul) });
    return read.shape(result.rows);
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
