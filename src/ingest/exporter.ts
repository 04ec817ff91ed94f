// Reads the graph back as NDJSON records (design.md §4): organizations, people, incidents, then
// articles, each kind by slug, every list sorted, so that an export is deterministic and an
// export of a database imported from it is byte for byte the same. The editing mutations use the
// same records: an update is "the current record, overlaid with the input", written by
// ContentWriter.
import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { actorAliases, actors, type ActorRow } from "../modules/actor/actor.table.js";
import { articleMentions, articles, articleTopics, relatedArticles, type ArticleRow } from "../modules/article/article.table.js";
import { articleIncidents, incidentClaims, incidentPerpetrators, incidents, statementIncidents, type IncidentClaimRow, type IncidentRow } from "../modules/incident/incident.table.js";
import { statements, type StatementRow } from "../modules/statement/statement.table.js";
import type { ArticleRecord, ClaimRecord, ContentRecord, IncidentRecord, OrganizationRecord, PersonRecord, StatementRecord } from "./records.js";

/** Drops null, undefined and empty lists, so records stay small and stable. */
function compact<Value extends object>(value: Value): Value {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== null && field !== undefined && !(Array.isArray(field) && field.length === 0))) as Value;
}

export class ContentReader {
  private readonly slugs = new Map<string, string>();

  constructor(private readonly db: Db) {}

  private actorSlug(id: number): string {
    return this.slugOf(actors, "a", id);
  }

  private incidentSlug(id: number): string {
    return this.slugOf(incidents, "i", id);
  }

  /** Slugs are looked up once per export: the same speakers and incidents recur on every article. */
  private slugOf(table: typeof actors | typeof incidents, prefix: string, id: number): string {
    const key = `${prefix}${id}`;
    let slug = this.slugs.get(key);
    if (slug === undefined) {
      slug = this.db.select({ slug: table.slug }).from(table).where(eq(table.id, id)).get()?.slug ?? "";
      this.slugs.set(key, slug);
    }
    return slug;
  }

  /** Incident links and claims of some statements, in two queries. */
  statementLinks(statementIds: readonly number[]): { incidents: Map<number, number[]>; claims: Map<number, IncidentClaimRow[]> } {
    const incidentsOf = new Map<number, number[]>();
    const claimsOf = new Map<number, IncidentClaimRow[]>();
    if (statementIds.length === 0) return { incidents: incidentsOf, claims: claimsOf };
    for (const link of this.db.select().from(statementIncidents).where(inArray(statementIncidents.statementId, [...statementIds])).all()) {
      incidentsOf.set(link.statementId, [...(incidentsOf.get(link.statementId) ?? []), link.incidentId]);
    }
    for (const claim of this.db.select().from(incidentClaims).where(inArray(incidentClaims.statementId, [...statementIds])).orderBy(asc(incidentClaims.id)).all()) {
      claimsOf.set(claim.statementId!, [...(claimsOf.get(claim.statementId!) ?? []), claim]);
    }
    return { incidents: incidentsOf, claims: claimsOf };
  }

  actorRecord(row: ActorRow): PersonRecord | OrganizationRecord {
    const aliases = this.db.select({ alias: actorAliases.alias }).from(actorAliases).where(eq(actorAliases.actorId, row.id)).orderBy(asc(actorAliases.alias)).all().map((alias) => alias.alias);
    if (row.actorType === "PERSON") {
      return compact<PersonRecord>({
        type: "person",
        slug: row.slug,
        name: row.name,
        nameEn: row.nameEn,
        aliases,
        role: row.role,
        roleEn: row.roleEn,
        country: row.country,
        affiliation: row.affiliationId === null ? null : this.actorSlug(row.affiliationId),
      });
    }
    return compact<OrganizationRecord>({ type: "organization", slug: row.slug, name: row.name, nameEn: row.nameEn, aliases, kind: row.kind ?? "OTHER", country: row.country });
  }

  incidentRecord(row: IncidentRow): IncidentRecord {
    const perpetrators = this.db
      .select({ slug: actors.slug })
      .from(incidentPerpetrators)
      .innerJoin(actors, eq(actors.id, incidentPerpetrators.actorId))
      .where(eq(incidentPerpetrators.incidentId, row.id))
      .orderBy(asc(actors.slug))
      .all()
      .map((actor) => actor.slug);
    const claims = this.db
      .select()
      .from(incidentClaims)
      .where(and(eq(incidentClaims.incidentId, row.id), isNull(incidentClaims.statementId)))
      .orderBy(asc(incidentClaims.id))
      .all()
      .map((claim) => compact<ClaimRecord>({ actor: this.actorSlug(claim.actorId), stance: claim.stance, accused: claim.accusedId === null ? null : this.actorSlug(claim.accusedId) }));
    const location = compact({ place: row.place, region: row.region, country: row.country, latitude: row.latitude, longitude: row.longitude });
    return compact<IncidentRecord>({
      type: "incident",
      slug: row.slug,
      title: row.title,
      titleEn: row.titleEn,
      kind: row.kind,
      occurredOn: row.occurredOn,
      location: Object.keys(location).length > 0 ? location : undefined,
      killed: row.killed,
      injured: row.injured,
      perpetrators,
      summary: row.summary,
      claims,
    });
  }

  /** One statement's record; `links` (from `statementLinks`) saves two queries per statement in an export. */
  statementRecord(row: StatementRow, article: Pick<ArticleRow, "publishedAt" | "language">, links = this.statementLinks([row.id])): StatementRecord {
    const incidentSlugs = (links.incidents.get(row.id) ?? []).map((id) => this.incidentSlug(id)).sort();
    const claims = (links.claims.get(row.id) ?? []).map((claim) =>
      compact({ incident: this.incidentSlug(claim.incidentId), stance: claim.stance, accused: claim.accusedId === null ? null : this.actorSlug(claim.accusedId) }),
    );
    return compact<StatementRecord>({
      text: row.text,
      kind: row.kind,
      speaker: row.speakerId === null ? null : this.actorSlug(row.speakerId),
      speakerLabel: row.speakerLabel,
      cue: row.cue,
      paragraph: row.paragraph,
      // Defaults are left out, so they keep following the article when it changes.
      saidAt: row.saidAt === article.publishedAt ? null : row.saidAt,
      via: row.viaId === null ? null : this.actorSlug(row.viaId),
      incidents: incidentSlugs,
      language: row.language === article.language ? null : row.language,
      claims,
    });
  }

  articleRecord(row: ArticleRow): ArticleRecord {
    const mentioned = this.db
      .select({ slug: actors.slug, actorType: actors.actorType })
      .from(articleMentions)
      .innerJoin(actors, eq(actors.id, articleMentions.actorId))
      .where(eq(articleMentions.articleId, row.id))
      .orderBy(asc(actors.slug))
      .all();
    const image = compact({ caption: row.imageCaption, credit: row.imageCredit, alt: row.imageAlt });
    const statementRows = this.db.select().from(statements).where(eq(statements.articleId, row.id)).orderBy(asc(statements.position)).all();
    const links = this.statementLinks(statementRows.map((statement) => statement.id));
    return compact<ArticleRecord>({
      type: "article",
      slug: row.slug,
      headline: row.headline,
      summary: row.summary,
      body: row.body,
      language: row.language,
      publishedAt: row.publishedAt,
      updatedAt: row.updatedAt,
      url: row.url,
      topics: this.db.select({ topic: articleTopics.topic }).from(articleTopics).where(eq(articleTopics.articleId, row.id)).orderBy(asc(articleTopics.topic)).all().map((topic) => topic.topic),
      image: Object.keys(image).length > 0 ? image : undefined,
      outlet: row.outlet,
      people: mentioned.filter((actor) => actor.actorType === "PERSON").map((actor) => actor.slug),
      organizations: mentioned.filter((actor) => actor.actorType === "ORGANIZATION").map((actor) => actor.slug),
      incidents: this.db
        .select({ slug: incidents.slug })
        .from(articleIncidents)
        .innerJoin(incidents, eq(incidents.id, articleIncidents.incidentId))
        .where(eq(articleIncidents.articleId, row.id))
        .orderBy(asc(incidents.slug))
        .all()
        .map((incident) => incident.slug),
      relatedArticles: this.db
        .select({ slug: articles.slug })
        .from(relatedArticles)
        .innerJoin(articles, eq(articles.id, relatedArticles.relatedId))
        .where(eq(relatedArticles.articleId, row.id))
        .orderBy(asc(articles.slug))
        .all()
        .map((related) => related.slug),
      statements: statementRows.map((statement) => this.statementRecord(statement, row, links)),
    });
  }

  /** Every record of the graph, in an order an import can follow (references point backwards). */
  *records(): Generator<ContentRecord> {
    for (const row of this.db.select().from(actors).where(eq(actors.actorType, "ORGANIZATION")).orderBy(asc(actors.slug)).all()) yield this.actorRecord(row);
    for (const row of this.db.select().from(actors).where(eq(actors.actorType, "PERSON")).orderBy(asc(actors.slug)).all()) yield this.actorRecord(row);
    for (const row of this.db.select().from(incidents).orderBy(asc(incidents.slug)).all()) yield this.incidentRecord(row);
    for (const row of this.db.select().from(articles).orderBy(asc(articles.slug)).all()) yield this.articleRecord(row);
  }
}

export interface ExportSummary {
  records: number;
  byType: Record<ContentRecord["type"], number>;
}

/** Writes the whole graph as NDJSON to a stream, honouring back-pressure. */
export async function exportNdjson(db: Db, output: Writable): Promise<ExportSummary> {
  const summary: ExportSummary = { records: 0, byType: { organization: 0, person: 0, incident: 0, article: 0 } };
  // One read transaction: a consistent snapshot even while writers commit (WAL keeps it for us).
  db.$client.exec("begin");
  try {
    for (const record of new ContentReader(db).records()) {
      summary.records += 1;
      summary.byType[record.type] += 1;
      if (!output.write(`${JSON.stringify(record)}\n`)) await new Promise<void>((resolve) => output.once("drain", resolve));
    }
  } finally {
    db.$client.exec("commit");
  }
  return summary;
}

export async function exportToFile(db: Db, path: string): Promise<ExportSummary> {
  const output = createWriteStream(path, { encoding: "utf8" });
  const summary = await exportNdjson(db, output);
  await new Promise<void>((resolve, reject) => output.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return summary;
}
