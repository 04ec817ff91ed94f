// How search sees people and organizations: names first, aliases next, roles last.
import { gt, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { jsonList, runOnSqlite } from "../../db/query.js";
import { read } from "../../db/read-program.js";
import { rowsWhere, rowWhere } from "../../db/table-writes.js";
import type { WriteProgram } from "../../db/write-session.js";
import { present, type SearchFields } from "../../search/search-documents.js";
import { eachBatch, searchRowId, searchRowRemovals, searchRowWrites, SQLITE_MAINTENANCE, type SearchWriting } from "../../search/search-index.js";
import { actorAliases, actors, type ActorRow } from "./actor.table.js";

/** Type codes in search_index rowids (migration 0002's delete trigger uses them too). */
export const PERSON_SEARCH_CODE = 2;
export const ORGANIZATION_SEARCH_CODE = 3;

/** The actor columns its index row is made of. */
export type ActorSearchColumns = Pick<ActorRow, "actorType" | "name" | "nameEn" | "role" | "roleEn" | "wikidataId">;

export function actorFields(actor: ActorSearchColumns, aliases: readonly string[]): SearchFields {
  return {
    title: present(actor.name, actor.nameEn),
    subtitle: present(...aliases, actor.wikidataId),
    body: present(actor.role, actor.roleEn),
    // The Wikidata id is searchable (subtitle) and finds its entity as an exact name (`Q23`).
    names: present(actor.name, actor.nameEn, ...aliases, actor.wikidataId),
    sortDate: "",
  };
}

function indexActorRow(db: Db, actor: ActorRow, aliases: readonly string[]): void {
  runOnSqlite(db, indexActorValues(SQLITE_MAINTENANCE, actor.id, actor, aliases, false));
}

/**
 * (Re)indexes an actor from the values just written, without reading the row back. `fresh`: the
 * row was just inserted (ids are never reused), so it has no index row to replace under either type.
 */
export function* indexActorValues(writing: SearchWriting, id: number, actor: ActorSearchColumns, aliases: readonly string[], fresh: boolean): WriteProgram<void> {
  const isPerson = actor.actorType === "PERSON";
  // An actor is indexed under one type; drop a row left under the other one.
  if (!fresh) yield* searchRowRemovals(writing.dialect, [searchRowId(isPerson ? ORGANIZATION_SEARCH_CODE : PERSON_SEARCH_CODE, id)]);
  yield* searchRowWrites(writing, isPerson ? PERSON_SEARCH_CODE : ORGANIZATION_SEARCH_CODE, id, actorFields(actor, aliases), fresh);
}

/** (Re)indexes a person or organization with its aliases as they are now; call it after the aliases are written. */
export function* indexActor(writing: SearchWriting, id: number): WriteProgram<void> {
  const { dialect } = writing;
  const actor = yield* read(rowWhere(dialect, actors, "id", id));
  if (!actor) return;
  const aliases = yield* read(rowsWhere(dialect, actorAliases, "actorId", id));
  yield* indexActorValues(writing, id, actor, aliases.map((row) => row.alias), false);
}

export function reindexActors(db: Db): number {
  return eachBatch(
    (afterId, limit) => db.select().from(actors).where(gt(actors.id, afterId)).orderBy(actors.id).limit(limit).all(),
    (rows) => {
      const aliases = new Map<number, string[]>();
      const ids = jsonList(rows.map((row) => row.id));
      for (const row of db.select().from(actorAliases).where(sql`${actorAliases.actorId} in (select value from json_each(${ids}))`).all()) {
        aliases.set(row.actorId, [...(aliases.get(row.actorId) ?? []), row.alias]);
      }
      rows.forEach((row) => indexActorRow(db, row, aliases.get(row.id) ?? []));
    },
  );
}

/** People and organizations without a search row yet (made by a migration, which cannot analyze text): indexed now. */
export function indexUnindexedActors(db: Db): number {
  const ids = db.$client
    .prepare(`select id from actors where id * 8 + ${PERSON_SEARCH_CODE} not in (select rowid from search_entries) and id * 8 + ${ORGANIZATION_SEARCH_CODE} not in (select rowid from search_entries)`)
    .pluck()
    .all() as number[];
  for (const id of ids) runOnSqlite(db, indexActor(SQLITE_MAINTENANCE, id));
  return ids.length;
}
