// The one schema of a location's data as an NDJSON record: what import, export, the sample file
// and the editing mutations all read and write. A location names its parent by slug, so parents
// come first in a file (export orders them so).
import type { ReferenceTarget } from "../editing/references.js";
import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import type { Checker } from "../../shared/record-check.js";
import { sameAsOf } from "../../shared/rules.js";
import { compact, type SlugLookup } from "../slugs.js";
import { locationAliases, locations, LOCATION_KINDS, type LocationKind, type LocationRow } from "./location.table.js";

export interface LocationRecord {
  type: "location";
  slug: string;
  name: string;
  nameEn?: string | null;
  aliases?: string[];
  kind: LocationKind;
  country?: string | null;
  /** The region as text, for a place whose region is not a location of its own. */
  region?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  /** The slug of the location it lies in. */
  parent?: string | null;
  wikidataId?: string | null;
  sameAs?: string[];
}

export function checkLocationRecord(check: Checker, value: Record<string, unknown>): void {
  check.slug("slug", { required: true });
  check.string("name", { required: true });
  check.string("nameEn");
  check.stringList("aliases");
  check.oneOf("kind", LOCATION_KINDS);
  check.country("country");
  check.string("region");
  check.coordinates();
  check.identifiers();
  const parent = check.slug("parent");
  if (parent != null && parent === value.slug) check.fail("parent", "a location cannot lie inside itself");
}

export function locationRecordOf(db: Db, row: LocationRow, slugs: SlugLookup): LocationRecord {
  const aliases = db.select({ alias: locationAliases.alias }).from(locationAliases).where(eq(locationAliases.locationId, row.id)).orderBy(asc(locationAliases.alias)).all().map((alias) => alias.alias);
  return compact<LocationRecord>({
    type: "location",
    slug: row.slug,
    name: row.name,
    nameEn: row.nameEn,
    aliases,
    kind: row.kind,
    country: row.country,
    region: row.regionName,
    latitude: row.latitude,
    longitude: row.longitude,
    parent: row.parentId === null ? null : slugs.of(locations, row.parentId),
    wikidataId: row.wikidataId,
    sameAs: sameAsOf(row.sameAs),
  });
}

/** Countries before their regions before their cities: each by depth in the tree, then slug. */
export function* locationRecords(db: Db, slugs: SlugLookup): Generator<LocationRecord> {
  const depth = sql`(select max("depth") from "location_tree" where "descendant_id" = ${locations.id})`;
  for (const row of db.select().from(locations).orderBy(depth, asc(locations.slug)).all()) yield locationRecordOf(db, row, slugs);
}

/** What mutation inputs may reference (a slug or an id). */
export const LOCATION_REFERENCE: ReferenceTarget = { name: "location", nodeTypes: ["Location"], table: locations };
