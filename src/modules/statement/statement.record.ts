// The one schema of a statement's data as an NDJSON record: a statement travels inside its
// article's record (design.md §4), and is checked against that article (its paragraphs).
import { asc, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { isObject, MAX_TEXT, type Checker } from "../../shared/record-check.js";
import { checkClaims } from "../incident/incident.record.js";
import { actors } from "../actor/actor.table.js";
import { incidentClaims, incidents, statementIncidents, type ClaimStance, type IncidentClaimRow } from "../incident/incident.table.js";
import { compact, type SlugLookup } from "../slugs.js";
import { STATEMENT_KINDS, STATEMENT_ORIGINS, type StatementKind, type StatementOrigin, type StatementRow } from "./statement.table.js";

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
  /** EDITOR or EXTRACTED; absent for imported statements. */
  origin?: StatementOrigin | null;
}

/** Checks `statement` (at `path`, e.g. `statements.2`) as a statement of an article with `paragraphCount` paragraphs. */
export function checkStatementRecord(check: Checker, statement: unknown, path: string, paragraphCount: number): void {
  const prefix = path ? `${path}.` : "";
  if (!isObject(statement)) return check.fail(path, "must be an object");
  check.string(`${prefix}text`, { required: true, max: MAX_TEXT, from: statement });
  check.oneOf(`${prefix}kind`, STATEMENT_KINDS, statement);
  const speaker = check.slug(`${prefix}speaker`, { from: statement });
  const label = check.string(`${prefix}speakerLabel`, { from: statement });
  if (!speaker && !label) check.fail(`${prefix}speaker`, "give a speaker slug, or a speakerLabel for an unnamed source");
  check.string(`${prefix}cue`, { from: statement });
  const paragraph = check.count(`${prefix}paragraph`, statement);
  if (paragraph == null) check.fail(`${prefix}paragraph`, "is required");
  else if (paragraph >= paragraphCount) check.fail(`${prefix}paragraph`, `must be less than the article's ${paragraphCount} paragraphs`);
  check.instant(`${prefix}saidAt`, false, statement);
  check.slug(`${prefix}via`, { from: statement });
  check.language(`${prefix}language`, { from: statement });
  check.slugList(`${prefix}incidents`, statement);
  checkClaims(check, statement.claims, `${prefix}claims`, "incident");
  if (statement.origin != null) check.oneOf(`${prefix}origin`, STATEMENT_ORIGINS, statement);
}

export interface StatementLinks {
  incidents: Map<number, number[]>;
  claims: Map<number, IncidentClaimRow[]>;
}

/** Incident links and claims of some statements, in two queries. */
export function statementLinks(db: Db, statementIds: readonly number[]): StatementLinks {
  const incidentsOf = new Map<number, number[]>();
  const claimsOf = new Map<number, IncidentClaimRow[]>();
  if (statementIds.length === 0) return { incidents: incidentsOf, claims: claimsOf };
  for (const link of db.select().from(statementIncidents).where(inArray(statementIncidents.statementId, [...statementIds])).all()) {
    incidentsOf.set(link.statementId, [...(incidentsOf.get(link.statementId) ?? []), link.incidentId]);
  }
  for (const claim of db.select().from(incidentClaims).where(inArray(incidentClaims.statementId, [...statementIds])).orderBy(asc(incidentClaims.id)).all()) {
    claimsOf.set(claim.statementId!, [...(claimsOf.get(claim.statementId!) ?? []), claim]);
  }
  return { incidents: incidentsOf, claims: claimsOf };
}

/** One statement's record; `links` (from statementLinks) saves two queries per statement in an export. */
export function statementRecordOf(db: Db, row: StatementRow, article: { publishedAt: string; language: string }, slugs: SlugLookup, links = statementLinks(db, [row.id])): StatementRecord {
  const incidentSlugs = (links.incidents.get(row.id) ?? []).map((id) => slugs.of(incidents, id)).sort();
  const claims = (links.claims.get(row.id) ?? []).map((claim) =>
    compact({ incident: slugs.of(incidents, claim.incidentId), stance: claim.stance, accused: claim.accusedId === null ? null : slugs.of(actors, claim.accusedId) }),
  );
  return compact<StatementRecord>({
    text: row.text,
    kind: row.kind,
    speaker: row.speakerId === null ? null : slugs.of(actors, row.speakerId),
    speakerLabel: row.speakerLabel,
    cue: row.cue,
    paragraph: row.paragraph,
    // Defaults are left out, so they keep following the article when it changes.
    saidAt: row.saidAt === article.publishedAt ? null : row.saidAt,
    via: row.viaId === null ? null : slugs.of(actors, row.viaId),
    incidents: incidentSlugs,
    language: row.language === article.language ? null : row.language,
    claims,
    origin: row.origin === "IMPORT" ? null : row.origin,
  });
}
