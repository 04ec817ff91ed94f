// Federation entity references. A gateway asks for entities with representations such as
// `{ __typename: "Person", id: "<global id>" }` or `{ __typename: "Person", slug: "antony-blinken" }`
// (the `@key`s of the type). A reference that names nothing here resolves to null rather than an
// error: the gateway then returns null for that entity, as it would for a deleted row.
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
