// API keys: 32 random bytes shown once at creation (`khabar_<base64url>`), kept only as a SHA-256
// hash. A key is looked up by its hash (an index hit, whatever the key) and the hashes are then
// compared in constant time, so neither the lookup nor the comparison tells an attacker how
// close a guess was. Revoked keys stay listed, for the audit trail.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { desc, eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { apiKeys, API_KEY_ROLES, type ApiKeyRole, type ApiKeyRow } from "../modules/api-key/api-key.table.js";

export const API_KEY_PREFIX = "khabar_";
const KEY_BYTES = 32;
/** last_used_at is written at most this often per key: a write per request would serialize reads. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface CreatedApiKey {
  row: ApiKeyRow;
  /** The key itself: shown once, never stored. */
  key: string;
}

export function isApiKeyRole(value: string): value is ApiKeyRole {
  return (API_KEY_ROLES as readonly string[]).includes(value);
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(KEY_BYTES).toString("base64url")}`;
}

/** What the server needs of a key store: SQLite's answers at once, PostgreSQL's (postgres-api-keys.ts) asynchronously. */
export interface KeyAuthenticator {
  authenticate(presented: string): ApiKeyRow | null | Promise<ApiKeyRow | null>;
}

/** The shape a presented key must have before any lookup: the prefix, and a bound on its length. */
export function plausibleKey(presented: string): boolean {
  return presented.startsWith(API_KEY_PREFIX) && presented.length <= 200;
}

/** The row a lookup by hash found, if it is the key's (compared in constant time) and not revoked. */
export function activeKeyRow(row: ApiKeyRow | undefined, hash: string): ApiKeyRow | null {
  if (!row || !timingSafeEqual(Buffer.from(row.hash, "hex"), Buffer.from(hash, "hex")) || row.revokedAt !== null) return null;
  return row;
}

/** Whether last_used_at is old enough to be written again. */
export function lastUseDue(row: ApiKeyRow, now: Date): boolean {
  return row.lastUsedAt === null || now.getTime() - Date.parse(row.lastUsedAt) >= LAST_USED_RESOLUTION_MS;
}

export class ApiKeyStore implements KeyAuthenticator {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  create(role: ApiKeyRole, name: string): CreatedApiKey {
    const key = generateApiKey();
    const row = this.db.insert(apiKeys).values({ name, role, hash: hashApiKey(key), createdAt: this.now().toISOString() }).returning().get();
    return { row, key };
  }

  list(): ApiKeyRow[] {
    return this.db.select().from(apiKeys).orderBy(desc(apiKeys.id)).all();
  }

  /** Returns false when there is no such key or it was already revoked. */
  revoke(id: number): boolean {
    const row = this.db.select().from(apiKeys).where(eq(apiKeys.id, id)).get();
    if (!row || row.revokedAt !== null) return false;
    this.db.update(apiKeys).set({ revokedAt: this.now().toISOString() }).where(eq(apiKeys.id, id)).run();
    return true;
  }

  /** The active key row for a presented key, or null for an unknown, malformed or revoked key. */
  authenticate(presented: string): ApiKeyRow | null {
    if (!plausibleKey(presented)) return null;
    const hash = hashApiKey(presented);
    const row = activeKeyRow(this.db.select().from(apiKeys).where(eq(apiKeys.hash, hash)).get(), hash);
    if (!row) return null;
    const now = this.now();
    if (lastUseDue(row, now)) this.db.update(apiKeys).set({ lastUsedAt: now.toISOString() }).where(eq(apiKeys.id, row.id)).run();
    return row;
  }
}
