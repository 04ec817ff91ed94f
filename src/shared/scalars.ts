// Scalars from graphql-scalars, named once so every module uses the same instances.
import { CountryCodeResolver, DateTimeResolver, LocalDateResolver } from "graphql-scalars";

/** An instant, ISO-8601 with time zone (`2024-03-26T00:00:00.000Z`). */
export const DateTime = DateTimeResolver;
/** A calendar date without time (`2024-03-22`). */
export const LocalDate = LocalDateResolver;
/** An ISO 3166-1 alpha-2 country code (`IQ`, `US`). */
export const CountryCode = CountryCodeResolver;

/** Normalizes a DateTime argument (a Date from the scalar) to the stored ISO text. */
export function isoInstant(value: Date | string | null | undefined): string | null {
  if (value == null) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

/** Any JSON value (a revision's field before and after). */
export { JSONResolver as JSONValue, JSONObjectResolver as JSONObject } from "graphql-scalars";
