// Identifiers for the open formats. Khabar has no public pages for its entities and its global ids
// depend on row ids (a re-import renumbers them), so JSON-LD `@id`s and ninjs `uri`s are URNs built
// from slugs: stable across export → import, and the same in every format and in the HTTP route.

export type UriKind = "article" | "person" | "organization" | "incident" | "location";

export function khabarUri(kind: UriKind, slug: string): string {
  return `urn:khabar:${kind}:${slug}`;
}

/** A statement has no slug: it is the n-th of its article (the export's order, which is reading order). */
export function statementUri(articleSlug: string, index: number): string {
  return `${khabarUri("article", articleSlug)}:statement:${index}`;
}
