// People and organizations share one table because both speak in statements, are mentioned
// by articles and take stances on incidents: one foreign key serves every relation, and a slug
// reference ("antony-blinken", "reuters") is unambiguous across both kinds.
import { index, integer, primaryKey, sqliteTable, text, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";

export const ACTOR_TYPES = ["PERSON", "ORGANIZATION"] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

export const ORGANIZATION_KINDS = [
  "GOVERNMENT",
  "MINISTRY",
  "ARMED_FORCES",
  "ARMED_GROUP",
  "SECURITY_AGENCY",
  "NEWS_AGENCY",
  "NEWS_OUTLET",
  "INTERNATIONAL_ORGANIZATION",
  "OTHER",
] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export const actors = sqliteTable(
  "actors",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Which GraphQL type the row is: PERSON or ORGANIZATION. */
    actorType: text("actor_type", { enum: ACTOR_TYPES }).notNull(),
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    nameEn: text("name_en"),
    country: text("country"),
    /** Person only: the role as published, e.g. "وزير الخارجية الأميركي". */
    role: text("role"),
    roleEn: text("role_en"),
    /** Person only: the organization the person belongs to. */
    affiliationId: integer("affiliation_id").references((): AnySQLiteColumn => actors.id, { onDelete: "set null" }),
    /** Organization only: GOVERNMENT, ARMED_FORCES, NEWS_AGENCY … */
    kind: text("organization_kind", { enum: ORGANIZATION_KINDS }),
    /** The Wikidata item (`Q…`), unique: the identifier other news data links by. */
    wikidataId: text("wikidata_id").unique(),
    /** Other pages about the same entity (official site, Wikipedia…): a JSON list of URLs, null when none. */
    sameAs: text("same_as"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (table) => [
    index("actors_type_name_idx").on(table.actorType, table.name, table.id),
    index("actors_type_country_idx").on(table.actorType, table.country),
    index("actors_affiliation_idx").on(table.affiliationId),
  ],
);

export const actorAliases = sqliteTable(
  "actor_aliases",
  {
    actorId: integer("actor_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    alias: text("alias").notNull(),
  },
  (table) => [primaryKey({ columns: [table.actorId, table.alias] }), index("actor_aliases_alias_idx").on(table.alias)],
);

export type ActorRow = typeof actors.$inferSelect;
export type NewActorRow = typeof actors.$inferInsert;
