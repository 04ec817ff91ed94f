// The service behind the editing mutations. Each method is one synchronous better-sqlite3
// transaction: it turns the GraphQL input into the NDJSON record shape (references, given as slugs
// or global ids, become slugs), overlays it on the current record for updates, checks it with the
// same rules as the importer, and writes it through ContentWriter, the one write path. Any error
// rolls the whole transaction back, so a failed mutation changes nothing.
import { and, count, eq, ne, sql } from "drizzle-orm";
import { indexActor } from "../actor/actor.search.js";
import { indexStatement } from "../statement/statement.search.js";
import type { Db } from "../../db/client.js";
import { ContentWriter } from "../../ingest/content-writer.js";
import { ContentReader } from "../../ingest/exporter.js";
import { parseRecord, RecordError, type ArticleRecord, type ContentRecord, type IncidentRecord, type OrganizationRecord, type PersonRecord, type StatementRecord } from "../../ingest/records.js";
import { BadUserInputError, ConflictError, KhabarError, NotFoundError, type FieldError } from "../../shared/errors.js";
import { decodeIdOf, parseGlobalId, toGlobalId, type NodeType } from "../../shared/global-id.js";
import { SLUG_SHAPE } from "../../shared/validation.js";
import { actorAliases, actors, type ActorRow, type ActorType } from "../actor/actor.table.js";
import { articles, type ArticleRow } from "../article/article.table.js";
import { incidentClaims, incidents, type IncidentRow } from "../incident/incident.table.js";
import { statements, type StatementRow } from "../statement/statement.table.js";

type ReferenceKind = "person" | "organization" | "actor" | "incident" | "article";

const NODE_TYPES_OF: Record<ReferenceKind, readonly NodeType[]> = {
  person: ["Person"],
  organization: ["Organization"],
  actor: ["Person", "Organization"],
  incident: ["Incident"],
  article: ["Article"],
};

const KIND_NAMES: Record<ReferenceKind, string> = {
  person: "person",
  organization: "organization",
  actor: "person or organization",
  incident: "incident",
  article: "article",
};

let lastInstant = 0;
/** ISO time that strictly increases within the process, so `updatedAt` always moves on a change. */
function monotonicNow(): string {
  lastInstant = Math.max(Date.now(), lastInstant + 1);
  return new Date(lastInstant).toISOString();
}

type ActorFields = Partial<Omit<PersonRecord, "type"> & Omit<OrganizationRecord, "type">>;

/** Inputs are class instances whose absent fields are undefined; `null` means "clear". */
type Input = object;

function given<Value>(value: Value | undefined): value is Value {
  return value !== undefined;
}

/** Record keys that are null are dropped: the record format treats absent and null alike. */
function withoutNulls<Value extends object>(value: Value): Value {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== null && field !== undefined)) as Value;
}

/** Turns slug-or-id references into slugs, collecting every unresolvable one. */
class References {
  readonly errors: FieldError[] = [];
  constructor(private readonly db: Db) {}

  one(reference: string, kind: ReferenceKind, path: string): string {
    const slug = this.resolve(reference, kind);
    if (slug === null) this.errors.push({ path, message: `no ${KIND_NAMES[kind]} has the slug or id "${reference.slice(0, 80)}"` });
    return slug ?? reference;
  }

  many(references: readonly string[] | null | undefined, kind: ReferenceKind, path: string): string[] | undefined {
    return references?.map((reference, index) => this.one(reference, kind, `${path}.${index}`));
  }

  optional(reference: string | null | undefined, kind: ReferenceKind, path: string): string | null | undefined {
    return reference == null ? reference : this.one(reference, kind, path);
  }

  private resolve(reference: string, kind: ReferenceKind): string | null {
    if (SLUG_SHAPE.test(reference)) return this.existing(kind, "slug", reference);
    const decoded = parseGlobalId(reference);
    if (!decoded || !NODE_TYPES_OF[kind].includes(decoded.type)) return null;
    return this.existing(kind, "id", decoded.id);
  }

  private existing(kind: ReferenceKind, by: "slug" | "id", value: string | number): string | null {
    if (kind === "incident") return this.db.select({ slug: incidents.slug }).from(incidents).where(by === "slug" ? eq(incidents.slug, String(value)) : eq(incidents.id, Number(value))).get()?.slug ?? null;
    if (kind === "article") return this.db.select({ slug: articles.slug }).from(articles).where(by === "slug" ? eq(articles.slug, String(value)) : eq(articles.id, Number(value))).get()?.slug ?? null;
    const row = this.db.select({ slug: actors.slug, actorType: actors.actorType }).from(actors).where(by === "slug" ? eq(actors.slug, String(value)) : eq(actors.id, Number(value))).get();
    if (!row) return null;
    if (kind === "person" && row.actorType !== "PERSON") return null;
    if (kind === "organization" && row.actorType !== "ORGANIZATION") return null;
    return row.slug;
  }

  check(): void {
    if (this.errors.length > 0) throw new RecordError(this.errors);
  }
}

export class ContentEditor {
  constructor(private readonly db: Db) {}

  /** Runs `work` in one transaction; errors become coded GraphQL errors with `input.` paths. */
  private transaction<Result>(work: (tools: { writer: ContentWriter; reader: ContentReader; references: References }) => Result): Result {
    try {
      return this.db.$client.transaction(() => work({ writer: new ContentWriter(this.db, monotonicNow), reader: new ContentReader(this.db), references: new References(this.db) }))();
    } catch (error) {
      if (error instanceof KhabarError) throw error;
      if (error instanceof RecordError) {
        const fieldErrors = error.fieldErrors.map((fieldError) => ({ path: fieldError.path ? `input.${fieldError.path}` : "input", message: fieldError.message }));
        throw new BadUserInputError(`Invalid input: ${fieldErrors.map((fieldError) => `${fieldError.path}: ${fieldError.message}`).join("; ")}`, fieldErrors);
      }
      if (error instanceof Error && "code" in error && String(error.code).startsWith("SQLITE_CONSTRAINT_UNIQUE")) throw new ConflictError("That slug is already used.");
      throw error;
    }
  }

  /** The same checks as an imported line, so both ways in agree on what is valid. */
  private check(record: ContentRecord, remap: (path: string) => string = (path) => path): void {
    try {
      parseRecord(JSON.stringify(record));
    } catch (error) {
      if (error instanceof RecordError) throw new RecordError(error.fieldErrors.map((fieldError) => ({ ...fieldError, path: remap(fieldError.path) })));
      throw error;
    }
  }

  // People and organizations ------------------------------------------------------------------

  private actorRow(id: string, actorType: ActorType): ActorRow {
    const nodeType = actorType === "PERSON" ? "Person" : "Organization";
    const row = this.db.select().from(actors).where(eq(actors.id, decodeIdOf(id, [nodeType], "id"))).get();
    if (!row || row.actorType !== actorType) throw new NotFoundError(`No ${nodeType === "Person" ? "person" : "organization"} has the id "${id}".`);
    return row;
  }

  private assertActorSlugFree(slug: string, exceptId?: number): void {
    const other = this.db.select({ id: actors.id, actorType: actors.actorType }).from(actors).where(eq(actors.slug, slug)).get();
    if (other && other.id !== exceptId) {
      throw new ConflictError(`The slug "${slug}" is already used by ${other.actorType === "PERSON" ? "a person" : "an organization"}.`, { field: "input.slug" });
    }
  }

  createActor(actorType: ActorType, input: Input): ActorRow {
    return this.transaction(({ writer, references }) => {
      const fields = input as ActorFields;
      this.assertActorSlugFree(fields.slug ?? "");
      const record = this.actorRecordFrom(actorType, {}, fields, references);
      references.check();
      this.check(record);
      writer.upsertActor(record);
      return this.db.select().from(actors).where(eq(actors.slug, record.slug)).get()!;
    });
  }

  updateActor(actorType: ActorType, id: string, input: Input): ActorRow {
    return this.transaction(({ writer, reader, references }) => {
      const row = this.actorRow(id, actorType);
      const fields = input as ActorFields;
      if (given(fields.slug) && fields.slug !== null) this.assertActorSlugFree(fields.slug, row.id);
      const record = this.actorRecordFrom(actorType, reader.actorRecord(row), fields, references);
      references.check();
      this.check(record);
      writer.upsertActor(record, row.id);
      return this.db.select().from(actors).where(eq(actors.id, row.id)).get()!;
    });
  }

  private actorRecordFrom(actorType: ActorType, base: Partial<PersonRecord | OrganizationRecord>, input: ActorFields, references: References): PersonRecord | OrganizationRecord {
    const merged: Record<string, unknown> = { ...base, type: actorType === "PERSON" ? "person" : "organization" };
    const keys = actorType === "PERSON" ? (["slug", "name", "nameEn", "aliases", "role", "roleEn", "country"] as const) : (["slug", "name", "nameEn", "aliases", "kind", "country"] as const);
    for (const key of keys) if (given(input[key])) merged[key] = input[key];
    if (actorType === "PERSON" && given(input.affiliation)) merged.affiliation = references.optional(input.affiliation, "organization", "affiliation");
    return withoutNulls(merged) as unknown as PersonRecord | OrganizationRecord;
  }

  /**
   * Deletes a person or organization. One that still speaks in statements is refused (CONFLICT)
   * unless `reassignTo` names who takes its statements over.
   */
  deleteActor(actorType: ActorType, id: string, reassignTo: string | null | undefined): string {
    return this.transaction(() => {
      const row = this.actorRow(id, actorType);
      const spoken = this.db.select({ value: count() }).from(statements).where(eq(statements.speakerId, row.id)).get()?.value ?? 0;
      if (spoken > 0) {
        if (reassignTo == null) {
          throw new ConflictError(`"${row.slug}" still speaks in ${spoken} statement(s): reassign them (reassignTo) or delete them first.`, { statementCount: spoken });
        }
        const target = this.reassignTarget(reassignTo, row.id);
        this.db.update(statements).set({ speakerId: target.id }).where(eq(statements.speakerId, row.id)).run();
        this.db.update(incidentClaims).set({ actorId: target.id }).where(and(eq(incidentClaims.actorId, row.id), sql`${incidentClaims.statementId} is not null`)).run();
        this.db.run(sql`insert into article_mentions (article_id, actor_id) select distinct article_id, ${target.id} from statements where speaker_id = ${target.id} on conflict do nothing`);
        this.db.update(actors).set({ updatedAt: monotonicNow() }).where(eq(actors.id, target.id)).run();
      }
      this.db.delete(actors).where(eq(actors.id, row.id)).run();
      return toGlobalId(actorType === "PERSON" ? "Person" : "Organization", row.id);
    });
  }

  private reassignTarget(reference: string, sourceId: number): ActorRow {
    const references = new References(this.db);
    const slug = references.one(reference, "actor", "reassignTo");
    const target = references.errors.length === 0 ? this.db.select().from(actors).where(eq(actors.slug, slug)).get() : undefined;
    if (!target) throw BadUserInputError.field("reassignTo", `no person or organization has the slug or id "${reference.slice(0, 80)}"`);
    if (target.id === sourceId) throw BadUserInputError.field("reassignTo", "cannot reassign statements to the actor being deleted");
    return target;
  }

  /**
   * Folds a duplicate into another actor of the same type: statements (as speaker and as agency),
   * mentions, perpetrations, claims, affiliations and aliases move to the target; the source's
   * names become aliases of the target, and the target's empty fields take the source's values.
   * The source is deleted.
   */
  mergeActors(actorType: ActorType, sourceId: string, targetId: string): ActorRow {
    return this.transaction(() => {
      const source = this.actorRow(sourceId, actorType);
      const target = this.actorRow(targetId, actorType);
      if (source.id === target.id) throw BadUserInputError.field("sourceId", "source and target are the same");
      const from = source.id;
      const to = target.id;
      this.db.update(statements).set({ speakerId: to }).where(eq(statements.speakerId, from)).run();
      this.db.update(statements).set({ viaId: to }).where(eq(statements.viaId, from)).run();
      this.db.run(sql`insert into article_mentions (article_id, actor_id) select article_id, ${to} from article_mentions where actor_id = ${from} on conflict do nothing`);
      this.db.run(sql`insert into incident_perpetrators (incident_id, actor_id) select incident_id, ${to} from incident_perpetrators where actor_id = ${from} on conflict do nothing`);
      this.db.update(incidentClaims).set({ actorId: to }).where(eq(incidentClaims.actorId, from)).run();
      this.db.update(incidentClaims).set({ accusedId: to }).where(eq(incidentClaims.accusedId, from)).run();
      this.db.update(actors).set({ affiliationId: to }).where(eq(actors.affiliationId, from)).run();
      const aliases = this.db.select({ alias: actorAliases.alias }).from(actorAliases).where(eq(actorAliases.actorId, from)).all().map((row) => row.alias);
      const targetNames = new Set([target.name, target.nameEn]);
      const moved = [...new Set([...aliases, source.name, ...(source.nameEn ? [source.nameEn] : [])])].filter((alias) => !targetNames.has(alias));
      if (moved.length > 0) this.db.insert(actorAliases).values(moved.map((alias) => ({ actorId: to, alias }))).onConflictDoNothing().run();
      this.db
        .update(actors)
        .set({
          nameEn: target.nameEn ?? source.nameEn,
          country: target.country ?? source.country,
          role: target.role ?? source.role,
          roleEn: target.roleEn ?? source.roleEn,
          affiliationId: target.affiliationId ?? (source.affiliationId === to ? null : source.affiliationId),
          updatedAt: monotonicNow(),
        })
        .where(eq(actors.id, to))
        .run();
      this.db.delete(actors).where(eq(actors.id, from)).run();
      // The source left the index by trigger; the target now answers to its names too.
      indexActor(this.db, to);
      return this.db.select().from(actors).where(eq(actors.id, to)).get()!;
    });
  }

  // Incidents -----------------------------------------------------------------------------------

  private incidentRow(id: string): IncidentRow {
    const row = this.db.select().from(incidents).where(eq(incidents.id, decodeIdOf(id, ["Incident"], "id"))).get();
    if (!row) throw new NotFoundError(`No incident has the id "${id}".`);
    return row;
  }

  private assertIncidentSlugFree(slug: string, exceptId?: number): void {
    const other = this.db.select({ id: incidents.id }).from(incidents).where(and(eq(incidents.slug, slug), exceptId === undefined ? undefined : ne(incidents.id, exceptId))).get();
    if (other) throw new ConflictError(`The slug "${slug}" is already used by an incident.`, { field: "input.slug" });
  }

  private incidentRecordFrom(base: Partial<IncidentRecord>, input: Partial<IncidentRecord>, references: References): IncidentRecord {
    const merged: Record<string, unknown> = { ...base, type: "incident" };
    for (const key of ["slug", "title", "titleEn", "kind", "occurredOn", "killed", "injured", "summary"] as const) if (given(input[key])) merged[key] = input[key];
    if (given(input.location)) merged.location = input.location === null ? null : withoutNulls({ ...input.location });
    if (given(input.perpetrators)) merged.perpetrators = references.many(input.perpetrators, "organization", "perpetrators");
    if (given(input.claims)) {
      merged.claims = input.claims?.map((claim, index) =>
        withoutNulls({ actor: references.one(claim.actor, "actor", `claims.${index}.actor`), stance: claim.stance, accused: references.optional(claim.accused, "actor", `claims.${index}.accused`) }),
      );
    }
    return withoutNulls(merged) as unknown as IncidentRecord;
  }

  createIncident(input: Input): IncidentRow {
    return this.transaction(({ writer, references }) => {
      const fields = input as Partial<IncidentRecord>;
      this.assertIncidentSlugFree(fields.slug ?? "");
      const record = this.incidentRecordFrom({}, fields, references);
      references.check();
      this.check(record);
      writer.upsertIncident(record);
      return this.db.select().from(incidents).where(eq(incidents.slug, record.slug)).get()!;
    });
  }

  updateIncident(id: string, input: Input): IncidentRow {
    return this.transaction(({ writer, reader, references }) => {
      const row = this.incidentRow(id);
      const fields = input as Partial<IncidentRecord>;
      if (given(fields.slug) && fields.slug !== null) this.assertIncidentSlugFree(fields.slug, row.id);
      const record = this.incidentRecordFrom(reader.incidentRecord(row), fields, references);
      references.check();
      this.check(record);
      writer.upsertIncident(record, row.id);
      return this.db.select().from(incidents).where(eq(incidents.id, row.id)).get()!;
    });
  }

  deleteIncident(id: string): string {
    return this.transaction(() => {
      const row = this.incidentRow(id);
      this.db.delete(incidents).where(eq(incidents.id, row.id)).run();
      return toGlobalId("Incident", row.id);
    });
  }

  // Articles and statements -------------------------------------------------------------------

  private articleRow(id: string): ArticleRow {
    const row = this.db.select().from(articles).where(eq(articles.id, decodeIdOf(id, ["Article"], "id"))).get();
    if (!row) throw new NotFoundError(`No article has the id "${id}".`);
    return row;
  }

  private assertArticleSlugFree(slug: string, exceptId?: number): void {
    const other = this.db.select({ id: articles.id }).from(articles).where(and(eq(articles.slug, slug), exceptId === undefined ? undefined : ne(articles.id, exceptId))).get();
    if (other) throw new ConflictError(`The slug "${slug}" is already used by an article.`, { field: "input.slug" });
  }

  private statementRecordFrom(base: Partial<StatementRecord>, input: Partial<StatementRecord>, references: References, path: string): StatementRecord {
    const prefix = path ? `${path}.` : "";
    const merged: Record<string, unknown> = { ...base };
    for (const key of ["text", "kind", "speakerLabel", "cue", "paragraph", "saidAt", "language"] as const) if (given(input[key])) merged[key] = input[key];
    if (given(input.speaker)) merged.speaker = references.optional(input.speaker, "actor", `${prefix}speaker`);
    if (given(input.via)) merged.via = references.optional(input.via, "organization", `${prefix}via`);
    if (given(input.incidents)) merged.incidents = references.many(input.incidents, "incident", `${prefix}incidents`);
    if (given(input.claims)) {
      merged.claims = input.claims?.map((claim, index) =>
        withoutNulls({
          incident: references.one(claim.incident, "incident", `${prefix}claims.${index}.incident`),
          stance: claim.stance,
          accused: references.optional(claim.accused, "actor", `${prefix}claims.${index}.accused`),
        }),
      );
    }
    return withoutNulls(merged) as unknown as StatementRecord;
  }

  private articleRecordFrom(base: Partial<ArticleRecord>, input: Partial<ArticleRecord>, references: References): ArticleRecord {
    const merged: Record<string, unknown> = { ...base, type: "article" };
    // The record's updatedAt is for imports that carry one; an edit is stamped now.
    delete merged.updatedAt;
    for (const key of ["slug", "headline", "summary", "body", "language", "publishedAt", "url", "topics", "outlet"] as const) if (given(input[key])) merged[key] = input[key];
    if (given(input.image)) merged.image = input.image === null ? null : withoutNulls({ ...input.image });
    if (given(input.people)) merged.people = references.many(input.people, "person", "people");
    if (given(input.organizations)) merged.organizations = references.many(input.organizations, "organization", "organizations");
    if (given(input.incidents)) merged.incidents = references.many(input.incidents, "incident", "incidents");
    if (given(input.relatedArticles)) merged.relatedArticles = references.many(input.relatedArticles, "article", "relatedArticles");
    if (given(input.statements)) merged.statements = (input.statements ?? []).map((statement, index) => this.statementRecordFrom({}, statement, references, `statements.${index}`));
    if (typeof merged.publishedAt === "string") merged.publishedAt = new Date(merged.publishedAt).toISOString();
    return withoutNulls(merged) as unknown as ArticleRecord;
  }

  createArticle(input: Input): ArticleRow {
    return this.transaction(({ writer, references }) => {
      const fields = input as Partial<ArticleRecord>;
      this.assertArticleSlugFree(fields.slug ?? "");
      const record = this.articleRecordFrom({}, fields, references);
      references.check();
      this.check(record);
      const { articleId } = writer.upsertArticle(record);
      return this.db.select().from(articles).where(eq(articles.id, articleId)).get()!;
    });
  }

  updateArticle(id: string, input: Input): ArticleRow {
    return this.transaction(({ writer, reader, references }) => {
      const row = this.articleRow(id);
      const fields = input as Partial<ArticleRecord>;
      if (given(fields.slug) && fields.slug !== null) this.assertArticleSlugFree(fields.slug, row.id);
      const record = this.articleRecordFrom(reader.articleRecord(row), fields, references);
      references.check();
      this.check(record);
      writer.upsertArticle(record, row.id);
      return this.db.select().from(articles).where(eq(articles.id, row.id)).get()!;
    });
  }

  deleteArticle(id: string): string {
    return this.transaction(() => {
      const row = this.articleRow(id);
      this.db.delete(articles).where(eq(articles.id, row.id)).run();
      return toGlobalId("Article", row.id);
    });
  }

  private statementRow(id: string): StatementRow {
    const row = this.db.select().from(statements).where(eq(statements.id, decodeIdOf(id, ["Statement"], "id"))).get();
    if (!row) throw new NotFoundError(`No statement has the id "${id}".`);
    return row;
  }

  /** Checks a statement in the context of its article (paragraph bound and all), with `input.` paths. */
  private checkStatement(article: ArticleRow, reader: ContentReader, record: StatementRecord): void {
    const articleRecord = { ...reader.articleRecord(article), statements: [record] };
    this.check(articleRecord, (path) => path.replace(/^statements\.0\.?/, ""));
  }

  createStatement(input: Input & { article: string }): StatementRow {
    return this.transaction(({ writer, reader, references }) => {
      const articleSlug = references.one(input.article, "article", "article");
      const record = this.statementRecordFrom({}, input as Partial<StatementRecord>, references, "");
      references.check();
      const article = this.db.select().from(articles).where(eq(articles.slug, articleSlug)).get()!;
      this.checkStatement(article, reader, record);
      const resolved = writer.resolveStatement(record, "");
      const last = this.db.select({ value: sql<number>`coalesce(max(${statements.position}), -1)` }).from(statements).where(eq(statements.articleId, article.id)).get()?.value ?? -1;
      const statementId = writer.writeStatement(resolved, { articleId: article.id, position: last + 1, publishedAt: article.publishedAt, language: article.language });
      indexStatement(this.db, statementId);
      writer.linkStatementToArticle(article.id, resolved);
      writer.renumberStatements(article.id);
      writer.touchArticle(article.id);
      return this.db.select().from(statements).where(eq(statements.id, statementId)).get()!;
    });
  }

  updateStatement(id: string, input: Input): StatementRow {
    return this.transaction(({ writer, reader, references }) => {
      const row = this.statementRow(id);
      const article = this.db.select().from(articles).where(eq(articles.id, row.articleId)).get()!;
      const record = this.statementRecordFrom(reader.statementRecord(row, article), input as Partial<StatementRecord>, references, "");
      references.check();
      this.checkStatement(article, reader, record);
      const resolved = writer.resolveStatement(record, "");
      writer.writeStatement(resolved, { articleId: article.id, position: row.position, publishedAt: article.publishedAt, language: article.language }, row.id);
      indexStatement(this.db, row.id);
      writer.linkStatementToArticle(article.id, resolved);
      writer.renumberStatements(article.id);
      writer.touchArticle(article.id);
      return this.db.select().from(statements).where(eq(statements.id, row.id)).get()!;
    });
  }

  deleteStatement(id: string): string {
    return this.transaction(({ writer }) => {
      const row = this.statementRow(id);
      this.db.delete(statements).where(eq(statements.id, row.id)).run();
      writer.renumberStatements(row.articleId);
      writer.touchArticle(row.articleId);
      return toGlobalId("Statement", row.id);
    });
  }
}
