// Every read of revisions: an entity's history (pages for many entities in one statement, read off
// revisions_entity_idx), the revision before each of a list (for diffs), one by id, and the audit log.
import { and, desc, eq, gte, lte, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { allRows, jsonList } from "../../db/query.js";
import { keysetCondition, type PageRequest, type SortKey } from "../../shared/connection.js";
import { countPerParent, fetchPagesPerParent, type ParentRelation } from "../../shared/parent-pages.js";
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

export class RevisionRepository {
  constructor(private readonly db: Db) {}

  pagesOf(entityType: RevisionEntityType, entityIds: readonly number[], request: PageRequest): Map<number, RevisionRow[]> {
    return fetchPagesPerParent(this.db.$client, relationFor(entityType), entityIds, request);
  }

  countOf(entityType: RevisionEntityType, entityIds: readonly number[]): Map<number, number> {
    return countPerParent(this.db.$client, relationFor(entityType).innerFrom, revisions.entityId, entityIds);
  }

  /** The record of the revision before each given one (same entity), or null for a first revision; one statement. */
  previousRecords(ids: readonly number[]): Map<number, string | null> {
    const rows = allRows<{ id: number; previous: string | null }>(
      this.db.$client,
      sql`select "current"."id" as "id",
            (select "earlier"."record" from "revisions" as "earlier"
             where "earlier"."entity_type" = "current"."entity_type" and "earlier"."entity_id" = "current"."entity_id" and "earlier"."id" < "current"."id"
             order by "earlier"."id" desc limit 1) as "previous"
          from "revisions" as "current" where "current"."id" in (select "value" from json_each(${jsonList(ids)}))`,
    );
    return new Map(rows.map((row) => [row.id, row.previous]));
  }

  findById(id: number): RevisionRow | undefined {
    return this.db.select().from(revisions).where(eq(revisions.id, id)).get();
  }

  /** The newest revision of an entity (what restoring compares against). */
  latestOf(entityType: RevisionEntityType, entityId: number): RevisionRow | undefined {
    return this.db.select().from(revisions).where(and(eq(revisions.entityType, entityType), eq(revisions.entityId, entityId))).orderBy(desc(revisions.id)).limit(1).get();
  }

  /** One page of the audit log, newest first. */
  auditPage(filter: AuditFilterValues, request: PageRequest): RevisionRow[] {
    return this.db
      .select()
      .from(revisions)
      .where(and(...this.conditions(filter), keysetCondition(REVISIONS_NEWEST_FIRST, request.after)))
      .orderBy(desc(revisions.id))
      .limit(request.limit)
      .all();
  }

  auditCount(filter: AuditFilterValues): number {
    return this.db.select({ value: sql<number>`count(*)` }).from(revisions).where(and(...this.conditions(filter))).get()?.value ?? 0;
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
