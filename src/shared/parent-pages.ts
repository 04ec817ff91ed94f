// Pages of a relation for many parents at once (an article's statements for 20 articles, a
// speaker's statements for 50 speakers) in ONE SQL statement: every parent gets its own keyset
// page through a correlated `IN (… ORDER BY … LIMIT n)` subquery, so each page is an index range
// scan with a limit and the cost follows the page size, not the size of the relation.
// `cross join` pins the parents as the outer loop: with a plain join SQLite may scan the whole
// row table and re-run the correlated subquery for every row (seen on article_incidents).
import DataLoader from "dataloader";
import { sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Dialect } from "../db/dialect.js";
import { columnsOf, jsonList, limitLiteral } from "../db/query.js";
import { keyedRows, reshaped, rows, type Read } from "../db/read.js";
import { groupBy } from "./batch.js";
import { commonOmission, omissionKey, WHOLE_ROW } from "./column-selection.js";
import { keysetCondition, orderByOf, pageRequest, toConnection, type Connection, type PageArgs, type PageRequest, type SortKey } from "./connection.js";

export interface ParentRelation<Row> {
  /** The table whose rows make the pages (statements, articles). */
  rowTable: SQLiteTable;
  rowId: SQLiteColumn;
  /** What the inner subquery reads: the row table itself or a link table joined to it. */
  innerFrom: SQL;
  /** The inner column that holds the row's id (statements.id, article_mentions.article_id). */
  innerRowId: SQLiteColumn;
  /** The inner column compared with each parent id. */
  parentColumn: SQLiteColumn;
  /** Sort key over inner columns; `valueOf` reads the same values from a fetched row. */
  sortKey: SortKey<Row>;
  /** Row columns (by key) left out of the pages, e.g. an article's `body`. */
  omitColumns?: readonly string[];
}

export type WithParent<Row> = Row & { parentId: number };

export function pagesPerParent<Row>(
  dialect: Dialect,
  relation: ParentRelation<Row>,
  parentIds: readonly number[],
  request: PageRequest,
  /** Columns this read may leave out as well (shared/column-selection.ts). */
  omit: readonly string[] = WHOLE_ROW,
): Read<Map<number, Row[]>> {
  const keyset = keysetCondition(relation.sortKey, request.after);
  const list = JSON.stringify(parentIds);
  // SQLite runs the page as a correlated `IN (… LIMIT n)` per parent, an index range each.
  // PostgreSQL would run that IN as a filter over every (parent, row) pair (200,000 subplan loops
  // for 20 articles over 10k statements); a LATERAL page is its index range per parent.
  // Built only when the text is not known yet (first pages' texts are rendered once, below).
  const build = () => {
    const omitted = omit.length === 0 ? relation.omitColumns : [...(relation.omitColumns ?? []), ...omit];
    const page = sql`select ${relation.innerRowId} as "rowId" from ${relation.innerFrom}
          where ${relation.parentColumn} = "parent"."value"${keyset ? sql` and ${keyset}` : sql``}
          order by ${sql.join(orderByOf(relation.sortKey), sql`, `)}
          limit ${limitLiteral(request.limit)}`;
    return dialect.name === "postgres"
      ? sql`select "parent"."value" as "parentId", ${columnsOf(relation.rowTable, "row", omitted)}
        from ${dialect.listTable(sql`${list}`, "parent")}
        cross join lateral (${page}) as "page"
        join ${relation.rowTable} as "row" on "row"."${sql.raw(relation.rowId.name)}" = "page"."rowId"`
      : sql`select "parent"."value" as "parentId", ${columnsOf(relation.rowTable, "row", omitted)}
        from ${dialect.listTable(sql`${list}`, "parent")}
        ${dialect.outerLoopJoin} ${relation.rowTable} as "row" on "row"."${sql.raw(relation.rowId.name)}" in (${page})`;
  };
  // First pages (no cursor, the usual nested case) have a text that depends only on the relation,
  // the limit and the columns left out: rendered once each. Pages after a cursor carry its values as parameters.
  const read = keyset ? rows<WithParent<Row>>(dialect, build) : keyedRows<WithParent<Row>>(dialect, { owner: relation, variant: `${request.limit}|${omissionKey(omit)}` }, [list], build);
  const compare = comparatorOf(relation.sortKey);
  return reshaped(read, (found) => {
    const byParent: Map<number, Row[]> = groupBy(found, (row) => row.parentId);
    for (const list of byParent.values()) list.sort(compare);
    return byParent;
  });
}

export function countsPerParent(dialect: Dialect, innerFrom: SQL, parentColumn: SQLiteColumn, parentIds: readonly number[]): Read<Map<number, number>> {
  const read = rows<{ parentId: number; count: number }>(
    dialect,
    () => sql`select ${parentColumn} as "parentId", ${dialect.countAll} as "count" from ${innerFrom}
        where ${parentColumn} ${dialect.inList(jsonList(parentIds))}
        group by ${parentColumn}`,
  );
  return reshaped(read, (found) => new Map(found.map((row) => [row.parentId, row.count])));
}

export function comparatorOf<Row>(sortKey: SortKey<Row>): (left: Row, right: Row) => number {
  return (left, right) => {
    for (const sort of sortKey) {
      const a = sort.valueOf(left);
      const b = sort.valueOf(right);
      if (a === b) continue;
      const ascending = a < b ? -1 : 1;
      return sort.direction === "asc" ? ascending : -ascending;
    }
    return 0;
  };
}

export interface ParentPageKey {
  parentId: number;
  args: PageArgs;
  /** Columns the rows may leave out; the whole row when empty. */
  omit: readonly string[];
}

/**
 * A per-request loader of connections keyed by parent. Keys that share page arguments (the usual
 * case: a nested field asked once in a query) are fetched together; totals are counted in one
 * grouped query, and only when a client selects `totalCount`.
 */
export function createParentPageLoader<Row, Node = Row>(options: {
  sortKey: SortKey<Row>;
  fetch: (parentIds: readonly number[], request: PageRequest, omit: readonly string[]) => Promise<Map<number, Row[]>>;
  count: (parentIds: readonly number[]) => Promise<Map<number, number>>;
  toNode?: (row: Row) => Node;
  /** Called with every fetched whole row (not with rows that left columns out), e.g. to prime a by-id loader. */
  onRows?: (rows: readonly Row[]) => void;
}): ParentPageLoader<Node> {
  const counts = new DataLoader<number, number>(async (parentIds) => {
    const byParent = await options.count(parentIds);
    return parentIds.map((parentId) => byParent.get(parentId) ?? 0);
  });
  const pages = new DataLoader<ParentPageKey, Connection<Node>, string>(
    async (keys) => {
      const groups = new Map<string, ParentPageKey[]>();
      for (const key of keys) {
        // Pages asked with different selections share a statement (reading the columns any needs).
        const signature = `${key.args.first ?? ""}|${key.args.after ?? ""}`;
        const group = groups.get(signature);
        if (group) group.push(key);
        else groups.set(signature, [key]);
      }
      const results = new Map<ParentPageKey, Connection<Node>>();
      for (const group of groups.values()) {
        const request = pageRequest(group[0]!.args, options.sortKey);
        const omit = commonOmission(group.map((key) => key.omit));
        // A parent asked twice with different selections is fetched once.
        const pages = await options.fetch([...new Set(group.map((key) => key.parentId))], request, omit);
        for (const key of group) {
          const rows = pages.get(key.parentId) ?? [];
          if (omit.length === 0) options.onRows?.(rows);
          results.set(key, toConnection(rows, request, options.sortKey, () => counts.load(key.parentId), options.toNode));
        }
      }
      return keys.map((key) => results.get(key)!);
    },
    { cacheKeyFn: (key) => `${key.parentId}|${key.args.first ?? ""}|${key.args.after ?? ""}|${omissionKey(key.omit)}` },
  );
  return {
    load(parentId, args, omit = WHOLE_ROW) {
      // Validate here, not in the batch: a bad argument fails this field, not every parent's page.
      pageRequest(args, options.sortKey);
      return pages.load({ parentId, args: { first: args.first ?? null, after: args.after ?? null }, omit });
    },
  };
}

export interface ParentPageLoader<Node> {
  /** `omit`: columns the page's rows may leave out, from `columnsToOmit` (the whole row by default). */
  load(parentId: number, args: PageArgs, omit?: readonly string[]): Promise<Connection<Node>>;
}
