// Every SQL read of people and organizations (one `actors` table, told apart by `actorType`).
import { and, asc, count, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { allRows, columnsOf, idListQueryLeavingOut, jsonList } from "../../db/query.js";
import { WHOLE_ROW } from "../../shared/column-selection.js";
import { keysetCondition, orderByOf, type PageRequest, type SortKey } from "../../shared/connection.js";
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

export class ActorRepository {
  constructor(private readonly db: Db) {}

  /** `omit`: columns the rows may leave out (shared/column-selection.ts). */
  findByIds(ids: readonly number[], omit: readonly string[] = WHOLE_ROW): ActorRow[] {
    return ACTORS_BY_IDS(omit)(this.db.$client, ids);
  }

  findByWikidataIds(wikidataIds: readonly string[]): ActorRow[] {
    return allRows<ActorRow>(this.db.$client, sql`select ${columnsOf(actors, "x")} from ${actors} as "x" where "x"."wikidata_id" in (select "value" from json_each(${jsonList(wikidataIds)}))`);
  }

  findBySlugs(slugs: readonly string[]): ActorRow[] {
    return allRows<ActorRow>(this.db.$client, sql`select ${columnsOf(actors, "x")} from ${actors} as "x" where "x"."slug" in (select "value" from json_each(${jsonList(slugs)}))`);
  }

  private filterCondition(actorType: ActorType, filter: ActorFilterValues): SQL | undefined {
    return and(
      eq(actors.actorType, actorType),
      filter.search ? matchingIds(actors.id, filter.search, SEARCH_FILTER_PATH, [PERSON_SEARCH_CODE, ORGANIZATION_SEARCH_CODE], NAME_COLUMNS) : undefined,
      filter.country != null ? eq(actors.country, filter.country) : undefined,
    );
  }

  findPage(actorType: ActorType, filter: ActorFilterValues, request: PageRequest): ActorRow[] {
    return this.db
      .select()
      .from(actors)
      .where(and(this.filterCondition(actorType, filter), keysetCondition(ACTOR_SORT_BY_NAME, request.after)))
      .orderBy(...orderByOf(ACTOR_SORT_BY_NAME))
      .limit(request.limit)
      .all();
  }

  count(actorType: ActorType, filter: ActorFilterValues): number {
    return this.db.select({ value: count() }).from(actors).where(this.filterCondition(actorType, filter)).get()?.value ?? 0;
  }

  /** Every person and organization with its aliases: the names the statement extractor resolves speakers to. */
  everyoneWithAliases(): { actor: ActorRow; aliases: string[] }[] {
    const aliases = new Map<number, string[]>();
    for (const row of this.db.select().from(actorAliases).all()) aliases.set(row.actorId, [...(aliases.get(row.actorId) ?? []), row.alias]);
    return this.db
      .select()
      .from(actors)
      .all()
      .map((actor) => ({ actor, aliases: aliases.get(actor.id) ?? [] }));
  }

  aliasesOf(actorIds: readonly number[]): { actorId: number; alias: string }[] {
    return this.db
      .select({ actorId: actorAliases.actorId, alias: actorAliases.alias })
      .from(actorAliases)
      .where(sql`${actorAliases.actorId} in (select "value" from json_each(${jsonList(actorIds)}))`)
      .orderBy(asc(actorAliases.actorId), asc(actorAliases.alias))
      .all();
  }

  /** People and organizations each article mentions, by name. */
  mentionedIn(articleIds: readonly number[]): (ActorRow & { parentId: number })[] {
    return allRows(
      this.db.$client,
      sql`select "m"."article_id" as "parentId", ${columnsOf(actors, "x")}
          from ${articleMentions} as "m" join ${actors} as "x" on "x"."id" = "m"."actor_id"
          where "m"."article_id" in (select "value" from json_each(${jsonList(articleIds)}))
          order by "x"."name", "x"."id"`,
    );
  }

  perpetratorsOf(incidentIds: readonly number[]): (ActorRow & { parentId: number })[] {
    return allRows(
      this.db.$client,
      sql`select "p"."incident_id" as "parentId", ${columnsOf(actors, "x")}
          from ${incidentPerpetrators} as "p" join ${actors} as "x" on "x"."id" = "p"."actor_id"
          where "p"."incident_id" in (select "value" from json_each(${jsonList(incidentIds)}))
          order by "x"."name", "x"."id"`,
    );
  }
}

const ACTORS_BY_IDS = idListQueryLeavingOut<ActorRow>((ids, omit) => sql`select ${columnsOf(actors, "x", omit)} from ${actors} as "x" where "x"."id" in (select "value" from json_each(${ids}))`);
