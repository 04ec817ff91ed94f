// The editing mutations of locations: the input becomes the record (overlaid on the current one
// for an update), checked by the record's rules, written by LocationWriter.
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import type { WriteSession } from "../../db/write-session.js";
import { BadUserInputError, ConflictError, NotFoundError } from "../../shared/errors.js";
import { decodeIdOf, toGlobalId } from "../../shared/global-id.js";
import { checkRecord, copyGiven, editTransaction, finished, type Editor, type Draft } from "../editing/edit-transaction.js";
import type { References } from "../editing/references.js";
import { reindexIncidentsAt } from "../incident/incident.search.js";
import { SlugLookup } from "../slugs.js";
import type { CreateLocationInput, UpdateLocationInput } from "./location.input.js";
import { checkLocationRecord, LOCATION_REFERENCE, type LocationRecord, locationRecordOf } from "./location.record.js";
import { locations, type LocationRow } from "./location.table.js";
import { LocationWriter } from "./location.writer.js";

/** The writer; incidents whose place changed get fresh search rows, and count as updated (incidentUpdated). */
export function locationWriter(session: WriteSession): LocationWriter {
  return new LocationWriter(session, (ids) => {
    for (const id of reindexIncidentsAt(session.db, ids)) session.changed({ type: "Incident", id, action: "updated" });
  });
}

function locationRow(db: Db, id: string, argument = "id"): LocationRow {
  const row = db.select().from(locations).where(eq(locations.id, decodeIdOf(id, ["Location"], argument))).get();
  if (!row) throw new NotFoundError(`No location has the id "${id}".`);
  return row;
}

function recordFrom(base: Partial<LocationRecord>, input: CreateLocationInput | UpdateLocationInput, references: References): LocationRecord {
  const draft: Draft<LocationRecord> = { ...base, type: "location" };
  copyGiven(draft, input, ["slug", "name", "nameEn", "aliases", "kind", "country", "region", "latitude", "longitude", "wikidataId", "sameAs"]);
  if (input.parent !== undefined) draft.parent = references.optional(input.parent, LOCATION_REFERENCE, "parent");
  return finished(draft);
}

export function createLocation(editor: Editor, input: CreateLocationInput): LocationRow {
  const { db } = editor;
  return editTransaction(editor, ({ session, references }) => {
    const record = recordFrom({}, input, references);
    references.check();
    checkRecord(record, checkLocationRecord);
    locationWriter(session).write(record, "new");
    return db.select().from(locations).where(eq(locations.slug, record.slug)).get()!;
  });
}

export function updateLocation(editor: Editor, id: string, input: UpdateLocationInput): LocationRow {
  const { db } = editor;
  return editTransaction(editor, ({ session, references }) => {
    const row = locationRow(db, id);
    const record = recordFrom(locationRecordOf(db, row, new SlugLookup(db)), input, references);
    references.check();
    checkRecord(record, checkLocationRecord);
    locationWriter(session).write(record, row.id);
    return db.select().from(locations).where(eq(locations.id, row.id)).get()!;
  });
}

/**
 * Deletes a location. One that incidents happened at is refused (CONFLICT) unless `reassignTo`
 * names where they move; one with places inside it is refused until they are moved or deleted.
 */
export function deleteLocation(editor: Editor, id: string, reassignTo: string | null | undefined): string {
  const { db } = editor;
  return editTransaction(editor, ({ session }) => {
    const row = locationRow(db, id);
    const writer = locationWriter(session);
    const used = writer.incidentCount(row.id);
    if (used > 0) {
      if (reassignTo == null) throw new ConflictError(`"${row.slug}" is where ${used} incident(s) happened: reassign them (reassignTo) or change them first.`, { incidentCount: used });
      const target = locationRow(db, reassignTo, "reassignTo");
      if (target.id === row.id) throw BadUserInputError.field("reassignTo", "cannot reassign incidents to the location being deleted");
      writer.reassignIncidents(row.id, target.id);
    }
    const inside = writer.subtreeOf(row.id).length - 1;
    if (inside > 0) throw new ConflictError(`"${row.slug}" has ${inside} place(s) inside it: move or delete them first.`, { locationCount: inside });
    writer.delete(row.id);
    return toGlobalId("Location", row.id);
  });
}
