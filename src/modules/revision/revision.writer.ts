// Writes revisions: the writers of the other modules call it for every change they make, inside
// the write's transaction, with the record they already hold (import serializes, never re-reads).
import { read } from "../../db/read-program.js";
import { insertRow } from "../../db/table-writes.js";
import type { WriteProgram, WriteSession } from "../../db/write-session.js";
import { revisions, type RevisionAction, type RevisionEntityType } from "./revision.table.js";

export interface RevisionEntry {
  entityType: RevisionEntityType;
  entityId: number;
  action: RevisionAction;
  record: object;
}

/** Records one revision of an entity, by the session's author, at the session's time. */
export function* writeRevision(session: WriteSession, entry: RevisionEntry): WriteProgram<void> {
  const { author } = session;
  yield* read(
    insertRow(session.dialect, revisions, {
      entityType: entry.entityType,
      entityId: entry.entityId,
      action: session.action ?? entry.action,
      record: JSON.stringify(entry.record),
      authorKeyId: author.keyId,
      authorName: author.name,
      reason: session.reason,
      at: session.now(),
    }),
  );
}
