// The root lists (`articles`, `people`, `incidents` …): one keyset page of a table under a filter,
// and the filter's total, in any dialect. Filters are Drizzle conditions over the table's own
// columns, which render qualified by the table's name, so the table is read under that name.
import { and, getTableName, sql, type SQL } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Dialect } from "../db/dialect.js";
import { columnsOf } from "../db/query.js";
import { firstRow, keyedRows, reshaped, rows, type Read } from "../db/read.js";
import { omissionKey, WHOLE_ROW } from "./column-selection.js";
import { keysetCondition, orderByOf, type PageRequest, type SortKey } from "./connection.js";

export function filteredPage<Row>(
  dialect: Dialect,
  table: SQLiteTable,
  condition: SQL | undefined,
  sortKey: SortKey<Row>,
  request: PageRequest,
  omit: readonly string[] = WHOLE_ROW,
): Read<Row[]> {
  const where = and(condition, keysetCondition(sortKey, request.after));
  const build = () => sql`select ${columnsOf(table, getTableName(table), omit)} from ${table}${where ? sql` where ${where}` : sql``}
        order by ${sql.join(orderByOf(sortKey), sql`, `)} limit ${request.limit}`;
  // An unfiltered first page (`articles(first: 20)`, the usual root list) has a text that depends
  // only on the table, the order and the columns left out: rendered once, the limit bound.
  if (!where) return keyedRows<Row>(dialect, { owner: sortKey, variant: `${getTableName(table)}|${omissionKey(omit)}` }, [request.limit], build);
  return rows<Row>(dialect, build);
}

export function filteredCount(dialect: Dialect, table: SQLiteTable, condition: SQL | undefined): Read<number> {
  const read = firstRow<{ value: number }>(dialect, () => sql`select ${dialect.countAll} as "value" from ${table}${condition ? sql` where ${condition}` : sql``}`);
  return reshaped(read, (row) => row?.value ?? 0);
}
