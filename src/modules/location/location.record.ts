// The one schema of a location's data as an NDJSON record: what import, export, the sample file
// and the editing mutations all read and write. A location names its parent by slug, so parents
// come first in a file (export orders them so).
import type { ReferenceTarget } from "../editing/references.js";
import type { Checker } from "../../shared/record-check.js";
import { sameAsOf } from "../../shared/rules.js";
import { read, type ReadProgram } from "../../db/read-program.js";
import { groupBy } from "../../shared/batch.js";
import { compact, type SlugLookup } from "../slugs.js";
import { LocationQueries } from "./location.repository.js";
import { locations, LOCATION_KINDS, type LocationKind, type LocationRow } from "./location.table.js";

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

/** Records of some location rows: their aliases in one read, the parents' slugs in another. */
export function* locationRecordsOf(rows: readonly LocationRow[], slugs: SlugLookup): ReadProgram<LocationRecord[]> {
  if (rows.length === 0) return [];
  const aliases = groupBy(yield* read(new LocationQueries(slugs.dialect).aliasesOf(rows.map((row) => row.id))), (alias) => alias.locationId);
  yield* slugs.resolve(locations, rows.map((row) => row.parentId));
  return rows.map((row) =>
    compact<LocationRecord>({
      type: "location",
      slug: row.slug,
      name: row.name,
      nameEn: row.nameEn,
      aliases: (aliases.get(row.id) ?? []).map((alias) => alias.alias),
      kind: row.kind,
      country: row.country,
      region: row.regionName,
      latitude: row.latitude,
      longitude: row.longitude,
      parent: row.parentId === null ? null : slugs.of(locations, row.parentId),
      wikidataId: row.wikidataId,
      sameAs: sameAsOf(row.sameAs),
    }),
  );
}

/** Countries before their regions before their cities: each by depth in the tree, then slug; a page of `batchSize` per program. */
export function* locationRecordBatches(slugs: SlugLookup, batchSize: number): Generator<ReadProgram<LocationRecord[]>> {
  const queries = new LocationQueries(slugs.dialect);
  for (let afterDepth = -2, afterSlug = "", more = true; more; ) {
    yield (function* () {
      const page = yield* read(queries.exportPage(afterDepth, afterSlug, batchSize));
      more = page.length === batchSize;
      const last = page.at(-1);
      if (last) [afterDepth, afterSlug] = [last.depth, last.slug];
      return yield* locationRecordsOf(page, slugs);
    })();
  }
}

/** What mutation inputs may reference (a slug or an id). */
export const LOCATION_REFERENCE: ReferenceTarget = { name: "location", nodeTypes: ["Location"], table: locations };
