// The one write path of incidents, their perpetrators and the claims no statement backs: import,
// seed and mutations. Every method runs inside the caller's transaction, keeps the search index
// in step, and records on the session what changed (for live updates).
import { and, eq, isNull, sql } from "drizzle-orm";
import { insertedId, perConnection, placeholderValue } from "../../db/query.js";
import { existingRow, sameSet, type UpsertOutcome, type WriteSession, type WriteTarget } from "../../db/write-session.js";
import { RecordError } from "../../shared/record-check.js";
import { ActorWriter } from "../actor/actor.writer.js";
import { LocationWriter } from "../location/location.writer.js";
import { writeRevision } from "../revision/revision.writer.js";
import { SlugLookup } from "../slugs.js";
import { incidentRecordOf, type IncidentLocationRecord, type IncidentRecord } from "./incident.record.js";
import { indexIncidentValues } from "./incident.search.js";
import { incidentClaims, incidentPerpetrators, incidents, type IncidentRow } from "./incident.table.js";

const statementsOf = perConnection((db) => ({
  bySlug: db.select().from(incidents).where(eq(incidents.slug, sql.placeholder("slug"))).prepare(),
  byId: db.select().from(incidents).where(eq(incidents.id, sql.placeholder("id"))).prepare(),
  insert: db
    .insert(incidents)
    .values({
      slug: sql.placeholder("slug"),
      title: sql.placeholder("title"),
      titleEn: sql.placeholder("titleEn"),
      kind: sql.placeholder("kind"),
      occurredOn: sql.placeholder("occurredOn"),
      locationId: sql.placeholder("locationId"),
      killed: sql.placeholder("killed"),
      injured: sql.placeholder("injured"),
      summary: sql.placeholder("summary"),
      createdAt: sql.placeholder("now"),
      updatedAt: sql.placeholder("now"),
    })
    .prepare(),
  update: db
    .update(incidents)
    .set({
      slug: placeholderValue("slug"),
      title: placeholderValue("title"),
      titleEn: placeholderValue("titleEn"),
      kind: placeholderValue("kind"),
      occurredOn: placeholderValue("occurredOn"),
      locationId: placeholderValue("locationId"),
      killed: placeholderValue("killed"),
      injured: placeholderValue("injured"),
      summary: placeholderValue("summary"),
      updatedAt: placeholderValue("now"),
    })
    .where(eq(incidents.id, sql.placeholder("id")))
    .prepare(),
  perpetrators: db.select({ actorId: incidentPerpetrators.actorId }).from(incidentPerpetrators).where(eq(incidentPerpetrators.incidentId, sql.placeholder("id"))).prepare(),
  deletePerpetrators: db.delete(incidentPerpetrators).where(eq(incidentPerpetrators.incidentId, sql.placeholder("id"))).prepare(),
  insertPerpetrator: db.insert(incidentPerpetrators).values({ incidentId: sql.placeholder("id"), actorId: sql.placeholder("actorId") }).prepare(),
  /** Claims no statement backs: the incident record's own (those backed by a statement belong to its article). */
  unbackedClaims: db
    .select({ actorId: incidentClaims.actorId, stance: incidentClaims.stance, accusedId: incidentClaims.accusedId })
    .from(incidentClaims)
    .where(and(eq(incidentClaims.incidentId, sql.placeholder("id")), isNull(incidentClaims.statementId)))
    .prepare(),
  deleteUnbackedClaims: db.delete(incidentClaims).where(and(eq(incidentClaims.incidentId, sql.placeholder("id")), isNull(incidentClaims.statementId))).prepare(),
  insertClaim: db
    .insert(incidentClaims)
    .values({ incidentId: sql.placeholder("id"), actorId: sql.placeholder("actorId"), stance: sql.placeholder("stance"), accusedId: sql.placeholder("accusedId") })
    .prepare(),
}));

export class IncidentWriter {
  private readonly actors: ActorWriter;
  private readonly locations: LocationWriter;

  constructor(private readonly session: WriteSession) {
    this.actors = new ActorWriter(session);
    this.locations = new LocationWriter(session);
  }

  /**
   * The location an incident record names. A place given as text (files from before locations)
   * becomes a location of its own, `<incident slug>-place`, so nothing it said is lost.
   */
  private locationIdOf(record: IncidentRecord): { id: number | null; changed: boolean } {
    const { location } = record;
    if (location == null) return { id: null, changed: false };
    if (typeof location === "string") return { id: this.locations.idBySlug(location, "location"), changed: false };
    const name = location.place ?? location.region ?? location.country;
    if (!name) return { id: null, changed: false };
    const slug = `${record.slug}-place`;
    const outcome = this.locations.write({ type: "location", slug, kind: "SITE", ...placeFields(location), name });
    return { id: this.locations.idBySlug(slug, "location"), changed: outcome === "updated" };
  }

  idBySlug(slug: string, path: string): number {
    const read = () => statementsOf(this.session.db).bySlug.get({ slug })?.id;
    // Remembered for an import batch: its statements name the same incidents over and over.
    const id = this.session.batch ? this.session.batch.remember("incidents", slug, read) : read();
    if (id === undefined) throw new RecordError([{ path, message: `no incident has the slug "${slug}"` }]);
    return id;
  }

  write(record: IncidentRecord, target: WriteTarget = "bySlug"): UpsertOutcome {
    const { session } = this;
    const place = this.locationIdOf(record);
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
    const perpetratorIds = [...new Set((record.perpetrators ?? []).map((slug, index) => this.actors.idBySlug(slug, `perpetrators.${index}`)))];
    const claims = (record.claims ?? []).map((claim, index) => ({
      actorId: this.actors.idBySlug(claim.actor, `claims.${index}.actor`),
      stance: claim.stance,
      accusedId: claim.accused ? this.actors.idBySlug(claim.accused, `claims.${index}.accused`) : null,
    }));
    const statements = statementsOf(session.db);
    const existing = existingRow<IncidentRow>(statements, target, record.slug);
    let id: number;
    let outcome: UpsertOutcome;
    if (!existing) {
      id = insertedId(statements.insert.run({ ...values, now: session.now() }));
      outcome = "created";
    } else {
      id = existing.id;
      const currentPerpetrators = statements.perpetrators.all({ id }).map((row) => row.actorId);
      const currentClaims = statements.unbackedClaims.all({ id });
      const same =
        !place.changed &&
        (Object.keys(values) as (keyof typeof values)[]).every((key) => existing[key] === values[key]) &&
        sameSet(currentPerpetrators, perpetratorIds) &&
        sameSet(currentClaims.map(claimKey), claims.map(claimKey));
      if (same) return "unchanged";
      statements.update.run({ ...values, now: session.now(), id });
      outcome = "updated";
    }
    // A new row has no perpetrators, claims or index row to replace.
    if (existing) statements.deletePerpetrators.run({ id });
    for (const actorId of perpetratorIds) statements.insertPerpetrator.run({ id, actorId });
    if (existing) statements.deleteUnbackedClaims.run({ id });
    for (const claim of claims) statements.insertClaim.run({ id, ...claim });
    indexIncidentValues(session.db, id, values, !existing);
    session.changed({ type: "Incident", id, action: outcome });
    writeRevision(session, { entityType: "Incident", entityId: id, action: outcome === "created" ? "CREATED" : "UPDATED", record });
    return outcome;
  }

  /** Deletes the row; its links, claims and index row go with it (cascades and triggers). */
  delete(incidentId: number): void {
    const { db } = this.session;
    const row = statementsOf(db).byId.get({ id: incidentId });
    if (row) writeRevision(this.session, { entityType: "Incident", entityId: incidentId, action: "DELETED", record: incidentRecordOf(db, row, new SlugLookup(db)) });
    this.session.db.delete(incidents).where(eq(incidents.id, incidentId)).run();
    this.session.changed({ type: "Incident", id: incidentId, action: "deleted" });
  }
}

function placeFields(location: IncidentLocationRecord) {
  return { country: location.country ?? null, region: location.region ?? null, latitude: location.latitude ?? null, longitude: location.longitude ?? null };
}

function claimKey(claim: { actorId: number; stance: string; accusedId: number | null }): string {
  return `${claim.actorId}:${claim.stance}:${claim.accusedId ?? ""}`;
}
