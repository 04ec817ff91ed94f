// Federation entity references. A gateway asks for entities with representations such as
// `{ __typename: "Person", id: "<global id>" }` or `{ __typename: "Person", slug: "antony-blinken" }`
// (the `@key`s of the type). A reference that names nothing here resolves to null rather than an
// error: the gateway then returns null for that entity, as it would for a deleted row.
import { BadUserInputError, type FieldError } from "./errors.js";
import { parseGlobalId, type NodeType } from "./global-id.js";
import type { IdOrSlug } from "./lookup.js";

/** A representation as it arrives in `_entities(representations:)`: keys come as strings. */
export interface EntityReference {
  __typename: string;
  id?: unknown;
  slug?: unknown;
}

/** The row key a reference points at, or null when it cannot point at a `type` (wrong type, bad id). */
export function referenceKey(reference: EntityReference, type: NodeType): IdOrSlug | null {
  if (typeof reference.id === "string") {
    const decoded = parseGlobalId(reference.id);
    return decoded?.type === type ? { id: decoded.id } : null;
  }
  if (typeof reference.slug === "string") return { slug: reference.slug };
  return null;
}

/** At most this many representations in one `_entities` call (a gateway batches far fewer). */
export const MAX_REPRESENTATIONS = 500;

/**
 * `_Any` accepts any JSON, and @apollo/subgraph fails with an internal error on a representation
 * that is not an object naming an entity type: refuse those as bad input before it runs.
 */
export function checkRepresentations(representations: unknown, entityTypes: ReadonlySet<string>): void {
  if (!Array.isArray(representations)) throw BadUserInputError.field("representations", "must be a list");
  if (representations.length > MAX_REPRESENTATIONS) throw BadUserInputError.field("representations", `at most ${MAX_REPRESENTATIONS} at once, got ${representations.length}`);
  const fieldErrors: FieldError[] = [];
  representations.forEach((representation: unknown, index) => {
    const typename = typeof representation === "object" && representation !== null && !Array.isArray(representation) ? (representation as { __typename?: unknown }).__typename : undefined;
    if (typeof typename !== "string" || !entityTypes.has(typename)) {
      fieldErrors.push({ path: `representations.${index}`, message: `must be an object whose __typename is one of ${[...entityTypes].join(", ")}` });
    }
  });
  if (fieldErrors.length > 0) throw new BadUserInputError(`Invalid entity representations: ${fieldErrors.map((error) => error.path).join(", ")}`, fieldErrors);
}
