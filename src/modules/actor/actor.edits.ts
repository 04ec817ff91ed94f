// The editing mutations of people and organizations: the input becomes the record (overlaid on
// the current one for an update), checked by the record's rules, written by ActorWriter.
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { BadUserInputError, ConflictError, NotFoundError } from "../../shared/errors.js";
import { decodeIdOf, toGlobalId } from "../../shared/global-id.js";
import { checkRecord, copyGiven, editTransaction, finished, type Editor, type Draft } from "../editing/edit-transaction.js";
import type { References } from "../editing/references.js";
import type { CreateOrganizationInput, UpdateOrganizationInput } from "../organization/organization.input.js";
import type { CreatePersonInput, UpdatePersonInput } from "../person/person.input.js";
import { SlugLookup } from "../slugs.js";
import { ACTOR_REFERENCE, type ActorRecord, actorRecordOf, checkOrganizationRecord, checkPersonRecord, ORGANIZATION_REFERENCE, type OrganizationRecord, type PersonRecord } from "./actor.record.js";
import { actors, type ActorRow, type ActorType } from "./actor.table.js";
import { ActorWriter } from "./actor.writer.js";

type PersonInput = CreatePersonInput | UpdatePersonInput;
type OrganizationInput = CreateOrganizationInput | UpdateOrganizationInput;

const NODE_TYPE: Record<ActorType, "Person" | "Organization"> = { PERSON: "Person", ORGANIZATION: "Organization" };

function actorRow(db: Db, id: string, actorType: ActorType): ActorRow {
  const nodeType = NODE_TYPE[actorType];
  const row = db.select().from(actors).where(eq(actors.id, decodeIdOf(id, [nodeType], "id"))).get();
  if (!row || row.actorType !== actorType) throw new NotFoundError(`No ${nodeType === "Person" ? "person" : "organization"} has the id "${id}".`);
  return row;
}

function personRecordFrom(base: Partial<PersonRecord>, input: PersonInput, references: References): PersonRecord {
  const draft: Draft<PersonRecord> = { ...base, type: "person" };
  copyGiven(draft, input, ["slug", "name", "nameEn", "aliases", "role", "roleEn", "country", "wikidataId", "sameAs"]);
  if (input.affiliation !== undefined) draft.affiliation = references.optional(input.affiliation, ORGANIZATION_REFERENCE, "affiliation");
  return finished(draft);
}

function organizationRecordFrom(base: Partial<OrganizationRecord>, input: OrganizationInput): OrganizationRecord {
  const draft: Draft<OrganizationRecord> = { ...base, type: "organization" };
  copyGiven(draft, input, ["slug", "name", "nameEn", "aliases", "kind", "country", "wikidataId", "sameAs"]);
  return finished(draft);
}

function recordFrom(actorType: ActorType, base: Partial<ActorRecord>, input: PersonInput | OrganizationInput, references: References): ActorRecord {
  return actorType === "PERSON" ? personRecordFrom(base as Partial<PersonRecord>, input as PersonInput, references) : organizationRecordFrom(base as Partial<OrganizationRecord>, input as OrganizationInput);
}

function checked(record: ActorRecord): ActorRecord {
  checkRecord(record, record.type === "person" ? checkPersonRecord : checkOrganizationRecord);
  return record;
}

export function createActor(editor: Editor, actorType: "PERSON", input: CreatePersonInput): ActorRow;
export function createActor(editor: Editor, actorType: "ORGANIZATION", input: CreateOrganizationInput): ActorRow;
export function createActor(editor: Editor, actorType: ActorType, input: CreatePersonInput | CreateOrganizationInput): ActorRow {
  const { db } = editor;
  return editTransaction(editor, ({ session, references }) => {
    const record = recordFrom(actorType, {}, input, references);
    references.check();
    new ActorWriter(session).write(checked(record), "new");
    return db.select().from(actors).where(eq(actors.slug, record.slug)).get()!;
  });
}

export function updateActor(editor: Editor, actorType: "PERSON", id: string, input: UpdatePersonInput): ActorRow;
export function updateActor(editor: Editor, actorType: "ORGANIZATION", id: string, input: UpdateOrganizationInput): ActorRow;
export function updateActor(editor: Editor, actorType: ActorType, id: string, input: UpdatePersonInput | UpdateOrganizationInput): ActorRow {
  const { db } = editor;
  return editTransaction(editor, ({ session, references }) => {
    const row = actorRow(db, id, actorType);
    const record = recordFrom(actorType, actorRecordOf(db, row, new SlugLookup(db)), input, references);
    references.check();
    new ActorWriter(session).write(checked(record), row.id);
    return db.select().from(actors).where(eq(actors.id, row.id)).get()!;
  });
}

/**
 * Deletes a person or organization. One that still speaks in statements is refused (CONFLICT)
 * unless `reassignTo` names who takes its statements over.
 */
export function deleteActor(editor: Editor, actorType: ActorType, id: string, reassignTo: string | null | undefined): string {
  const { db } = editor;
  return editTransaction(editor, ({ session, references }) => {
    const row = actorRow(db, id, actorType);
    const writer = new ActorWriter(session);
    const spoken = writer.statementCount(row.id);
    if (spoken > 0) {
      if (reassignTo == null) {
        throw new ConflictError(`"${row.slug}" still speaks in ${spoken} statement(s): reassign them (reassignTo) or delete them first.`, { statementCount: spoken });
      }
      const slug = references.one(reassignTo, ACTOR_REFERENCE, "reassignTo");
      const target = references.errors.length === 0 ? db.select().from(actors).where(eq(actors.slug, slug)).get() : undefined;
      if (!target) throw BadUserInputError.field("reassignTo", `no person or organization has the slug or id "${reassignTo.slice(0, 80)}"`);
      if (target.id === row.id) throw BadUserInputError.field("reassignTo", "cannot reassign statements to the actor being deleted");
      writer.reassignStatements(row.id, target.id);
    }
    writer.delete(row.id);
    return toGlobalId(NODE_TYPE[actorType], row.id);
  });
}

/** Folds a duplicate into another actor of the same type (see ActorWriter.merge). */
export function mergeActors(editor: Editor, actorType: ActorType, sourceId: string, targetId: string): ActorRow {
  const { db } = editor;
  return editTransaction(editor, ({ session }) => {
    const source = actorRow(db, sourceId, actorType);
    const target = actorRow(db, targetId, actorType);
    if (source.id === target.id) throw BadUserInputError.field("sourceId", "source and target are the same");
    new ActorWriter(session).merge(source, target);
    return db.select().from(actors).where(eq(actors.id, target.id)).get()!;
  });
}
