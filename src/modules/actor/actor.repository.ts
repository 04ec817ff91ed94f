// Every SQL read of people and organizations (one `actors` table, told apart by `actorType`).
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { SQLITE, type Dialect } from "../../db/dialect.js";
import { columnsOf, idListRead, jsonList, sqliteRunner } from "../../db/query.js";
import { reshaped, rows, synchronous, type Read, type Synchronous } from "../../db/read.js";
import { filteredCount, filteredPage } from "../../shared/filtered-page.js";
import { WHOLE_ROW } from "../../shared/column-selection.js";
import type { PageRequest, SortKey } from "../../shared/connection.js";
import { articleMentions } from "../article/article.table.js";
import { incidentPerpetrators } from "../incident/incident.table.js";
import { actorAliases, actors, type ActorType, type ActorRow } from "./actor.table.js";
import { matchingIds, NAME_COLUMNS, SEARCH_FILTER_PATH } from "../../search/search-query.js";
import { ORGANIZATION_SEARCH_CODE, PERSON_SEARCH_CODE } from "./actor.search.js";

export const ACTOR_SORT_BY_NAME: SortKey<ActorRow> = [
  { column: actors.name, direction: "asc", valueOf: (row) => row.name },
  { column: actors.id, direction: "asc", valueOf: (row) => row.id },
];

export interface ActorFilterValues {
  search?: string | null;
  country?: string | null;
}

/** Every read of actors, for one dialect; run by db/read.ts's runners (ActorRepository on SQLite). */
export class ActorQueries {
  constructor(private readonly dialect: Dialect) {}

  /** `omit`: columns the rows may leave out (shared/column-selection.ts). */
  findByIds(ids: readonly number[], omit: readonly string[] = WHOLE_ROW): Read<ActorRow[]> {
    return ACTORS_BY_IDS(this.dialect, ids, omit);
  }

  findByWikidataIds(wikidataIds: readonly string[]): Read<ActorRow[]> {
    return rows(this.dialect, () => sql`select ${columnsOf(actors, "x")} from ${actors} as "x" where "x"."wikidata_id" ${this.dialect.inList(jsonList(wikidataIds), "text")}`);
  }

  findBySlugs(slugs: readonly string[]): Read<ActorRow[]> {
    return ACTORS_BY_SLUGS(this.dialect, slugs);
  }

  private filterCondition(actorType: ActorType, filter: ActorFilterValues): SQL | undefined {
    return and(
      eq(actors.actorType, actorType),
      filter.search ? matchingIds(this.dialect, actors.id, filter.search, SEARCH_FILTER_PATH, [PERSON_SEARCH_CODE, ORGANIZATION_SEARCH_CODE], NAME_COLUMNS) : undefined,
      filter.country != null ? eq(actors.country, filter.country) : undefined,
    );
  }

  findPage(actorType: ActorType, filter: ActorFilterValues, request: PageRequest): Read<ActorRow[]> {
    return filteredPage<ActorRow>(this.dialect, actors, this.filterCondition(actorType, filter), ACTOR_SORT_BY_NAME, request);
  }

  count(actorType: ActorType, filter: ActorFilterValues): Read<number> {
    return filteredCount(this.dialect, actors, this.filterCondition(actorType, filter));
  }

  /** Every person and organization with its aliases: the names the statement extractor resolves speakers to. */
  everyoneWithAliases(): Read<{ actor: ActorRow; aliases: string[] }[]> {
    const read = rows<ActorRow & { alias: string | null }>(
      this.dialect,
      () => sql`select ${columnsOf(actors, "actors")}, ${actorAliases.alias} as "alias"
          from ${actors} left join ${actorAliases} on ${actorAliases.actorId} = ${actors.id}
          order by ${actors.id}, ${actorAliases.alias}`,
    );
    return reshaped(read, (found) => {
      const everyone: { actor: ActorRow; aliases: string[] }[] = [];
      for (const { alias, ...actor } of found) {
        const last = everyone.at(-1);
        const entry = last?.actor.id === actor.id ? last : { actor, aliases: [] };
        if (entry !== last) everyone.push(entry);
        if (alias !== null) entry.aliases.push(alias);
      }
      return everyone;
    });
  }

  aliasesOf(actorIds: readonly number[]): Read<{ actorId: number; alias: string }[]> {
    return rows(
      this.dialect,
      () => sql`select ${actorAliases.actorId} as "actorId", ${actorAliases.alias} as "alias" from ${actorAliases}
          where ${actorAliases.actorId} ${this.dialect.inList(jsonList(actorIds))}
          order by ${actorAliases.actorId}, ${actorAliases.alias}`,
    );
  }

  /** People and organizations each article mentions, by name. */
  mentionedIn(articleIds: readonly number[]): Read<(ActorRow & { parentId: number })[]> {
    return rows(
      this.dialect,
      () => sql`select "m"."article_id" as "parentId", ${columnsOf(actors, "x")}
          from ${articleMentions} as "m" join ${actors} as "x" on "x"."id" = "m"."actor_id"
          where "m"."article_id" ${this.dialect.inList(jsonList(articleIds))}
          order by "x"."name", "x"."id"`,
    );
  }

  perpetratorsOf(incidentIds: readonly number[]): Read<(ActorRow & { parentId: number })[]> {
    return rows(
      this.dialect,
      () => sql`select "p"."incident_id" as "parentId", ${columnsOf(actors, "x")}
          from ${incidentPerpetrators} as "p" join ${actors} as "x" on "x"."id" = "p"."actor_id"
          where "p"."incident_id" ${this.dialect.inList(jsonList(incidentIds))}
          order by "x"."name", "x"."id"`,
    );
  }

  // ---- the export's reads (actor.record.ts): pages by slug, keyset on the slug

  /** Up to `limit` actors of a type after `afterSlug` (from the first when empty), by slug. */
  exportPage(actorType: ActorType, afterSlug: string, limit: number): Read<ActorRow[]> {
    return rows(
      this.dialect,
      () => sql`select ${columnsOf(actors, "x")} from ${actors} as "x"
          where "x"."actor_type" = ${actorType} and "x"."slug" > ${afterSlug}
          order by "x"."slug" limit ${limit}`,
    );
  }
}

export type ActorRepository = Synchronous<ActorQueries>;

/** The actor reads on a SQLite connection, run synchronously (inside a write's transaction, too). */
export function actorRepository(db: Db): ActorRepository {
  return synchronous(new ActorQueries(SQLITE), sqliteRunner(db.$client));
}

const ACTORS_BY_SLUGS = idListRead<ActorRow>((dialect, slugs) => sql`select ${columnsOf(actors, "x")} from ${actors} as "x" where "x"."slug" ${dialect.inList(slugs, "text")}`);

const ACTORS_BY_IDS = idListRead<ActorRow>((dialect, ids, omit) => sql`select ${columnsOf(actors, "x", omit)} from ${actors} as "x" where "x"."id" ${dialect.inList(ids)}`);
