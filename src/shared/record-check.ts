// The checker behind every NDJSON record (each module's `*.record.ts` says what its fields must
// be): one JSON object in, every problem of it out at once as `path: message`, with the rules of
// shared/rules.ts that the GraphQL inputs use too.
import type { FieldError } from "./errors.js";
import { COUNTRY_RULE, INSTANT_SHAPE, isCountryCode, isDay, isWebUrl, LANGUAGE_RULE, LANGUAGE_SHAPE, MAX_SAME_AS, SLUG_RULE, SLUG_SHAPE, WIKIDATA_SHAPE } from "./rules.js";

/** The longest body, summary or statement text. */
export const MAX_TEXT = 100_000;
/** The longest name, title or other short text. */
export const MAX_SHORT = 1_000;

type StringOptions = { required?: boolean; max?: number; pattern?: RegExp; patternName?: string; from?: Record<string, unknown> };

/** The field a path names in the object it is checked on: its last segment (`statements.2.text` → `text`). */
function keyOf(path: string): string {
  const dot = path.lastIndexOf(".");
  return dot < 0 ? path : path.slice(dot + 1);
}

/**
 * Checks the fields of one JSON object, collecting every problem as `path: message`. A nested
 * object (an article's statement) gets a checker of its own (`within`) that writes into the same
 * list: its paths are then built only for the problems found, not for every field of every
 * statement, which was most of the import's checking time.
 */
export class Checker {
  constructor(
    private readonly value: Record<string, unknown>,
    readonly errors: FieldError[] = [],
    /** Prepended to every path this checker reports (`statements.2.`). */
    private readonly prefix = "",
  ) {}

  /** A checker of the object at `path` ("" for one checked in place of this one's), reporting into this one's errors. */
  within(path: string, value: Record<string, unknown>): Checker {
    return new Checker(value, this.errors, path === "" ? this.prefix : `${this.prefix}${path}.`);
  }

  fail(path: string, message: string): void {
    this.errors.push({ path: this.prefix + path, message });
  }

  string(path: string, options: StringOptions = {}): string | null | undefined {
    const source = options.from ?? this.value;
    const raw = source[keyOf(path)];
    if (raw === undefined || raw === null) {
      if (options.required) this.fail(path, "is required");
      return raw as null | undefined;
    }
    if (typeof raw !== "string") return this.fail(path, "must be a string"), undefined;
    if (options.required && raw.trim() === "") return this.fail(path, "must not be blank"), undefined;
    if (raw.length > (options.max ?? MAX_SHORT)) return this.fail(path, `must be at most ${options.max ?? MAX_SHORT} characters`), undefined;
    if (options.pattern && !options.pattern.test(raw)) return this.fail(path, `must be ${options.patternName}`), undefined;
    return raw;
  }

  slug(path: string, options: { required?: boolean; from?: Record<string, unknown> } = {}): string | null | undefined {
    return this.string(path, { required: options.required, from: options.from, max: 200, pattern: SLUG_SHAPE, patternName: SLUG_RULE });
  }

  country(path: string, from?: Record<string, unknown>): string | null | undefined {
    const raw = this.string(path, { from });
    if (raw != null && !isCountryCode(raw)) return this.fail(path, `must be ${COUNTRY_RULE}`), undefined;
    return raw;
  }

  language(path: string, options: { required?: boolean; from?: Record<string, unknown> } = {}): string | null | undefined {
    return this.string(path, { required: options.required, from: options.from, pattern: LANGUAGE_SHAPE, patternName: LANGUAGE_RULE });
  }

  day(path: string, from?: Record<string, unknown>): string | null | undefined {
    const raw = this.string(path, { required: true, from });
    if (raw != null && !isDay(raw)) return this.fail(path, "must be a real calendar date such as 2024-03-22"), undefined;
    return raw;
  }

  /** `wikidataId` (`Q…`) and `sameAs` (http(s) URLs), both optional. */
  identifiers(): void {
    this.string("wikidataId", { pattern: WIKIDATA_SHAPE, patternName: "a Wikidata item id such as Q23" });
    const sameAs = this.value.sameAs;
    if (sameAs == null) return;
    if (!Array.isArray(sameAs)) return this.fail("sameAs", "must be a list of URLs");
    if (sameAs.length > MAX_SAME_AS) return this.fail("sameAs", `must hold at most ${MAX_SAME_AS} URLs`);
    sameAs.forEach((url: unknown, index) => {
      if (!isWebUrl(url)) this.fail(`sameAs.${index}`, "must be an absolute http(s) URL");
    });
  }

  /** `latitude` and `longitude` (under `prefix`, e.g. `location.`), each optional, in range. */
  coordinates(prefix = "", from: Record<string, unknown> = this.value): void {
    for (const [axis, limit] of [["latitude", 90], ["longitude", 180]] as const) {
      const coordinate = from[axis];
      if (coordinate != null && (typeof coordinate !== "number" || Math.abs(coordinate) > limit)) this.fail(`${prefix}${axis}`, `must be a number from -${limit} to ${limit}`);
    }
  }

  slugList(path: string, from: Record<string, unknown> = this.value): string[] {
    const raw = from[keyOf(path)];
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw)) return this.fail(path, "must be a list of slugs"), [];
    raw.forEach((item, index) => {
      if (typeof item !== "string" || !SLUG_SHAPE.test(item)) this.fail(`${path}.${index}`, "must be a slug");
    });
    return raw.filter((item): item is string => typeof item === "string");
  }

  stringList(path: string, max = MAX_SHORT): string[] {
    const raw = this.value[keyOf(path)];
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw)) return this.fail(path, "must be a list of strings"), [];
    raw.forEach((item, index) => {
      if (typeof item !== "string" || item.trim() === "" || item.length > max) this.fail(`${path}.${index}`, `must be a non-blank string of at most ${max} characters`);
    });
    return raw.filter((item): item is string => typeof item === "string");
  }

  count(path: string, from: Record<string, unknown> = this.value): number | null | undefined {
    const raw = from[keyOf(path)];
    if (raw === undefined || raw === null) return raw as null | undefined;
    if (typeof raw !== "number" || !Number.isInteger(raw) || raw < 0) return this.fail(path, "must be a whole number, 0 or more"), undefined;
    return raw;
  }

  oneOf<const Values extends readonly string[]>(path: string, values: Values, from: Record<string, unknown> = this.value): Values[number] | undefined {
    const raw = from[keyOf(path)];
    if (typeof raw !== "string" || !values.includes(raw)) return this.fail(path, `must be one of ${values.join(", ")}`), undefined;
    return raw as Values[number];
  }

  instant(path: string, required: boolean, from: Record<string, unknown> = this.value): string | null | undefined {
    const raw = this.string(path, { required, from });
    if (raw == null) return raw;
    const time = Date.parse(raw);
    if (!INSTANT_SHAPE.test(raw) || Number.isNaN(time)) return this.fail(path, "must be an ISO-8601 date-time such as 2024-03-26T00:00:00Z"), undefined;
    return new Date(time).toISOString();
  }
}

export class RecordError extends Error {
  constructor(readonly fieldErrors: FieldError[]) {
    super(fieldErrors.map((error) => `${error.path}: ${error.message}`).join("; "));
    this.name = "RecordError";
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
