// The one write path of incidents, their perpetrators and the claims no statement backs: import,
// seed and mutations. Every method runs inside the caller's transaction and keeps the search
// index in step.
import { and, eq, isNull } from "drizzle-orm";
import type { WriteSession } from "../../db/write-session.js";
import { RecordError } from "../../shared/record-check.js";
import { ActorWriter, existingRow, sameSet, type UpsertOutcome, type WriteTarget } from "../actor/actor.writer.js";
import { LocationWriter } from "../location/location.writer.js";
import type { IncidentLocationRecord, IncidentRecord } from "./incident.record.js";
import { indexIncident } from "./incident.search.js";
import { incidentClaims, incidentPerpetrators, incidents, type IncidentRow } from "./incident.table.js";

const INCIDENT_COLUMNS = `id, slug, title, title_en as titleEn, kind, occurred_on as occurredOn, location_id as locationId, killed, injured, summary,
  created_at as createdAt, updated_at as updatedAt`;

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
    const row = this.session.get<{ id: number }>("select id from incidents where slug = ?", slug);
    if (!row) throw new RecordError([{ path, message: `no incident has the slug "${slug}"` }]);
    return row.id;
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
    const existing = existingRow<IncidentRow>(session, `select ${INCIDENT_COLUMNS} from incidents`, target, record.slug);
    let id: number;
    let outcome: UpsertOutcome;
    if (!existing) {
      id = session.get<{ id: number }>(
        `insert into incidents (slug, title, title_en, kind, occurred_on, location_id, killed, injured, summary, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
        values.slug, values.title, values.titleEn, values.kind, values.occurredOn, values.locationId, values.killed, values.injured, values.summary, session.now(), session.now(),
      )!.id;
      outcome = "created";
    } else {
      id = existing.id;
      const currentPerpetrators = session.pluck<number>("select actor_id from incident_perpetrators where incident_id = ?", id);
      const currentClaims = session.db
        .select({ actorId: incidentClaims.actorId, stance: incidentClaims.stance, accusedId: incidentClaims.accusedId })
        .from(incidentClaims)
        .where(and(eq(incidentClaims.incidentId, id), isNull(incidentClaims.statementId)))
        .all();
      const same =
        !place.changed &&
        (Object.keys(values) as (keyof typeof values)[]).every((key) => existing[key] === values[key]) &&
        sameSet(currentPerpetrators, perpetratorIds) &&
        sameSet(currentClaims.map(claimKey), claims.map(claimKey));
      if (same) return "unchanged";
      session.db.update(incidents).set({ ...values, updatedAt: session.now() }).where(eq(incidents.id, id)).run();
      outcome = "updated";
    }
    session.db.delete(incidentPerpetrators).where(eq(incidentPerpetrators.incidentId, id)).run();
    for (const actorId of perpetratorIds) session.run("insert into incident_perpetrators (incident_id, actor_id) values (?, ?)", id, actorId);
    // Claims backed by a statement belong to the article that carries the statement.
    session.run("delete from incident_claims where incident_id = ? and statement_id is null", id);
    for (const claim of claims) session.run("insert into incident_claims (incident_id, actor_id, stance, accused_id) values (?, ?, ?, ?)", id, claim.actorId, claim.stance, claim.accusedId);
    indexIncident(session.db, id);
    return outcome;
  }

  /** Deletes the row; its links, claims and index row go with it (cascades and triggers). */
  delete(incidentId: number): void {
    this.session.db.delete(incidents).where(eq(incidents.id, incidentId)).run();
  }
}

function placeFields(location: IncidentLocationRecord) {
  return { country: location.country ?? null, region: location.region ?? null, latitude: location.latitude ?? null, longitude: location.longitude ?? null };
}

function claimKey(claim: { actorId: number; stance: string; accusedId: number | null }): string {
  return `${claim.actorId}:${claim.stance}:${claim.accusedId ?? ""}`;
}
