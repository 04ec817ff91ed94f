// People and organizations share one table because both speak in statements, are mentioned
// by articles and take stances on incidents: one foreign key serves every relation, and a slug
// reference ("antony-blinken", "reuters") is unambiguous across both kinds.
import { index, integer, primaryKey, sqliteTable, text, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";

export const ACTOR_KINDS = ["PERSON", "ORGANIZATION"] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export const actors = sqliteTable(
  "actors",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: ACTOR_KINDS }).notNull(),
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
    organizationKind: text("organization_kind"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (table) => [
    index("actors_kind_name_idx").on(table.kind, table.name, table.id),
    index("actors_kind_country_idx").on(table.kind, table.country),
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
