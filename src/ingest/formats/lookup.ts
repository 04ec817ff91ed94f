// What the open formats need besides an article's own record: the records it references (speakers,
// mentions, incidents, places), and what a place inherits from the places around it. The formats
// are pure functions of a record and a RecordLookup; an export fills one from the records it
// streams, the HTTP route (src/http/article-jsonld.ts) reads one article's worth (ReadingLookup).
import type { Dialect } from "../../db/dialect.js";
import { read, type ReadProgram } from "../../db/read-program.js";
import { actorRecordsOf } from "../../modules/actor/actor.record.js";
import { ActorQueries } from "../../modules/actor/actor.repository.js";
import { incidentRecordsOf } from "../../modules/incident/incident.record.js";
import { IncidentQueries } from "../../modules/incident/incident.repository.js";
import { locationRecordsOf } from "../../modules/location/location.record.js";
import { LocationQueries } from "../../modules/location/location.repository.js";
import type { SlugLookup } from "../../modules/slugs.js";
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
 * Inherited facts of some locations by slug, through the location repository (one definition of
 * inheritance: the location tree's, in location.facts.ts), in two reads; a slug no location has
 * gets no facts.
 */
export function* placeFactsOf(slugs: readonly string[], dialect: Dialect): ReadProgram<Map<string, PlaceFacts>> {
  const facts = new Map<string, PlaceFacts>();
  if (slugs.length === 0) return facts;
  const queries = new LocationQueries(dialect);
  const rows = yield* read(queries.findBySlugs(slugs));
  const found = new Map((yield* read(queries.factsOf(rows.map((row) => row.id)))).map((fact) => [fact.id, fact]));
  for (const row of rows) {
    const fact = found.get(row.id);
    if (fact) facts.set(row.slug, { region: fact.region, country: fact.country });
  }
  return facts;
}

/**
 * A lookup over records held in memory: an export adds every organization, person, location and
 * incident as it streams past (they come before the articles that reference them).
 */
export class RecordCatalogue implements RecordLookup {
  private readonly actors = new Map<string, ActorRecord>();
  private readonly incidents = new Map<string, IncidentRecord>();
  private readonly locations = new Map<string, LocationRecord>();
  private readonly facts = new Map<string, PlaceFacts>();

  /** Keeps the inherited facts of locations (placeFactsOf), read with their page. */
  addFacts(facts: ReadonlyMap<string, PlaceFacts>): void {
    for (const [slug, fact] of facts) this.facts.set(slug, fact);
  }

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
    return this.facts.get(slug) ?? NO_FACTS;
  }
}

/**
 * A lookup over the records read so far, for one document (GET /articles/{slug}.jsonld): what a
 * format asks for and the lookup does not have yet is noted, read in one go (`readWanted`), and
 * the document built again, until nothing is missing (`withReferences`). The formats stay pure
 * and synchronous, and the reads are the same on both engines: a few rounds, one read per kind
 * each, however many references the article has.
 */
export class ReadingLookup implements RecordLookup {
  private readonly actors = new Map<string, ActorRecord | undefined>();
  private readonly incidents = new Map<string, IncidentRecord | undefined>();
  private readonly locations = new Map<string, LocationRecord | undefined>();
  private readonly facts = new Map<string, PlaceFacts>();
  private readonly wanted = { actors: new Set<string>(), incidents: new Set<string>(), locations: new Set<string>(), facts: new Set<string>() };

  private known<Value>(cache: Map<string, Value>, wanted: Set<string>, slug: string): Value | undefined {
    if (!cache.has(slug)) wanted.add(slug);
    return cache.get(slug);
  }

  actor(slug: string): ActorRecord | undefined {
    return this.known(this.actors, this.wanted.actors, slug);
  }

  incident(slug: string): IncidentRecord | undefined {
    return this.known(this.incidents, this.wanted.incidents, slug);
  }

  location(slug: string): LocationRecord | undefined {
    return this.known(this.locations, this.wanted.locations, slug);
  }

  placeFacts(slug: string): PlaceFacts {
    return this.known(this.facts, this.wanted.facts, slug) ?? NO_FACTS;
  }

  /** Reads what was asked for and missing; false when nothing was. */
  *readWanted(slugs: SlugLookup): ReadProgram<boolean> {
    const { actors, incidents, locations, facts } = this.wanted;
    if (actors.size + incidents.size + locations.size + facts.size === 0) return false;
    const dialect = slugs.dialect;
    yield* readInto(actors, this.actors, function* (asked) {
      return yield* actorRecordsOf(yield* read(new ActorQueries(dialect).findBySlugs(asked)), slugs);
    });
    yield* readInto(incidents, this.incidents, function* (asked) {
      return yield* incidentRecordsOf(yield* read(new IncidentQueries(dialect).findBySlugs(asked)), slugs);
    });
    yield* readInto(locations, this.locations, function* (asked) {
      return yield* locationRecordsOf(yield* read(new LocationQueries(dialect).findBySlugs(asked)), slugs);
    });
    const factSlugs = taken(facts);
    if (factSlugs.length > 0) {
      const found = yield* placeFactsOf(factSlugs, dialect);
      for (const slug of factSlugs) this.facts.set(slug, found.get(slug) ?? NO_FACTS);
    }
    return true;
  }
}

/** The slugs of a wanted set, which is emptied. */
function taken(wanted: Set<string>): string[] {
  const list = [...wanted];
  wanted.clear();
  return list;
}

/** Reads the records of the wanted slugs (if any) into a cache, in one program. */
function* readInto<Value extends { slug: string }>(wanted: Set<string>, cache: Map<string, Value | undefined>, load: (asked: readonly string[]) => ReadProgram<Value[]>): ReadProgram<void> {
  const asked = taken(wanted);
  if (asked.length > 0) settle(cache, asked, yield* load(asked));
}

/** Records by slug into a cache; a slug nothing was found for is remembered as absent. */
function settle<Value extends { slug: string }>(cache: Map<string, Value | undefined>, asked: readonly string[], found: readonly Value[]): void {
  for (const slug of asked) cache.set(slug, undefined);
  for (const record of found) cache.set(record.slug, record);
}

/** Builds `build(lookup)` until every record it looks up has been read, and returns the last build. */
export function* withReferences<Result>(build: (lookup: RecordLookup) => Result, slugs: SlugLookup): ReadProgram<Result> {
  const lookup = new ReadingLookup();
  for (;;) {
    const result = build(lookup);
    if (!(yield* lookup.readWanted(slugs))) return result;
  }
}
