// Upserts of whole records by slug, shared by the importer and the seed. Every function runs
// inside the caller's transaction (better-sqlite3 transactions are synchronous) and throws
// RecordError for a reference that does not resolve, so the caller can roll the batch back.
// The per-row work of an import (slug lookups, statement and link inserts) runs as raw SQL on
// statements prepared once per connection: building and preparing a Drizzle query for every row
// cost more than the writes themselves (about 1k statements/s instead of tens of thousands).
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { prepared } from "../db/query.js";
import { actorAliases, actors, type ActorRow } from "../modules/actor/actor.table.js";
import { articleMentions, articles, relatedArticles, type ArticleRow } from "../modules/article/article.table.js";
import { articleIncidents, incidentClaims, incidentPerpetrators, incidents, statementIncidents, type IncidentRow } from "../modules/incident/incident.table.js";
import { statements } from "../modules/statement/statement.table.js";
import { indexActor } from "../modules/actor/actor.search.js";
import { indexArticleValues, type ArticleSearchColumns } from "../modules/article/article.search.js";
import { indexIncident } from "../modules/incident/incident.search.js";
import { indexStatementValues, type StatementSearchColumns } from "../modules/statement/statement.search.js";
import { RecordError, type ArticleRecord, type IncidentRecord, type OrganizationRecord, type PersonRecord, type StatementRecord } from "./records.js";

export type UpsertOutcome = "created" | "updated" | "unchanged";

export interface ResolvedStatement {
  statement: StatementRecord;
  speakerId: number | null;
  viaId: number | null;
  incidentIds: number[];
  claims: { incidentId: number; stance: "CLAIMED" | "DENIED" | "ACCUSED"; accusedId: number | null }[];
}

/** Where a statement goes: its article (with the defaults it inherits) and its position. */
export interface StatementPlace {
  articleId: number;
  position: number;
  publishedAt: string;
  language: string;
}

/** A statement as written: its id, the values the index needs, and whether it was inserted. */
interface WrittenStatement {
  id: number;
  values: StatementSearchColumns;
  fresh: boolean;
}

export class ContentWriter {
  constructor(
    private readonly db: Db,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {}

  private run(text: string, ...params: unknown[]): void {
    prepared(this.db.$client, text).run(...params);
  }

  private get<Row>(text: string, ...params: unknown[]): Row | undefined {
    return prepared(this.db.$client, text).get(...params) as Row | undefined;
  }

  actorIdBySlug(slug: string, path: string, expected?: "PERSON" | "ORGANIZATION"): number {
    const row = this.get<{ id: number; actorType: "PERSON" | "ORGANIZATION" }>("select id, actor_type as actorType from actors where slug = ?", slug);
    if (!row) throw new RecordError([{ path, message: `no person or organization has the slug "${slug}"` }]);
    if (expected && row.actorType !== expected) throw new RecordError([{ path, message: `"${slug}" is not ${expected === "PERSON" ? "a person" : "an organization"}` }]);
    return row.id;
  }

  incidentIdBySlug(slug: string, path: string): number {
    const row = this.get<{ id: number }>("select id from incidents where slug = ?", slug);
    if (!row) throw new RecordError([{ path, message: `no incident has the slug "${slug}"` }]);
    return row.id;
  }

  articleIdBySlug(slug: string): number | undefined {
    return this.get<{ id: number }>("select id from articles where slug = ?", slug)?.id;
  }

  /**
   * Upserts by slug; with `targetId` (the editing mutations) it writes that row instead, so a slug
   * can be renamed.
   */
  upsertActor(record: PersonRecord | OrganizationRecord, targetId?: number): UpsertOutcome {
    const isPerson = record.type === "person";
    const values = {
      actorType: isPerson ? ("PERSON" as const) : ("ORGANIZATION" as const),
      slug: record.slug,
      name: record.name,
      nameEn: record.nameEn ?? null,
      country: record.country ?? null,
      role: isPerson ? (record.role ?? null) : null,
      roleEn: isPerson ? (record.roleEn ?? null) : null,
      affiliationId: isPerson && record.affiliation ? this.actorIdBySlug(record.affiliation, "affiliation", "ORGANIZATION") : null,
      kind: isPerson ? null : record.kind,
    };
    const existing = this.get<ActorRow>(
      `select id, actor_type as actorType, slug, name, name_en as nameEn, country, role, role_en as roleEn, affiliation_id as affiliationId,
         organization_kind as kind, created_at as createdAt, updated_at as updatedAt from actors where ${targetId === undefined ? "slug" : "id"} = ?`,
      targetId ?? record.slug,
    );
    if (targetId !== undefined) this.assertSlugFree(actors, record.slug, targetId);
    if (existing && existing.actorType !== values.actorType) {
      throw new RecordError([{ path: "slug", message: `"${record.slug}" is already used by ${existing.actorType === "PERSON" ? "a person" : "an organization"}` }]);
    }
    const aliases = [...new Set(record.aliases ?? [])];
    let id: number;
    let outcome: UpsertOutcome;
    if (!existing) {
      id = this.get<{ id: number }>(
        `insert into actors (actor_type, slug, name, name_en, country, role, role_en, affiliation_id, organization_kind, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
        values.actorType, values.slug, values.name, values.nameEn, values.country, values.role, values.roleEn, values.affiliationId, values.kind, this.now(), this.now(),
      )!.id;
      outcome = "created";
    } else {
      id = existing.id;
      const currentAliases = this.db.select({ alias: actorAliases.alias }).from(actorAliases).where(eq(actorAliases.actorId, id)).all().map((row) => row.alias);
      const same = (Object.keys(values) as (keyof typeof values)[]).every((key) => existing[key] === values[key]) && sameSet(currentAliases, aliases);
      if (same) return "unchanged";
      this.db.update(actors).set({ ...values, updatedAt: this.now() }).where(eq(actors.id, id)).run();
      outcome = "updated";
    }
    this.run("delete from actor_aliases where actor_id = ?", id);
    for (const alias of aliases) this.run("insert into actor_aliases (actor_id, alias) values (?, ?)", id, alias);
    indexActor(this.db, id);
    return outcome;
  }

  upsertIncident(record: IncidentRecord, targetId?: number): UpsertOutcome {
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
    const perpetratorIds = [...new Set((record.perpetrators ?? []).map((slug, index) => this.actorIdBySlug(slug, `perpetrators.${index}`)))];
    const claims = (record.claims ?? []).map((claim, index) => ({
      actorId: this.actorIdBySlug(claim.actor, `claims.${index}.actor`),
      stance: claim.stance,
      accusedId: claim.accused ? this.actorIdBySlug(claim.accused, `claims.${index}.accused`) : null,
    }));
    const existing = this.get<IncidentRow>(
      `select id, slug, title, title_en as titleEn, kind, occurred_on as occurredOn, place, region, country, latitude, longitude, killed, injured, summary,
         created_at as createdAt, updated_at as updatedAt from incidents where ${targetId === undefined ? "slug" : "id"} = ?`,
      targetId ?? record.slug,
    );
    if (targetId !== undefined) this.assertSlugFree(incidents, record.slug, targetId);
    let id: number;
    let outcome: UpsertOutcome;
    if (!existing) {
      id = this.get<{ id: number }>(
        `insert into incidents (slug, title, title_en, kind, occurred_on, place, region, country, latitude, longitude, killed, injured, summary, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
        values.slug, values.title, values.titleEn, values.kind, values.occurredOn, values.place, values.region, values.country, values.latitude, values.longitude,
        values.killed, values.injured, values.summary, this.now(), this.now(),
      )!.id;
      outcome = "created";
    } else {
      id = existing.id;
      const currentPerpetrators = this.db.select({ id: incidentPerpetrators.actorId }).from(incidentPerpetrators).where(eq(incidentPerpetrators.incidentId, id)).all().map((row) => row.id);
      const currentClaims = this.db
        .select({ actorId: incidentClaims.actorId, stance: incidentClaims.stance, accusedId: incidentClaims.accusedId })
        .from(incidentClaims)
        .where(and(eq(incidentClaims.incidentId, id), isNull(incidentClaims.statementId)))
        .all();
      const same =
        (Object.keys(values) as (keyof typeof values)[]).every((key) => existing[key] === values[key]) &&
        sameSet(currentPerpetrators, perpetratorIds) &&
        sameSet(currentClaims.map(claimKey), claims.map(claimKey));
      if (same) return "unchanged";
      this.db.update(incidents).set({ ...values, updatedAt: this.now() }).where(eq(incidents.id, id)).run();
      outcome = "updated";
    }
    this.run("delete from incident_perpetrators where incident_id = ?", id);
    for (const actorId of perpetratorIds) this.run("insert into incident_perpetrators (incident_id, actor_id) values (?, ?)", id, actorId);
    // Claims backed by a statement belong to the article that carries the statement.
    this.run("delete from incident_claims where incident_id = ? and statement_id is null", id);
    for (const claim of claims) this.run("insert into incident_claims (incident_id, actor_id, stance, accused_id) values (?, ?, ?, ?)", id, claim.actorId, claim.stance, claim.accusedId);
    indexIncident(this.db, id);
    return outcome;
  }

  /**
   * Writes an article with its statements, mentions and links. Related articles that are not in
   * the database yet are returned, for the caller to link once they are.
   */
  upsertArticle(record: ArticleRecord, targetId?: number): { outcome: UpsertOutcome; articleId: number; pendingRelated: string[] } {
    const now = this.now();
    const statementRecords = record.statements ?? [];
    const resolvedStatements = statementRecords.map((statement, index) => this.resolveStatement(statement, `statements.${index}`));
    const mentionIds = new Set<number>();
    (record.people ?? []).forEach((slug, index) => mentionIds.add(this.actorIdBySlug(slug, `people.${index}`, "PERSON")));
    (record.organizations ?? []).forEach((slug, index) => mentionIds.add(this.actorIdBySlug(slug, `organizations.${index}`, "ORGANIZATION")));
    const incidentIds = new Set((record.incidents ?? []).map((slug, index) => this.incidentIdBySlug(slug, `incidents.${index}`)));
    for (const resolved of resolvedStatements) {
      // Whoever speaks in an article, or is the agency it quotes, is mentioned by it; whatever a
      // statement is about, the article reports.
      if (resolved.speakerId !== null) mentionIds.add(resolved.speakerId);
      if (resolved.viaId !== null) mentionIds.add(resolved.viaId);
      for (const incidentId of resolved.incidentIds) incidentIds.add(incidentId);
      for (const claim of resolved.claims) incidentIds.add(claim.incidentId);
    }

    const publishedAt = new Date(record.publishedAt).toISOString();
    const values = {
      slug: record.slug,
      headline: record.headline,
      summary: record.summary ?? null,
      body: record.body,
      language: record.language,
      publishedAt,
      url: record.url ?? null,
      imageCaption: record.image?.caption ?? null,
      imageCredit: record.image?.credit ?? null,
      imageAlt: record.image?.alt ?? null,
      outlet: record.outlet ?? null,
    };
    const existing = this.get<ArticleRow>(
      `select id, slug, headline, summary, body, language, published_at as publishedAt, updated_at as updatedAt, created_at as createdAt, url,
         image_caption as imageCaption, image_credit as imageCredit, image_alt as imageAlt, outlet from articles where ${targetId === undefined ? "slug" : "id"} = ?`,
      targetId ?? record.slug,
    );
    if (targetId !== undefined) this.assertSlugFree(articles, record.slug, targetId);
    let articleId: number;
    let outcome: UpsertOutcome = "created";
    if (!existing) {
      articleId = this.get<{ id: number }>(
        `insert into articles (slug, headline, summary, body, language, published_at, url, image_caption, image_credit, image_alt, outlet, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
        values.slug, values.headline, values.summary, values.body, values.language, values.publishedAt, values.url, values.imageCaption, values.imageCredit, values.imageAlt, values.outlet,
        now, record.updatedAt ? new Date(record.updatedAt).toISOString() : now,
      )!.id;
    } else {
      articleId = existing.id;
      const before = this.snapshotArticle(articleId);
      this.db.update(articles).set(values).where(eq(articles.id, articleId)).run();
      const written = this.replaceArticleLinks(articleId, record, mentionIds, incidentIds, resolvedStatements, publishedAt);
      const unchanged = (Object.keys(values) as (keyof typeof values)[]).every((key) => existing[key] === values[key]) && before === this.snapshotArticle(articleId);
      if (!unchanged) this.db.update(articles).set({ updatedAt: record.updatedAt ? new Date(record.updatedAt).toISOString() : now }).where(eq(articles.id, articleId)).run();
      outcome = unchanged ? "unchanged" : "updated";
      if (!unchanged) this.indexArticleWithStatements(articleId, values, written, false);
      return { outcome, articleId, pendingRelated: this.linkRelated(articleId, record.relatedArticles ?? []) };
    }
    const written = this.replaceArticleLinks(articleId, record, mentionIds, incidentIds, resolvedStatements, publishedAt);
    this.indexArticleWithStatements(articleId, values, written, true);
    return { outcome, articleId, pendingRelated: this.linkRelated(articleId, record.relatedArticles ?? []) };
  }

  private replaceArticleLinks(
    articleId: number,
    record: ArticleRecord,
    mentionIds: Set<number>,
    incidentIds: Set<number>,
    resolvedStatements: ResolvedStatement[],
    publishedAt: string,
  ): WrittenStatement[] {
    this.run("delete from article_topics where article_id = ?", articleId);
    for (const topic of new Set(record.topics ?? [])) this.run("insert into article_topics (article_id, topic) values (?, ?)", articleId, topic);

    this.run("delete from article_mentions where article_id = ?", articleId);
    for (const actorId of mentionIds) this.run("insert into article_mentions (article_id, actor_id) values (?, ?)", articleId, actorId);
    this.run("delete from article_incidents where article_id = ?", articleId);
    for (const incidentId of incidentIds) this.run("insert into article_incidents (article_id, incident_id) values (?, ?)", articleId, incidentId);

    // Statements are matched by position, so re-importing the same article keeps their ids.
    const existingIds = (prepared(this.db.$client, "select id from statements where article_id = ? order by position").pluck().all(articleId) as number[]);
    const written = resolvedStatements.map((resolved, position) =>
      this.writeStatementRow(resolved, { articleId, position, publishedAt, language: record.language }, existingIds[position]),
    );
    const leftovers = existingIds.slice(resolvedStatements.length);
    if (leftovers.length > 0) this.db.delete(statements).where(inArray(statements.id, leftovers)).run();
    return written;
  }

  /**
   * Search index rows, in this same transaction, from the values just written (not read back);
   * removed statements left the index by trigger. `fresh`: the article was just inserted.
   */
  private indexArticleWithStatements(articleId: number, article: ArticleSearchColumns, written: readonly WrittenStatement[], fresh: boolean): void {
    indexArticleValues(this.db, articleId, article, fresh);
    for (const statement of written) indexStatementValues(this.db, statement.id, statement.values, statement.fresh);
  }

  /** Resolves the slugs of one statement record; `path` prefixes the errors (`statements.2`). */
  resolveStatement(statement: StatementRecord, path: string): ResolvedStatement {
    return {
      statement,
      speakerId: statement.speaker ? this.actorIdBySlug(statement.speaker, `${path}.speaker`) : null,
      viaId: statement.via ? this.actorIdBySlug(statement.via, `${path}.via`, "ORGANIZATION") : null,
      incidentIds: [...new Set((statement.incidents ?? []).map((slug, incidentIndex) => this.incidentIdBySlug(slug, `${path}.incidents.${incidentIndex}`)))],
      claims: (statement.claims ?? []).map((claim, claimIndex) => ({
        incidentId: this.incidentIdBySlug(claim.incident, `${path}.claims.${claimIndex}.incident`),
        stance: claim.stance,
        accusedId: claim.accused ? this.actorIdBySlug(claim.accused, `${path}.claims.${claimIndex}.accused`) : null,
      })),
    };
  }

  /**
   * Inserts a statement, or rewrites the row `statementId` (keeping its id), with its incident
   * links and the claims it backs. Returns the statement id.
   */
  writeStatement(resolved: ResolvedStatement, article: StatementPlace, statementId?: number): number {
    return this.writeStatementRow(resolved, article, statementId).id;
  }

  private writeStatementRow(resolved: ResolvedStatement, article: StatementPlace, statementId?: number): WrittenStatement {
    const { statement } = resolved;
    const values = {
      articleId: article.articleId,
      position: article.position,
      paragraph: statement.paragraph,
      text: statement.text,
      kind: statement.kind,
      speakerId: resolved.speakerId,
      speakerLabel: statement.speakerLabel ?? null,
      cue: statement.cue ?? null,
      saidAt: statement.saidAt ? new Date(statement.saidAt).toISOString() : article.publishedAt,
      viaId: resolved.viaId,
      language: statement.language ?? article.language,
    };
    let id: number;
    if (statementId === undefined) {
      id = this.get<{ id: number }>(
        `insert into statements (article_id, position, paragraph, text, kind, speaker_id, speaker_label, cue, said_at, via_id, language)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
        values.articleId, values.position, values.paragraph, values.text, values.kind, values.speakerId, values.speakerLabel, values.cue, values.saidAt, values.viaId, values.language,
      )!.id;
    } else {
      id = statementId;
      this.db.update(statements).set(values).where(eq(statements.id, id)).run();
      this.db.delete(statementIncidents).where(eq(statementIncidents.statementId, id)).run();
      this.db.delete(incidentClaims).where(eq(incidentClaims.statementId, id)).run();
    }
    // With the statement's sort key copied (migration 0003), so its trigger has nothing to fix.
    for (const incidentId of resolved.incidentIds) {
      this.run(
        "insert into statement_incidents (statement_id, incident_id, said_at, article_id, position) values (?, ?, ?, ?, ?)",
        id, incidentId, values.saidAt, values.articleId, values.position,
      );
    }
    for (const claim of resolved.claims) {
      this.run(
        "insert into incident_claims (incident_id, actor_id, stance, accused_id, statement_id) values (?, ?, ?, ?, ?)",
        claim.incidentId, resolved.speakerId ?? missingSpeaker(article.position), claim.stance, claim.accusedId, id,
      );
    }
    return { id, values, fresh: statementId === undefined };
  }

  /** Whoever speaks in a statement is mentioned by its article; what it is about, the article reports. */
  linkStatementToArticle(articleId: number, resolved: ResolvedStatement): void {
    const actorIds = [resolved.speakerId, resolved.viaId].filter((id): id is number => id !== null);
    if (actorIds.length > 0) this.db.insert(articleMentions).values(actorIds.map((actorId) => ({ articleId, actorId }))).onConflictDoNothing().run();
    const incidentIds = [...new Set([...resolved.incidentIds, ...resolved.claims.map((claim) => claim.incidentId)])];
    if (incidentIds.length > 0) this.db.insert(articleIncidents).values(incidentIds.map((incidentId) => ({ articleId, incidentId }))).onConflictDoNothing().run();
  }

  /** Renumbers an article's statements in reading order (paragraph, then previous order). */
  renumberStatements(articleId: number): void {
    const ordered = this.db.select({ id: statements.id, position: statements.position }).from(statements).where(eq(statements.articleId, articleId)).orderBy(statements.paragraph, statements.position, statements.id).all();
    ordered.forEach((row, position) => {
      if (row.position !== position) this.db.update(statements).set({ position }).where(eq(statements.id, row.id)).run();
    });
  }

  touchArticle(articleId: number): void {
    this.db.update(articles).set({ updatedAt: this.now() }).where(eq(articles.id, articleId)).run();
  }

  private assertSlugFree(table: typeof actors | typeof incidents | typeof articles, slug: string, targetId: number): void {
    const other = this.db.select({ id: table.id }).from(table).where(eq(table.slug, slug)).get();
    if (other && other.id !== targetId) throw new RecordError([{ path: "slug", message: `"${slug}" is already used` }]);
  }

  /** A text fingerprint of everything attached to an article, to tell whether an upsert changed it. */
  private snapshotArticle(articleId: number): string {
    return JSON.stringify(
      this.db.all(sql`select
        (select json_group_array(topic) from (select topic from article_topics where article_id = ${articleId} order by topic)),
        (select json_group_array(actor_id) from (select actor_id from article_mentions where article_id = ${articleId} order by actor_id)),
        (select json_group_array(incident_id) from (select incident_id from article_incidents where article_id = ${articleId} order by incident_id)),
        (select json_group_array(json_array(id, position, paragraph, text, kind, speaker_id, speaker_label, cue, said_at, via_id, language)) from (select * from statements where article_id = ${articleId} order by position)),
        (select json_group_array(json_array(statement_id, incident_id)) from (select * from statement_incidents where statement_id in (select id from statements where article_id = ${articleId}) order by statement_id, incident_id)),
        (select json_group_array(json_array(statement_id, incident_id, actor_id, stance, accused_id)) from (select * from incident_claims where statement_id in (select id from statements where article_id = ${articleId}) order by statement_id, id)),
        (select json_group_array(related_id) from (select related_id from related_articles where article_id = ${articleId} order by related_id))`),
    );
  }

  /** Links both directions; returns the slugs that do not exist yet. */
  linkRelated(articleId: number, slugs: readonly string[]): string[] {
    const pending: string[] = [];
    const wanted = new Set<number>();
    for (const slug of slugs) {
      const relatedId = this.articleIdBySlug(slug);
      if (relatedId === undefined) pending.push(slug);
      else if (relatedId !== articleId) wanted.add(relatedId);
    }
    const current = prepared(this.db.$client, "select related_id from related_articles where article_id = ?").pluck().all(articleId) as number[];
    const removed = current.filter((id) => !wanted.has(id));
    if (removed.length > 0) {
      this.db.delete(relatedArticles).where(and(eq(relatedArticles.articleId, articleId), inArray(relatedArticles.relatedId, removed))).run();
      this.db.delete(relatedArticles).where(and(eq(relatedArticles.relatedId, articleId), inArray(relatedArticles.articleId, removed))).run();
    }
    for (const relatedId of wanted) this.linkBothWays(articleId, relatedId);
    return pending;
  }

  private linkBothWays(articleId: number, relatedId: number): void {
    this.run("insert into related_articles (article_id, related_id) values (?, ?), (?, ?) on conflict do nothing", articleId, relatedId, relatedId, articleId);
  }

  /** Used when every record of an import is in: links left pending must resolve now. */
  linkPendingRelated(articleSlug: string, relatedSlugs: readonly string[]): string[] {
    const articleId = this.articleIdBySlug(articleSlug);
    if (articleId === undefined) return [...relatedSlugs];
    const missing: string[] = [];
    for (const slug of relatedSlugs) {
      const relatedId = this.articleIdBySlug(slug);
      if (relatedId === undefined) missing.push(slug);
      else if (relatedId !== articleId) this.linkBothWays(articleId, relatedId);
    }
    return missing;
  }
}

function missingSpeaker(position: number): never {
  throw new RecordError([{ path: `statements.${position}.claims`, message: "a claim needs a named speaker" }]);
}

function sameSet<Value>(left: readonly Value[], right: readonly Value[]): boolean {
  const a = new Set(left);
  const b = new Set(right);
  return a.size === b.size && [...a].every((value) => b.has(value));
}

function claimKey(claim: { actorId: number; stance: string; accusedId: number | null }): string {
  return `${claim.actorId}:${claim.stance}:${claim.accusedId ?? ""}`;
}

