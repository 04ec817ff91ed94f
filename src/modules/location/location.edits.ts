// The editing mutations of locations: the input becomes the record (overlaid on the current one
// for an update), checked by the record's rules, written by LocationWriter.
import type { Dialect } from "../../db/dialect.js";
import { read } from "../../db/read-program.js";
import { rowWhere } from "../../db/table-writes.js";
import type { WriteProgram, WriteSession } from "../../db/write-session.js";
import { BadUserInputError, ConflictError, NotFoundError } from "../../shared/errors.js";
import { decodeIdOf, toGlobalId } from "../../shared/global-id.js";
import { checkRecord, copyGiven, editTransaction, finished, type Editor, type Draft } from "../editing/edit-transaction.js";
import type { References } from "../editing/references.js";
import { reindexIncidentsAt } from "../incident/incident.search.js";
import { SlugLookup } from "../slugs.js";
import type { CreateLocationInput, UpdateLocationInput } from "./location.input.js";
import { checkLocationRecord, LOCATION_REFERENCE, type LocationRecord, locationRecordsOf } from "./location.record.js";
import { locations, type LocationRow } from "./location.table.js";
import { LocationWriter } from "./location.writer.js";

/** The writer; incidents whose place changed get fresh search rows, and count as updated (incidentUpdated). */
export function locationWriter(session: WriteSession): LocationWriter {
  return new LocationWriter(session, function* (ids) {
    for (const id of yield* reindexIncidentsAt(session, ids)) session.changed({ type: "Incident", id, action: "updated" });
  });
}

function* locationRow(dialect: Dialect, id: string, argument = "id"): WriteProgram<LocationRow> {
  const row = yield* read(rowWhere(dialect, locations, "id", decodeIdOf(id, ["Location"], argument)));
  if (!row) throw new NotFoundError(`No location has the id "${id}".`);
  return row;
}

function* recordFrom(base: Partial<LocationRecord>, input: CreateLocationInput | UpdateLocationInput, references: References): WriteProgram<LocationRecord> {
  const draft: Draft<LocationRecord> = { ...base, type: "location" };
  copyGiven(draft, input, ["slug", "name", "nameEn", "aliases", "kind", "country", "region", "latitude", "longitude", "wikidataId", "sameAs"]);
  if (input.parent !== undefined) draft.parent = yield* references.optional(input.parent, LOCATION_REFERENCE, "parent");
  return finished(draft);
}

export function createLocation(editor: Editor, input: CreateLocationInput): LocationRow | Promise<LocationRow> {
  return editTransaction(editor, function* ({ session, references }) {
    const record = yield* recordFrom({}, input, references);
    references.check();
    checkRecord(record, checkLocationRecord);
    yield* locationWriter(session).write(record, "new");
    return (yield* read(rowWhere(session.dialect, locations, "slug", record.slug)))!;
  });
}

export function updateLocation(editor: Editor, id: string, input: UpdateLocationInput): LocationRow | Promise<LocationRow> {
  return editTransaction(editor, function* ({ session, references }) {
    const row = yield* locationRow(session.dialect, id);
    const [current] = yield* locationRecordsOf([row], new SlugLookup(session.dialect));
    const record = yield* recordFrom(current!, input, references);
    references.check();
    checkRecord(record, checkLocationRecord);
    yield* locationWriter(session).write(record, row.id);
    return (yield* read(rowWhere(session.dialect, locations, "id", row.id)))!;
  });
}

/**
 * Deletes a location. One that incidents happened at is refused (CONFLICT) unless `reassignTo`
 * names where they move; one with places inside it is refused until they are moved or deleted.
 */
export function deleteLocation(editor: Editor, id: string, reassignTo: string | null | undefined): string | Promise<string> {
  return editTransaction(editor, function* ({ session }) {
    const row = yield* locationRow(session.dialect, id);
    const writer = locationWriter(session);
    const used = yield* writer.incidentCount(row.id);
    if (used > 0) {
      if (reassignTo == null) throw new ConflictError(`"${row.slug}" is where ${used} incident(s) happened: reassign them (reassignTo) or change them first.`, { incidentCount: used });
      const target = yield* locationRow(session.dialect, reassignTo, "reassignTo");
      if (target.id === row.id) throw BadUserInputError.field("reassignTo", "cannot reassign incidents to the location being deleted");
      yield* writer.reassignIncidents(row.id, target.id);
    }
    const inside = (yield* writer.subtreeOf(row.id)).length - 1;
    if (inside > 0) throw new ConflictError(`"${row.slug}" has ${inside} place(s) inside it: move or delete them first.`, { locationCount: inside });
    yield* writer.delete(row.id);
    return toGlobalId("Location", row.id);
  });
}
