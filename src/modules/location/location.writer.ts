// The one write path of locations: import, seed, mutations and deletes. Keeps the location tree
// and the search index in step, and refreshes the search rows of incidents whose place changed.
import { eq } from "drizzle-orm";
import type { WriteSession } from "../../db/write-session.js";
import { RecordError } from "../../shared/record-check.js";
import { existingRow, sameSet, type UpsertOutcome, type WriteTarget } from "../actor/actor.writer.js";
import type { LocationRecord } from "./location.record.js";
import { indexLocation } from "./location.search.js";
import { locations, type LocationRow } from "./location.table.js";

const LOCATION_COLUMNS = `id, slug, name, name_en as nameEn, kind, country, region_name as regionName, latitude, longitude, parent_id as parentId,
  created_at as createdAt, updated_at as updatedAt`;

export class LocationWriter {
  constructor(
    private readonly session: WriteSession,
    /** Called with the ids of locations whose names or place in the tree changed, to refresh what shows them (incidents' search rows). */
    private readonly onPlacesChanged: (locationIds: number[]) => void = () => undefined,
  ) {}

  idBySlug(slug: string, path: string): number {
    const row = this.session.get<{ id: number }>("select id from locations where slug = ?", slug);
    if (!row) throw new RecordError([{ path, message: `no location has the slug "${slug}"` }]);
    return row.id;
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
    };
    const aliases = [...new Set(record.aliases ?? [])];
    const existing = existingRow<LocationRow>(session, `select ${LOCATION_COLUMNS} from locations`, target, record.slug);
    let id: number;
    let outcome: UpsertOutcome;
    if (!existing) {
      id = session.get<{ id: number }>(
        `insert into locations (slug, name, name_en, kind, country, region_name, latitude, longitude, parent_id, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
        values.slug, values.name, values.nameEn, values.kind, values.country, values.regionName, values.latitude, values.longitude, values.parentId, session.now(), session.now(),
      )!.id;
      session.run("insert into location_tree (ancestor_id, descendant_id, depth) values (?, ?, 0)", id, id);
      this.attach(id, values.parentId);
      outcome = "created";
    } else {
      id = existing.id;
      const currentAliases = session.pluck<string>("select alias from location_aliases where location_id = ?", id);
      const same = (Object.keys(values) as (keyof typeof values)[]).every((key) => existing[key] === values[key]) && sameSet(currentAliases, aliases);
      if (same) return "unchanged";
      if (values.parentId !== existing.parentId) this.assertNotInside(id, values.parentId);
      session.db.update(locations).set({ ...values, updatedAt: session.now() }).where(eq(locations.id, id)).run();
      if (values.parentId !== existing.parentId) this.attach(id, values.parentId);
      outcome = "updated";
    }
    session.run("delete from location_aliases where location_id = ?", id);
    for (const alias of aliases) session.run("insert into location_aliases (location_id, alias) values (?, ?)", id, alias);
    indexLocation(session.db, id, outcome === "created");
    if (outcome === "updated") this.onPlacesChanged(this.subtreeOf(id));
    return outcome;
  }

  /** A location cannot move inside itself or anything inside it: the tree would loop. */
  private assertNotInside(id: number, parentId: number | null): void {
    if (parentId === null) return;
    const inside = this.session.get<{ one: number }>("select 1 as one from location_tree where ancestor_id = ? and descendant_id = ?", id, parentId);
    if (inside) throw new RecordError([{ path: "parent", message: "would put the location inside itself (its parent chain would loop)" }]);
  }

  /** The location and everything inside it. */
  subtreeOf(id: number): number[] {
    return this.session.pluck<number>("select descendant_id from location_tree where ancestor_id = ?", id);
  }

  /** Hangs the subtree of `id` under `parentId` (none: a root), rewriting its tree rows. */
  private attach(id: number, parentId: number | null): void {
    const { session } = this;
    // Forget the old ancestors of every node of the subtree; keep the links inside it.
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
    return this.session.get<{ total: number }>("select count(*) as total from incidents where location_id = ?", id)?.total ?? 0;
  }

  /** Moves the incidents at one location to another. */
  reassignIncidents(fromId: number, toId: number): void {
    this.session.run("update incidents set location_id = ? where location_id = ?", toId, fromId);
    this.onPlacesChanged([toId]);
  }

  delete(id: number): void {
    this.session.db.delete(locations).where(eq(locations.id, id)).run();
  }
}
