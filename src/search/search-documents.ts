// What a searchable row offers the index: its original texts by column. One definition per entity
// (in its module's `*.search.ts`) serves the index (which stores the analyzed terms) and the
// snippets (which quote the original text), so a hit's snippet always comes from the text that
// made it a hit.

/**
 * The original texts of one entity by column, most important first. Column weights (see
 * COLUMN_WEIGHTS in search-query.ts): title (headline, name) > subtitle (summary, aliases) > body.
 */
export interface SearchFields {
  title: string[];
  subtitle: string[];
  body: string[];
  /** Whole names a query can equal exactly (name, English name, aliases, headline, title). */
  names: string[];
  /** Recency tie-break between equal scores; ISO 8601, empty when the type has no date. */
  sortDate: string;
}

type Text = string | null | undefined;

/** The texts that are there: null, undefined and blank ones dropped. */
export function present(...texts: Text[]): string[] {
  return texts.filter((text): text is string => typeof text === "string" && text.trim() !== "");
}
