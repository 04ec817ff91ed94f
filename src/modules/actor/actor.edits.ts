// The editing mutations of people and organizations: the input becomes the record (overlaid on
// the current one for an update), checked by the record's rules, written by ActorWriter.
import type { Dialect } from "../../db/dialect.js";
import { read } from "../../db/read-program.js";
import { rowWhere } from "../../db/table-writes.js";
import type { WriteProgram } from "../../db/write-session.js";
import { BadUserInputError, ConflictError, NotFoundError } from "../../shared/errors.js";
import { decodeIdOf, toGlobalId } from "../../shared/global-id.js";
import { checkRecord, copyGiven, editTransaction, finished, type Editor, type Draft } from "../editing/edit-transaction.js";
import type { References } from "../editing/references.js";
import type { CreateOrganizationInput, UpdateOrganizationInput } from "../organization/organization.input.js";
import type { CreatePersonInput, UpdatePersonInput } from "../person/person.input.js";
import { SlugLookup } from "../slugs.js";
import { ACTOR_REFERENCE, type ActorRecord, actorRecordsOf, checkOrganizationRecord, checkPersonRecord, ORGANIZATION_REFERENCE, type OrganizationRecord, type PersonRecord } from "./actor.record.js";
import { actors, type ActorRow, type ActorType } from "./actor.table.js";
import { ActorWriter } from "./actor.writer.js";

type PersonInput = CreatePersonInput | UpdatePersonInput;
type OrganizationInput = CreateOrganizationInput | UpdateOrganizationInput;

const NODE_TYPE: Record<ActorType, "Person" | "Organization"> = { PERSON: "Person", ORGANIZATION: "Organization" };

function* actorRow(dialect: Dialect, id: string, actorType: ActorType): WriteProgram<ActorRow> {
  const nodeType = NODE_TYPE[actorType];
  const row = yield* read(rowWhere(dialect, actors, "id", decodeIdOf(id, [nodeType], "id")));
  if (!row || row.actorType !== actorType) throw new NotFoundError(`No ${nodeType === "Person" ? "person" : "organization"} has the id "${id}".`);
  return row;
}

function* personRecordFrom(base: Partial<PersonRecord>, input: PersonInput, references: References): WriteProgram<PersonRecord> {
  const draft: Draft<PersonRecord> = { ...base, type: "person" };
  copyGiven(draft, input, ["slug", "name", "nameEn", "aliases", "role", "roleEn", "country", "wikidataId", "sameAs"]);
  if (input.affiliation !== undefined) draft.affiliation = yield* references.optional(input.affiliation, ORGANIZATION_REFERENCE, "affiliation");
  return finished(draft);
}

function organizationRecordFrom(base: Partial<OrganizationRecord>, input: OrganizationInput): OrganizationRecord {
  const draft: Draft<OrganizationRecord> = { ...base, type: "organization" };
  copyGiven(draft, input, ["slug", "name", "nameEn", "aliases", "kind", "country", "wikidataId", "sameAs"]);
  return finished(draft);
}

function* recordFrom(actorType: ActorType, base: Partial<ActorRecord>, input: PersonInput | OrganizationInput, references: References): WriteProgram<ActorRecord> {
  return actorType === "PERSON" ? yield* personRecordFrom(base as Partial<PersonRecord>, input as PersonInput, references) : organizationRecordFrom(base as Partial<OrganizationRecord>, input as OrganizationInput);
}

function checked(record: ActorRecord): ActorRecord {
  checkRecord(record, record.type === "person" ? checkPersonRecord : checkOrganizationRecord);
  return record;
}

type Written<Result> = Result | Promise<Result>;

export function createActor(editor: Editor, actorType: "PERSON", input: CreatePersonInput): Written<ActorRow>;
export function createActor(editor: Editor, actorType: "ORGANIZATION", input: CreateOrganizationInput): Written<ActorRow>;
export function createActor(editor: Editor, actorType: ActorType, input: CreatePersonInput | CreateOrganizationInput): Written<ActorRow> {
  return editTransaction(editor, function* ({ session, references }) {
    const record = yield* recordFrom(actorType, {}, input, references);
    references.check();
    yield* new ActorWriter(session).write(checked(record), "new");
    return (yield* read(rowWhere(session.dialect, actors, "slug", record.slug)))!;
  });
}

export function updateActor(editor: Editor, actorType: "PERSON", id: string, input: UpdatePersonInput): Written<ActorRow>;
export function updateActor(editor: Editor, actorType: "ORGANIZATION", id: string, input: UpdateOrganizationInput): Written<ActorRow>;
export function updateActor(editor: Editor, actorType: ActorType, id: string, input: UpdatePersonInput | UpdateOrganizationInput): Written<ActorRow> {
  return editTransaction(editor, function* ({ session, references }) {
    const row = yield* actorRow(session.dialect, id, actorType);
    const [current] = yield* actorRecordsOf([row], new SlugLookup(session.dialect));
    const record = yield* recordFrom(actorType, current!, input, references);
    references.check();
    yield* new ActorWriter(session).write(checked(record), row.id);
    return (yield* read(rowWhere(session.dialect, actors, "id", row.id)))!;
  });
}

/**
 * Deletes a person or organization. One that still speaks in statements is refused (CONFLICT)
 * unless `reassignTo` names who takes its statements over.
 */
export function deleteActor(editor: Editor, actorType: ActorType, id: string, reassignTo: string | null | undefined): Written<string> {
  return editTransaction(editor, function* ({ session, references }) {
    const row = yield* actorRow(session.dialect, id, actorType);
    const writer = new ActorWriter(session);
    const spoken = yield* writer.statementCount(row.id);
    if (spoken > 0) {
      if (reassignTo == null) {
        throw new ConflictError(`"${row.slug}" still speaks in ${spoken} statement(s): reassign them (reassignTo) or delete them first.`, { statementCount: spoken });
      }
      const slug = yield* references.one(reassignTo, ACTOR_REFERENCE, "reassignTo");
      const target = references.errors.length === 0 ? yield* read(rowWhere(session.dialect, actors, "slug", slug)) : undefined;
      if (!target) throw BadUserInputError.field("reassignTo", `no person or organization has the slug or id "${reassignTo.slice(0, 80)}"`);
      if (target.id === row.id) throw BadUserInputError.field("reassignTo", "cannot reassign statements to the actor being deleted");
      yield* writer.reassignStatements(row.id, target.id);
    }
    yield* writer.delete(row.id);
    return toGlobalId(NODE_TYPE[actorType], row.id);
  });
}

/** Folds a duplicate into another actor of the same type (see ActorWriter.merge). */
export function mergeActors(editor: Editor, actorType: ActorType, sourceId: string, targetId: string): Written<ActorRow> {
  return editTransaction(editor, function* ({ session }) {
    const source = yield* actorRow(session.dialect, sourceId, actorType);
    const target = yield* actorRow(session.dialect, targetId, actorType);
    if (source.id === target.id) throw BadUserInputError.field("sourceId", "source and target are the same");
    yield* new ActorWriter(session).merge(source, target);
    return (yield* read(rowWhere(session.dialect, actors, "id", target.id)))!;
  });
}
