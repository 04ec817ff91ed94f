// Helpers for the `thing(id:, slug:)` root fields every entity has.
import { BadUserInputError } from "./errors.js";
import { decodeIdOf, type NodeType } from "./global-id.js";

export type IdOrSlug = { id: number; slug?: undefined } | { id?: undefined; slug: string };

/** Exactly one of `id` and `slug` must be given; the id must be of the expected type. */
export function idOrSlug(id: string | null | undefined, slug: string | null | undefined, types: readonly NodeType[]): IdOrSlug {
  if ((id == null) === (slug == null)) {
    throw new BadUserInputError("Give exactly one of `id` and `slug`.", [{ path: id == null ? "id" : "slug", message: "give exactly one of id and slug" }]);
  }
  return id != null ? { id: decodeIdOf(id, types, "id") } : { slug: slug as string };
}

/** Decodes an optional id argument of a filter, e.g. `filter.personId`. */
export function optionalIdOf(value: string | null | undefined, types: readonly NodeType[], path: string): number | null {
  return value == null ? null : decodeIdOf(value, types, path);
}
