// The one write path of articles with everything they carry — topics, mentions, incidents,
// related articles and their statements: import, seed and the article mutations. Runs inside the
// caller's transaction, keeps the search index in step, and records on the session what changed
// (the article, its statements and their incidents) for live updates.
import { and, eq, sql } from "drizzle-orm";
import type { Dialect } from "../../db/dialect.js";
import { jsonList } from "../../db/query.js";
import { read } from "../../db/read-program.js";
import { keyedRows, reshaped, type Read } from "../../db/read.js";
import { rememberedLookup } from "../../db/remembered.js";
import { deleteRows, deleteWhere, insertRow, rowsWhere, rowWhere, updateRows } from "../../db/table-writes.js";
import { articleIncidents } from "../incident/incident.table.js";
import { existingRow, type UpsertOutcome, type WriteProgram, type WriteSession, type WriteTarget } from "../../db/write-session.js";
import { ActorWriter } from "../actor/actor.writer.js";
import { IncidentWriter } from "../incident/incident.writer.js";
import { indexStatementValues } from "../statement/statement.search.js";
import { StatementWriter, type ResolvedStatement, type WrittenStatement } from "../statement/statement.writer.js";
import { writeRevision } from "../revision/revision.writer.js";
import { SlugLookup } from "../slugs.js";
import { articleRecordsOf, type ArticleRecord } from "./article.record.js";
import { indexArticleValues, type ArticleSearchColumns } from "./article.search.js";
import { articleCorrections, articleMentions, articles, articleTopics, relatedArticles, type ArticleRow } from "./article.table.js";

const ARTICLE_LOOKUPS = {
  bySlug: (dialect: Dialect, slug: string) => rowWhere(dialect, articles, "slug", slug),
  byId: (dialect: Dialect, id: number) => rowWhere(dialect, articles, "id", id),
};

/**
 * The triggers that copy an article's published_at into a new mention or incident link. The
 * writer copies it itself, so an import batch sets them aside (db/batch-write.ts) and saves an
 * UPDATE per link row.
 */
const LINK_FILL_TRIGGERS = ["article_mentions_published_at_fill", "article_incidents_published_at_fill"] as const;

/**
 * Everything attached to an article that an upsert replaces, as one JSON value read in one
 * statement: what the article has, to compare with what a record would write (contentOf).
 * Statements by position, each row with its id first and its origin last.
 */
const STORED_CONTENT = {};

function storedContent(dialect: Dialect, id: number): Read<ArticleContent> {
  const params = Array.from({ length: 7 }, () => id);
  const build =
    dialect.name === "postgres"
      ? () => sql`select json_build_object(
  'topics', coalesce((select json_agg(topic) from article_topics where article_id = ${id}), '[]'),
  'corrections', coalesce((select json_agg(json_build_array(at, note) order by position) from article_corrections where article_id = ${id}), '[]'),
  'mentions', coalesce((select json_agg(actor_id) from article_mentions where article_id = ${id}), '[]'),
  'incidents', coalesce((select json_agg(incident_id) from article_incidents where article_id = ${id}), '[]'),
  'statements', coalesce((select json_agg(json_build_array(id, position, paragraph, text, kind, speaker_id, speaker_label, cue, said_at, via_id, language, origin) order by position)
    from statements where article_id = ${id}), '[]'),
  'statementIncidents', coalesce((select json_agg(json_build_array(statement_id, incident_id)) from statement_incidents where statement_id in (select id from statements where article_id = ${id})), '[]'),
  'claims', coalesce((select json_agg(json_build_array(statement_id, incident_id, actor_id, stance, accused_id) order by statement_id, id)
    from incident_claims where statement_id in (select id from statements where article_id = ${id})), '[]')
)::text as content`
      : () => sql`select json_object(
  'topics', (select json_group_array(topic) from article_topics where article_id = ${id}),
  'corrections', (select json_group_array(json_array(at, note)) from (select at, note from article_corrections where article_id = ${id} order by position)),
  'mentions', (select json_group_array(actor_id) from article_mentions where article_id = ${id}),
  'incidents', (select json_group_array(incident_id) from article_incidents where article_id = ${id}),
  'statements', (select json_group_array(json_array(id, position, paragraph, text, kind, speaker_id, speaker_label, cue, said_at, via_id, language, origin))
    from (select * from statements where article_id = ${id} order by position)),
  'statementIncidents', (select json_group_array(json_array(statement_id, incident_id)) from statement_incidents where statement_id in (select id from statements where article_id = ${id})),
  'claims', (select json_group_array(json_array(statement_id, incident_id, actor_id, stance, accused_id))
    from (select * from incident_claims where statement_id in (select id from statements where article_id = ${id}) order by statement_id, id))
) as content`;
  return reshaped(keyedRows<{ content: string }>(dialect, { owner: STORED_CONTENT, variant: "content" }, params, build), (found) => JSON.parse(found[0]!.content) as ArticleContent);
}

type StatementColumns = [id: number | null, position: number, paragraph: number, text: string, kind: string, speakerId: number | null, speakerLabel: string | null, cue: string | null, saidAt: string, viaId: number | null, language: string, origin: string];

/** An article's topics, corrections, mentions, incidents and statements with their links and claims. */
interface ArticleContent {
  topics: string[];
  corrections: [at: string, note: string][];
  mentions: number[];
  incidents: number[];
  statements: StatementColumns[];
  statementIncidents: [statementId: number | null, incidentId: number][];
  claims: [statementId: number | null, incidentId: number, actorId: number, stance: string, accusedId: number | null][];
}

const byNumber = (left: number, right: number) => left - right;
const byPair = (left: readonly [number | null, number], right: readonly [number | null, number]) => (left[0] ?? -1) - (right[0] ?? -1) || left[1] - right[1];

/** Whether two contents are the same rows (lists that are sets compared in any order), origins left out: they do not make an article changed. */
function sameContent(stored: ArticleContent, written: ArticleContent): boolean {
  const canonical = (content: ArticleContent) =>
    JSON.stringify([
      [...content.topics].sort(),
      content.corrections,
      [...content.mentions].sort(byNumber),
      [...content.incidents].sort(byNumber),
      content.statements.map((row) => row.slice(0, -1)),
      [...content.statementIncidents].sort(byPair),
      // Claims in the order they were written within each statement (ids grow), statements by id.
      [...content.claims].sort((left, right) => (left[0] ?? -1) - (right[0] ?? -1)),
    ]);
  return canonical(stored) === canonical(written);
}

/**
 * The statements of an article whose stored row, incident links and claims are exactly what the
 * record would write, by position: an upsert leaves them as they are (an edit of one statement
 * rewrites one statement, not all of them).
 */
function keptPositions(stored: ArticleContent, written: ArticleContent): Set<number> {
  const linksOf = (content: ArticleContent) => {
    const links = new Map<number | null, string>();
    for (const [statementId, incidentId] of [...content.statementIncidents].sort(byPair)) links.set(statementId, `${links.get(statementId) ?? ""}${incidentId},`);
    return links;
  };
  const claimsOf = (content: ArticleContent) => {
    const claims = new Map<number | null, string>();
    for (const claim of content.claims) claims.set(claim[0], `${claims.get(claim[0]) ?? ""}${JSON.stringify(claim)}`);
    return claims;
  };
  const [storedLinks, writtenLinks, storedClaims, writtenClaims] = [linksOf(stored), linksOf(written), claimsOf(stored), claimsOf(written)];
  const kept = new Set<number>();
  written.statements.forEach((row, position) => {
    const id = row[0];
    const before = stored.statements[position];
    if (id === null || !before || JSON.stringify(before) !== JSON.stringify(row)) return;
    if (storedLinks.get(id) === writtenLinks.get(id) && storedClaims.get(id) === writtenClaims.get(id)) kept.add(position);
  });
  return kept;
}

export interface ArticleWriteResult {
  outcome: UpsertOutcome;
  articleId: number;
  /** Related articles not in the database yet, for the caller to link once they are. */
  pendingRelated: string[];
}

/** What an article record links to, resolved once per write: what replaceLinks writes and contentOf compares. */
interface ArticleLinks {
  record: ArticleRecord;
  mentionIds: Set<number>;
  incidentIds: Set<number>;
  resolvedStatements: ResolvedStatement[];
  publishedAt: string;
}

export class ArticleWriter {
  private readonly actors: ActorWriter;
  private readonly incidents: IncidentWriter;
  readonly statements: StatementWriter;
  private readonly dialect: Dialect;

  constructor(private readonly session: WriteSession) {
    this.actors = new ActorWriter(session);
    this.incidents = new IncidentWriter(session);
    this.statements = new StatementWriter(session);
    this.dialect = session.dialect;
  }

  *idBySlug(slug: string): WriteProgram<number | undefined> {
    // Remembered for an import batch once found (related articles point at the same few).
    const row = yield* rememberedLookup(this.session, "articles", slug, () => ARTICLE_LOOKUPS.bySlug(this.dialect, slug));
    return row?.id;
  }

  /** Writes an article with its statements, mentions and links. */
  *write(record: ArticleRecord, target: WriteTarget = "bySlug"): WriteProgram<ArticleWriteResult> {
    const { session, dialect } = this;
    const now = session.now();
    const resolvedStatements: ResolvedStatement[] = [];
    for (const [index, statement] of (record.statements ?? []).entries()) resolvedStatements.push(yield* this.statements.resolve(statement, `statements.${index}`));
    const mentionIds = new Set<number>();
    for (const [index, slug] of (record.people ?? []).entries()) mentionIds.add(yield* this.actors.idBySlug(slug, `people.${index}`, "PERSON"));
    for (const [index, slug] of (record.organizations ?? []).entries()) mentionIds.add(yield* this.actors.idBySlug(slug, `organizations.${index}`, "ORGANIZATION"));
    const incidentIds = new Set<number>();
    for (const [index, slug] of (record.incidents ?? []).entries()) incidentIds.add(yield* this.incidents.idBySlug(slug, `incidents.${index}`));
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
      outletId: record.outlet ? yield* this.actors.outletIdOf(record.outlet, "outlet") : null,
    };
    const updatedAt = record.updatedAt ? new Date(record.updatedAt).toISOString() : now;
    const links: ArticleLinks = { record, mentionIds, incidentIds, resolvedStatements, publishedAt };
    const existing = yield* existingRow<ArticleRow>({ bySlug: (slug) => ARTICLE_LOOKUPS.bySlug(dialect, slug), byId: (id) => ARTICLE_LOOKUPS.byId(dialect, id) }, target, record.slug);
    if (!existing) {
      const articleId = (yield* read(insertRow(dialect, articles, { ...values, createdAt: now, updatedAt }))).insertedId!;
      const written = yield* this.replaceLinks(articleId, links, null);
      yield* this.index(articleId, values, written, true);
      this.session.changed({ type: "Article", id: articleId, action: "created" });
      yield* writeRevision(session, { entityType: "Article", entityId: articleId, action: "CREATED", record });
      return { outcome: "created", articleId, pendingRelated: yield* this.linkRelated(articleId, record.relatedArticles ?? [], true) };
    }
    const articleId = existing.id;
    // Compared before anything is written: an article that the record leaves as it is costs one read.
    const stored = yield* read(storedContent(dialect, articleId));
    const existingIds = stored.statements.map((row) => row[0]!);
    const written = this.contentOf(articleId, links, existingIds);
    const unchanged = (Object.keys(values) as (keyof typeof values)[]).every((key) => existing[key] === values[key]) && sameContent(stored, written);
    const sameOrigins = written.statements.every((row, position) => row[11] === stored.statements[position]?.[11]);
    if (unchanged && sameOrigins) return { outcome: "unchanged", articleId, pendingRelated: yield* this.linkRelated(articleId, record.relatedArticles ?? []) };
    yield* read(updateRows(dialect, articles, values, "id", articleId));
    const statementsWritten = yield* this.replaceLinks(articleId, links, existingIds, keptPositions(stored, written));
    // Only an origin differs (it is not part of what makes an article changed): written, but nothing to announce.
    if (!unchanged) {
      yield* read(updateRows(dialect, articles, { updatedAt }, "id", articleId));
      yield* this.index(articleId, values, statementsWritten, false);
      session.changed({ type: "Article", id: articleId, action: "updated" });
      yield* writeRevision(session, { entityType: "Article", entityId: articleId, action: "UPDATED", record });
    }
    return { outcome: unchanged ? "unchanged" : "updated", articleId, pendingRelated: yield* this.linkRelated(articleId, record.relatedArticles ?? []) };
  }

  /** What replaceLinks writes for a record, in the shape storedContent reads; statements beyond the existing ones have no id yet. */
  private contentOf(articleId: number, { record, mentionIds, incidentIds, resolvedStatements, publishedAt }: ArticleLinks, existingIds: readonly number[]): ArticleContent {
    const content: ArticleContent = {
      topics: [...new Set(record.topics ?? [])],
      corrections: (record.corrections ?? []).map((correction) => [new Date(correction.at).toISOString(), correction.note]),
      mentions: [...mentionIds],
      incidents: [...incidentIds],
      statements: [],
      statementIncidents: [],
      claims: [],
    };
    resolvedStatements.forEach((resolved, position) => {
      const id = existingIds[position] ?? null;
      const row = this.statements.valuesOf(resolved, { articleId, position, publishedAt, language: record.language });
      content.statements.push([id, row.position, row.paragraph, row.text, row.kind, row.speakerId, row.speakerLabel, row.cue, row.saidAt, row.viaId, row.language, row.origin]);
      for (const incidentId of resolved.incidentIds) content.statementIncidents.push([id, incidentId]);
      for (const claim of this.statements.claimsOf(resolved, position)) content.claims.push([id, claim.incidentId, claim.actorId, claim.stance, claim.accusedId]);
    });
    return content;
  }

  /** `existingIds`: the ids of its statements by position, or null for an article just inserted (it has nothing to replace: ids are never reused). */
  private *replaceLinks(
    articleId: number,
    { record, mentionIds, incidentIds, resolvedStatements, publishedAt }: ArticleLinks,
    existingIds: readonly number[] | null,
    kept: ReadonlySet<number> = new Set(),
  ): WriteProgram<WrittenStatement[]> {
    const { dialect } = this;
    const fresh = existingIds === null;
    const id = articleId;
    this.session.batch?.suspendTriggers(LINK_FILL_TRIGGERS);
    if (!fresh) {
      yield* read(deleteRows(dialect, articleCorrections, "articleId", id));
      yield* read(deleteRows(dialect, articleTopics, "articleId", id));
      yield* read(deleteRows(dialect, articleMentions, "articleId", id));
      yield* read(deleteRows(dialect, articleIncidents, "articleId", id));
    }
    for (const [position, correction] of (record.corrections ?? []).entries()) {
      yield* read(insertRow(dialect, articleCorrections, { articleId: id, position, at: new Date(correction.at).toISOString(), note: correction.note }));
    }
    for (const topic of new Set(record.topics ?? [])) yield* read(insertRow(dialect, articleTopics, { articleId: id, topic }));
    // With the article's published_at copied (migration 0001), so its trigger has nothing to fix.
    for (const actorId of mentionIds) yield* read(insertRow(dialect, articleMentions, { articleId: id, actorId, publishedAt }));
    for (const incidentId of incidentIds) yield* read(insertRow(dialect, articleIncidents, { articleId: id, incidentId, publishedAt }));

    // Statements are matched by position, so re-importing the same article keeps their ids.
    const written: WrittenStatement[] = [];
    for (const [position, resolved] of resolvedStatements.entries()) {
      const place = { articleId, position, publishedAt, language: record.language };
      const statementId = existingIds?.[position];
      written.push(statementId !== undefined && kept.has(position) ? this.statements.kept(resolved, place, statementId) : yield* this.statements.write(resolved, place, statementId, false));
    }
    if (existingIds) yield* this.statements.delete(existingIds.slice(resolvedStatements.length));
    return written;
  }

  /**
   * Search index rows, in this same transaction, from the values just written (not read back);
   * removed statements left the index by trigger. `fresh`: the article was just inserted. The
   * statements' changes are recorded here too: an upsert that changed nothing records nothing.
   */
  private *index(articleId: number, article: ArticleSearchColumns, written: readonly WrittenStatement[], fresh: boolean): WriteProgram<void> {
    yield* indexArticleValues(this.session, articleId, article, fresh);
    for (const statement of written) {
      // A statement left as it was keeps its index row: the row would be the same.
      if (statement.rewritten) yield* indexStatementValues(this.session, statement.id, statement.values, statement.fresh);
      this.statements.recordWrite(statement);
    }
  }

  /** Links both directions; returns the slugs that do not exist yet. `fresh`: the article was just inserted (it has no links yet). */
  *linkRelated(articleId: number, slugs: readonly string[], fresh = false): WriteProgram<string[]> {
    const { dialect } = this;
    const pending: string[] = [];
    const wanted = new Set<number>();
    for (const slug of slugs) {
      const relatedId = yield* this.idBySlug(slug);
      if (relatedId === undefined) pending.push(slug);
      else if (relatedId !== articleId) wanted.add(relatedId);
    }
    const current = fresh ? [] : (yield* read(rowsWhere(dialect, relatedArticles, "articleId", articleId))).map((row) => row.relatedId);
    const removed = current.filter((id) => !wanted.has(id));
    if (removed.length > 0) {
      const list = jsonList(removed);
      yield* read(deleteWhere(dialect, relatedArticles, and(eq(relatedArticles.articleId, articleId), sql`${relatedArticles.relatedId} ${dialect.inList(list)}`)!));
      yield* read(deleteWhere(dialect, relatedArticles, and(eq(relatedArticles.relatedId, articleId), sql`${relatedArticles.articleId} ${dialect.inList(list)}`)!));
    }
    for (const relatedId of wanted) yield* this.linkBothWays(articleId, relatedId);
    return pending;
  }

  private *linkBothWays(articleId: number, relatedId: number): WriteProgram<void> {
    yield* read(insertRow(this.dialect, relatedArticles, { articleId, relatedId }, { ignoreConflict: true }));
    yield* read(insertRow(this.dialect, relatedArticles, { articleId: relatedId, relatedId: articleId }, { ignoreConflict: true }));
  }

  /** Used when every record of an import is in: links left pending must resolve now. Returns the slugs still missing. */
  *linkPendingRelated(articleSlug: string, relatedSlugs: readonly string[]): WriteProgram<string[]> {
    const articleId = yield* this.idBySlug(articleSlug);
    if (articleId === undefined) return [...relatedSlugs];
    const missing: string[] = [];
    for (const slug of relatedSlugs) {
      const relatedId = yield* this.idBySlug(slug);
      if (relatedId === undefined) missing.push(slug);
      else if (relatedId !== articleId) yield* this.linkBothWays(articleId, relatedId);
    }
    return missing;
  }

  /** Moves the article's updatedAt: a change to one of its statements changes it. */
  *touch(articleId: number): WriteProgram<void> {
    yield* read(updateRows(this.dialect, articles, { updatedAt: this.session.now() }, "id", articleId));
  }

  /** Deletes an article; its statements first, so their incidents are recorded as changed. */
  *delete(articleId: number): WriteProgram<void> {
    const { dialect } = this;
    const row = yield* read(ARTICLE_LOOKUPS.byId(dialect, articleId));
    if (row) {
      const [record] = yield* articleRecordsOf([row], new SlugLookup(dialect));
      yield* writeRevision(this.session, { entityType: "Article", entityId: articleId, action: "DELETED", record: record! });
    }
    yield* this.statements.delete(yield* this.statements.idsOfArticle(articleId));
    yield* read(deleteRows(dialect, articles, "id", articleId));
    this.session.changed({ type: "Article", id: articleId, action: "deleted" });
  }
}
