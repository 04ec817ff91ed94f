// The one write path of locations: import, seed, mutations and deletes. Keeps the location tree
// and the search index in step, and refreshes the search rows of incidents whose place changed.
import { eq, sql } from "drizzle-orm";
import type { Dialect } from "../../db/dialect.js";
import { read } from "../../db/read-program.js";
import { firstRow } from "../../db/read.js";
import { rememberedLookup } from "../../db/remembered.js";
import { deleteRows, execute, insertRow, rowsWhere, rowWhere, updateRows, updateWhere } from "../../db/table-writes.js";
import { existingRow, sameSet, type UpsertOutcome, type WriteProgram, type WriteSession, type WriteTarget } from "../../db/write-session.js";
import { RecordError } from "../../shared/record-check.js";
import { sameAsColumn } from "../../shared/rules.js";

import { writeRevision } from "../revision/revision.writer.js";
import { SlugLookup } from "../slugs.js";
import { locationRecordsOf, type LocationRecord } from "./location.record.js";
import { incidents } from "../incident/incident.table.js";
import { indexLocationValues } from "./location.search.js";
import { locationAliases, locations, locationTree, type LocationRow } from "./location.table.js";

const LOCATION_LOOKUPS = {
  bySlug: (dialect: Dialect, slug: string) => rowWhere(dialect, locations, "slug", slug),
  byId: (dialect: Dialect, id: number) => rowWhere(dialect, locations, "id", id),
};

export class LocationWriter {
  private readonly dialect: Dialect;

  constructor(
    private readonly session: WriteSession,
    /** Called with the ids of locations whose names or place in the tree changed, to refresh what shows them (incidents' search rows). */
    private readonly onPlacesChanged: (locationIds: number[]) => WriteProgram<void> = noMore,
  ) {
    this.dialect = session.dialect;
  }

  *idBySlug(slug: string, path: string): WriteProgram<number> {
    // Remembered for an import batch: incidents name the same places over and over.
    const row = yield* rememberedLookup(this.session, "locations", slug, () => LOCATION_LOOKUPS.bySlug(this.dialect, slug));
    if (row === undefined) throw new RecordError([{ path, message: `no location has the slug "${slug}"` }]);
    return row.id;
  }

  *write(record: LocationRecord, target: WriteTarget = "bySlug"): WriteProgram<UpsertOutcome> {
    const { session, dialect } = this;
    const values = {
      slug: record.slug,
      name: record.name,
      nameEn: record.nameEn ?? null,
      kind: record.kind,
      country: record.country ?? null,
      regionName: record.region ?? null,
      latitude: record.latitude ?? null,
      longitude: record.longitude ?? null,
      parentId: record.parent ? yield* this.idBySlug(record.parent, "parent") : null,
      wikidataId: record.wikidataId ?? null,
      sameAs: sameAsColumn(record.sameAs),
    };
    const aliases = [...new Set(record.aliases ?? [])];
    const existing = yield* existingRow<LocationRow>({ bySlug: (slug) => LOCATION_LOOKUPS.bySlug(dialect, slug), byId: (id) => LOCATION_LOOKUPS.byId(dialect, id) }, target, record.slug);
    let id: number;
    let outcome: UpsertOutcome;
    if (!existing) {
      const now = session.now();
      id = (yield* read(insertRow(dialect, locations, { ...values, createdAt: now, updatedAt: now }))).insertedId!;
      yield* read(insertRow(dialect, locationTree, { ancestorId: id, descendantId: id, depth: 0 }));
      yield* this.attach(id, values.parentId);
      outcome = "created";
    } else {
      id = existing.id;
      const currentAliases = (yield* read(rowsWhere(dialect, locationAliases, "locationId", id))).map((row) => row.alias);
      const same = (Object.keys(values) as (keyof typeof values)[]).every((key) => existing[key] === values[key]) && sameSet(currentAliases, aliases);
      if (same) return "unchanged";
      if (values.parentId !== existing.parentId) yield* this.assertNotInside(id, values.parentId);
      yield* read(updateRows(dialect, locations, { ...values, updatedAt: session.now() }, "id", id));
      if (values.parentId !== existing.parentId) yield* this.attach(id, values.parentId);
      outcome = "updated";
    }
    // A new row has no aliases or index row to replace.
    if (existing) yield* read(deleteRows(dialect, locationAliases, "locationId", id));
    for (const alias of aliases) yield* read(insertRow(dialect, locationAliases, { locationId: id, alias }));
    yield* indexLocationValues(session, id, values, aliases, outcome === "created");
    if (outcome === "updated") yield* this.onPlacesChanged(yield* this.subtreeOf(id));
    yield* writeRevision(session, { entityType: "Location", entityId: id, action: outcome === "created" ? "CREATED" : "UPDATED", record });
    return outcome;
  }

  /** A location cannot move inside itself or anything inside it: the tree would loop. */
  private *assertNotInside(id: number, parentId: number | null): WriteProgram<void> {
    if (parentId === null) return;
    const inside = yield* read(firstRow<{ one: number }>(this.dialect, () => sql`select 1 as "one" from ${locationTree} where ${locationTree.ancestorId} = ${id} and ${locationTree.descendantId} = ${parentId}`));
    if (inside) throw new RecordError([{ path: "parent", message: "would put the location inside itself (its parent chain would loop)" }]);
  }

  /** The location and everything inside it. */
  *subtreeOf(id: number): WriteProgram<number[]> {
    return (yield* read(rowsWhere(this.dialect, locationTree, "ancestorId", id))).map((row) => row.descendantId);
  }

  /** Hangs the subtree of `id` under `parentId` (none: a root), rewriting its tree rows. */
  private *attach(id: number, parentId: number | null): WriteProgram<void> {
    // Forget the old ancestors of every node of the subtree; keep the links inside it. (Two
    // self-joins of the tree: clearer as SQL than in the builder.)
    yield* read(
      execute(
        this.dialect,
        () => sql`delete from location_tree where descendant_id in (select descendant_id from location_tree where ancestor_id = ${id})
         and ancestor_id not in (select descendant_id from location_tree where ancestor_id = ${id})`,
      ),
    );
    if (parentId === null) return;
    yield* read(
      execute(
        this.dialect,
        () => sql`insert into location_tree (ancestor_id, descendant_id, depth)
       select above.ancestor_id, below.descendant_id, above.depth + below.depth + 1
       from location_tree as above cross join location_tree as below
       where above.descendant_id = ${parentId} and below.ancestor_id = ${id}`,
      ),
    );
  }

  /** How many incidents happened at the location itself. */
  *incidentCount(id: number): WriteProgram<number> {
    const row = yield* read(firstRow<{ value: number }>(this.dialect, () => sql`select ${this.dialect.countAll} as "value" from ${incidents} where ${incidents.locationId} = ${id}`));
    return row?.value ?? 0;
  }

  /** Moves the incidents at one location to another. */
  *reassignIncidents(fromId: number, toId: number): WriteProgram<void> {
    yield* read(updateWhere(this.dialect, incidents, { locationId: toId }, eq(incidents.locationId, fromId)));
    yield* this.onPlacesChanged([toId]);
  }

  *delete(id: number): WriteProgram<void> {
    const row = yield* read(LOCATION_LOOKUPS.byId(this.dialect, id));
    if (row) {
      const [record] = yield* locationRecordsOf([row], new SlugLookup(this.dialect));
      yield* writeRevision(this.session, { entityType: "Location", entityId: id, action: "DELETED", record: record! });
    }
    yield* read(deleteRows(this.dialect, locations, "id", id));
  }
}

// eslint-disable-next-line require-yield
function* noMore(): WriteProgram<void> {}
