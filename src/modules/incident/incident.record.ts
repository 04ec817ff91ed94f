// The one schema of an incident's data as an NDJSON record (design.md §4): what import, export,
// the sample file and the editing mutations all read and write.
import type { ReferenceTarget } from "../editing/references.js";
import { isObject, MAX_TEXT, type Checker } from "../../shared/record-check.js";
import { actors } from "../actor/actor.table.js";
import { locations } from "../location/location.table.js";
import { pagesBySlug, read, type ReadProgram } from "../../db/read-program.js";
import { groupBy } from "../../shared/batch.js";
import { compact, type SlugLookup } from "../slugs.js";
import { IncidentQueries } from "./incident.repository.js";
import { CLAIM_STANCES, incidents, INCIDENT_KINDS, type ClaimStance, type IncidentKind, type IncidentRow } from "./incident.table.js";

export interface ClaimRecord {
  actor: string;
  stance: ClaimStance;
  accused?: string | null;
}

/** Where an incident happened, as records before locations existed gave it: still accepted on import. */
export interface IncidentLocationRecord {
  place?: string | null;
  region?: string | null;
  country?: string | null;
  latitude?: number | null;
  longitude?: number | null;
}

export interface IncidentRecord {
  type: "incident";
  slug: string;
  title: string;
  titleEn?: string | null;
  kind: IncidentKind;
  occurredOn: string;
  /** The slug of the location where it happened (or, as older files give it, the place as text). */
  location?: string | IncidentLocationRecord | null;
  killed?: number | null;
  injured?: number | null;
  perpetrators?: string[];
  summary?: string | null;
  claims?: ClaimRecord[];
}

export function checkIncidentRecord(check: Checker, value: Record<string, unknown>): void {
  check.slug("slug", { required: true });
  check.string("title", { required: true });
  check.string("titleEn");
  check.oneOf("kind", INCIDENT_KINDS);
  check.day("occurredOn");
  check.count("killed");
  check.count("injured");
  check.string("summary", { max: MAX_TEXT });
  check.slugList("perpetrators");
  if (typeof value.location === "string") check.slug("location");
  else if (value.location != null) {
    if (!isObject(value.location)) check.fail("location", "must be the slug of a location (or an object with the place as text)");
    else {
      const location = value.location;
      check.string("location.place", { from: location });
      check.string("location.region", { from: location });
      check.country("location.country", location);
      check.coordinates("location.", location);
    }
  }
  checkClaims(check, value.claims, "claims", "actor");
}

/** Claims on an incident name their `actor`; claims a statement makes name their `incident`. */
export function checkClaims(check: Checker, claims: unknown, path: string, subject: "actor" | "incident"): void {
  if (claims == null) return;
  if (!Array.isArray(claims)) return check.fail(path, "must be a list");
  claims.forEach((claim: unknown, index) => {
    if (!isObject(claim)) return check.fail(`${path}.${index}`, "must be an object");
    const claimCheck = check.within(`${path}.${index}`, claim);
    claimCheck.slug(subject, { required: true });
    claimCheck.oneOf("stance", CLAIM_STANCES);
    claimCheck.slug("accused");
  });
}

/** Records of some incident rows: perpetrators, claims and the slugs they name, in three reads. */
export function* incidentRecordsOf(rows: readonly IncidentRow[], slugs: SlugLookup): ReadProgram<IncidentRecord[]> {
  if (rows.length === 0) return [];
  const queries = new IncidentQueries(slugs.dialect);
  const ids = rows.map((row) => row.id);
  const perpetrators = groupBy(yield* read(queries.perpetratorSlugsOf(ids)), (perpetrator) => perpetrator.parentId);
  // An incident's own claims; those a statement makes travel with the statement.
  const claims = groupBy((yield* read(queries.claimsOf(ids))).filter((claim) => claim.statementId === null), (claim) => claim.incidentId);
  yield* slugs.resolve(actors, [...claims.values()].flatMap((list) => list.flatMap((claim) => [claim.actorId, claim.accusedId])));
  yield* slugs.resolve(locations, rows.map((row) => row.locationId));
  return rows.map((row) =>
    compact<IncidentRecord>({
      type: "incident",
      slug: row.slug,
      title: row.title,
      titleEn: row.titleEn,
      kind: row.kind,
      occurredOn: row.occurredOn,
      location: row.locationId === null ? null : slugs.of(locations, row.locationId),
      killed: row.killed,
      injured: row.injured,
      perpetrators: (perpetrators.get(row.id) ?? []).map((perpetrator) => perpetrator.slug),
      summary: row.summary,
      claims: (claims.get(row.id) ?? []).map((claim) =>
        compact<ClaimRecord>({ actor: slugs.of(actors, claim.actorId), stance: claim.stance, accused: claim.accusedId === null ? null : slugs.of(actors, claim.accusedId) }),
      ),
    }),
  );
}

/** Every incident by slug, a page of `batchSize` per program. */
export function incidentRecordBatches(slugs: SlugLookup, batchSize: number): Generator<ReadProgram<IncidentRecord[]>> {
  const queries = new IncidentQueries(slugs.dialect);
  return pagesBySlug((after, size) => queries.exportPage(after, size), (rows) => incidentRecordsOf(rows, slugs), batchSize);
}

/** What mutation inputs may reference (a slug or an id). */
export const INCIDENT_REFERENCE: ReferenceTarget = { name: "incident", nodeTypes: ["Incident"], table: incidents };
