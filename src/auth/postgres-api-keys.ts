// API keys in PostgreSQL, for a Khabar that reads from it: the same keys, hashes, roles and
// revocation as on SQLite (api-keys.ts), through the pool. A key made here with `khabar keys
// create` is known to every Khabar reading the same database.
import { eq, sql, type SQL } from "drizzle-orm";
import type pg from "pg";
import { POSTGRES } from "../db/dialect.js";
import { columnsOf } from "../db/query.js";
import { rows, type AsyncRunner } from "../db/read.js";
import { apiKeys, type ApiKeyRole, type ApiKeyRow } from "../modules/api-key/api-key.table.js";
import { activeKeyRow, generateApiKey, hashApiKey, lastUseDue, plausibleKey, type CreatedApiKey, type KeyAuthenticator } from "./api-keys.js";

const COLUMNS = columnsOf(apiKeys, "api_keys");

export class PostgresApiKeyStore implements KeyAuthenticator {
  constructor(
    private readonly pool: pg.Pool,
    private readonly now: () => Date = () => new Date(),
    /**
     * How a presented key is looked up: the server's read engine, so a request with a key is
     * served from a replica while the primary is down, like any read (a revocation reaches the
     * replicas as soon as they replay it). The primary when absent (the CLI).
     */
    private readonly lookup?: AsyncRunner,
  ) {}

  private async rows(query: SQL): Promise<ApiKeyRow[]> {
    const { sql: text, params } = POSTGRES.render(query);
    return (await this.pool.query<ApiKeyRow>(text, params)).rows;
  }

  async create(role: ApiKeyRole, name: string): Promise<CreatedApiKey> {
    const key = generateApiKey();
    const [row] = await this.rows(sql`insert into ${apiKeys} ("name", "role", "hash", "created_at") values (${name}, ${role}, ${hashApiKey(key)}, ${this.now().toISOString()}) returning ${COLUMNS}`);
    return { row: row!, key };
  }

  list(): Promise<ApiKeyRow[]> {
    return this.rows(sql`select ${COLUMNS} from ${apiKeys} order by ${apiKeys.id} desc`);
  }

  /** Returns false when there is no such key or it was already revoked. */
  async revoke(id: number): Promise<boolean> {
    const revoked = await this.rows(sql`update ${apiKeys} set "revoked_at" = ${this.now().toISOString()} where ${eq(apiKeys.id, id)} and "revoked_at" is null returning ${COLUMNS}`);
    return revoked.length > 0;
  }

  async authenticate(presented: string): Promise<ApiKeyRow | null> {
    if (!plausibleKey(presented)) return null;
    const hash = hashApiKey(presented);
    const byHash = sql`select ${COLUMNS} from ${apiKeys} where ${eq(apiKeys.hash, hash)}`;
    const [found] = this.lookup ? await this.lookup(rows<ApiKeyRow>(POSTGRES, () => byHash)) : await this.rows(byHash);
    const row = activeKeyRow(found, hash);
    if (!row) return null;
    const now = this.now();
    // Best effort: a failed bookkeeping write must not refuse a valid key.
    if (lastUseDue(row, now)) await this.rows(sql`update ${apiKeys} set "last_used_at" = ${now.toISOString()} where ${eq(apiKeys.id, row.id)}`).catch(() => undefined);
    return row;
  }
}
