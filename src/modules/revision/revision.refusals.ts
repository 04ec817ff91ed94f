// Refused mutations in the audit log: who tried to change something without the key or the role
// it needs. Reads are not logged. Where they are kept is the server's refusal log: SQLite's file
// (below), or PostgreSQL's primary, shared by every Khabar on the database (revision.refusal-recorder.ts).
import { and, gte, lt, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { SQLITE, type Dialect } from "../../db/dialect.js";
import { sqliteEngine } from "../../db/engine.js";
import { limitLiteral, columnsOf } from "../../db/query.js";
import { rows, type Read } from "../../db/read.js";
import { refusedMutations, type RefusedMutationRow } from "./revision.table.js";

export interface Refusal {
  mutation: string;
  code: "UNAUTHENTICATED" | "FORBIDDEN";
  keyId: number | null;
  keyName: string | null;
  requestId: string | null;
}

/** Where a server keeps the refusals it answers, and reads them back for `refusedMutations`. */
export interface RefusalLog {
  /**
   * Records a refusal. It must never make the refused request slower or fail differently on an
   * engine that is reached over the network: PostgreSQL's log starts the write and returns.
   */
  record(refusal: Refusal): void;
  /** Newest first, at most `limit`, since `since` when given, older than the refusal `beforeId` when given. */
  page(since: string | null, limit: number, beforeId?: number | null): RefusedMutationRow[] | Promise<RefusedMutationRow[]>;
}

export function recordRefusal(db: Db, refusal: Refusal): void {
  db.insert(refusedMutations).values({ ...refusal, at: new Date().toISOString() }).run();
}

const sqliteLogs = new WeakMap<Db, RefusalLog>();

/** SQLite's log: the server's own file, written in place (a local insert, as before there was any other engine). */
export function sqliteRefusalLog(db: Db): RefusalLog {
  let log = sqliteLogs.get(db);
  if (!log) {
    log = { record: (refusal) => recordRefusal(db, refusal), page: (since, limit, beforeId = null) => sqliteEngine(db).run(refusalPage(SQLITE, since, limit, beforeId)) };
    sqliteLogs.set(db, log);
  }
  return log;
}

/** Refused mutations newest first, at most `limit`, since `since`, older than the refusal `beforeId`: one read for every engine. */
export function refusalPage(dialect: Dialect, since: string | null, limit: number, beforeId: number | null = null): Read<RefusedMutationRow[]> {
  return rows<RefusedMutationRow>(dialect, () => {
    const where = and(since === null ? undefined : gte(refusedMutations.at, since), beforeId === null ? undefined : lt(refusedMutations.id, beforeId));
    return sql`select ${columnsOf(refusedMutations, "refused_mutations")} from ${refusedMutations}${where ? sql` where ${where}` : sql``} order by ${refusedMutations.id} desc limit ${limitLiteral(limit)}`;
  });
}
