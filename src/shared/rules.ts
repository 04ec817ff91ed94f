// The rules content must follow, stated once: the NDJSON records (shared/record-check.ts) and the
// GraphQL inputs (shared/validation.ts) both check with these, so import and mutations agree on
// what is valid — and on what the API can serialize again (a country the CountryCode scalar would
// refuse to return must never be stored).
import { CountryCode } from "./scalars.js";

export const SLUG_SHAPE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const LANGUAGE_SHAPE = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/;
export const DAY_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
export const INSTANT_SHAPE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2}))?$/;

/** A Wikidata item id: `Q` and a number (`Q23`). */
export const WIKIDATA_SHAPE = /^Q[1-9][0-9]{0,11}$/;
export const MAX_SAME_AS = 20;

export const SLUG_RULE = "a slug: lowercase letters and digits in groups joined by single dashes, e.g. antony-blinken";
export const COUNTRY_RULE = "an ISO 3166-1 alpha-2 country code such as IQ";
export const LANGUAGE_RULE = "a BCP-47 language tag such as ar or en-GB";

/** Exactly the codes the CountryCode scalar serializes. */
export function isCountryCode(value: unknown): value is string {
  if (typeof value !== "string") return false;
  try {
    CountryCode.parseValue(value);
    return true;
  } catch {
    return false;
  }
}

/** An absolute http(s) URL of at most 2,000 characters. */
export function isWebUrl(value: unknown): value is string {
  if (typeof value !== "string" || value.length > 2_000) return false;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

/** The stored form of a `sameAs` list: JSON, or null for none (so an empty list and none are one value). */
export function sameAsColumn(urls: readonly string[] | null | undefined): string | null {
  const unique = [...new Set(urls ?? [])];
  return unique.length === 0 ? null : JSON.stringify(unique);
}

export function sameAsOf(column: string | null): string[] {
  return column === null ? [] : (JSON.parse(column) as string[]);
}

/** A real calendar day, YYYY-MM-DD (`2024-02-30` is not one). */
export function isDay(value: string): boolean {
  if (!DAY_SHAPE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** An article's paragraphs: its body split at blank lines, blank paragraphs dropped. `paragraph` indexes these. */
export function paragraphsOf(body: string): string[] {
  return body
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0);
}
