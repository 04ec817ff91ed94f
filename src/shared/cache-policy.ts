// How long shared caches (CDNs) may keep public content: the numbers every module's cache hints
// use, and the shape of the policy the operation walker applies (http/cache-control.ts).

/** Seconds a shared cache (CDN) may keep an entity. */
export const ENTITY_MAX_AGE = 60;
/** Lists change whenever anything is published: shorter. */
export const LIST_MAX_AGE = 30;
/** Search results rank across everything: shortest. */
export const SEARCH_MAX_AGE = 15;

export interface CachePolicy {
  /** maxAge by the name of the type a field returns. */
  types: Readonly<Record<string, number>>;
  /** maxAge by field coordinate (`Type.field`); takes precedence over the returned type. */
  fields: Readonly<Record<string, number>>;
}

/** One policy from many modules' hints; a type or field named twice is a mistake worth failing on. */
export function mergeCachePolicies(parts: readonly Partial<CachePolicy>[]): CachePolicy {
  const types: Record<string, number> = {};
  const fields: Record<string, number> = {};
  for (const part of parts) {
    for (const [table, entries] of [[types, part.types], [fields, part.fields]] as const) {
      for (const [name, maxAge] of Object.entries(entries ?? {})) {
        if (name in table) throw new Error(`Two modules give a cache hint for ${name}`);
        table[name] = maxAge;
      }
    }
  }
  return { types, fields };
}
