// The one write path of incidents, their perpetrators and the claims no statement backs: import,
// seed and mutations. Every method runs inside the caller's transaction, keeps the search index
// in step, and records on the session what changed (for live updates).
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Dialect } from "../../db/dialect.js";
import { read } from "../../db/read-program.js";
import { rows } from "../../db/read.js";
import { rememberedLookup } from "../../db/remembered.js";
import { deleteRows, deleteWhere, insertRow, rowsWhere, rowWhere, updateRows } from "../../db/table-writes.js";
import { existingRow, sameSet, type UpsertOutcome, type WriteProgram, type WriteSession, type WriteTarget } from "../../db/write-session.js";
import { RecordError } from "../../shared/record-check.js";
import { ActorWriter } from "../actor/actor.writer.js";
import { LocationWriter } from "../location/location.writer.js";
import { writeRevision } from "../revision/revision.writer.js";
import { SlugLookup } from "../slugs.js";
import { incidentRecordsOf, type IncidentLocationRecord, type IncidentRecord } from "./incident.record.js";
import { indexIncidentValues } from "./incident.search.js";
import { incidentClaims, incidentPerpetrators, incidents, type ClaimStance, type IncidentRow } from "./incident.table.js";

const INCIDENT_LOOKUPS = {
  bySlug: (dialect: Dialect, slug: string) => rowWhere(dialect, incidents, "slug", slug),
  byId: (dialect: Dialect, id: number) => rowWhere(dialect, incidents, "id", id),
};

/** Claims no statement backs: the incident record's own (those backed by a statement belong to its article). */
function unbackedClaims(dialect: Dialect, id: number) {
  return rows<{ actorId: number; stance: string; accusedId: number | null }>(
    dialect,
    () => sql`select ${incidentClaims.actorId} as "actorId", ${incidentClaims.stance} as "stance", ${incidentClaims.accusedId} as "accusedId"
      from ${incidentClaims} where ${incidentClaims.incidentId} = ${id} and ${incidentClaims.statementId} is null order by ${incidentClaims.id}`,
  );
}

export class IncidentWriter {
  private readonly actors: ActorWriter;
  private readonly locations: LocationWriter;
  private readonly dialect: Dialect;

  constructor(private readonly session: WriteSession) {
    this.actors = new ActorWriter(session);
    this.locations = new LocationWriter(session);
    this.dialect = session.dialect;
  }

  /**
   * The location an incident record names. A place given as text (files from before locations)
   * becomes a location of its own, `<incident slug>-place`, so nothing it said is lost.
   */
  private *locationIdOf(record: IncidentRecord): WriteProgram<{ id: number | null; changed: boolean }> {
    const { location } = record;
    if (location == null) return { id: null, changed: false };
    if (typeof location === "string") return { id: yield* this.locations.idBySlug(location, "location"), changed: false };
    const name = location.place ?? location.region ?? location.country;
    if (!name) return { id: null, changed: false };
    const slug = `${record.slug}-place`;
    const outcome = yield* this.locations.write({ type: "location", slug, kind: "SITE", ...placeFields(location), name });
    return { id: yield* this.locations.idBySlug(slug, "location"), changed: outcome === "updated" };
  }

  *idBySlug(slug: string, path: string): WriteProgram<number> {
    // Remembered for an import batch: its statements name the same incidents over and over.
    const row = yield* rememberedLookup(this.session, "incidents", slug, () => INCIDENT_LOOKUPS.bySlug(this.dialect, slug));
    if (row === undefined) throw new RecordError([{ path, message: `no incident has the slug "${slug}"` }]);
    return row.id;
  }

  *write(record: IncidentRecord, target: WriteTarget = "bySlug"): WriteProgram<UpsertOutcome> {
    const { session, dialect } = this;
    const place = yield* this.locationIdOf(record);
    const values = {
      slug: record.slug,
      title: record.title,
      titleEn: record.titleEn ?? null,
      kind: record.kind,
      occurredOn: record.occurredOn,
      locationId: place.id,
      killed: record.killed ?? null,
      injured: record.injured ?? null,
      summary: record.summary ?? null,
    };
    const perpetratorIds: number[] = [];
    for (const [index, slug] of (record.perpetrators ?? []).entries()) perpetratorIds.push(yield* this.actors.idBySlug(slug, `perpetrators.${index}`));
    const uniquePerpetrators = [...new Set(perpetratorIds)];
    const claims: { actorId: number; stance: ClaimStance; accusedId: number | null }[] = [];
    for (const [index, claim] of (record.claims ?? []).entries()) {
      claims.push({
        actorId: yield* this.actors.idBySlug(claim.actor, `claims.${index}.actor`),
        stance: claim.stance,
        accusedId: claim.accused ? yield* this.actors.idBySlug(claim.accused, `claims.${index}.accused`) : null,
      });
    }
    const existing = yield* existingRow<IncidentRow>({ bySlug: (slug) => INCIDENT_LOOKUPS.bySlug(dialect, slug), byId: (id) => INCIDENT_LOOKUPS.byId(dialect, id) }, target, record.slug);
    let id: number;
    let outcome: UpsertOutcome;
    if (!existing) {
      const now = session.now();
      id = (yield* read(insertRow(dialect, incidents, { ...values, createdAt: now, updatedAt: now }))).insertedId!;
      outcome = "created";
    } else {
      id = existing.id;
      const currentPerpetrators = (yield* read(rowsWhere(dialect, incidentPerpetrators, "incidentId", id))).map((row) => row.actorId);
      const currentClaims = yield* read(unbackedClaims(dialect, id));
      const same =
        !place.changed &&
        (Object.keys(values) as (keyof typeof values)[]).every((key) => existing[key] === values[key]) &&
        sameSet(currentPerpetrators, uniquePerpetrators) &&
        sameSet(currentClaims.map(claimKey), claims.map(claimKey));
      if (same) return "unchanged";
      yield* read(updateRows(dialect, incidents, { ...values, updatedAt: session.now() }, "id", id));
      outcome = "updated";
    }
    // A new row has no perpetrators, claims or index row to replace.
    if (existing) yield* read(deleteRows(dialect, incidentPerpetrators, "incidentId", id));
    for (const actorId of uniquePerpetrators) yield* read(insertRow(dialect, incidentPerpetrators, { incidentId: id, actorId }));
    if (existing) yield* read(deleteWhere(dialect, incidentClaims, and(eq(incidentClaims.incidentId, id), isNull(incidentClaims.statementId))!));
    for (const claim of claims) yield* read(insertRow(dialect, incidentClaims, { incidentId: id, ...claim }));
    yield* indexIncidentValues(session, id, values, !existing);
    session.changed({ type: "Incident", id, action: outcome });
    yield* writeRevision(session, { entityType: "Incident", entityId: id, action: outcome === "created" ? "CREATED" : "UPDATED", record });
    return outcome;
  }

  /** Deletes the row; its links, claims and index row go with it (cascades and triggers). */
  *delete(incidentId: number): WriteProgram<void> {
    const row = yield* read(INCIDENT_LOOKUPS.byId(this.dialect, incidentId));
    if (row) {
      const [record] = yield* incidentRecordsOf([row], new SlugLookup(this.dialect));
      yield* writeRevision(this.session, { entityType: "Incident", entityId: incidentId, action: "DELETED", record: record! });
    }
    yield* read(deleteRows(this.dialect, incidents, "id", incidentId));
    this.session.changed({ type: "Incident", id: incidentId, action: "deleted" });
  }
}

function placeFields(location: IncidentLocationRecord) {
  return { country: location.country ?? null, region: location.region ?? null, latitude: location.latitude ?? null, longitude: location.longitude ?? null };
}

function claimKey(claim: { actorId: number; stance: string; accusedId: number | null }): string {
  return `${claim.actorId}:${claim.stance}:${claim.accusedId ?? ""}`;
}
