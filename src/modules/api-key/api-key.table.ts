import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const API_KEY_ROLES = ["editor", "admin"] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

/** Keys are shown once at creation; only their SHA-256 hash is kept. */
export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    role: text("role", { enum: API_KEY_ROLES }).notNull(),
    hash: text("hash").notNull().unique(),
    createdAt: text("created_at").notNull(),
    lastUsedAt: text("last_used_at"),
    revokedAt: text("revoked_at"),
  },
  (table) => [index("api_keys_revoked_idx").on(table.revokedAt)],
);

export type ApiKeyRow = typeof apiKeys.$inferSelect;
