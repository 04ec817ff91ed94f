// The one write path of people and organizations: import, seed, mutations, deletes and merges.
// Every method runs inside the caller's transaction and keeps the search index in step.
import { and, count, eq, sql } from "drizzle-orm";
import { insertedId, perConnection, placeholderValue } from "../../db/query.js";
import { existingRow, sameSet, type UpsertOutcome, type WriteSession, type WriteTarget } from "../../db/write-session.js";
import { RecordError } from "../../shared/record-check.js";
import { sameAsColumn, sameAsOf, SLUG_SHAPE } from "../../shared/rules.js";
import { incidentClaims } from "../incident/incident.table.js";
import { statements } from "../statement/statement.table.js";
import { writeRevision } from "../revision/revision.writer.js";
import { SlugLookup } from "../slugs.js";
import { actorRecordOf, type ActorRecord } from "./actor.record.js";
import { indexActor, indexActorValues } from "./actor.search.js";
import { actorAliases, actors, type ActorRow, type ActorType } from "./actor.table.js";

const statementsOf = perConnection((db) => ({
  bySlug: db.select().from(actors).where(eq(actors.slug, sql.placeholder("slug"))).prepare(),
  byId: db.select().from(actors).where(eq(actors.id, sql.placeholder("id"))).prepare(),
  kindBySlug: db.select({ id: actors.id, actorType: actors.actorType }).from(actors).where(eq(actors.slug, sql.placeholder("slug"))).prepare(),
  insert: db
    .insert(actors)
    .values({
      actorType: sql.placeholder("actorType"),
      slug: sql.placeholder("slug"),
      name: sql.placeholder("name"),
      nameEn: sql.placeholder("nameEn"),
      country: sql.placeholder("country"),
      role: sql.placeholder("role"),
      roleEn: sql.placeholder("roleEn"),
      affiliationId: sql.placeholder("affiliationId"),
      kind: sql.placeholder("kind"),
      wikidataId: sql.placeholder("wikidataId"),
      sameAs: sql.placeholder("sameAs"),
      createdAt: sql.placeholder("now"),
      updatedAt: sql.placeholder("now"),
    })
    .prepare(),
  update: db
    .update(actors)
    .set({
      actorType: placeholderValue("actorType"),
      slug: placeholderValue("slug"),
      name: placeholderValue("name"),
      nameEn: placeholderValue("nameEn"),
      country: placeholderValue("country"),
      role: placeholderValue("role"),
      roleEn: placeholderValue("roleEn"),
      affiliationId: placeholderValue("affiliationId"),
      kind: placeholderValue("kind"),
      wikidataId: placeholderValue("wikidataId"),
      sameAs: placeholderValue("sameAs"),
      updatedAt: placeholderValue("now"),
    })
    .where(eq(actors.id, sql.placeholder("id")))
    .prepare(),
  organizationByNameOrAlias: db
    .select({ id: actors.id })
    .from(actors)
    .where(
      and(
        eq(actors.actorType, "ORGANIZATION"),
        sql`(${actors.name} = ${sql.placeholder("name")} or ${actors.id} in (select ${actorAliases.actorId} from ${actorAliases} where ${actorAliases.alias} = ${sql.placeholder("name")}))`,
      ),
    )
    .orderBy(actors.id)
    .limit(1)
    .prepare(),
  aliases: db.select({ alias: actorAliases.alias }).from(actorAliases).where(eq(actorAliases.actorId, sql.placeholder("id"))).prepare(),
  deleteAliases: db.delete(actorAliases).where(eq(actorAliases.actorId, sql.placeholder("id"))).prepare(),
  insertAlias: db.insert(actorAliases).values({ actorId: sql.placeholder("id"), alias: sql.placeholder("alias") }).prepare(),
}));

export class ActorWriter {
  constructor(private readonly session: WriteSession) {}

  /** The id and kind of the actor with `slug`, if any (remembered for an import batch: speakers repeat). */
  private find(slug: string): { id: number; actorType: ActorType } | undefined {
    const read = () => statementsOf(this.session.db).kindBySlug.get({ slug });
    return this.session.batch ? this.session.batch.remember("actors", slug, read) : read();
  }

  /** The id of the actor with `slug`, or RecordError at `path`; `expected` also checks its kind. */
  idBySlug(slug: string, path: string, expected?: ActorType): number {
    const row = this.find(slug);
    if (!row) throw new RecordError([{ path, message: `no person or organization has the slug "${slug}"` }]);
    if (expected && row.actorType !== expected) throw new RecordError([{ path, message: `"${slug}" is not ${expected === "PERSON" ? "a person" : "an organization"}` }]);
    return row.id;
  }

  /**
   * The organization an article's `outlet` names: its slug, or — as files written before outlets
   * were organizations give it — its name or an alias. RecordError at `path` when none matches.
   */
  outletIdOf(outlet: string, path: string): number {
    const statements = statementsOf(this.session.db);
    const bySlug = SLUG_SHAPE.test(outlet) ? this.find(outlet) : undefined;
    if (bySlug) {
      if (bySlug.actorType !== "ORGANIZATION") throw new RecordError([{ path, message: `"${outlet}" is not an organization` }]);
      return bySlug.id;
    }
    const byName = statements.organizationByNameOrAlias.get({ name: outlet });
    if (!byName) throw new RecordError([{ path, message: `no organization has the slug, name or alias "${outlet.slice(0, 80)}": add it (kind NEWS_OUTLET) first` }]);
    return byName.id;
  }

  write(record: ActorRecord, target: WriteTarget = "bySlug"): UpsertOutcome {
    const { session } = this;
    const isPerson = record.type === "person";
    const values = {
      actorType: isPerson ? ("PERSON" as const) : ("ORGANIZATION" as const),
      slug: record.slug,
      name: record.name,
      nameEn: record.nameEn ?? null,
      country: record.country ?? null,
      role: isPerson ? (record.role ?? null) : null,
      roleEn: isPerson ? (record.roleEn ?? null) : null,
      affiliationId: isPerson && record.affiliation ? this.idBySlug(record.affiliation, "affiliation", "ORGANIZATION") : null,
      kind: isPerson ? null : record.kind,
      wikidataId: record.wikidataId ?? null,
      sameAs: sameAsColumn(record.sameAs),
    };
    const statements = statementsOf(session.db);
    const existing = existingRow<ActorRow>(statements, target, record.slug);
    if (existing && existing.actorType !== values.actorType) {
      throw new RecordError([{ path: "slug", message: `"${record.slug}" is already used by ${existing.actorType === "PERSON" ? "a person" : "an organization"}` }]);
    }
    const aliases = [...new Set(record.aliases ?? [])];
    let id: number;
    if (!existing) {
      id = insertedId(statements.insert.run({ ...values, now: session.now() }));
    } else {
      id = existing.id;
      const currentAliases = statements.aliases.all({ id }).map((row) => row.alias);
      const same = (Object.keys(values) as (keyof typeof values)[]).every((key) => existing[key] === values[key]) && sameSet(currentAliases, aliases);
      if (same) return "unchanged";
      statements.update.run({ ...values, now: session.now(), id });
      statements.deleteAliases.run({ id });
    }
    for (const alias of aliases) statements.insertAlias.run({ id, alias });
    // From the values just written, not read back; a new row has no index row to replace.
    indexActorValues(session.db, id, values, aliases, !existing);
    writeRevision(session, { entityType: isPerson ? "Person" : "Organization", entityId: id, action: existing ? "UPDATED" : "CREATED", record });
    return existing ? "updated" : "created";
  }

  /** Records a revision of the actor as it is now (`DELETED`, `MERGED`: before it goes). */
  private revise(actorId: number, action: "DELETED" | "MERGED"): void {
    const { db } = this.session;
    const row = statementsOf(db).byId.get({ id: actorId });
    if (!row) return;
    writeRevision(this.session, { entityType: row.actorType === "PERSON" ? "Person" : "Organization", entityId: actorId, action, record: actorRecordOf(db, row, new SlugLookup(db)) });
  }

  /** How many statements the actor speaks in. */
  statementCount(actorId: number): number {
    return this.session.db.select({ value: count() }).from(statements).where(eq(statements.speakerId, actorId)).get()?.value ?? 0;
  }

  /** Hands an actor's statements (and the claims they back) to another actor, who is then mentioned where it speaks. */
  reassignStatements(fromId: number, toId: number): void {
    const { db } = this.session;
    this.recordIncidentsNaming(fromId);
    db.update(statements).set({ speakerId: toId }).where(eq(statements.speakerId, fromId)).run();
    db.update(incidentClaims).set({ actorId: toId }).where(and(eq(incidentClaims.actorId, fromId), sql`${incidentClaims.statementId} is not null`)).run();
    db.run(sql`insert into article_mentions (article_id, actor_id) select distinct article_id, ${toId} from statements where speaker_id = ${toId} on conflict do nothing`);
    db.update(actors).set({ updatedAt: this.session.now() }).where(eq(actors.id, toId)).run();
  }

  /** Deletes the row; its aliases, mentions and index row go with it (cascades and triggers). */
  delete(actorId: number, action: "DELETED" | "MERGED" = "DELETED"): void {
    this.revise(actorId, action);
    this.recordIncidentsNaming(actorId);
    this.session.db.delete(actors).where(eq(actors.id, actorId)).run();
  }

  /** Incidents whose claims or perpetrators name the actor change with it (live updates). */
  private recordIncidentsNaming(actorId: number): void {
    const rows = this.session.db.all<{ incidentId: number }>(
      sql`select incident_id as "incidentId" from incident_claims where actor_id = ${actorId} or accused_id = ${actorId}
          union select incident_id from incident_perpetrators where actor_id = ${actorId}`,
    );
    for (const row of rows) this.session.changed({ type: "Incident", id: row.incidentId, action: "updated" });
  }

  /**
   * Folds `source` into `target`: statements (as speaker and as agency), mentions, perpetrations,
   * claims, affiliations and aliases move; the source's names become aliases of the target, and
   * the target's empty fields take the source's values. The source is deleted.
   */
  merge(source: ActorRow, target: ActorRow): void {
    const { db } = this.session;
    const from = source.id;
    const to = target.id;
    this.recordIncidentsNaming(from);
    db.update(statements).set({ speakerId: to }).where(eq(statements.speakerId, from)).run();
    db.update(statements).set({ viaId: to }).where(eq(statements.viaId, from)).run();
    db.run(sql`insert into article_mentions (article_id, actor_id) select article_id, ${to} from article_mentions where actor_id = ${from} on conflict do nothing`);
    db.run(sql`insert into incident_perpetrators (incident_id, actor_id) select incident_id, ${to} from incident_perpetrators where actor_id = ${from} on conflict do nothing`);
    db.update(incidentClaims).set({ actorId: to }).where(eq(incidentClaims.actorId, from)).run();
    db.update(incidentClaims).set({ accusedId: to }).where(eq(incidentClaims.accusedId, from)).run();
    db.update(actors).set({ affiliationId: to }).where(eq(actors.affiliationId, from)).run();
    const aliases = db.select({ alias: actorAliases.alias }).from(actorAliases).where(eq(actorAliases.actorId, from)).all().map((row) => row.alias);
    const targetNames = new Set([target.name, target.nameEn]);
    const moved = [...new Set([...aliases, source.name, ...(source.nameEn ? [source.nameEn] : [])])].filter((alias) => !targetNames.has(alias));
    if (moved.length > 0) db.insert(actorAliases).values(moved.map((alias) => ({ actorId: to, alias }))).onConflictDoNothing().run();
    db.update(actors)
      .set({
        nameEn: target.nameEn ?? source.nameEn,
        country: target.country ?? source.country,
        role: target.role ?? source.role,
        roleEn: target.roleEn ?? source.roleEn,
        affiliationId: target.affiliationId ?? (source.affiliationId === to ? null : source.affiliationId),
        updatedAt: this.session.now(),
      })
      .where(eq(actors.id, to))
      .run();
    this.delete(from, "MERGED");
    // Unique: the target can take the source's Wikidata id only once the source is gone.
    const sameAs = sameAsColumn([...sameAsOf(target.sameAs), ...sameAsOf(source.sameAs)]);
    db.update(actors).set({ wikidataId: target.wikidataId ?? source.wikidataId, sameAs }).where(eq(actors.id, to)).run();
    // The source left the index by trigger; the target now answers to its names too.
    indexActor(db, to);
    this.revise(to, "MERGED");
  }
}
