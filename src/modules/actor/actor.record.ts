// The one schema of people's and organizations' data as NDJSON records (design.md §4): what import,
// export, the sample file and the editing mutations all read and write.
import type { ReferenceTarget } from "../editing/references.js";
import { eq } from "drizzle-orm";
import type { Checker } from "../../shared/record-check.js";
import { sameAsOf } from "../../shared/rules.js";
import { pagesBySlug, read, type ReadProgram } from "../../db/read-program.js";
import { groupBy } from "../../shared/batch.js";
import { compact, type SlugLookup } from "../slugs.js";
import { ActorQueries } from "./actor.repository.js";
import { actors, ORGANIZATION_KINDS, type ActorRow, type OrganizationKind } from "./actor.table.js";

export interface OrganizationRecord {
  type: "organization";
  slug: string;
  name: string;
  nameEn?: string | null;
  aliases?: string[];
  kind: OrganizationKind;
  country?: string | null;
  wikidataId?: string | null;
  sameAs?: string[];
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
  /** The slug of the organization the person belongs to. */
  affiliation?: string | null;
  wikidataId?: string | null;
  sameAs?: string[];
}

export type ActorRecord = PersonRecord | OrganizationRecord;

function checkNames(check: Checker): void {
  check.slug("slug", { required: true });
  check.string("name", { required: true });
  check.string("nameEn");
  check.stringList("aliases");
  check.country("country");
  check.identifiers();
}

export function checkOrganizationRecord(check: Checker): void {
  checkNames(check);
  check.oneOf("kind", ORGANIZATION_KINDS);
}

export function checkPersonRecord(check: Checker): void {
  checkNames(check);
  check.string("role");
  check.string("roleEn");
  check.slug("affiliation");
}

/** Records of some actor rows: their aliases in one read, the affiliations' slugs in another. */
export function* actorRecordsOf(rows: readonly ActorRow[], slugs: SlugLookup): ReadProgram<ActorRecord[]> {
  if (rows.length === 0) return [];
  const aliases = groupBy(yield* read(new ActorQueries(slugs.dialect).aliasesOf(rows.map((row) => row.id))), (alias) => alias.actorId);
  yield* slugs.resolve(actors, rows.map((row) => row.affiliationId));
  return rows.map((row) => actorRecordFrom(row, (aliases.get(row.id) ?? []).map((alias) => alias.alias), slugs));
}

function actorRecordFrom(row: ActorRow, aliases: string[], slugs: SlugLookup): ActorRecord {
  if (row.actorType === "PERSON") {
    return compact<PersonRecord>({
      type: "person",
      slug: row.slug,
      name: row.name,
      nameEn: row.nameEn,
      aliases,
      role: row.role,
      roleEn: row.roleEn,
      country: row.country,
      affiliation: row.affiliationId === null ? null : slugs.of(actors, row.affiliationId),
      wikidataId: row.wikidataId,
      sameAs: sameAsOf(row.sameAs),
    });
  }
  return compact<OrganizationRecord>({
    type: "organization",
    slug: row.slug,
    name: row.name,
    nameEn: row.nameEn,
    aliases,
    kind: row.kind ?? "OTHER",
    country: row.country,
    wikidataId: row.wikidataId,
    sameAs: sameAsOf(row.sameAs),
  });
}

/** Organizations first (people's affiliations point at them), each kind by slug, a page of `batchSize` per program. */
export function* actorRecordBatches(slugs: SlugLookup, batchSize: number): Generator<ReadProgram<ActorRecord[]>> {
  const queries = new ActorQueries(slugs.dialect);
  for (const actorType of ["ORGANIZATION", "PERSON"] as const) {
    yield* pagesBySlug((after, size) => queries.exportPage(actorType, after, size), (rows) => actorRecordsOf(rows, slugs), batchSize);
  }
}

/** What mutation inputs may reference (a slug or an id). */
export const PERSON_REFERENCE: ReferenceTarget = { name: "person", nodeTypes: ["Person"], table: actors, where: eq(actors.actorType, "PERSON") };
export const ORGANIZATION_REFERENCE: ReferenceTarget = { name: "organization", nodeTypes: ["Organization"], table: actors, where: eq(actors.actorType, "ORGANIZATION") };
export const ACTOR_REFERENCE: ReferenceTarget = { name: "person or organization", nodeTypes: ["Person", "Organization"], table: actors };
