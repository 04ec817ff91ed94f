// The one write path of people and organizations: import, seed, mutations, deletes and merges.
// Every method runs inside the caller's transaction and keeps the search index in step.
import { and, eq, sql } from "drizzle-orm";
import type { Dialect } from "../../db/dialect.js";
import { read } from "../../db/read-program.js";
import { firstRow, rows } from "../../db/read.js";
import { rememberedLookup } from "../../db/remembered.js";
import { deleteRows, execute, insertRow, insertRows, rowsWhere, rowWhere, updateRows, updateWhere } from "../../db/table-writes.js";
import { existingRow, sameSet, type UpsertOutcome, type WriteProgram, type WriteSession, type WriteTarget } from "../../db/write-session.js";
import { RecordError } from "../../shared/record-check.js";
import { sameAsColumn, sameAsOf, SLUG_SHAPE } from "../../shared/rules.js";
import { incidentClaims } from "../incident/incident.table.js";
import { statements } from "../statement/statement.table.js";
import { writeRevision } from "../revision/revision.writer.js";
import { SlugLookup } from "../slugs.js";
import { actorRecordsOf, type ActorRecord } from "./actor.record.js";
import { indexActor, indexActorValues } from "./actor.search.js";
import { actorAliases, actors, type ActorRow, type ActorType } from "./actor.table.js";

const ACTOR_LOOKUPS = {
  bySlug: (dialect: Dialect, slug: string) => rowWhere(dialect, actors, "slug", slug),
  byId: (dialect: Dialect, id: number) => rowWhere(dialect, actors, "id", id),
};

/** The first organization with this name or alias (files from before outlets were organizations name them so). */
function organizationByNameOrAlias(dialect: Dialect, name: string) {
  return firstRow<{ id: number }>(
    dialect,
    () => sql`select ${actors.id} as "id" from ${actors} where ${actors.actorType} = 'ORGANIZATION'
      and (${actors.name} = ${name} or ${actors.id} in (select ${actorAliases.actorId} from ${actorAliases} where ${actorAliases.alias} = ${name}))
      order by ${actors.id} limit 1`,
  );
}

export class ActorWriter {
  private readonly dialect: Dialect;

  constructor(private readonly session: WriteSession) {
    this.dialect = session.dialect;
  }

  /** The id and kind of the actor with `slug`, if any (remembered for an import batch: speakers repeat). */
  private find(slug: string): WriteProgram<{ id: number; actorType: ActorType } | undefined> {
    return rememberedLookup(this.session, "actors", slug, () => ACTOR_LOOKUPS.bySlug(this.dialect, slug));
  }

  /** The id of the actor with `slug`, or RecordError at `path`; `expected` also checks its kind. */
  *idBySlug(slug: string, path: string, expected?: ActorType): WriteProgram<number> {
    const row = yield* this.find(slug);
    if (!row) throw new RecordError([{ path, message: `no person or organization has the slug "${slug}"` }]);
    if (expected && row.actorType !== expected) throw new RecordError([{ path, message: `"${slug}" is not ${expected === "PERSON" ? "a person" : "an organization"}` }]);
    return row.id;
  }

  /**
   * The organization an article's `outlet` names: its slug, or — as files written before outlets
   * were organizations give it — its name or an alias. RecordError at `path` when none matches.
   */
  *outletIdOf(outlet: string, path: string): WriteProgram<number> {
    const bySlug = SLUG_SHAPE.test(outlet) ? yield* this.find(outlet) : undefined;
    if (bySlug) {
      if (bySlug.actorType !== "ORGANIZATION") throw new RecordError([{ path, message: `"${outlet}" is not an organization` }]);
      return bySlug.id;
    }
    const byName = yield* read(organizationByNameOrAlias(this.dialect, outlet));
    if (!byName) throw new RecordError([{ path, message: `no organization has the slug, name or alias "${outlet.slice(0, 80)}": add it (kind NEWS_OUTLET) first` }]);
    return byName.id;
  }

  *write(record: ActorRecord, target: WriteTarget = "bySlug"): WriteProgram<UpsertOutcome> {
    const { session, dialect } = this;
    const isPerson = record.type === "person";
    const values = {
      actorType: isPerson ? ("PERSON" as const) : ("ORGANIZATION" as const),
      slug: record.slug,
      name: record.name,
      nameEn: record.nameEn ?? null,
      country: record.country ?? null,
      role: isPerson ? (record.role ?? null) : null,
      roleEn: isPerson ? (record.roleEn ?? null) : null,
      affiliationId: isPerson && record.affiliation ? yield* this.idBySlug(record.affiliation, "affiliation", "ORGANIZATION") : null,
      kind: isPerson ? null : record.kind,
      wikidataId: record.wikidataId ?? null,
      sameAs: sameAsColumn(record.sameAs),
    };
    const existing = yield* existingRow<ActorRow>({ bySlug: (slug) => ACTOR_LOOKUPS.bySlug(dialect, slug), byId: (id) => ACTOR_LOOKUPS.byId(dialect, id) }, target, record.slug);
    if (existing && existing.actorType !== values.actorType) {
      throw new RecordError([{ path: "slug", message: `"${record.slug}" is already used by ${existing.actorType === "PERSON" ? "a person" : "an organization"}` }]);
    }
    const aliases = [...new Set(record.aliases ?? [])];
    let id: number;
    if (!existing) {
      const now = session.now();
      id = (yield* read(insertRow(dialect, actors, { ...values, createdAt: now, updatedAt: now }))).insertedId!;
    } else {
      id = existing.id;
      const currentAliases = (yield* read(rowsWhere(dialect, actorAliases, "actorId", id))).map((row) => row.alias);
      const same = (Object.keys(values) as (keyof typeof values)[]).every((key) => existing[key] === values[key]) && sameSet(currentAliases, aliases);
      if (same) return "unchanged";
      yield* read(updateRows(dialect, actors, { ...values, updatedAt: session.now() }, "id", id));
      yield* read(deleteRows(dialect, actorAliases, "actorId", id));
    }
    for (const alias of aliases) yield* read(insertRow(dialect, actorAliases, { actorId: id, alias }));
    // From the values just written, not read back; a new row has no index row to replace.
    yield* indexActorValues(session, id, values, aliases, !existing);
    yield* writeRevision(session, { entityType: isPerson ? "Person" : "Organization", entityId: id, action: existing ? "UPDATED" : "CREATED", record });
    return existing ? "updated" : "created";
  }

  /** Records a revision of the actor as it is now (`DELETED`, `MERGED`: before it goes). */
  private *revise(actorId: number, action: "DELETED" | "MERGED"): WriteProgram<void> {
    const row = yield* read(ACTOR_LOOKUPS.byId(this.dialect, actorId));
    if (!row) return;
    const [record] = yield* actorRecordsOf([row], new SlugLookup(this.dialect));
    yield* writeRevision(this.session, { entityType: row.actorType === "PERSON" ? "Person" : "Organization", entityId: actorId, action, record: record! });
  }

  /** How many statements the actor speaks in. */
  *statementCount(actorId: number): WriteProgram<number> {
    const row = yield* read(firstRow<{ value: number }>(this.dialect, () => sql`select ${this.dialect.countAll} as "value" from ${statements} where ${statements.speakerId} = ${actorId}`));
    return row?.value ?? 0;
  }

  /** Hands an actor's statements (and the claims they back) to another actor, who is then mentioned where it speaks. */
  *reassignStatements(fromId: number, toId: number): WriteProgram<void> {
    const { dialect } = this;
    yield* this.recordIncidentsNaming(fromId);
    yield* read(updateWhere(dialect, statements, { speakerId: toId }, eq(statements.speakerId, fromId)));
    yield* read(updateWhere(dialect, incidentClaims, { actorId: toId }, and(eq(incidentClaims.actorId, fromId), sql`${incidentClaims.statementId} is not null`)!));
    yield* read(execute(dialect, () => sql`insert into article_mentions (article_id, actor_id) select distinct article_id, cast(${toId} as integer) from statements where speaker_id = ${toId} on conflict do nothing`));
    yield* read(updateRows(dialect, actors, { updatedAt: this.session.now() }, "id", toId));
  }

  /** Deletes the row; its aliases, mentions and index row go with it (cascades and triggers). */
  *delete(actorId: number, action: "DELETED" | "MERGED" = "DELETED"): WriteProgram<void> {
    yield* this.revise(actorId, action);
    yield* this.recordIncidentsNaming(actorId);
    yield* read(deleteRows(this.dialect, actors, "id", actorId));
  }

  /** Incidents whose claims or perpetrators name the actor change with it (live updates). */
  private *recordIncidentsNaming(actorId: number): WriteProgram<void> {
    const found = yield* read(
      rows<{ incidentId: number }>(
        this.dialect,
        () => sql`select incident_id as "incidentId" from incident_claims where actor_id = ${actorId} or accused_id = ${actorId}
          union select incident_id from incident_perpetrators where actor_id = ${actorId}`,
      ),
    );
    for (const row of found) this.session.changed({ type: "Incident", id: row.incidentId, action: "updated" });
  }

  /**
   * Folds `source` into `target`: statements (as speaker and as agency), mentions, perpetrations,
   * claims, affiliations and aliases move; the source's names become aliases of the target, and
   * the target's empty fields take the source's values. The source is deleted.
   */
  *merge(source: ActorRow, target: ActorRow): WriteProgram<void> {
    const { dialect } = this;
    const from = source.id;
    const to = target.id;
    yield* this.recordIncidentsNaming(from);
    yield* read(updateWhere(dialect, statements, { speakerId: to }, eq(statements.speakerId, from)));
    yield* read(updateWhere(dialect, statements, { viaId: to }, eq(statements.viaId, from)));
    yield* read(execute(dialect, () => sql`insert into article_mentions (article_id, actor_id) select article_id, cast(${to} as integer) from article_mentions where actor_id = ${from} on conflict do nothing`));
    yield* read(execute(dialect, () => sql`insert into incident_perpetrators (incident_id, actor_id) select incident_id, cast(${to} as integer) from incident_perpetrators where actor_id = ${from} on conflict do nothing`));
    yield* read(updateWhere(dialect, incidentClaims, { actorId: to }, eq(incidentClaims.actorId, from)));
    yield* read(updateWhere(dialect, incidentClaims, { accusedId: to }, eq(incidentClaims.accusedId, from)));
    yield* read(updateWhere(dialect, actors, { affiliationId: to }, eq(actors.affiliationId, from)));
    const aliases = (yield* read(rowsWhere(dialect, actorAliases, "actorId", from))).map((row) => row.alias);
    const targetNames = new Set([target.name, target.nameEn]);
    const moved = [...new Set([...aliases, source.name, ...(source.nameEn ? [source.nameEn] : [])])].filter((alias) => !targetNames.has(alias));
    if (moved.length > 0) yield* read(insertRows(dialect, actorAliases, moved.map((alias) => ({ actorId: to, alias })), { ignoreConflict: true }));
    yield* read(
      updateRows(
        dialect,
        actors,
        {
          nameEn: target.nameEn ?? source.nameEn,
          country: target.country ?? source.country,
          role: target.role ?? source.role,
          roleEn: target.roleEn ?? source.roleEn,
          affiliationId: target.affiliationId ?? (source.affiliationId === to ? null : source.affiliationId),
          updatedAt: this.session.now(),
        },
        "id",
        to,
      ),
    );
    yield* this.delete(from, "MERGED");
    // Unique: the target can take the source's Wikidata id only once the source is gone.
    const sameAs = sameAsColumn([...sameAsOf(target.sameAs), ...sameAsOf(source.sameAs)]);
    yield* read(updateRows(dialect, actors, { wikidataId: target.wikidataId ?? source.wikidataId, sameAs }, "id", to));
    // The source left the index by trigger; the target now answers to its names too.
    yield* indexActor(this.session, to);
    yield* this.revise(to, "MERGED");
  }
}
