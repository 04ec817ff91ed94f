// The one write path of statements, with their incident links and the claims they back: import
// (inside an article), seed and the statement mutations. Runs inside the caller's transaction,
// keeps the search index in step, and records on the session what changed for live updates: the
// statement, and the incidents whose statements or claims it changed.
import { sql } from "drizzle-orm";
import type { BatchWrite } from "../../db/batch-write.js";
import type { Dialect } from "../../db/dialect.js";
import { jsonList } from "../../db/query.js";
import { read } from "../../db/read-program.js";
import { firstRow, rows } from "../../db/read.js";
import { deleteReturning, deleteWhere, insertRow, insertRows, rowWhere, updateRows } from "../../db/table-writes.js";
import type { WriteProgram, WriteSession } from "../../db/write-session.js";
import { RecordError } from "../../shared/record-check.js";
import { ActorWriter } from "../actor/actor.writer.js";
import { articleMentions, articles } from "../article/article.table.js";
import { articleIncidents, incidentClaims, statementIncidents, type ClaimStance } from "../incident/incident.table.js";
import { IncidentWriter } from "../incident/incident.writer.js";
import { writeRevision } from "../revision/revision.writer.js";
import { SlugLookup } from "../slugs.js";
import { statementRecordRead, type StatementRecord } from "./statement.record.js";
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
 * statements: one row per (speaker, article) with its number of statements. SQLite's batch path only.
 */
function countSpeakerGroups(batch: BatchWrite, articleIds: ReadonlySet<number>): void {
  const ids = JSON.stringify([...articleIds]);
  batch.run("delete from speaker_articles where article_id in (select value from json_each(?))", ids);
  batch.run(
    `insert into speaker_articles (speaker_id, article_id, published_at, statement_count)
     select s.speaker_id, s.article_id, a.published_at, count(*) from statements as s join articles as a on a.id = s.article_id
     where s.article_id in (select value from json_each(?)) and s.speaker_id is not null
     group by s.speaker_id, s.article_id`,
    ids,
  );
}

export class StatementWriter {
  private readonly actors: ActorWriter;
  private readonly incidents: IncidentWriter;
  private readonly dialect: Dialect;

  constructor(private readonly session: WriteSession) {
    this.actors = new ActorWriter(session);
    this.incidents = new IncidentWriter(session);
    this.dialect = session.dialect;
  }

  /** Resolves the slugs of one statement record; `path` prefixes the errors (`statements.2`). */
  *resolve(statement: StatementRecord, path: string): WriteProgram<ResolvedStatement> {
    const prefix = path ? `${path}.` : "";
    const speakerId = statement.speaker ? yield* this.actors.idBySlug(statement.speaker, `${prefix}speaker`) : null;
    const viaId = statement.via ? yield* this.actors.idBySlug(statement.via, `${prefix}via`, "ORGANIZATION") : null;
    const incidentIds = new Set<number>();
    for (const [index, slug] of (statement.incidents ?? []).entries()) incidentIds.add(yield* this.incidents.idBySlug(slug, `${prefix}incidents.${index}`));
    const claims: ResolvedStatement["claims"] = [];
    for (const [index, claim] of (statement.claims ?? []).entries()) {
      claims.push({
        incidentId: yield* this.incidents.idBySlug(claim.incident, `${prefix}claims.${index}.incident`),
        stance: claim.stance,
        accusedId: claim.accused ? yield* this.actors.idBySlug(claim.accused, `${prefix}claims.${index}.accused`) : null,
      });
    }
    return { statement, speakerId, viaId, incidentIds: [...incidentIds], claims };
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

  *write(resolved: ResolvedStatement, place: StatementPlace, statementId?: number, alone = true): WriteProgram<WrittenStatement> {
    const { session, dialect } = this;
    this.recountInBatch([place.articleId]);
    const { statement } = resolved;
    const values = this.valuesOf(resolved, place);
    let id: number;
    const incidentIds = new Set([...resolved.incidentIds, ...resolved.claims.map((claim) => claim.incidentId)]);
    if (statementId === undefined) {
      id = (yield* read(insertRow(dialect, statements, values))).insertedId!;
    } else {
      id = statementId;
      yield* read(updateRows(dialect, statements, values, "id", id));
      // The links it had say which incidents it leaves, at no extra read.
      for (const link of yield* read(deleteReturning(dialect, statementIncidents, "statementId", id, "incidentId"))) incidentIds.add(link.incidentId);
      for (const claim of yield* read(deleteReturning(dialect, incidentClaims, "statementId", id, "incidentId"))) incidentIds.add(claim.incidentId);
    }
    // With the statement's sort key copied (migration 0003), so its trigger has nothing to fix.
    for (const incidentId of resolved.incidentIds) {
      yield* read(insertRow(dialect, statementIncidents, { statementId: id, incidentId, saidAt: values.saidAt, articleId: values.articleId, position: values.position }));
    }
    for (const claim of this.claimsOf(resolved, place.position)) yield* read(insertRow(dialect, incidentClaims, { ...claim, statementId: id }));
    const written = { id, values, fresh: statementId === undefined, incidentIds: [...incidentIds], rewritten: true };
    if (alone) {
      yield* indexStatementValues(this.session, id, values, written.fresh);
      this.recordWrite(written);
      // Alone, a statement has revisions of its own; inside an article, it is part of the article's.
      const article = yield* read(rowWhere(dialect, articles, "id", place.articleId));
      yield* writeRevision(session, { entityType: "Statement", entityId: id, action: written.fresh ? "CREATED" : "UPDATED", record: { ...statement, article: article!.slug } });
    }
    return written;
  }

  /** Deletes one statement of a statement mutation, with a revision of it as it was (its article's slug included). */
  *deleteAlone(statementId: number): WriteProgram<void> {
    const { dialect } = this;
    const row = yield* read(rowWhere(dialect, statements, "id", statementId));
    if (!row) return;
    const article = (yield* read(rowWhere(dialect, articles, "id", row.articleId)))!;
    const record = { ...(yield* statementRecordRead(row, article, new SlugLookup(dialect))), article: article.slug };
    yield* writeRevision(this.session, { entityType: "Statement", entityId: statementId, action: "DELETED", record });
    yield* this.delete([statementId]);
  }

  /** Records a written statement on the session: it was added or changed, and so were its incidents. */
  recordWrite(written: WrittenStatement): void {
    const { session } = this;
    session.changed({ type: "Statement", id: written.id, action: written.fresh ? "created" : "updated" });
    for (const incidentId of written.incidentIds) session.changed({ type: "Incident", id: incidentId, action: "updated" });
  }

  /** Whoever speaks in a statement is mentioned by its article; what it is about, the article reports. */
  *linkToArticle(articleId: number, resolved: ResolvedStatement): WriteProgram<void> {
    const { dialect } = this;
    const actorIds = [...new Set([resolved.speakerId, resolved.viaId].filter((id): id is number => id !== null))];
    if (actorIds.length > 0) yield* read(insertRows(dialect, articleMentions, actorIds.map((actorId) => ({ articleId, actorId })), { ignoreConflict: true }));
    const incidentIds = [...new Set([...resolved.incidentIds, ...resolved.claims.map((claim) => claim.incidentId)])];
    if (incidentIds.length > 0) yield* read(insertRows(dialect, articleIncidents, incidentIds.map((incidentId) => ({ articleId, incidentId })), { ignoreConflict: true }));
  }

  /** The position after an article's last statement. */
  *nextPosition(articleId: number): WriteProgram<number> {
    const row = yield* read(firstRow<{ value: number }>(this.dialect, () => sql`select coalesce(max(${statements.position}), -1) as "value" from ${statements} where ${statements.articleId} = ${articleId}`));
    return (row?.value ?? -1) + 1;
  }

  /** Renumbers an article's statements in reading order (paragraph, then previous order). */
  *renumber(articleId: number): WriteProgram<void> {
    const ordered = yield* read(
      rows<{ id: number; position: number }>(
        this.dialect,
        () => sql`select ${statements.id} as "id", ${statements.position} as "position" from ${statements} where ${statements.articleId} = ${articleId}
          order by ${statements.paragraph}, ${statements.position}, ${statements.id}`,
      ),
    );
    for (const [position, row] of ordered.entries()) {
      if (row.position !== position) yield* read(updateRows(this.dialect, statements, { position }, "id", row.id));
    }
  }

  /** Statement ids of an article in position order (re-imports keep ids by position). */
  *idsOfArticle(articleId: number): WriteProgram<number[]> {
    const found = yield* read(rows<{ id: number }>(this.dialect, () => sql`select ${statements.id} as "id" from ${statements} where ${statements.articleId} = ${articleId} order by ${statements.position}`));
    return found.map((row) => row.id);
  }

  /**
   * In an import batch: sets the per-statement triggers aside for the batch and has the speaker
   * groups of these articles recounted when it ends. Called before their statements change.
   */
  private recountInBatch(articleIds: readonly number[]): void {
    const { batch } = this.session;
    if (!batch) return;
    batch.suspendTriggers(PER_STATEMENT_TRIGGERS);
    const recount = batch.deferred<number>("speaker_articles", (ids) => countSpeakerGroups(batch, ids));
    for (const id of articleIds) recount.add(id);
  }

  /** Deletes statements; their links and claims go by cascade, their incidents are recorded as changed. */
  *delete(statementIds: readonly number[]): WriteProgram<void> {
    if (statementIds.length === 0) return;
    const { session, dialect } = this;
    const ids = jsonList([...statementIds]);
    if (session.batch) {
      const articleIds = yield* read(rows<{ articleId: number }>(dialect, () => sql`select distinct ${statements.articleId} as "articleId" from ${statements} where ${statements.id} ${dialect.inList(ids)}`));
      this.recountInBatch(articleIds.map((row) => row.articleId));
    }
    const touched = yield* read(
      rows<{ incidentId: number }>(
        dialect,
        () => sql`select ${statementIncidents.incidentId} as "incidentId" from ${statementIncidents} where ${statementIncidents.statementId} ${dialect.inList(ids)}
          union select ${incidentClaims.incidentId} from ${incidentClaims} where ${incidentClaims.statementId} ${dialect.inList(ids)}`,
      ),
    );
    const incidentIds = new Set(touched.map((row) => row.incidentId));
    yield* read(deleteWhere(dialect, statements, sql`${statements.id} ${dialect.inList(ids)}`));
    for (const id of statementIds) session.changed({ type: "Statement", id, action: "deleted" });
    for (const incidentId of incidentIds) session.changed({ type: "Incident", id: incidentId, action: "updated" });
  }
}

function missingSpeaker(position: number): never {
  throw new RecordError([{ path: `statements.${position}.claims`, message: "a claim needs a named speaker" }]);
}
