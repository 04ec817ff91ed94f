// The editing mutations of incidents: the input becomes the record (overlaid on the current one
// for an update), checked by the record's rules, written by IncidentWriter.
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { NotFoundError } from "../../shared/errors.js";
import { decodeIdOf, toGlobalId } from "../../shared/global-id.js";
import { checkRecord, copyGiven, editTransaction, finished, type Editor, type Draft } from "../editing/edit-transaction.js";
import type { References } from "../editing/references.js";
import { SlugLookup } from "../slugs.js";
import type { CreateIncidentInput, UpdateIncidentInput } from "./incident.input.js";
import { checkIncidentRecord, incidentRecordOf, type ClaimRecord, type IncidentLocationRecord, type IncidentRecord } from "./incident.record.js";
import { incidents, type IncidentRow } from "./incident.table.js";
import { IncidentWriter } from "./incident.writer.js";
import { LOCATION_REFERENCE } from "../location/location.record.js";
import { ACTOR_REFERENCE, ORGANIZATION_REFERENCE } from "../actor/actor.record.js";

function incidentRow(db: Db, id: string): IncidentRow {
  const row = db.select().from(incidents).where(eq(incidents.id, decodeIdOf(id, ["Incident"], "id"))).get();
  if (!row) throw new NotFoundError(`No incident has the id "${id}".`);
  return row;
}

function recordFrom(base: Partial<IncidentRecord>, input: CreateIncidentInput | UpdateIncidentInput, references: References): IncidentRecord {
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
    draft.location = references.optional(input.locatedAt, LOCATION_REFERENCE, "locatedAt");
  }
  if (input.perpetrators !== undefined) draft.perpetrators = references.many(input.perpetrators, ORGANIZATION_REFERENCE, "perpetrators");
  if (input.claims !== undefined) {
    draft.claims = input.claims?.map((claim, index) =>
      finished<ClaimRecord>({ actor: references.one(claim.actor, ACTOR_REFERENCE, `claims.${index}.actor`), stance: claim.stance, accused: references.optional(claim.accused, ACTOR_REFERENCE, `claims.${index}.accused`) }),
    );
  }
  return finished(draft);
}

export function createIncident(editor: Editor, input: CreateIncidentInput): IncidentRow {
  const { db } = editor;
  return editTransaction(editor, ({ session, references }) => {
    const record = recordFrom({}, input, references);
    references.check();
    checkRecord(record, checkIncidentRecord);
    new IncidentWriter(session).write(record, "new");
    return db.select().from(incidents).where(eq(incidents.slug, record.slug)).get()!;
  });
}

export function updateIncident(editor: Editor, id: string, input: UpdateIncidentInput): IncidentRow {
  const { db } = editor;
  return editTransaction(editor, ({ session, references }) => {
    const row = incidentRow(db, id);
    const record = recordFrom(incidentRecordOf(db, row, new SlugLookup(db)), input, references);
    references.check();
    checkRecord(record, checkIncidentRecord);
    new IncidentWriter(session).write(record, row.id);
    return db.select().from(incidents).where(eq(incidents.id, row.id)).get()!;
  });
}

export function deleteIncident(editor: Editor, id: string): string {
  const { db } = editor;
  return editTransaction(editor, ({ session }) => {
    const row = incidentRow(db, id);
    new IncidentWriter(session).delete(row.id);
    return toGlobalId("Incident", row.id);
  });
}
