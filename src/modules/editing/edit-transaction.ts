// How every editing mutation writes: one transaction through the modules' writers (the same write
// path as import) on the request's write engine, and one translation of what can go wrong into coded errors.
// Any error rolls the whole transaction back, so a failed mutation changes nothing — and raises
// no live update: what the writers recorded is published to the change feed only after the commit.
import { uniqueViolationOf } from "../../db/faults.js";
import type { WriteEngine } from "../../db/write-engine.js";
import { monotonicNow, WriteSession, type Author, type WriteProgram } from "../../db/write-session.js";
import { BadUserInputError, ConflictError, KhabarError } from "../../shared/errors.js";
import { Checker, RecordError } from "../../shared/record-check.js";
import { References } from "./references.js";

export interface EditTools {
  session: WriteSession;
  references: References;
}

const ENTITY_OF_TABLE: Record<string, string> = { actors: "a person or organization", articles: "an article", incidents: "an incident", locations: "a location" };

/**
 * Who edits: the request context's write engine and viewer (a resolver passes its Context). The
 * viewer's key becomes the author of the edit's revisions; the command line has none (`cli`).
 */
export interface Editor {
  /** Where the edit is written: the context's engine (SQLite's connection, or PostgreSQL's primary). */
  writes: WriteEngine;
  viewer: { keyId: number; name: string } | null;
  /** Why, as the mutation's `reason` argument says; kept on the revisions. */
  reason?: string | null;
}

export function authorOf(editor: Editor): Author {
  return editor.viewer ? { keyId: editor.viewer.keyId, name: editor.viewer.name } : { keyId: null, name: "cli" };
}

/**
 * Runs an edit: `work` is a write program (a generator function) run in one transaction on the
 * editor's write engine. `argument`: the mutation argument the record's field paths are under
 * (`input.slug`). On SQLite the result comes back synchronously, on PostgreSQL as a promise;
 * either way a failure is a coded error and nothing was written.
 */
export function editTransaction<Result>(editor: Editor, work: (tools: EditTools) => WriteProgram<Result>, argument = "input"): Result | Promise<Result> {
  const engine = editor.writes;
  const session = new WriteSession(engine.dialect, monotonicNow, authorOf(editor));
  session.reason = editor.reason ?? null;
  const translate = (error: unknown): never => {
    throw editError(error, argument);
  };
  let outcome: Result | Promise<Result>;
  try {
    outcome = engine.transaction(session, work({ session, references: new References(engine.dialect) }));
  } catch (error) {
    return translate(error);
  }
  return isPromise(outcome) ? outcome.catch(translate) : outcome;
}

function isPromise<Value>(value: Value | Promise<Value>): value is Promise<Value> {
  return value instanceof Promise;
}

/** What an edit's failure tells the client: the record's errors under the argument, a taken unique value as CONFLICT. */
function editError(error: unknown, argument: string): unknown {
  if (error instanceof KhabarError) return error;
  if (error instanceof RecordError) {
    const fieldErrors = error.fieldErrors.map((fieldError) => ({ path: fieldError.path ? `${argument}.${fieldError.path}` : argument, message: fieldError.message }));
    return new BadUserInputError(`Invalid input: ${fieldErrors.map((fieldError) => `${fieldError.path}: ${fieldError.message}`).join("; ")}`, fieldErrors);
  }
  // Uniqueness is the UNIQUE index's to enforce; this is the one place it becomes CONFLICT.
  const unique = uniqueViolationOf(error);
  if (unique) {
    const owner = ENTITY_OF_TABLE[unique.table] ?? "another record";
    return new ConflictError(unique.field ? `That ${unique.field} is already used by ${owner}.` : "That value is already used.", unique.field ? { field: `${argument}.${unique.field}` } : {});
  }
  return error;
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
