// The NDJSON interchange format (design.md §4): one record a line, cross-references by slug.
// Parsing checks every field and reports all problems of a line at once, as `path: message`.
import type { OrganizationKind } from "../modules/actor/actor.table.js";
import { ORGANIZATION_KINDS } from "../modules/actor/actor.table.js";
import { CLAIM_STANCES, INCIDENT_KINDS, type ClaimStance, type IncidentKind } from "../modules/incident/incident.table.js";
import { STATEMENT_KINDS, type StatementKind } from "../modules/statement/statement.table.js";
import type { FieldError } from "../shared/errors.js";

export interface OrganizationRecord {
  type: "organization";
  slug: string;
  name: string;
  nameEn?: string | null;
  aliases?: string[];
  kind: OrganizationKind;
  country?: string | null;
}

export interface PersonRecord {
  type: "person";
  slug: string;
  name: string;
  nameEn?: string | null;
  aliases?: string[];
  role?: string | null;
  roleEn?: string | null;
  country?: string | null;
  affiliation?: string | null;
}

export interface ClaimRecord {
  actor: string;
  stance: ClaimStance;
  accused?: string | null;
}

export interface IncidentRecord {
  type: "incident";
  slug: string;
  title: string;
  titleEn?: string | null;
  kind: IncidentKind;
  occurredOn: string;
  location?: { place?: string | null; region?: string | null; country?: string | null; latitude?: number | null; longitude?: number | null };
  killed?: number | null;
  injured?: number | null;
  perpetrators?: string[];
  summary?: string | null;
  claims?: ClaimRecord[];
}

export interface StatementClaimRecord {
  incident: string;
  stance: ClaimStance;
  accused?: string | null;
}

export interface StatementRecord {
  text: string;
  kind: StatementKind;
  speaker?: string | null;
  speakerLabel?: string | null;
  cue?: string | null;
  paragraph: number;
  saidAt?: string | null;
  via?: string | null;
  incidents?: string[];
  language?: string | null;
  claims?: StatementClaimRecord[];
}

export interface ArticleRecord {
  type: "article";
  slug: string;
  headline: string;
  summary?: string | null;
  body: string;
  language: string;
  publishedAt: string;
  updatedAt?: string | null;
  url?: string | null;
  topics?: string[];
  image?: { caption?: string | null; credit?: string | null; alt?: string | null } | null;
  outlet?: string | null;
  people?: string[];
  organizations?: string[];
  incidents?: string[];
  relatedArticles?: string[];
  statements?: StatementRecord[];
}

export type ContentRecord = OrganizationRecord | PersonRecord | IncidentRecord | ArticleRecord;

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const COUNTRY_PATTERN = /^[A-Z]{2}$/;
const LANGUAGE_PATTERN = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const MAX_TEXT = 100_000;
const MAX_SHORT = 1_000;

class Checker {
  readonly errors: FieldError[] = [];
  constructor(private readonly value: Record<string, unknown>) {}

  fail(path: string, message: string): void {
    this.errors.push({ path, message });
  }

  string(path: string, options: { required?: boolean; max?: number; pattern?: RegExp; patternName?: string; from?: Record<string, unknown> } = {}): string | null | undefined {
    const source = options.from ?? this.value;
    const key = path.split(".").at(-1)!;
    const raw = source[key];
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

  slugList(path: string, from: Record<string, unknown> = this.value): string[] {
    const key = path.split(".").at(-1)!;
    const raw = from[key];
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw)) return this.fail(path, "must be a list of slugs"), [];
    raw.forEach((item, index) => {
      if (typeof item !== "string" || !SLUG_PATTERN.test(item)) this.fail(`${path}.${index}`, "must be a slug");
    });
    return raw.filter((item): item is string => typeof item === "string");
  }

  stringList(path: string, max = MAX_SHORT): string[] {
    const key = path.split(".").at(-1)!;
    const raw = this.value[key];
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw)) return this.fail(path, "must be a list of strings"), [];
    raw.forEach((item, index) => {
      if (typeof item !== "string" || item.trim() === "" || item.length > max) this.fail(`${path}.${index}`, `must be a non-blank string of at most ${max} characters`);
    });
    return raw.filter((item): item is string => typeof item === "string");
  }

  count(path: string, from: Record<string, unknown> = this.value): number | null | undefined {
    const key = path.split(".").at(-1)!;
    const raw = from[key];
    if (raw === undefined || raw === null) return raw as null | undefined;
    if (typeof raw !== "number" || !Number.isInteger(raw) || raw < 0) return this.fail(path, "must be a whole number, 0 or more"), undefined;
    return raw;
  }

  oneOf<const Values extends readonly string[]>(path: string, values: Values, from: Record<string, unknown> = this.value): Values[number] | undefined {
    const key = path.split(".").at(-1)!;
    const raw = from[key];
    if (typeof raw !== "string" || !values.includes(raw)) return this.fail(path, `must be one of ${values.join(", ")}`), undefined;
    return raw as Values[number];
  }

  instant(path: string, required: boolean, from: Record<string, unknown> = this.value): string | null | undefined {
    const raw = this.string(path, { required, from });
    if (raw == null) return raw;
    const time = Date.parse(raw);
    if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2}))?$/.test(raw) || Number.isNaN(time)) return this.fail(path, "must be an ISO-8601 date-time such as 2024-03-26T00:00:00Z"), undefined;
    return new Date(time).toISOString();
  }
}

export class RecordError extends Error {
  constructor(readonly fieldErrors: FieldError[]) {
    super(fieldErrors.map((error) => `${error.path}: ${error.message}`).join("; "));
    this.name = "RecordError";
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parses one line of NDJSON into a checked record, or throws RecordError with every problem. */
export function parseRecord(line: string): ContentRecord {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new RecordError([{ path: "", message: `not valid JSON (${(error as Error).message})` }]);
  }
  if (!isObject(value)) throw new RecordError([{ path: "", message: "must be a JSON object" }]);
  const check = new Checker(value);
  const type = check.oneOf("type", ["organization", "person", "incident", "article"] as const);
  check.string("slug", { required: true, max: 200, pattern: SLUG_PATTERN, patternName: "a slug (lowercase letters, digits and single dashes)" });
  const country = (path: string, from?: Record<string, unknown>) => check.string(path, { pattern: COUNTRY_PATTERN, patternName: "an ISO 3166-1 alpha-2 code such as IQ", from });
  switch (type) {
    case "organization":
      check.string("name", { required: true });
      check.string("nameEn");
      check.stringList("aliases");
      check.oneOf("kind", ORGANIZATION_KINDS);
      country("country");
      break;
    case "person":
      check.string("name", { required: true });
      check.string("nameEn");
      check.stringList("aliases");
      check.string("role");
      check.string("roleEn");
      country("country");
      if (value.affiliation != null) check.string("affiliation", { pattern: SLUG_PATTERN, patternName: "a slug" });
      break;
    case "incident": {
      check.string("title", { required: true });
      check.string("titleEn");
      check.oneOf("kind", INCIDENT_KINDS);
      const day = check.string("occurredOn", { required: true, pattern: DATE_PATTERN, patternName: "a date such as 2024-03-22" });
      if (day && Number.isNaN(Date.parse(day))) check.fail("occurredOn", "is not a real date");
      check.count("killed");
      check.count("injured");
      check.string("summary", { max: MAX_TEXT });
      check.slugList("perpetrators");
      if (value.location != null) {
        if (!isObject(value.location)) check.fail("location", "must be an object");
        else {
          const location = value.location;
          check.string("location.place", { from: location });
          check.string("location.region", { from: location });
          country("location.country", location);
          for (const [axis, limit] of [["latitude", 90], ["longitude", 180]] as const) {
            const coordinate = location[axis];
            if (coordinate != null && (typeof coordinate !== "number" || Math.abs(coordinate) > limit)) check.fail(`location.${axis}`, `must be a number from -${limit} to ${limit}`);
          }
        }
      }
      checkClaims(check, value.claims, "claims", "actor");
      break;
    }
    case "article": {
      check.string("headline", { required: true });
      check.string("summary", { max: MAX_TEXT });
      const body = check.string("body", { required: true, max: MAX_TEXT }) ?? "";
      check.string("language", { required: true, pattern: LANGUAGE_PATTERN, patternName: "a BCP-47 language tag such as ar" });
      check.instant("publishedAt", true);
      check.instant("updatedAt", false);
      check.string("url");
      check.string("outlet");
      check.stringList("topics", 200);
      check.slugList("people");
      check.slugList("organizations");
      check.slugList("incidents");
      check.slugList("relatedArticles");
      if (value.image != null && !isObject(value.image)) check.fail("image", "must be an object");
      const paragraphCount = body.split(/\n\s*\n/).filter((paragraph) => paragraph.trim() !== "").length;
      if (value.statements != null && !Array.isArray(value.statements)) check.fail("statements", "must be a list");
      (Array.isArray(value.statements) ? value.statements : []).forEach((statement: unknown, index: number) => {
        const path = `statements.${index}`;
        if (!isObject(statement)) return check.fail(path, "must be an object");
        check.string(`${path}.text`, { required: true, max: MAX_TEXT, from: statement });
        check.oneOf(`${path}.kind`, STATEMENT_KINDS, statement);
        const speaker = check.string(`${path}.speaker`, { pattern: SLUG_PATTERN, patternName: "a slug", from: statement });
        const label = check.string(`${path}.speakerLabel`, { from: statement });
        if (!speaker && !label) check.fail(`${path}.speaker`, "give a speaker slug, or a speakerLabel for an unnamed source");
        check.string(`${path}.cue`, { from: statement });
        const paragraph = check.count(`${path}.paragraph`, statement);
        if (paragraph == null) check.fail(`${path}.paragraph`, "is required");
        else if (paragraph >= paragraphCount) check.fail(`${path}.paragraph`, `must be less than the article's ${paragraphCount} paragraphs`);
        check.instant(`${path}.saidAt`, false, statement);
        check.string(`${path}.via`, { pattern: SLUG_PATTERN, patternName: "a slug", from: statement });
        check.string(`${path}.language`, { pattern: LANGUAGE_PATTERN, patternName: "a BCP-47 language tag", from: statement });
        check.slugList(`${path}.incidents`, statement);
        checkClaims(check, statement.claims, `${path}.claims`, "incident");
      });
      break;
    }
  }
  if (check.errors.length > 0) throw new RecordError(check.errors);
  return value as unknown as ContentRecord;
}

function checkClaims(check: Checker, claims: unknown, path: string, subject: "actor" | "incident"): void {
  if (claims == null) return;
  if (!Array.isArray(claims)) return check.fail(path, "must be a list");
  claims.forEach((claim: unknown, index) => {
    const claimPath = `${path}.${index}`;
    if (!isObject(claim)) return check.fail(claimPath, "must be an object");
    check.string(`${claimPath}.${subject}`, { required: true, pattern: SLUG_PATTERN, patternName: "a slug", from: claim });
    check.oneOf(`${claimPath}.stance`, CLAIM_STANCES, claim);
    check.string(`${claimPath}.accused`, { pattern: SLUG_PATTERN, patternName: "a slug", from: claim });
  });
}
