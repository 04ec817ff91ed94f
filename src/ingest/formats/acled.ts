// Incidents as ACLED-shaped rows (the columns of ACLED's event data that Khabar has), plus Khabar's
// own: injured, claims, kind, slug and reporting articles. Built from the records of an export:
// incidents come first, then the articles, whose statements carry the agencies they came through
// and the claims they make, so rows are complete only once every article has been seen.
//
// Mapping choices (README, "Open formats"):
// - event_type from Khabar's kind (EVENT_TYPES); the exact kind is in khabar_kind;
// - actor1: the perpetrators; country: the ISO 3166-1 alpha-2 code the place inherits; admin1:
//   its region (Location.region); location: the place's name; coordinates: the place's own;
// - fatalities and injured: empty when unknown (ACLED would write 0; Khabar keeps null ≠ 0);
// - source: the reporting articles' outlets and the agencies their statements came through;
// - notes: the incident's summary, else its title; names as published (`name`, Arabic in the sample).
import type { ArticleRecord, IncidentRecord } from "../records.js";
import { locationSlugOf, type RecordLookup } from "./lookup.js";

export const ACLED_COLUMNS = [
  "event_date",
  "event_type",
  "actor1",
  "country",
  "admin1",
  "location",
  "latitude",
  "longitude",
  "fatalities",
  "source",
  "notes",
  "injured",
  "claims",
  "khabar_kind",
  "khabar_slug",
  "khabar_articles",
] as const;

export type AcledRow = Record<(typeof ACLED_COLUMNS)[number], string | number | null>;

/** ACLED's event types for Khabar's kinds: Khabar's are coarser, so ATTACK and SHOOTING are read as violence against civilians. */
export const EVENT_TYPES: Record<IncidentRecord["kind"], string> = {
  ATTACK: "Violence against civilians",
  SHOOTING: "Violence against civilians",
  EXPLOSION: "Explosions/Remote violence",
  AIRSTRIKE: "Explosions/Remote violence",
  DRONE_STRIKE: "Explosions/Remote violence",
  MISSILE_STRIKE: "Explosions/Remote violence",
  OTHER: "Strategic developments",
};

const LIST_SEPARATOR = "; ";

interface Reporting {
  articles: Set<string>;
  sources: Set<string>;
  claims: Set<string>;
}

/**
 * Reads an export's records and gives the incidents' rows at the end. `add` every record in
 * order (non-incident, non-article records are ignored), then `rows()`.
 */
export class AcledTable {
  private readonly incidents: IncidentRecord[] = [];
  private readonly reporting = new Map<string, Reporting>();

  constructor(private readonly lookup: RecordLookup) {}

  private reportingOf(slug: string): Reporting {
    let reporting = this.reporting.get(slug);
    if (!reporting) this.reporting.set(slug, (reporting = { articles: new Set(), sources: new Set(), claims: new Set() }));
    return reporting;
  }

  private nameOf(slug: string): string {
    return this.lookup.actor(slug)?.name ?? slug;
  }

  private claimText(stance: string, actor: string, accused: string | null | undefined): string {
    return accused ? `${stance}: ${this.nameOf(actor)} → ${this.nameOf(accused)}` : `${stance}: ${this.nameOf(actor)}`;
  }

  add(record: { type: string }): void {
    if (record.type === "incident") {
      const incident = record as IncidentRecord;
      this.incidents.push(incident);
      // Claims of the incident itself (no statement behind them) come before the statements'.
      for (const claim of incident.claims ?? []) this.reportingOf(incident.slug).claims.add(this.claimText(claim.stance, claim.actor, claim.accused));
    } else if (record.type === "article") {
      const article = record as ArticleRecord;
      const reported = (slug: string) => {
        const reporting = this.reportingOf(slug);
        reporting.articles.add(article.slug);
        if (article.outlet) reporting.sources.add(this.nameOf(article.outlet));
        return reporting;
      };
      for (const slug of article.incidents ?? []) reported(slug);
      for (const statement of article.statements ?? []) {
        for (const slug of statement.incidents ?? []) {
          const reporting = reported(slug);
          if (statement.via) reporting.sources.add(this.nameOf(statement.via));
        }
        for (const claim of statement.claims ?? []) {
          if (!statement.speaker) continue;
          reported(claim.incident).claims.add(this.claimText(claim.stance, statement.speaker, claim.accused));
        }
      }
    }
  }

  /** One row per incident, in the order they were added (the export's: by slug). */
  rows(): AcledRow[] {
    return this.incidents.map((incident) => incidentRow(incident, this.lookup, this.reporting.get(incident.slug)));
  }
}

function incidentRow(incident: IncidentRecord, lookup: RecordLookup, reporting: Reporting | undefined): AcledRow {
  const locationSlug = locationSlugOf(incident);
  const location = locationSlug ? lookup.location(locationSlug) : undefined;
  const facts = locationSlug ? lookup.placeFacts(locationSlug) : { region: null, country: null };
  const list = (values: Iterable<string> | undefined) => [...(values ?? [])].join(LIST_SEPARATOR);
  return {
    event_date: incident.occurredOn,
    event_type: EVENT_TYPES[incident.kind],
    actor1: list((incident.perpetrators ?? []).map((slug) => lookup.actor(slug)?.name ?? slug)),
    country: facts.country,
    admin1: facts.region,
    location: location?.name ?? null,
    latitude: location?.latitude ?? null,
    longitude: location?.longitude ?? null,
    fatalities: incident.killed ?? null,
    source: list(reporting?.sources),
    notes: incident.summary ?? incident.title,
    injured: incident.injured ?? null,
    claims: list(reporting?.claims),
    khabar_kind: incident.kind,
    khabar_slug: incident.slug,
    khabar_articles: list(reporting?.articles),
  };
}
