import { desc } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const REVISION_ACTIONS = ["CREATED", "UPDATED", "DELETED", "MERGED", "RESTORED"] as const;
export type RevisionAction = (typeof REVISION_ACTIONS)[number];

export const REVISION_ENTITY_TYPES = ["Article", "Person", "Organization", "Statement", "Incident", "Location"] as const;
export type RevisionEntityType = (typeof REVISION_ENTITY_TYPES)[number];

/**
 * The editorial trail: one row per change of an entity, written by its module's writer in the
 * write's transaction. `record` is the entity's NDJSON record after the change (before it, for a
 * delete); a statement's carries its article's slug. No foreign keys: a revision outlives its
 * entity (that is how a deleted one is restored) and its author's key.
 */
export const revisions = sqliteTable(
  "revisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    entityType: text("entity_type", { enum: REVISION_ENTITY_TYPES }).notNull(),
    entityId: integer("entity_id").notNull(),
    action: text("action", { enum: REVISION_ACTIONS }).notNull(),
    /** The NDJSON record as JSON text. */
    record: text("record").notNull(),
    /** The API key that made the change; null for import, seed and the command line. */
    authorKeyId: integer("author_key_id"),
    /** The key's name, or `import`, `seed`, `cli`. */
    authorName: text("author_name").notNull(),
    reason: text("reason"),
    at: text("at").notNull(),
  },
  (table) => [
    index("revisions_entity_idx").on(table.entityType, table.entityId, desc(table.id)),
    index("revisions_at_idx").on(table.at),
    index("revisions_author_idx").on(table.authorKeyId),
  ],
);

export type RevisionRow = typeof revisions.$inferSelect;

/**
 * Mutations refused for want of a key or of the right role: the other half of "who changed what"
 * (who tried to). Written outside any content transaction, since nothing was changed.
 */
export const refusedMutations = sqliteTable(
  "refused_mutations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** The mutation field, e.g. `deleteIncident`. */
    mutation: text("mutation").notNull(),
    /** UNAUTHENTICATED (no key, or an unknown or revoked one) or FORBIDDEN (the key's role is too low). */
    code: text("code").notNull(),
    /** The key that was presented, when it is a known one. */
    keyId: integer("key_id"),
    keyName: text("key_name"),
    requestId: text("request_id"),
    at: text("at").notNull(),
  },
  (table) => [index("refused_mutations_at_idx").on(table.at)],
);

export type RefusedMutationRow = typeof refusedMutations.$inferSelect;
