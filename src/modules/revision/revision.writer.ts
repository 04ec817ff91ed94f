// Writes revisions: the writers of the other modules call it for every change they make, inside
// the write's transaction, with the record they already hold (import serializes, never re-reads).
import { sql } from "drizzle-orm";
import { perConnection } from "../../db/query.js";
import type { WriteSession } from "../../db/write-session.js";
import { revisions, type RevisionAction, type RevisionEntityType } from "./revision.table.js";

const statementsOf = perConnection((db) => ({
  insert: db
    .insert(revisions)
    .values({
      entityType: sql.placeholder("entityType"),
      entityId: sql.placeholder("entityId"),
      action: sql.placeholder("action"),
      record: sql.placeholder("record"),
      authorKeyId: sql.placeholder("authorKeyId"),
      authorName: sql.placeholder("authorName"),
      reason: sql.placeholder("reason"),
      at: sql.placeholder("at"),
    })
    .prepare(),
}));

export interface RevisionEntry {
  entityType: RevisionEntityType;
  entityId: number;
  action: RevisionAction;
  record: object;
}

/** Records one revision of an entity, by the session's author, at the session's time. */
export function writeRevision(session: WriteSession, entry: RevisionEntry): void {
  const { author } = session;
  statementsOf(session.db).insert.run({
    entityType: entry.entityType,
    entityId: entry.entityId,
    action: session.action ?? entry.action,
    record: JSON.stringify(entry.record),
    authorKeyId: author.keyId,
    authorName: author.name,
    reason: session.reason,
    at: session.now(),
  });
}
