// The editing mutations of incidents: the input becomes the record (overlaid on the current one
// for an update), checked by the record's rules, written by IncidentWriter.
import type { Dialect } from "../../db/dialect.js";
import { read } from "../../db/read-program.js";
import { rowWhere } from "../../db/table-writes.js";
import type { WriteProgram } from "../../db/write-session.js";
import { NotFoundError } from "../../shared/errors.js";
import { decodeIdOf, toGlobalId } from "../../shared/global-id.js";
import { checkRecord, copyGiven, editTransaction, finished, type Editor, type Draft } from "../editing/edit-transaction.js";
import type { References } from "../editing/references.js";
import { SlugLookup } from "../slugs.js";
import type { CreateIncidentInput, UpdateIncidentInput } from "./incident.input.js";
import { checkIncidentRecord, incidentRecordsOf, type ClaimRecord, type IncidentLocationRecord, type IncidentRecord } from "./incident.record.js";
import { incidents, type IncidentRow } from "./incident.table.js";
import { IncidentWriter } from "./incident.writer.js";
import { LOCATION_REFERENCE } from "../location/location.record.js";
import { ACTOR_REFERENCE, ORGANIZATION_REFERENCE } from "../actor/actor.record.js";

function* incidentRow(dialect: Dialect, id: string): WriteProgram<IncidentRow> {
  const row = yield* read(rowWhere(dialect, incidents, "id", decodeIdOf(id, ["Incident"], "id")));
  if (!row) throw new NotFoundError(`No incident has the id "${id}".`);
  return row;
}

function* recordFrom(base: Partial<IncidentRecord>, input: CreateIncidentInput | UpdateIncidentInput, references: References): WriteProgram<IncidentRecord> {
  const draft: Draft<IncidentRecord> = { ...base, type: "incident" };
  copyGiven(draft, input, ["slug", "title", "titleEn", "kind", "occurredOn", "killed", "injured", "summary"]);
  if (input.location !== undefined) {
    if (input.location === null) draft.location = null;
    else {
      const location: Draft<IncidentLocationRecord> = {};
      copyGiven(location, input.location, ["place", "region", "country", "latitude", "longitude"]);
      draft.location = finished(location);
    }
  }
  if (input.locatedAt !== undefined) {
    if (input.location != null && input.locatedAt != null) references.errors.push({ path: "locatedAt", message: "give locatedAt or location, not both" });
    draft.location = yield* references.optional(input.locatedAt, LOCATION_REFERENCE, "locatedAt");
  }
  if (input.perpetrators !== undefined) draft.perpetrators = yield* references.many(input.perpetrators, ORGANIZATION_REFERENCE, "perpetrators");
  if (input.claims !== undefined) {
    if (input.claims === null) draft.claims = null;
    else {
      const claims: ClaimRecord[] = [];
      for (const [index, claim] of input.claims.entries()) {
        claims.push(
          finished<ClaimRecord>({
            actor: yield* references.one(claim.actor, ACTOR_REFERENCE, `claims.${index}.actor`),
            stance: claim.stance,
            accused: yield* references.optional(claim.accused, ACTOR_REFERENCE, `claims.${index}.accused`),
          }),
        );
      }
      draft.claims = claims;
    }
  }
  return finished(draft);
}

export function createIncident(editor: Editor, input: CreateIncidentInput): IncidentRow | Promise<IncidentRow> {
  return editTransaction(editor, function* ({ session, references }) {
    const record = yield* recordFrom({}, input, references);
    references.check();
    checkRecord(record, checkIncidentRecord);
    yield* new IncidentWriter(session).write(record, "new");
    return (yield* read(rowWhere(session.dialect, incidents, "slug", record.slug)))!;
  });
}

export function updateIncident(editor: Editor, id: string, input: UpdateIncidentInput): IncidentRow | Promise<IncidentRow> {
  return editTransaction(editor, function* ({ session, references }) {
    const row = yield* incidentRow(session.dialect, id);
    const [current] = yield* incidentRecordsOf([row], new SlugLookup(session.dialect));
    const record = yield* recordFrom(current!, input, references);
    references.check();
    checkRecord(record, checkIncidentRecord);
    yield* new IncidentWriter(session).write(record, row.id);
    return (yield* read(rowWhere(session.dialect, incidents, "id", row.id)))!;
  });
}

export function deleteIncident(editor: Editor, id: string): string | Promise<string> {
  return editTransaction(editor, function* ({ session }) {
    const row = yield* incidentRow(session.dialect, id);
    yield* new IncidentWriter(session).delete(row.id);
    return toGlobalId("Incident", row.id);
  });
}
