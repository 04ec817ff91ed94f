// The one write path of incidents, their perpetrators and the claims no statement backs: import,
// seed and mutations. Every method runs inside the caller's transaction and keeps the search
// index in step.
import { and, eq, isNull } from "drizzle-orm";
import type { WriteSession } from "../../db/write-session.js";
import { RecordError } from "../../shared/record-check.js";
import { ActorWriter, existingRow, sameSet, type UpsertOutcome, type WriteTarget } from "../actor/actor.writer.js";
import type { IncidentRecord } from "./incident.record.js";
import { indexIncident } from "./incident.search.js";
import { incidentClaims, incidentPerpetrators, incidents, type IncidentRow } from "./incident.table.js";

const INCIDENT_COLUMNS = `id, slug, title, title_en as titleEn, kind, occurred_on as occurredOn, place, region, country, latitude, longitude, killed, injured, summary,
  created_at as createdAt, updated_at as updatedAt`;

export class IncidentWriter {
  private readonly actors: ActorWriter;

  constructor(private readonly session: WriteSession) {
    this.actors = new ActorWriter(session);
  }

  idBySlug(slug: string, path: string): number {
    const row = this.session.get<{ id: number }>("select id from incidents where slug = ?", slug);
    if (!row) throw new RecordError([{ path, message: `no incident has the slug "${slug}"` }]);
    return row.id;
  }

  write(record: IncidentRecord, target: WriteTarget = "bySlug"): UpsertOutcome {
    const { session } = this;
    const values = {
      slug: record.slug,
      title: record.title,
      titleEn: record.titleEn ?? null,
      kind: record.kind,
      occurredOn: record.occurredOn,
      place: record.location?.place ?? null,
      region: record.location?.region ?? null,
      country: record.location?.country ?? null,
      latitude: record.location?.latitude ?? null,
      longitude: record.location?.longitude ?? null,
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
        `insert into incidents (slug, title, title_en, kind, occurred_on, place, region, country, latitude, longitude, killed, injured, summary, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
        values.slug, values.title, values.titleEn, values.kind, values.occurredOn, values.place, values.region, values.country, values.latitude, values.longitude,
        values.killed, values.injured, values.summary, session.now(), session.now(),
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

function claimKey(claim: { actorId: number; stance: string; accusedId: number | null }): string {
  return `${claim.actorId}:${claim.stance}:${claim.accusedId ?? ""}`;
}
