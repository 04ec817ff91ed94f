// The one write path of statements, with their incident links and the claims they back: import
// (inside an article), seed and the statement mutations. Runs inside the caller's transaction,
// keeps the search index in step, and records on the session what changed for live updates: the
// statement, and the incidents whose statements or claims it changed.
import { asc, eq, inArray, sql } from "drizzle-orm";
import { insertedId, perConnection, placeholderValue } from "../../db/query.js";
import type { WriteSession } from "../../db/write-session.js";
import { RecordError } from "../../shared/record-check.js";
import { ActorWriter } from "../actor/actor.writer.js";
import { articleMentions, articles } from "../article/article.table.js";
import { articleIncidents, incidentClaims, statementIncidents, type ClaimStance } from "../incident/incident.table.js";
import { IncidentWriter } from "../incident/incident.writer.js";
import { writeRevision } from "../revision/revision.writer.js";
import { SlugLookup } from "../slugs.js";
import { statementRecordOf, type StatementRecord } from "./statement.record.js";
import { indexStatementValues, type StatementSearchColumns } from "./statement.search.js";
import { statements, type StatementRow } from "./statement.table.js";

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

/** The columns of a statement row, as the writer writes them. */
export type StatementValues = Omit<StatementRow, "id">;

/** A statement as written: its id, the values the index needs, and whether it was inserted. */
export interface WrittenStatement {
  id: number;
  values: StatementSearchColumns;
  fresh: boolean;
  /** Incidents it is about or backs a claim on, before and after the write. */
  incidentIds: number[];
  /** False when the row, its links and claims already were what the record says, and nothing was written. */
  rewritten: boolean;
}

/**
 * The triggers that keep speaker_articles (migration 0001) and the incident links' sort key
 * (migration 0003) right one statement at a time. An import batch sets them aside
 * (db/batch-write.ts): the writer copies the sort key itself, and the speaker groups of every
 * article whose statements the batch wrote are counted again, once, before it commits.
 */
const PER_STATEMENT_TRIGGERS = ["statements_speaker_articles_insert", "statements_speaker_articles_update", "statements_speaker_articles_delete", "statement_incidents_order_fill"] as const;

/**
 * What the speaker_articles triggers would have left for these articles, recounted from their
 * statements: one row per (speaker, article) with its number of statements.
 */
function countSpeakerGroups(session: WriteSession, articleIds: ReadonlySet<number>): void {
  const ids = JSON.stringify([...articleIds]);
  session.run("delete from speaker_articles where article_id in (select value from json_each(?))", ids);
  session.run(
    `insert into speaker_articles (speaker_id, article_id, published_at, statement_count)
     select s.speaker_id, s.article_id, a.published_at, count(*) from statements as s join articles as a on a.id = s.article_id
     where s.article_id in (select value from json_each(?)) and s.speaker_id is not null
     group by s.speaker_id, s.article_id`,
    ids,
  );
}

const statementsOf = perConnection((db) => ({
  insert: db
    .insert(statements)
    .values({
      articleId: sql.placeholder("articleId"),
      position: sql.placeholder("position"),
      paragraph: sql.placeholder("paragraph"),
      text: sql.placeholder("text"),
      kind: sql.placeholder("kind"),
      speakerId: sql.placeholder("speakerId"),
      speakerLabel: sql.placeholder("speakerLabel"),
      cue: sql.placeholder("cue"),
      saidAt: sql.placeholder("saidAt"),
      viaId: sql.placeholder("viaId"),
      language: sql.placeholder("language"),
      origin: sql.placeholder("origin"),
    })
    .prepare(),
  update: db
    .update(statements)
    .set({
      articleId: placeholderValue("articleId"),
      position: placeholderValue("position"),
      paragraph: placeholderValue("paragraph"),
      text: placeholderValue("text"),
      kind: placeholderValue("kind"),
      speakerId: placeholderValue("speakerId"),
      speakerLabel: placeholderValue("speakerLabel"),
      cue: placeholderValue("cue"),
      saidAt: placeholderValue("saidAt"),
      viaId: placeholderValue("viaId"),
      language: placeholderValue("language"),
      origin: placeholderValue("origin"),
    })
    .where(eq(statements.id, sql.placeholder("id")))
    .prepare(),
  // With the statement's sort key copied (migration 0003), so its trigger has nothing to fix.
  insertIncidentLink: db
    .insert(statementIncidents)
    .values({ statementId: sql.placeholder("id"), incidentId: sql.placeholder("incidentId"), saidAt: sql.placeholder("saidAt"), articleId: sql.placeholder("articleId"), position: sql.placeholder("position") })
    .prepare(),
  insertClaim: db
    .insert(incidentClaims)
    .values({ incidentId: sql.placeholder("incidentId"), actorId: sql.placeholder("actorId"), stance: sql.placeholder("stance"), accusedId: sql.placeholder("accusedId"), statementId: sql.placeholder("id") })
    .prepare(),
  deleteIncidentLinks: db
    .delete(statementIncidents)
    .where(eq(statementIncidents.statementId, sql.placeholder("id")))
    .returning({ incidentId: statementIncidents.incidentId })
    .prepare(),
  deleteClaims: db.delete(incidentClaims).where(eq(incidentClaims.statementId, sql.placeholder("id"))).returning({ incidentId: incidentClaims.incidentId }).prepare(),
  idsOfArticle: db.select({ id: statements.id }).from(statements).where(eq(statements.articleId, sql.placeholder("articleId"))).orderBy(asc(statements.position)).prepare(),
}));

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
   * links and the claims it backs. Written `alone` (a statement mutation) it is indexed and its
   * change recorded here; an article's statements (`alone` false) are indexed and recorded by the
   * article from the values returned, once it knows whether anything changed.
   */
  /** The row a statement record is written as, at its place (`write` writes exactly this). */
  valuesOf(resolved: ResolvedStatement, place: StatementPlace): StatementValues {
    const { statement } = resolved;
    return {
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
      origin: statement.origin ?? "IMPORT",
    };
  }

  /**
   * A statement of an article being upserted that is stored exactly as the record would write it
   * (row, incident links, claims): nothing to write, but its article records it like the others.
   */
  kept(resolved: ResolvedStatement, place: StatementPlace, statementId: number): WrittenStatement {
    const incidentIds = new Set([...resolved.incidentIds, ...resolved.claims.map((claim) => claim.incidentId)]);
    return { id: statementId, values: this.valuesOf(resolved, place), fresh: false, incidentIds: [...incidentIds], rewritten: false };
  }

  /** The claims a statement record backs, as written (`write` writes exactly these); RecordError when one has no speaker to make it. */
  claimsOf(resolved: ResolvedStatement, position: number): { incidentId: number; actorId: number; stance: ClaimStance; accusedId: number | null }[] {
    return resolved.claims.map((claim) => ({ ...claim, actorId: resolved.speakerId ?? missingSpeaker(position) }));
  }

  write(resolved: ResolvedStatement, place: StatementPlace, statementId?: number, alone = true): WrittenStatement {
    const { session } = this;
    const prepared = statementsOf(session.db);
    this.recountInBatch([place.articleId]);
    const { statement } = resolved;
    const values = this.valuesOf(resolved, place);
    let id: number;
    const incidentIds = new Set([...resolved.incidentIds, ...resolved.claims.map((claim) => claim.incidentId)]);
    if (statementId === undefined) {
      id = insertedId(prepared.insert.run(values));
    } else {
      id = statementId;
      prepared.update.run({ ...values, id });
      // The links it had say which incidents it leaves, at no extra read.
      for (const link of prepared.deleteIncidentLinks.all({ id })) incidentIds.add(link.incidentId);
      for (const claim of prepared.deleteClaims.all({ id })) incidentIds.add(claim.incidentId);
    }
    for (const incidentId of resolved.incidentIds) prepared.insertIncidentLink.run({ id, incidentId, saidAt: values.saidAt, articleId: values.articleId, position: values.position });
    for (const claim of this.claimsOf(resolved, place.position)) prepared.insertClaim.run({ id, ...claim });
    const written = { id, values, fresh: statementId === undefined, incidentIds: [...incidentIds], rewritten: true };
    if (alone) {
      indexStatementValues(session.db, id, values, written.fresh);
      this.recordWrite(written);
      // Alone, a statement has revisions of its own; inside an article, it is part of the article's.
      writeRevision(session, { entityType: "Statement", entityId: id, action: written.fresh ? "CREATED" : "UPDATED", record: { ...statement, article: this.articleSlugOf(place.articleId) } });
    }
    return written;
  }

  private articleSlugOf(articleId: number): string {
    return this.session.db.select({ slug: articles.slug }).from(articles).where(eq(articles.id, articleId)).get()!.slug;
  }

  /** Deletes one statement of a statement mutation, with a revision of it as it was (its article's slug included). */
  deleteAlone(statementId: number): void {
    const { db } = this.session;
    const row = db.select().from(statements).where(eq(statements.id, statementId)).get();
    if (!row) return;
    const article = db.select().from(articles).where(eq(articles.id, row.articleId)).get()!;
    const record = { ...statementRecordOf(db, row, article, new SlugLookup(db)), article: article.slug };
    writeRevision(this.session, { entityType: "Statement", entityId: statementId, action: "DELETED", record });
    this.delete([statementId]);
  }

  /** Records a written statement on the session: it was added or changed, and so were its incidents. */
  recordWrite(written: WrittenStatement): void {
    const { session } = this;
    session.changed({ type: "Statement", id: written.id, action: written.fresh ? "created" : "updated" });
    for (const incidentId of written.incidentIds) session.changed({ type: "Incident", id: incidentId, action: "updated" });
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
    return statementsOf(this.session.db).idsOfArticle.all({ articleId }).map((row) => row.id);
  }

  /**
   * In an import batch: sets the per-statement triggers aside for the batch and has the speaker
   * groups of these articles recounted when it ends. Called before their statements change.
   */
  private recountInBatch(articleIds: readonly number[]): void {
    const { batch } = this.session;
    if (!batch) return;
    batch.suspendTriggers(PER_STATEMENT_TRIGGERS);
    const recount = batch.deferred<number>("speaker_articles", (ids) => countSpeakerGroups(this.session, ids));
    for (const id of articleIds) recount.add(id);
  }

  /** Deletes statements; their links and claims go by cascade, their incidents are recorded as changed. */
  delete(statementIds: readonly number[]): void {
    if (statementIds.length === 0) return;
    const { session } = this;
    const ids = [...statementIds];
    if (session.batch) this.recountInBatch(session.db.selectDistinct({ articleId: statements.articleId }).from(statements).where(inArray(statements.id, ids)).all().map((row) => row.articleId));
    const incidentIds = new Set([
      ...session.db.select({ incidentId: statementIncidents.incidentId }).from(statementIncidents).where(inArray(statementIncidents.statementId, ids)).all().map((row) => row.incidentId),
      ...session.db.select({ incidentId: incidentClaims.incidentId }).from(incidentClaims).where(inArray(incidentClaims.statementId, ids)).all().map((row) => row.incidentId),
    ]);
    session.db.delete(statements).where(inArray(statements.id, ids)).run();
    for (const id of ids) session.changed({ type: "Statement", id, action: "deleted" });
    for (const incidentId of incidentIds) session.changed({ type: "Incident", id: incidentId, action: "updated" });
  }
}

function missingSpeaker(position: number): never {
  throw new RecordError([{ path: `statements.${position}.claims`, message: "a claim needs a named speaker" }]);
}
