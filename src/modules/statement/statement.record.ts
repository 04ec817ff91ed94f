// The one schema of a statement's data as an NDJSON record: a statement travels inside its
// article's record (design.md §4), and is checked against that article (its paragraphs).
import { isObject, MAX_TEXT, type Checker } from "../../shared/record-check.js";
import { checkClaims } from "../incident/incident.record.js";
import { actors } from "../actor/actor.table.js";
import { incidents, type ClaimStance, type IncidentClaimRow } from "../incident/incident.table.js";
import { IncidentQueries } from "../incident/incident.repository.js";
import { read, type ReadProgram } from "../../db/read-program.js";
import { compact, type SlugLookup } from "../slugs.js";
import { StatementQueries } from "./statement.repository.js";
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
export function checkStatementRecord(parent: Checker, statement: unknown, path: string, paragraphCount: number): void {
  if (!isObject(statement)) return parent.fail(path, "must be an object");
  const check = parent.within(path, statement);
  check.string("text", { required: true, max: MAX_TEXT });
  check.oneOf("kind", STATEMENT_KINDS);
  const speaker = check.slug("speaker");
  const label = check.string("speakerLabel");
  if (!speaker && !label) check.fail("speaker", "give a speaker slug, or a speakerLabel for an unnamed source");
  check.string("cue");
  const paragraph = check.count("paragraph");
  if (paragraph == null) check.fail("paragraph", "is required");
  else if (paragraph >= paragraphCount) check.fail("paragraph", `must be less than the article's ${paragraphCount} paragraphs`);
  check.instant("saidAt", false);
  check.slug("via");
  check.language("language");
  check.slugList("incidents");
  checkClaims(check, statement.claims, "claims", "incident");
  if (statement.origin != null) check.oneOf("origin", STATEMENT_ORIGINS);
}

export interface StatementLinks {
  incidents: Map<number, number[]>;
  claims: Map<number, IncidentClaimRow[]>;
}

/** Incident links and claims of some statements, in two reads, with the slugs they name resolved. */
export function* statementLinksOf(statementIds: readonly number[], slugs: SlugLookup): ReadProgram<StatementLinks> {
  const incidentsOf = new Map<number, number[]>();
  const claimsOf = new Map<number, IncidentClaimRow[]>();
  if (statementIds.length === 0) return { incidents: incidentsOf, claims: claimsOf };
  for (const link of yield* read(new StatementQueries(slugs.dialect).incidentLinksOf(statementIds))) {
    const list = incidentsOf.get(link.statementId);
    if (list) list.push(link.incidentId);
    else incidentsOf.set(link.statementId, [link.incidentId]);
  }
  for (const claim of yield* read(new IncidentQueries(slugs.dialect).claimsOfStatements(statementIds))) {
    const list = claimsOf.get(claim.statementId!);
    if (list) list.push(claim);
    else claimsOf.set(claim.statementId!, [claim]);
  }
  const claims = [...claimsOf.values()].flat();
  yield* slugs.resolve(incidents, [...[...incidentsOf.values()].flat(), ...claims.map((claim) => claim.incidentId)]);
  yield* slugs.resolve(actors, claims.map((claim) => claim.accusedId));
  return { incidents: incidentsOf, claims: claimsOf };
}

/** Reads the slugs a statement record names that `statementLinksOf` does not: speakers and agencies. */
export function* resolveStatementSlugs(rows: readonly StatementRow[], slugs: SlugLookup): ReadProgram<void> {
  yield* slugs.resolve(actors, rows.flatMap((row) => [row.speakerId, row.viaId]));
}

/** One statement's record, read on either engine (revisions, the record an edit is overlaid on). */
export function* statementRecordRead(row: StatementRow, article: { publishedAt: string; language: string }, slugs: SlugLookup): ReadProgram<StatementRecord> {
  const links = yield* statementLinksOf([row.id], slugs);
  yield* resolveStatementSlugs([row], slugs);
  return statementRecordFrom(row, article, slugs, links);
}

/** A statement's record from its row and links, every slug it names already resolved in `slugs`. */
export function statementRecordFrom(row: StatementRow, article: { publishedAt: string; language: string }, slugs: SlugLookup, links: StatementLinks): StatementRecord {
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
