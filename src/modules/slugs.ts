// Ids → slugs for the records that reference people, organizations and incidents (exports, and
// the current record an edit is overlaid on). A lookup is cached for the life of the object: the
// same speakers and incidents recur on every article of an export.
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { actors } from "./actor/actor.table.js";
import { incidents } from "./incident/incident.table.js";
import { locations } from "./location/location.table.js";

export class SlugLookup {
  private readonly cache = new Map<string, string>();

  constructor(private readonly db: Db) {}

  actor(id: number): string {
    return this.cached(`a${id}`, () => this.db.select({ slug: actors.slug }).from(actors).where(eq(actors.id, id)).get()?.slug);
  }

  incident(id: number): string {
    return this.cached(`i${id}`, () => this.db.select({ slug: incidents.slug }).from(incidents).where(eq(incidents.id, id)).get()?.slug);
  }

  location(id: number): string {
    return this.cached(`l${id}`, () => this.db.select({ slug: locations.slug }).from(locations).where(eq(locations.id, id)).get()?.slug);
  }

  private cached(key: string, read: () => string | undefined): string {
    let slug = this.cache.get(key);
    if (slug === undefined) {
      slug = read() ?? "";
      this.cache.set(key, slug);
    }
    return slug;
  }
}

/** Drops null, undefined and empty lists, so records stay small and stable. */
export function compact<Value extends object>(value: Value): Value {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== null && field !== undefined && !(Array.isArray(field) && field.length === 0))) as Value;
}
