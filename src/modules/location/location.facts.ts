// What a location inherits from the places it lies in: the region (the nearest REGION around it,
// or the region it was reported with) and the country (its own, or the nearest one around it).
// One statement for any number of locations, over the location tree.
import { sql } from "drizzle-orm";
import type { Dialect } from "../../db/dialect.js";
import { idListRead } from "../../db/query.js";
import type { Read } from "../../db/read.js";

export interface LocationFacts {
  id: number;
  region: string | null;
  country: string | null;
}

const FACTS_BY_IDS = idListRead<LocationFacts>(
  (dialect, ids) => sql`select "x"."value" as "id",
      coalesce(
        (select "a"."name" from "location_tree" as "t" join "locations" as "a" on "a"."id" = "t"."ancestor_id"
          where "t"."descendant_id" = "x"."value" and "a"."kind" = 'REGION' order by "t"."depth" limit 1),
        (select "a"."region_name" from "location_tree" as "t" join "locations" as "a" on "a"."id" = "t"."ancestor_id"
          where "t"."descendant_id" = "x"."value" and "a"."region_name" is not null order by "t"."depth" limit 1)) as "region",
      (select "a"."country" from "location_tree" as "t" join "locations" as "a" on "a"."id" = "t"."ancestor_id"
          where "t"."descendant_id" = "x"."value" and "a"."country" is not null order by "t"."depth" limit 1) as "country"
    from ${dialect.listTable(ids, "x")}`,
);

export function locationFactsOf(dialect: Dialect, ids: readonly number[]): Read<LocationFacts[]> {
  return FACTS_BY_IDS(dialect, ids);
}
