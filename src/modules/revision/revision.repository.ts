// Every read of revisions: an entity's history (pages for many entities in one statement, read off
// revisions_entity_idx), the revision before each of a list (for diffs), one by id, and the audit log.
import { and, desc, eq, gte, lte, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { SQLITE, type Dialect } from "../../db/dialect.js";
import { columnsOf, jsonList, sqliteRunner } from "../../db/query.js";
import { firstRow, reshaped, rows, synchronous, type Read, type Synchronous } from "../../db/read.js";
import type { PageRequest, SortKey } from "../../shared/connection.js";
import { filteredCount, filteredPage } from "../../shared/filtered-page.js";
import { countsPerParent, pagesPerParent, type ParentRelation } from "../../shared/parent-pages.js";
import { revisions, type RevisionEntityType, type RevisionRow } from "./revision.table.js";

/** Newest first; ids grow with time, so the id alone is the order. */
export const REVISIONS_NEWEST_FIRST: SortKey<RevisionRow> = [{ column: revisions.id, direction: "desc", valueOf: (row) => row.id }];

/**
 * The revisions of one entity type, as a per-parent relation keyed by entity id. The type is a
 * literal from a closed list (never input), so the statement text stays constant per type.
 */
function relationOf(entityType: RevisionEntityType): ParentRelation<RevisionRow> {
  return {
    rowTable: revisions,
    rowId: revisions.id,
    innerFrom: sql.raw(`(select * from "revisions" where "entity_type" = '${entityType}') as "revisions"`),
    innerRowId: revisions.id,
    parentColumn: revisions.entityId,
    sortKey: REVISIONS_NEWEST_FIRST,
  };
}

const relations = new Map<RevisionEntityType, ParentRelation<RevisionRow>>();
function relationFor(entityType: RevisionEntityType): ParentRelation<RevisionRow> {
  let relation = relations.get(entityType);
  if (!relation) relations.set(entityType, (relation = relationOf(entityType)));
  return relation;
}

export interface AuditFilterValues {
  authorKeyId?: number | null;
  entityType?: RevisionEntityType | null;
  since?: string | null;
  until?: string | null;
}

/** Every read of revisions, for one dialect; run by db/read.ts's runners (RevisionRepository on SQLite). */
export class RevisionQueries {
  constructor(private readonly dialect: Dialect) {}

  pagesOf(entityType: RevisionEntityType, entityIds: readonly number[], request: PageRequest): Read<Map<number, RevisionRow[]>> {
    return pagesPerParent(this.dialect, relationFor(entityType), entityIds, request);
  }

  countOf(entityType: RevisionEntityType, entityIds: readonly number[]): Read<Map<number, number>> {
    return countsPerParent(this.dialect, relationFor(entityType).innerFrom, revisions.entityId, entityIds);
  }

  /** The record of the revision before each given one (same entity), or null for a first revision; one statement. */
  previousRecords(ids: readonly number[]): Read<Map<number, string | null>> {
    const read = rows<{ id: number; previous: string | null }>(
      this.dialect,
      () => sql`select "current"."id" as "id",
            (select "earlier"."record" from "revisions" as "earlier"
             where "earlier"."entity_type" = "current"."entity_type" and "earlier"."entity_id" = "current"."entity_id" and "earlier"."id" < "current"."id"
             order by "earlier"."id" desc limit 1) as "previous"
          from "revisions" as "current" where "current"."id" ${this.dialect.inList(jsonList(ids))}`,
    );
    return reshaped(read, (found) => new Map(found.map((row) => [row.id, row.previous])));
  }

  findById(id: number): Read<RevisionRow | undefined> {
    return firstRow(this.dialect, () => sql`select ${columnsOf(revisions, "revisions")} from ${revisions} where ${eq(revisions.id, id)}`);
  }

  /** The newest revision of an entity (what restoring compares against). */
  latestOf(entityType: RevisionEntityType, entityId: number): Read<RevisionRow | undefined> {
    return firstRow(
      this.dialect,
      () => sql`select ${columnsOf(revisions, "revisions")} from ${revisions}
          where ${and(eq(revisions.entityType, entityType), eq(revisions.entityId, entityId))} order by ${desc(revisions.id)} limit 1`,
    );
  }

  /** One page of the audit log, newest first. */
  auditPage(filter: AuditFilterValues, request: PageRequest): Read<RevisionRow[]> {
    return filteredPage(this.dialect, revisions, and(...this.conditions(filter)), REVISIONS_NEWEST_FIRST, request);
  }

  auditCount(filter: AuditFilterValues): Read<number> {
    return filteredCount(this.dialect, revisions, and(...this.conditions(filter)));
  }

  private conditions(filter: AuditFilterValues): SQL[] {
    const conditions: SQL[] = [];
    if (filter.authorKeyId != null) conditions.push(eq(revisions.authorKeyId, filter.authorKeyId));
    if (filter.entityType != null) conditions.push(eq(revisions.entityType, filter.entityType));
    if (filter.since != null) conditions.push(gte(revisions.at, filter.since));
    if (filter.until != null) conditions.push(lte(revisions.at, filter.until));
    return conditions;
  }
}

export type RevisionRepository = Synchronous<RevisionQueries>;

/** The revision reads on a SQLite connection, run synchronously (restore reads inside its transaction). */
export function revisionRepository(db: Db): RevisionRepository {
  return synchronous(new RevisionQueries(SQLITE), sqliteRunner(db.$client));
}
