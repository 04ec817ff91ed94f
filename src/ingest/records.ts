// The NDJSON interchange format (design.md §4): one record a line, cross-references by slug.
// Each module says what its records are (`*.record.ts`); this file reads a line and checks it
// against the kind its `type` names, reporting all problems of the line at once.
import type { ActorRecord, OrganizationRecord, PersonRecord } from "../modules/actor/actor.record.js";
import type { ArticleRecord } from "../modules/article/article.record.js";
import type { ClaimRecord, IncidentRecord } from "../modules/incident/incident.record.js";
import { RECORD_KINDS } from "../modules/index.js";
import type { LocationRecord } from "../modules/location/location.record.js";
import type { RecordKind } from "../modules/module.js";
import type { StatementClaimRecord, StatementRecord } from "../modules/statement/statement.record.js";
import { Checker, isObject, RecordError } from "../shared/record-check.js";

export type { ActorRecord, ArticleRecord, ClaimRecord, IncidentRecord, LocationRecord, OrganizationRecord, PersonRecord, StatementClaimRecord, StatementRecord };
export { RecordError };

/** Any record a file can hold. */
export type ContentRecord = ActorRecord | IncidentRecord | ArticleRecord;

const KINDS_BY_TYPE = new Map<string, RecordKind>(RECORD_KINDS.map((kind) => [kind.type, kind]));

/** Parses one line of NDJSON into a checked record of its kind, or throws RecordError with every problem. */
export function parseRecord(line: string): ContentRecord {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new RecordError([{ path: "", message: `not valid JSON (${(error as Error).message})` }]);
  }
  if (!isObject(value)) throw new RecordError([{ path: "", message: "must be a JSON object" }]);
  const check = new Checker(value);
  const type = check.oneOf("type", [...KINDS_BY_TYPE.keys()]);
  if (type === undefined) check.slug("slug", { required: true });
  else KINDS_BY_TYPE.get(type)!.check(check, value);
  if (check.errors.length > 0) throw new RecordError(check.errors);
  return value as unknown as ContentRecord;
}

/** The kind of a record parseRecord accepted. */
export function kindOf(record: { type: string }): RecordKind {
  return KINDS_BY_TYPE.get(record.type)!;
}
