// What the open formats need besides an article's own record: the records it references (speakers,
// mentions, incidents, places), and what a place inherits from the places around it. The formats
// are pure functions of a record and a RecordLookup; an export fills one from the records it
// streams, the HTTP route (src/http/article-jsonld.ts) reads one article's worth on demand.
import type { SqliteRepositories } from "../../modules/index.js";
import type { ActorRecord, IncidentRecord, LocationRecord } from "../records.js";

export type { LocationRecord };

/** A location's inherited facts, as `Location.region` and `Location.country` give them. */
export interface PlaceFacts {
  region: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string | null;
}

const NO_FACTS: PlaceFacts = { region: null, country: null };

export interface RecordLookup {
  actor(slug: string): ActorRecord | undefined;
  incident(slug: string): IncidentRecord | undefined;
  location(slug: string): LocationRecord | undefined;
  placeFacts(slug: string): PlaceFacts;
}

/** The slug of the location an incident happened at (records written before locations gave the place as text: none). */
export function locationSlugOf(incident: IncidentRecord): string | undefined {
  return typeof incident.location === "string" ? incident.location : undefined;
}

/** The location and the places it lies in, innermost first (a loop in the data stops the walk). */
export function placeChain(lookup: RecordLookup, slug: string): LocationRecord[] {
  const chain: LocationRecord[] = [];
  const seen = new Set<string>();
  for (let next: string | null | undefined = slug; next && !seen.has(next); ) {
    seen.add(next);
    const location = lookup.location(next);
    if (!location) break;
    chain.push(location);
    next = location.parent;
  }
  return chain;
}

/**
 * Inherited facts by slug through the location repository (one definition of inheritance: the
 * location tree's, in location.facts.ts), cached for the life of the function.
 */
export function placeFactsFrom(repositories: Pick<SqliteRepositories, "locations">): (slug: string) => PlaceFacts {
  const cache = new Map<string, PlaceFacts>();
  return (slug) => {
    let facts = cache.get(slug);
    if (!facts) {
      const row = repositories.locations.findBySlugs([slug])[0];
      const found = row ? repositories.locations.factsOf([row.id])[0] : undefined;
      facts = found ? { region: found.region, country: found.country } : NO_FACTS;
      cache.set(slug, facts);
    }
    return facts;
  };
}

/**
 * A lookup over records held in memory: an export adds every organization, person, location and
 * incident as it streams past (they come before the articles that reference them).
 */
export class RecordCatalogue implements RecordLookup {
  private readonly actors = new Map<string, ActorRecord>();
  private readonly incidents = new Map<string, IncidentRecord>();
  private readonly locations = new Map<string, LocationRecord>();

  constructor(private readonly facts: (slug: string) => PlaceFacts) {}

  /** Keeps a record the formats may look up; articles and unknown types are ignored. Returns whether it was kept. */
  add(record: { type: string }): boolean {
    const slugged = record as { type: string; slug: string };
    switch (record.type) {
      case "person":
      case "organization":
        this.actors.set(slugged.slug, record as ActorRecord);
        return true;
      case "incident":
        this.incidents.set(slugged.slug, record as IncidentRecord);
        return true;
      case "location":
        this.locations.set(slugged.slug, record as LocationRecord);
        return true;
      default:
        return false;
    }
  }

  actor(slug: string): ActorRecord | undefined {
    return this.actors.get(slug);
  }

  incident(slug: string): IncidentRecord | undefined {
    return this.incidents.get(slug);
  }

  location(slug: string): LocationRecord | undefined {
    return this.locations.get(slug);
  }

  placeFacts(slug: string): PlaceFacts {
    return this.facts(slug);
  }
}
