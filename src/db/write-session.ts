// What one write (an import batch, a mutation) shares across the modules' writers: the database,
// one clock, and the hot statements of the write path, prepared once per connection. Runs inside
// the caller's transaction (better-sqlite3 transactions are synchronous).
import type { Db } from "./client.js";
import { prepared } from "./query.js";

export class WriteSession {
  constructor(
    readonly db: Db,
    /** ISO time of the write; mutations pass a clock that always moves on. */
    readonly now: () => string = () => new Date().toISOString(),
  ) {}

  /** Runs a statement of the write path; raw SQL only where building a Drizzle query per row costs more than the write. */
  run(text: string, ...params: unknown[]): void {
    prepared(this.db.$client, text).run(...params);
  }

  get<Row>(text: string, ...params: unknown[]): Row | undefined {
    return prepared(this.db.$client, text).get(...params) as Row | undefined;
  }

  pluck<Value>(text: string, ...params: unknown[]): Value[] {
    return prepared(this.db.$client, text).pluck().all(...params) as Value[];
  }
}

let lastInstant = 0;
/** ISO time that strictly increases within the process, so `updatedAt` always moves on a change. */
export function monotonicNow(): string {
  lastInstant = Math.max(Date.now(), lastInstant + 1);
  return new Date(lastInstant).toISOString();
}
