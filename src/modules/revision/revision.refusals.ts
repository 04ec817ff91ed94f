// Refused mutations in the audit log: who tried to change something without the key or the role
// it needs. Reads are not logged.
import { and, desc, gte, lt } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { refusedMutations, type RefusedMutationRow } from "./revision.table.js";

export interface Refusal {
  mutation: string;
  code: "UNAUTHENTICATED" | "FORBIDDEN";
  keyId: number | null;
  keyName: string | null;
  requestId: string | null;
}

export function recordRefusal(db: Db, refusal: Refusal): void {
  db.insert(refusedMutations).values({ ...refusal, at: new Date().toISOString() }).run();
}

/** Newest first, at most `limit`, since `since` when given, older than the refusal `beforeId` when given. */
export function refusalsSince(db: Db, since: string | null, limit: number, beforeId: number | null = null): RefusedMutationRow[] {
  return db
    .select()
    .from(refusedMutations)
    .where(and(since === null ? undefined : gte(refusedMutations.at, since), beforeId === null ? undefined : lt(refusedMutations.id, beforeId)))
    .orderBy(desc(refusedMutations.id))
    .limit(limit)
    .all();
}
