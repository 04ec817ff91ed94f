import { index, integer, primaryKey, real, sqliteTable, sqliteView, text, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";

export const LOCATION_KINDS = ["COUNTRY", "REGION", "CITY", "SITE"] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

/** Places incidents happen at, each inside its parent (a site in a city in a region in a country). */
export const locations = sqliteTable(
  "locations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    nameEn: text("name_en"),
    kind: text("kind", { enum: LOCATION_KINDS }).notNull(),
    /** ISO 3166-1 alpha-2. */
    country: text("country"),
    /**
     * The region as reported, for a place whose region is not itself a location (records written
     * before locations existed carried it as text); a REGION ancestor takes precedence.
     */
    regionName: text("region_name"),
    latitude: real("latitude"),
    longitude: real("longitude"),
    /** RESTRICT: a place with places inside it cannot be deleted from under them. */
    parentId: integer("parent_id").references((): AnySQLiteColumn => locations.id, { onDelete: "restrict" }),
    /** The Wikidata item (`Q…`), unique: the identifier other news data links by. */
    wikidataId: text("wikidata_id").unique(),
    /** Other pages about the same entity (official site, Wikipedia…): a JSON list of URLs, null when none. */
    sameAs: text("same_as"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (table) => [index("locations_parent_idx").on(table.parentId), index("locations_country_idx").on(table.country, table.kind), index("locations_name_idx").on(table.name, table.id)],
);

export const locationAliases = sqliteTable(
  "location_aliases",
  {
    locationId: integer("location_id")
      .notNull()
      .references(() => locations.id, { onDelete: "cascade" }),
    alias: text("alias").notNull(),
  },
  (table) => [primaryKey({ columns: [table.locationId, table.alias] })],
);

export type LocationRow = typeof locations.$inferSelect;

/**
 * Every (ancestor, descendant) pair of the location tree, a location with itself at depth 0:
 * "incidents in Babil" (its cities and sites included) is one indexed lookup, and a nested page of
 * them one statement for any number of locations. LocationWriter keeps it in step.
 */
export const locationTree = sqliteTable(
  "location_tree",
  {
    ancestorId: integer("ancestor_id")
      .notNull()
      .references(() => locations.id, { onDelete: "cascade" }),
    descendantId: integer("descendant_id")
      .notNull()
      .references(() => locations.id, { onDelete: "cascade" }),
    depth: integer("depth").notNull(),
  },
  (table) => [primaryKey({ columns: [table.ancestorId, table.descendantId] }), index("location_tree_descendant_idx").on(table.descendantId, table.depth)],
);

/**
 * Articles that report an incident at a location or anywhere inside it, once per location
 * (a view: migration 0005), so a location's articles page like any other parent relation.
 */
export const locationArticles = sqliteView("location_articles", {
  locationId: integer("location_id").notNull(),
  articleId: integer("article_id").notNull(),
  publishedAt: text("published_at").notNull(),
}).existing();
