// The one write path of locations: import, seed, mutations and deletes. Keeps the location tree
// and the search index in step, and refreshes the search rows of incidents whose place changed.
import { and, count, eq, sql } from "drizzle-orm";
import { insertedId, perConnection, placeholderValue } from "../../db/query.js";
import { existingRow, sameSet, type UpsertOutcome, type WriteSession, type WriteTarget } from "../../db/write-session.js";
import { RecordError } from "../../shared/record-check.js";
import { sameAsColumn } from "../../shared/rules.js";

import { writeRevision } from "../revision/revision.writer.js";
import { SlugLookup } from "../slugs.js";
import { locationRecordOf, type LocationRecord } from "./location.record.js";
import { incidents } from "../incident/incident.table.js";
import { indexLocationValues } from "./location.search.js";
import { locationAliases, locations, locationTree, type LocationRow } from "./location.table.js";

const statementsOf = perConnection((db) => ({
  bySlug: db.select().from(locations).where(eq(locations.slug, sql.placeholder("slug"))).prepare(),
  byId: db.select().from(locations).where(eq(locations.id, sql.placeholder("id"))).prepare(),
  insert: db
    .insert(locations)
    .values({
      slug: sql.placeholder("slug"),
      name: sql.placeholder("name"),
      nameEn: sql.placeholder("nameEn"),
      kind: sql.placeholder("kind"),
      country: sql.placeholder("country"),
      regionName: sql.placeholder("regionName"),
      latitude: sql.placeholder("latitude"),
      longitude: sql.placeholder("longitude"),
      parentId: sql.placeholder("parentId"),
      wikidataId: sql.placeholder("wikidataId"),
      sameAs: sql.placeholder("sameAs"),
      createdAt: sql.placeholder("now"),
      updatedAt: sql.placeholder("now"),
    })
    .prepare(),
  update: db
    .update(locations)
    .set({
      slug: placeholderValue("slug"),
      name: placeholderValue("name"),
      nameEn: placeholderValue("nameEn"),
      kind: placeholderValue("kind"),
      country: placeholderValue("country"),
      regionName: placeholderValue("regionName"),
      latitude: placeholderValue("latitude"),
      longitude: placeholderValue("longitude"),
      parentId: placeholderValue("parentId"),
      wikidataId: placeholderValue("wikidataId"),
      sameAs: placeholderValue("sameAs"),
      updatedAt: placeholderValue("now"),
    })
    .where(eq(locations.id, sql.placeholder("id")))
    .prepare(),
  aliases: db.select({ alias: locationAliases.alias }).from(locationAliases).where(eq(locationAliases.locationId, sql.placeholder("id"))).prepare(),
  deleteAliases: db.delete(locationAliases).where(eq(locationAliases.locationId, sql.placeholder("id"))).prepare(),
  insertAlias: db.insert(locationAliases).values({ locationId: sql.placeholder("id"), alias: sql.placeholder("alias") }).prepare(),
  insertSelf: db.insert(locationTree).values({ ancestorId: sql.placeholder("id"), descendantId: sql.placeholder("id"), depth: 0 }).prepare(),
  isInside: db
    .select({ one: sql<number>`1` })
    .from(locationTree)
    .where(and(eq(locationTree.ancestorId, sql.placeholder("ancestorId")), eq(locationTree.descendantId, sql.placeholder("descendantId"))))
    .prepare(),
  subtree: db.select({ id: locationTree.descendantId }).from(locationTree).where(eq(locationTree.ancestorId, sql.placeholder("id"))).prepare(),
}));

export class LocationWriter {
  constructor(
    private readonly session: WriteSession,
    /** Called with the ids of locations whose names or place in the tree changed, to refresh what shows them (incidents' search rows). */
    private readonly onPlacesChanged: (locationIds: number[]) => void = () => undefined,
  ) {}

  idBySlug(slug: string, path: string): number {
    const read = () => statementsOf(this.session.db).bySlug.get({ slug })?.id;
    // Remembered for an import batch: incidents name the same places over and over.
    const id = this.session.batch ? this.session.batch.remember("locations", slug, read) : read();
    if (id === undefined) throw new RecordError([{ path, message: `no location has the slug "${slug}"` }]);
    return id;
  }

  write(record: LocationRecord, target: WriteTarget = "bySlug"): UpsertOutcome {
    const { session } = this;
    const values = {
      slug: record.slug,
      name: record.name,
      nameEn: record.nameEn ?? null,
      kind: record.kind,
      country: record.country ?? null,
      regionName: record.region ?? null,
      latitude: record.latitude ?? null,
      longitude: record.longitude ?? null,
      parentId: record.parent ? this.idBySlug(record.parent, "parent") : null,
      wikidataId: record.wikidataId ?? null,
      sameAs: sameAsColumn(record.sameAs),
    };
    const aliases = [...new Set(record.aliases ?? [])];
    const statements = statementsOf(session.db);
    const existing = existingRow<LocationRow>(statements, target, record.slug);
    let id: number;
    let outcome: UpsertOutcome;
    if (!existing) {
      id = insertedId(statements.insert.run({ ...values, now: session.now() }));
      statements.insertSelf.run({ id });
      this.attach(id, values.parentId);
      outcome = "created";
    } else {
      id = existing.id;
      const currentAliases = statements.aliases.all({ id }).map((row) => row.alias);
      const same = (Object.keys(values) as (keyof typeof values)[]).every((key) => existing[key] === values[key]) && sameSet(currentAliases, aliases);
      if (same) return "unchanged";
      if (values.parentId !== existing.parentId) this.assertNotInside(id, values.parentId);
      statements.update.run({ ...values, now: session.now(), id });
      if (values.parentId !== existing.parentId) this.attach(id, values.parentId);
      outcome = "updated";
    }
    // A new row has no aliases or index row to replace.
    if (existing) statements.deleteAliases.run({ id });
    for (const alias of aliases) statements.insertAlias.run({ id, alias });
    indexLocationValues(session.db, id, values, aliases, outcome === "created");
    if (outcome === "updated") this.onPlacesChanged(this.subtreeOf(id));
    writeRevision(session, { entityType: "Location", entityId: id, action: outcome === "created" ? "CREATED" : "UPDATED", record });
    return outcome;
  }

  /** A location cannot move inside itself or anything inside it: the tree would loop. */
  private assertNotInside(id: number, parentId: number | null): void {
    if (parentId === null) return;
    const inside = statementsOf(this.session.db).isInside.get({ ancestorId: id, descendantId: parentId });
    if (inside) throw new RecordError([{ path: "parent", message: "would put the location inside itself (its parent chain would loop)" }]);
  }

  /** The location and everything inside it. */
  subtreeOf(id: number): number[] {
    return statementsOf(this.session.db).subtree.all({ id }).map((row) => row.id);
  }

  /** Hangs the subtree of `id` under `parentId` (none: a root), rewriting its tree rows. */
  private attach(id: number, parentId: number | null): void {
    const { session } = this;
    // Forget the old ancestors of every node of the subtree; keep the links inside it. (Two
    // self-joins of the tree: clearer as SQL than in the builder.)
    session.run(
      `delete from location_tree where descendant_id in (select descendant_id from location_tree where ancestor_id = ?)
         and ancestor_id not in (select descendant_id from location_tree where ancestor_id = ?)`,
      id, id,
    );
    if (parentId === null) return;
    session.run(
      `insert into location_tree (ancestor_id, descendant_id, depth)
       select above.ancestor_id, below.descendant_id, above.depth + below.depth + 1
       from location_tree as above cross join location_tree as below
       where above.descendant_id = ? and below.ancestor_id = ?`,
      parentId, id,
    );
  }

  /** How many incidents happened at the location itself. */
  incidentCount(id: number): number {
    return this.session.db.select({ value: count() }).from(incidents).where(eq(incidents.locationId, id)).get()?.value ?? 0;
  }

  /** Moves the incidents at one location to another. */
  reassignIncidents(fromId: number, toId: number): void {
    this.session.db.update(incidents).set({ locationId: toId }).where(eq(incidents.locationId, fromId)).run();
    this.onPlacesChanged([toId]);
  }

  delete(id: number): void {
    const { db } = this.session;
    const row = statementsOf(db).byId.get({ id });
    if (row) writeRevision(this.session, { entityType: "Location", entityId: id, action: "DELETED", record: locationRecordOf(db, row, new SlugLookup(db)) });
    this.session.db.delete(locations).where(eq(locations.id, id)).run();
  }
}
