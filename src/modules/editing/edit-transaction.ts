// How every editing mutation writes: one synchronous transaction through the modules' writers
// (the same write path as import), and one translation of what can go wrong into coded errors.
// Any error rolls the whole transaction back, so a failed mutation changes nothing — and raises
// no live update: what the writers recorded is published to the change feed only after the commit.
import { changeFeedOf } from "../../db/change-feed.js";
import type { Db } from "../../db/client.js";
import { uniqueViolationOf } from "../../db/faults.js";
import { monotonicNow, WriteSession, type Author } from "../../db/write-session.js";
import { BadUserInputError, ConflictError, KhabarError } from "../../shared/errors.js";
import { Checker, RecordError } from "../../shared/record-check.js";
import { References } from "./references.js";

export interface EditTools {
  session: WriteSession;
  references: References;
}

const ENTITY_OF_TABLE: Record<string, string> = { actors: "a person or organization", articles: "an article", incidents: "an incident", locations: "a location" };

/**
 * Who edits: the request context's database and viewer (a resolver passes its Context). The
 * viewer's key becomes the author of the edit's revisions; the command line has none (`cli`).
 */
export interface Editor {
  db: Db;
  viewer: { keyId: number; name: string } | null;
  /** Why, as the mutation's `reason` argument says; kept on the revisions. */
  reason?: string | null;
}

export function authorOf(editor: Editor): Author {
  return editor.viewer ? { keyId: editor.viewer.keyId, name: editor.viewer.name } : { keyId: null, name: "cli" };
}

/** `argument`: the mutation argument the record's field paths are under (`input.slug`). */
export function editTransaction<Result>(editor: Editor, work: (tools: EditTools) => Result, argument = "input"): Result {
  const { db } = editor;
  const session = new WriteSession(db, monotonicNow, authorOf(editor));
  session.reason = editor.reason ?? null;
  let result: Result;
  try {
    result = db.$client.transaction(() => {
      const value = work({ session, references: new References(db) });
      session.committing();
      return value;
    })();
  } catch (error) {
    if (error instanceof KhabarError) throw error;
    if (error instanceof RecordError) {
      const fieldErrors = error.fieldErrors.map((fieldError) => ({ path: fieldError.path ? `${argument}.${fieldError.path}` : argument, message: fieldError.message }));
      throw new BadUserInputError(`Invalid input: ${fieldErrors.map((fieldError) => `${fieldError.path}: ${fieldError.message}`).join("; ")}`, fieldErrors);
    }
    // Uniqueness is the UNIQUE index's to enforce; this is the one place it becomes CONFLICT.
    const unique = uniqueViolationOf(error);
    if (unique) {
      const owner = ENTITY_OF_TABLE[unique.table] ?? "another record";
      throw new ConflictError(unique.field ? `That ${unique.field} is already used by ${owner}.` : "That value is already used.", unique.field ? { field: `${argument}.${unique.field}` } : {});
    }
    throw error;
  }
  changeFeedOf(db).publish(session.takeChanges());
  return result;
}

/** Checks a record with its kind's rules (the ones import applies); `remap` adjusts the paths. */
export function checkRecord(record: object, check: (checker: Checker, value: Record<string, unknown>) => void, remap: (path: string) => string = (path) => path): void {
  const value = record as Record<string, unknown>;
  const checker = new Checker(value);
  check(checker, value);
  if (checker.errors.length > 0) throw new RecordError(checker.errors.map((fieldError) => ({ ...fieldError, path: remap(fieldError.path) })));
}

/** A record being assembled from an input: any field may still be null (cleared) or absent. */
export type Draft<Record> = { -readonly [Field in keyof Record]?: Record[Field] | null };

/**
 * Copies the given fields from an input to a draft record where the input has them (absent
 * fields are undefined; null means "clear"). Fields are named by both types, so renaming an input
 * field without its record field (or the other way round) does not compile.
 */
export function copyGiven<Record, Input, Field extends keyof Record & keyof Input>(draft: Draft<Record>, input: Input, fields: readonly Field[]): void {
  for (const field of fields) {
    const value = input[field];
    if (value !== undefined) (draft as { [Key in Field]?: unknown })[field] = value;
  }
}

/** The record a draft became: null fields dropped (the record format treats absent and null alike). */
export function finished<Record extends object>(draft: Draft<Record>): Record {
  return Object.fromEntries(Object.entries(draft).filter(([, value]) => value !== null && value !== undefined)) as Record;
}
