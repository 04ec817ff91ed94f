// One keyset pagination helper for every connection. A cursor holds the sort-key values of the
// row it points at, so a page after it stays the same when rows are inserted before it (offset
// cursors would shift). Sort keys always end with a unique column, so the order is total.
import { and, eq, gt, lt, or, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { BadUserInputError } from "./errors.js";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export type SortValue = string | number;

export interface SortColumn<Row> {
  column: SQLiteColumn;
  direction: "asc" | "desc";
  valueOf: (row: Row) => SortValue;
}

export type SortKey<Row> = readonly SortColumn<Row>[];

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/** What a repository needs to fetch one page: a keyset condition, an order, a limit. */
export interface PageRequest {
  /** Rows to fetch: one more than asked, to learn whether another page follows. */
  limit: number;
  size: number;
  after: SortValue[] | null;
}

export interface Edge<Node> {
  cursor: string;
  node: Node;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Connection<Node> {
  edges: Edge<Node>[];
  nodes: Node[];
  pageInfo: PageInfo;
  /** Counted only when a client asks for it. */
  readonly totalCount: number | Promise<number>;
}

export function encodeCursor(values: readonly SortValue[]): string {
  return Buffer.from(JSON.stringify(values), "utf8").toString("base64url");
}

export function decodeCursor(cursor: string, expectedLength: number, argument = "after"): SortValue[] {
  const invalid = () => BadUserInputError.field(argument, "is not a cursor from this list; use a pageInfo.endCursor or edges.cursor value");
  if (cursor.length > 512 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (
    !Array.isArray(values) ||
    values.length !== expectedLength ||
    !values.every((value) => typeof value === "string" || (typeof value === "number" && Number.isFinite(value)))
  ) {
    throw invalid();
  }
  return values as SortValue[];
}

/** Whether a `first` is a page size the contract accepts: an integer from 0 to MAX_PAGE_SIZE. */
export function isPageSize(first: unknown): first is number {
  return typeof first === "number" && Number.isInteger(first) && first >= 0 && first <= MAX_PAGE_SIZE;
}

/**
 * The one check of `first`, for the resolvers and for the check before execution: the default when
 * absent, BAD_USER_INPUT outside 0..MAX_PAGE_SIZE (the contract wants an error, never truncation).
 */
export function pageSize(first: unknown, argument = "first"): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!isPageSize(first)) {
    throw BadUserInputError.field(argument, `must be an integer from 0 to ${MAX_PAGE_SIZE}, got ${typeof first === "number" ? String(first) : JSON.stringify(first)}`);
  }
  return first;
}

/** Validates `first` and `after`. */
export function pageRequest<Row>(args: PageArgs, sortKey: SortKey<Row>, argumentPrefix = ""): PageRequest {
  const size = pageSize(args.first, `${argumentPrefix}first`);
  const after = args.after ? decodeCursor(args.after, sortKey.length, `${argumentPrefix}after`) : null;
  return { size, limit: size + 1, after };
}

/** Rows strictly after the cursor in the sort order, for any mix of directions. */
export function keysetCondition<Row>(sortKey: SortKey<Row>, after: SortValue[] | null): SQL | undefined {
  if (!after) return undefined;
  const branches: SQL[] = [];
  sortKey.forEach((sort, index) => {
    const equalities = sortKey.slice(0, index).map((previous, previousIndex) => eq(previous.column, after[previousIndex]));
    const value = after[index];
    const beyond = sort.direction === "asc" ? gt(sort.column, value) : lt(sort.column, value);
    const branch = and(...equalities, beyond);
    if (branch) branches.push(branch);
  });
  return or(...branches);
}

export function orderByOf<Row>(sortKey: SortKey<Row>): SQL[] {
  return sortKey.map((sort) => (sort.direction === "asc" ? sql`${sort.column} asc` : sql`${sort.column} desc`));
}

export function cursorOf<Row>(sortKey: SortKey<Row>, row: Row): string {
  return encodeCursor(sortKey.map((sort) => sort.valueOf(row)));
}

/** Shapes fetched rows (up to request.limit of them) into a Relay connection. */
export function toConnection<Row, Node = Row>(
  rows: readonly Row[],
  request: PageRequest,
  sortKey: SortKey<Row>,
  countTotal: () => number | Promise<number>,
  toNode: (row: Row) => Node = (row) => row as unknown as Node,
): Connection<Node> {
  const pageRows = rows.slice(0, request.size);
  const edges = pageRows.map((row) => ({ cursor: cursorOf(sortKey, row), node: toNode(row) }));
  let total: number | Promise<number> | undefined;
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage: rows.length > request.size,
      hasPreviousPage: request.after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    get totalCount() {
      total ??= countTotal();
      return total;
    },
  };
}
