// Helpers for the `thing(id:, slug:)` root fields every entity has.
import { BadUserInputError } from "./errors.js";
import { decodeIdOf, type NodeType } from "./global-id.js";
import { WIKIDATA_SHAPE } from "./rules.js";

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

export type EntityKey = IdOrSlug | { id?: undefined; slug?: undefined; wikidataId: string };

/** For entities that also have a Wikidata id: exactly one of `id`, `slug` and `wikidataId`. */
export function entityKey(id: string | null | undefined, slug: string | null | undefined, wikidataId: string | null | undefined, types: readonly NodeType[]): EntityKey {
  const given = [id, slug, wikidataId].filter((value) => value != null).length;
  if (given !== 1) throw new BadUserInputError("Give exactly one of `id`, `slug` and `wikidataId`.", [{ path: id != null ? "slug" : "id", message: "give exactly one of id, slug and wikidataId" }]);
  if (wikidataId != null) {
    if (!WIKIDATA_SHAPE.test(wikidataId)) throw BadUserInputError.field("wikidataId", "must be a Wikidata item id such as Q23");
    return { wikidataId };
  }
  return idOrSlug(id, slug, types);
}
