import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { actors } from "../actor/actor.table.js";
import { articles } from "../article/article.table.js";
import { locations } from "../location/location.table.js";
import { statements } from "../statement/statement.table.js";

export const INCIDENT_KINDS = ["ATTACK", "EXPLOSION", "AIRSTRIKE", "DRONE_STRIKE", "MISSILE_STRIKE", "SHOOTING", "OTHER"] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

export const CLAIM_STANCES = ["CLAIMED", "DENIED", "ACCUSED"] as const;
export type ClaimStance = (typeof CLAIM_STANCES)[number];

export const incidents = sqliteTable(
  "incidents",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull().unique(),
    title: text("title").notNull(),
    titleEn: text("title_en"),
    kind: text("kind", { enum: INCIDENT_KINDS }).notNull(),
    /** A calendar date, YYYY-MM-DD. */
    occurredOn: text("occurred_on").notNull(),
    /** Where it happened; RESTRICT: a location incidents use cannot be deleted unless they are reassigned. */
    locationId: integer("location_id").references(() => locations.id, { onDelete: "restrict" }),
    /** null = unknown, 0 = none: the most conservative reported figure. */
    killed: integer("killed"),
    injured: integer("injured"),
    summary: text("summary"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (table) => [
    index("incidents_occurred_idx").on(table.occurredOn, table.id),
    index("incidents_kind_idx").on(table.kind, table.occurredOn),
    index("incidents_location_idx").on(table.locationId, table.occurredOn, table.id),
  ],
);

export const incidentPerpetrators = sqliteTable(
  "incident_perpetrators",
  {
    incidentId: integer("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    actorId: integer("actor_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
  },
  (table) => [primaryKey({ columns: [table.incidentId, table.actorId] }), index("incident_perpetrators_actor_idx").on(table.actorId)],
);

/** Who took responsibility, who denied it, who blamed whom — backed by a statement when one says so. */
export const incidentClaims = sqliteTable(
  "incident_claims",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    incidentId: integer("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    actorId: integer("actor_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    stance: text("stance", { enum: CLAIM_STANCES }).notNull(),
    accusedId: integer("accused_id").references(() => actors.id, { onDelete: "set null" }),
    statementId: integer("statement_id").references(() => statements.id, { onDelete: "cascade" }),
  },
  (table) => [
    index("incident_claims_incident_idx").on(table.incidentId, table.id),
    index("incident_claims_actor_idx").on(table.actorId),
    index("incident_claims_accused_idx").on(table.accusedId),
    index("incident_claims_statement_idx").on(table.statementId),
  ],
);

/** Articles that report an incident (every article with a statement about it is linked too). */
export const articleIncidents = sqliteTable(
  "article_incidents",
  {
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    incidentId: integer("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    /** The article's publishedAt, copied by triggers (migration 0001) so an incident's articles page off one index. */
    publishedAt: text("published_at").notNull().default(""),
  },
  (table) => [
    primaryKey({ columns: [table.articleId, table.incidentId] }),
    index("article_incidents_incident_published_idx").on(table.incidentId, table.publishedAt, table.articleId),
  ],
);

/** Which incidents a statement is about. It lives with incidents (which also hold claims on statements) so that no two table files import each other. */
export const statementIncidents = sqliteTable(
  "statement_incidents",
  {
    statementId: integer("statement_id")
      .notNull()
      .references(() => statements.id, { onDelete: "cascade" }),
    incidentId: integer("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    // Copies of the statement's sort key (newest first), so that an incident's page of statements
    // is one range of statement_incidents_incident_said_idx with a LIMIT instead of a sort of
    // every statement about the incident. Triggers (migration 0003) keep them right on every
    // write path: a link inserted without them gets them from its statement, and a statement's
    // update is copied to its links. The write path may supply them (the import does).
    saidAt: text("said_at").notNull().default(""),
    articleId: integer("article_id").notNull().default(0),
    position: integer("position").notNull().default(0),
  },
  (table) => [
    primaryKey({ columns: [table.statementId, table.incidentId] }),
    index("statement_incidents_incident_idx").on(table.incidentId, table.statementId),
    index("statement_incidents_incident_said_idx").on(table.incidentId, sql`"said_at" desc`, sql`"article_id" desc`, table.position, table.statementId),
  ],
);

export type IncidentRow = typeof incidents.$inferSelect;
export type IncidentClaimRow = typeof incidentClaims.$inferSelect;
