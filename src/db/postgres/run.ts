// Runs the modules' reads (db/read.ts) on PostgreSQL. Reads whose text never varies (the batched
// loads, first pages) are sent as named prepared statements: PostgreSQL parses and plans each once
// per connection instead of on every request.
import type pg from "pg";
import { POSTGRES } from "../dialect.js";
import type { ReadEngine } from "../engine.js";
import { statementOf, type AsyncRunner, type Read } from "../read.js";

export interface PostgresRunnerOptions {
  /** Called with the text of every statement sent (tests count them). */
  onStatement?: (sql: string) => void;
}

export function postgresRunner(pool: pg.Pool, options: PostgresRunnerOptions = {}): AsyncRunner {
  const names = new Map<string, string>();
  return async <Result>(read: Read<Result>): Promise<Result> => {
    const { text, params } = statementOf(read);
    let name: string | undefined;
    if (read.textKey) {
      name = names.get(text);
      if (name === undefined) names.set(text, (name = `khabar_read_${names.size + 1}`));
    }
    options.onStatement?.(text);
    const result = await pool.query<Record<string, unknown>>({ name, text, values: params as unknown[] });
    return read.shape(result.rows);
  };
}

export function postgresEngine(pool: pg.Pool, options: PostgresRunnerOptions = {}): ReadEngine {
  return { dialect: POSTGRES, run: postgresRunner(pool, options) };
}
