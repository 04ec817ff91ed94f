// The columns a set of GraphQL fields reads from a row, as the list of columns a query may leave
// out. Each module that serves its rows through a nested relation declares, per field of its
// type, the row columns the field (or its resolver) reads. A field it does not declare needs the
// whole row, so a new field that forgets its entry costs speed, never a wrong answer.
import type { GraphQLResolveInfo } from "graphql";
import { selectedFields, type ResultShape } from "./selection.js";

export interface FieldColumns<Row> {
  /** Every column of the row, by its key (as Drizzle names it). */
  readonly all: readonly (keyof Row & string)[];
  /** Read whatever is selected: the id, sort keys (cursors and ordering), the type tag, foreign keys loaders group by. */
  readonly always: readonly (keyof Row & string)[];
  /** The columns each field reads. */
  readonly fields: Readonly<Record<string, readonly (keyof Row & string)[]>>;
}

/** No column left out: the whole row. */
export const WHOLE_ROW: readonly string[] = Object.freeze([]);

const omissions = new Map<string, readonly string[]>();
const keys = new WeakMap<readonly string[], string>([[WHOLE_ROW, ""]]);

/** One frozen array per distinct omission, so it can key caches (and SQL texts) by identity. */
function interned(columns: string[]): readonly string[] {
  if (columns.length === 0) return WHOLE_ROW;
  const key = columns.join(",");
  let known = omissions.get(key);
  if (!known) {
    omissions.set(key, (known = Object.freeze(columns)));
    keys.set(known, key);
  }
  return known;
}

/** Omissions already worked out, by field set (selectedFields remembers one set per field of an operation). */
const byFields = new WeakMap<ReadonlySet<string>, Map<FieldColumns<unknown>, readonly string[]>>();

export function omittedColumns<Row>(map: FieldColumns<Row>, fields: ReadonlySet<string>): readonly string[] {
  let known = byFields.get(fields);
  if (!known) byFields.set(fields, (known = new Map()));
  let omit = known.get(map as FieldColumns<unknown>);
  if (!omit) known.set(map as FieldColumns<unknown>, (omit = computeOmission(map, fields)));
  return omit;
}

function computeOmission<Row>(map: FieldColumns<Row>, fields: ReadonlySet<string>): readonly string[] {
  const needed = new Set<string>(map.always);
  for (const field of fields) {
    if (field === "__typename") continue;
    const columns = map.fields[field];
    if (!columns) return WHOLE_ROW;
    for (const column of columns) needed.add(column);
  }
  return interned(map.all.filter((column) => !needed.has(column)));
}

/** The columns a relation field's rows may leave out, given what the query asks of them. */
export function columnsToOmit<Row>(map: FieldColumns<Row>, info: GraphQLResolveInfo, shape: ResultShape): readonly string[] {
  return omittedColumns(map, selectedFields(info, shape));
}

/** A cache key for an omission (empty for the whole row). */
export function omissionKey(omit: readonly string[]): string {
  return keys.get(omit) ?? omit.join(",");
}

/**
 * What a batch of reads with different omissions may leave out together: only the columns every
 * one of them leaves out, so one statement serves them all (the statement count stays one per
 * level, whatever mix of selections reaches it).
 */
export function commonOmission(omissions: readonly (readonly string[])[]): readonly string[] {
  const [first, ...rest] = omissions;
  if (!first || first.length === 0) return WHOLE_ROW;
  // The usual batch: one field's loads, all with the same (interned) omission.
  if (rest.every((omit) => omit === first)) return first;
  return interned(first.filter((column) => rest.every((omit) => omit.includes(column))));
}
