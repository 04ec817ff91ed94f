// References in mutation inputs are slugs or global ids; records hold slugs. This turns each into
// the slug of an existing row of the right kind (each module says what its kinds are: a
// ReferenceTarget), collecting every one that does not resolve.
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Dialect } from "../../db/dialect.js";
import { read, type ReadProgram } from "../../db/read-program.js";
import { firstRow } from "../../db/read.js";
import type { FieldError } from "../../shared/errors.js";
import { parseGlobalId } from "../../shared/global-id.js";
import { RecordError } from "../../shared/record-check.js";
import { SLUG_SHAPE } from "../../shared/rules.js";
import type { SluggedTable } from "../slugs.js";

/** What a reference may point at. */
export interface ReferenceTarget {
  /** How an error names it: `person`, `person or organization`. */
  name: string;
  /** The types its global ids may carry. */
  nodeTypes: readonly string[];
  table: SluggedTable;
  /** Which rows of the table count (people only, say); all when absent. */
  where?: SQL;
}

export class References {
  readonly errors: FieldError[] = [];
  constructor(private readonly dialect: Dialect) {}

  *one(reference: string, target: ReferenceTarget, path: string): ReadProgram<string> {
    const slug = yield* this.resolve(reference, target);
    if (slug === null) this.errors.push({ path, message: `no ${target.name} has the slug or id "${reference.slice(0, 80)}"` });
    return slug ?? reference;
  }

  *many(references: readonly string[] | null | undefined, target: ReferenceTarget, path: string): ReadProgram<string[] | undefined> {
    if (!references) return undefined;
    const slugs: string[] = [];
    for (const [index, reference] of references.entries()) slugs.push(yield* this.one(reference, target, `${path}.${index}`));
    return slugs;
  }

  *optional(reference: string | null | undefined, target: ReferenceTarget, path: string): ReadProgram<string | null | undefined> {
    return reference == null ? reference : yield* this.one(reference, target, path);
  }

  /** Throws every unresolved reference at once. */
  check(): void {
    if (this.errors.length > 0) throw new RecordError(this.errors);
  }

  private *resolve(reference: string, target: ReferenceTarget): ReadProgram<string | null> {
    let key: SQL;
    if (SLUG_SHAPE.test(reference)) key = eq(target.table.slug, reference);
    else {
      const decoded = parseGlobalId(reference);
      if (!decoded || !target.nodeTypes.includes(decoded.type)) return null;
      key = eq(target.table.id, decoded.id);
    }
    const row = yield* read(firstRow<{ slug: string }>(this.dialect, () => sql`select ${target.table.slug} as "slug" from ${target.table} where ${and(key, target.where)}`));
    return row?.slug ?? null;
  }
}
