// The one write path of people and organizations: import, seed, mutations, deletes and merges.
// Every method runs inside the caller's transaction and keeps the search index in step.
import { and, count, eq, sql } from "drizzle-orm";
import type { WriteSession } from "../../db/write-session.js";
import { RecordError } from "../../shared/record-check.js";
import { incidentClaims } from "../incident/incident.table.js";
import { statements } from "../statement/statement.table.js";
import type { ActorRecord } from "./actor.record.js";
import { indexActor } from "./actor.search.js";
import { actorAliases, actors, type ActorRow, type ActorType } from "./actor.table.js";

export type UpsertOutcome = "created" | "updated" | "unchanged";

/**
 * Which row a record is written to: the one with its slug (import: an idempotent upsert), a new
 * one (create: a taken slug fails on the UNIQUE index, which the caller turns into CONFLICT), or
 * the row with this id (update: the slug may change).
 */
export type WriteTarget = "bySlug" | "new" | number;

/** The row a target names, if any: `select … where slug = ?` or `… where id = ?`. */
export function existingRow<Row>(session: WriteSession, select: string, target: WriteTarget, slug: string): Row | undefined {
  if (target === "new") return undefined;
  return session.get<Row>(`${select} where ${target === "bySlug" ? "slug" : "id"} = ?`, target === "bySlug" ? slug : target);
}

const ACTOR_COLUMNS = `id, actor_type as actorType, slug, name, name_en as nameEn, country, role, role_en as roleEn, affiliation_id as affiliationId,
  organization_kind as kind, created_at as createdAt, updated_at as updatedAt`;

export class ActorWriter {
  constructor(private readonly session: WriteSession) {}

  /** The id of the actor with `slug`, or RecordError at `path`; `expected` also checks its kind. */
  idBySlug(slug: string, path: string, expected?: ActorType): number {
    const row = this.session.get<{ id: number; actorType: ActorType }>("select id, actor_type as actorType from actors where slug = ?", slug);
    if (!row) throw new RecordError([{ path, message: `no person or organization has the slug "${slug}"` }]);
    if (expected && row.actorType !== expected) throw new RecordError([{ path, message: `"${slug}" is not ${expected === "PERSON" ? "a person" : "an organization"}` }]);
    return row.id;
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
    };
    const existing = existingRow<ActorRow>(session, `select ${ACTOR_COLUMNS} from actors`, target, record.slug);
    if (existing && existing.actorType !== values.actorType) {
      throw new RecordError([{ path: "slug", message: `"${record.slug}" is already used by ${existing.actorType === "PERSON" ? "a person" : "an organization"}` }]);
    }
    const aliases = [...new Set(record.aliases ?? [])];
    let id: number;
    let outcome: UpsertOutcome;
    if (!existing) {
      id = session.get<{ id: number }>(
        `insert into actors (actor_type, slug, name, name_en, country, role, role_en, affiliation_id, organization_kind, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
        values.actorType, values.slug, values.name, values.nameEn, values.country, values.role, values.roleEn, values.affiliationId, values.kind, session.now(), session.now(),
      )!.id;
      outcome = "created";
    } else {
      id = existing.id;
      const currentAliases = session.pluck<string>("select alias from actor_aliases where actor_id = ?", id);
      const same = (Object.keys(values) as (keyof typeof values)[]).every((key) => existing[key] === values[key]) && sameSet(currentAliases, aliases);
      if (same) return "unchanged";
      session.db.update(actors).set({ ...values, updatedAt: session.now() }).where(eq(actors.id, id)).run();
      outcome = "updated";
    }
    session.run("delete from actor_aliases where actor_id = ?", id);
    for (const alias of aliases) session.run("insert into actor_aliases (actor_id, alias) values (?, ?)", id, alias);
    indexActor(session.db, id);
    return outcome;
  }

  /** How many statements the actor speaks in. */
  statementCount(actorId: number): number {
    return this.session.db.select({ value: count() }).from(statements).where(eq(statements.speakerId, actorId)).get()?.value ?? 0;
  }

  /** Hands an actor's statements (and the claims they back) to another actor, who is then mentioned where it speaks. */
  reassignStatements(fromId: number, toId: number): void {
    const { db } = this.session;
    db.update(statements).set({ speakerId: toId }).where(eq(statements.speakerId, fromId)).run();
    db.update(incidentClaims).set({ actorId: toId }).where(and(eq(incidentClaims.actorId, fromId), sql`${incidentClaims.statementId} is not null`)).run();
    db.run(sql`insert into article_mentions (article_id, actor_id) select distinct article_id, ${toId} from statements where speaker_id = ${toId} on conflict do nothing`);
    db.update(actors).set({ updatedAt: this.session.now() }).where(eq(actors.id, toId)).run();
  }

  /** Deletes the row; its aliases, mentions and index row go with it (cascades and triggers). */
  delete(actorId: number): void {
    this.session.db.delete(actors).where(eq(actors.id, actorId)).run();
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
    this.delete(from);
    // The source left the index by trigger; the target now answers to its names too.
    indexActor(db, to);
  }
}

export function sameSet<Value>(left: readonly Value[], right: readonly Value[]): boolean {
  const a = new Set(left);
  const b = new Set(right);
  return a.size === b.size && [...a].every((value) => b.has(value));
}
