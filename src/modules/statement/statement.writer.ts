// The one write path of statements, with their incident links and the claims they back: import
// (inside an article), seed and the statement mutations. Runs inside the caller's transaction and
// keeps the search index in step.
import { eq, inArray, sql } from "drizzle-orm";
import type { WriteSession } from "../../db/write-session.js";
import { RecordError } from "../../shared/record-check.js";
import { ActorWriter } from "../actor/actor.writer.js";
import { articleMentions } from "../article/article.table.js";
import { articleIncidents, incidentClaims, statementIncidents, type ClaimStance } from "../incident/incident.table.js";
import { IncidentWriter } from "../incident/incident.writer.js";
import type { StatementRecord } from "./statement.record.js";
import { indexStatementValues, type StatementSearchColumns } from "./statement.search.js";
import { statements } from "./statement.table.js";

/** A statement record with its slugs resolved to ids. */
export interface ResolvedStatement {
  statement: StatementRecord;
  speakerId: number | null;
  viaId: number | null;
  incidentIds: number[];
  claims: { incidentId: number; stance: ClaimStance; accusedId: number | null }[];
}

/** Where a statement goes: its article (with the defaults it inherits) and its position. */
export interface StatementPlace {
  articleId: number;
  position: number;
  publishedAt: string;
  language: string;
}

/** A statement as written: its id, the values the index needs, and whether it was inserted. */
export interface WrittenStatement {
  id: number;
  values: StatementSearchColumns;
  fresh: boolean;
}

export class StatementWriter {
  private readonly actors: ActorWriter;
  private readonly incidents: IncidentWriter;

  constructor(private readonly session: WriteSession) {
    this.actors = new ActorWriter(session);
    this.incidents = new IncidentWriter(session);
  }

  /** Resolves the slugs of one statement record; `path` prefixes the errors (`statements.2`). */
  resolve(statement: StatementRecord, path: string): ResolvedStatement {
    const prefix = path ? `${path}.` : "";
    return {
      statement,
      speakerId: statement.speaker ? this.actors.idBySlug(statement.speaker, `${prefix}speaker`) : null,
      viaId: statement.via ? this.actors.idBySlug(statement.via, `${prefix}via`, "ORGANIZATION") : null,
      incidentIds: [...new Set((statement.incidents ?? []).map((slug, index) => this.incidents.idBySlug(slug, `${prefix}incidents.${index}`)))],
      claims: (statement.claims ?? []).map((claim, index) => ({
        incidentId: this.incidents.idBySlug(claim.incident, `${prefix}claims.${index}.incident`),
        stance: claim.stance,
        accusedId: claim.accused ? this.actors.idBySlug(claim.accused, `${prefix}claims.${index}.accused`) : null,
      })),
    };
  }

  /**
   * Inserts a statement, or rewrites the row `statementId` (keeping its id), with its incident
   * links and the claims it backs; indexes it unless `index` is false (an article indexes its
   * statements itself, from the values returned).
   */
  write(resolved: ResolvedStatement, place: StatementPlace, statementId?: number, index = true): WrittenStatement {
    const { session } = this;
    const { statement } = resolved;
    const values = {
      articleId: place.articleId,
      position: place.position,
      paragraph: statement.paragraph,
      text: statement.text,
      kind: statement.kind,
      speakerId: resolved.speakerId,
      speakerLabel: statement.speakerLabel ?? null,
      cue: statement.cue ?? null,
      saidAt: statement.saidAt ? new Date(statement.saidAt).toISOString() : place.publishedAt,
      viaId: resolved.viaId,
      language: statement.language ?? place.language,
    };
    let id: number;
    if (statementId === undefined) {
      id = session.get<{ id: number }>(
        `insert into statements (article_id, position, paragraph, text, kind, speaker_id, speaker_label, cue, said_at, via_id, language)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
        values.articleId, values.position, values.paragraph, values.text, values.kind, values.speakerId, values.speakerLabel, values.cue, values.saidAt, values.viaId, values.language,
      )!.id;
    } else {
      id = statementId;
      session.db.update(statements).set(values).where(eq(statements.id, id)).run();
      session.db.delete(statementIncidents).where(eq(statementIncidents.statementId, id)).run();
      session.db.delete(incidentClaims).where(eq(incidentClaims.statementId, id)).run();
    }
    // With the statement's sort key copied (migration 0003), so its trigger has nothing to fix.
    for (const incidentId of resolved.incidentIds) {
      session.run(
        "insert into statement_incidents (statement_id, incident_id, said_at, article_id, position) values (?, ?, ?, ?, ?)",
        id, incidentId, values.saidAt, values.articleId, values.position,
      );
    }
    for (const claim of resolved.claims) {
      session.run(
        "insert into incident_claims (incident_id, actor_id, stance, accused_id, statement_id) values (?, ?, ?, ?, ?)",
        claim.incidentId, resolved.speakerId ?? missingSpeaker(place.position), claim.stance, claim.accusedId, id,
      );
    }
    const written = { id, values, fresh: statementId === undefined };
    if (index) indexStatementValues(session.db, id, values, written.fresh);
    return written;
  }

  /** Whoever speaks in a statement is mentioned by its article; what it is about, the article reports. */
  linkToArticle(articleId: number, resolved: ResolvedStatement): void {
    const { db } = this.session;
    const actorIds = [resolved.speakerId, resolved.viaId].filter((id): id is number => id !== null);
    if (actorIds.length > 0) db.insert(articleMentions).values(actorIds.map((actorId) => ({ articleId, actorId }))).onConflictDoNothing().run();
    const incidentIds = [...new Set([...resolved.incidentIds, ...resolved.claims.map((claim) => claim.incidentId)])];
    if (incidentIds.length > 0) db.insert(articleIncidents).values(incidentIds.map((incidentId) => ({ articleId, incidentId }))).onConflictDoNothing().run();
  }

  /** The position after an article's last statement. */
  nextPosition(articleId: number): number {
    return (this.session.db.select({ value: sql<number>`coalesce(max(${statements.position}), -1)` }).from(statements).where(eq(statements.articleId, articleId)).get()?.value ?? -1) + 1;
  }

  /** Renumbers an article's statements in reading order (paragraph, then previous order). */
  renumber(articleId: number): void {
    const { db } = this.session;
    const ordered = db.select({ id: statements.id, position: statements.position }).from(statements).where(eq(statements.articleId, articleId)).orderBy(statements.paragraph, statements.position, statements.id).all();
    ordered.forEach((row, position) => {
      if (row.position !== position) db.update(statements).set({ position }).where(eq(statements.id, row.id)).run();
    });
  }

  /** Statement ids of an article in position order (re-imports keep ids by position). */
  idsOfArticle(articleId: number): number[] {
    return this.session.pluck<number>("select id from statements where article_id = ? order by position", articleId);
  }

  delete(statementIds: readonly number[]): void {
    if (statementIds.length > 0) this.session.db.delete(statements).where(inArray(statements.id, [...statementIds])).run();
  }
}

function missingSpeaker(position: number): never {
  throw new RecordError([{ path: `statements.${position}.claims`, message: "a claim needs a named speaker" }]);
}
