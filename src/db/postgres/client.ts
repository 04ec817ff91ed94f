/**
 * Connecting to PostgreSQL: one `pg` Pool per server (the primary; a replica gets its own), typed
 * for Drizzle's node-postgres driver, opened only once the server has answered, so that a wrong
 * DATABASE_URL fails at start with a message naming the host and port and what went wrong.
 *
 * Settings (src/config.ts reads them through loadPostgresPoolConfig):
 * - KHABAR_PG_POOL_SIZE (default 10): connections per pool. Each Khabar replica holds at most this
 *   many on each server; keep replicas × size under the server's max_connections (100 by default).
 * - KHABAR_PG_STATEMENT_TIMEOUT_MS (default 30000; 0 = none): the server cancels a statement that
 *   runs longer (error 57014), so a runaway query cannot hold a connection and its locks forever.
 * - KHABAR_PG_CONNECT_TIMEOUT_MS (default 5000): how long to wait for a connection to be made,
 *   so an unreachable host fails instead of hanging.
 */
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import type pg from "pg";
import { postgresDriver } from "./driver.js";
import { ConfigError } from "../../shared/settings.js";

export interface PostgresPoolConfig {
  /** KHABAR_PG_POOL_SIZE: connections the pool may open. */
  poolSize: number;
  /** KHABAR_PG_STATEMENT_TIMEOUT_MS: the server-side statement_timeout of every connection; 0 for none. */
  statementTimeoutMs: number;
  /** KHABAR_PG_CONNECT_TIMEOUT_MS: the most a new connection may take to be made. */
  connectTimeoutMs: number;
}

export const DEFAULT_POSTGRES_POOL_CONFIG: PostgresPoolConfig = { poolSize: 10, statementTimeoutMs: 30_000, connectTimeoutMs: 5_000 };

function integerSetting(environment: NodeJS.ProcessEnv, name: string, fallback: number, minimum: number): number {
  const text = environment[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum) throw new ConfigError(`${name} must be a whole number of at least ${minimum}, got "${text}"`);
  return value;
}

export function loadPostgresPoolConfig(environment: NodeJS.ProcessEnv): PostgresPoolConfig {
  return {
    poolSize: integerSetting(environment, "KHABAR_PG_POOL_SIZE", DEFAULT_POSTGRES_POOL_CONFIG.poolSize, 1),
    statementTimeoutMs: integerSetting(environment, "KHABAR_PG_STATEMENT_TIMEOUT_MS", DEFAULT_POSTGRES_POOL_CONFIG.statementTimeoutMs, 0),
    connectTimeoutMs: integerSetting(environment, "KHABAR_PG_CONNECT_TIMEOUT_MS", DEFAULT_POSTGRES_POOL_CONFIG.connectTimeoutMs, 1),
  };
}

export type PostgresDb = NodePgDatabase & { $client: pg.Pool };

export interface PostgresHandle {
  pool: pg.Pool;
  db: PostgresDb;
  /** host:port/database, without the password: for messages and logs. */
  where: string;
  /** Ends the pool: waits for the connections in use to be released, then closes them all. */
  close(): Promise<void>;
}

export class PostgresConnectionError extends Error {
  override name = "PostgresConnectionError";
}

// bigint (int8) comes back as a string by default, since it may exceed 2^53. Khabar's bigints are
// search rowids (id * 8 + code) and count(*): numbers well inside that range, so they are read as
// numbers, as SQLite gives them; one outside it is an error rather than a silently rounded value.
const INT8_OID = 20;
function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`A bigint from PostgreSQL (${text}) is beyond JavaScript's safe integers`);
  return value;
}
function typesOf(driver: typeof pg) {
  return {
    getTypeParser: ((oid: number, format?: "text" | "binary") => (oid === INT8_OID && format !== "binary" ? parseInt8 : driver.types.getTypeParser(oid, format ?? "text"))) as typeof pg.types.getTypeParser,
  };
}

interface Target {
  host: string;
  port: string;
  database: string;
  user: string;
}

function targetOf(url: string): Target {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new PostgresConnectionError("The PostgreSQL URL is not a valid URL: expected postgres://user:password@host:5432/database");
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new PostgresConnectionError(`The PostgreSQL URL has the scheme "${parsed.protocol}"; expected postgres:// or postgresql://`);
  }
  return {
    host: decodeURIComponent(parsed.hostname) || parsed.searchParams.get("host") || "localhost",
    port: parsed.port || "5432",
    database: decodeURIComponent(parsed.pathname.slice(1)) || decodeURIComponent(parsed.username) || "postgres",
    user: decodeURIComponent(parsed.username) || "(the OS user)",
  };
}

/** Says what a failed first connection means, in terms of the URL the operator wrote. */
function explain(error: unknown, target: Target): string {
  const { code, message } = error as { code?: string; message?: string };
  switch (code) {
    case "ECONNREFUSED":
      return "the connection was refused: no PostgreSQL server is listening there (is it running, on that port?)";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `the host name "${target.host}" does not resolve`;
    case "ETIMEDOUT":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return "the host cannot be reached (network, firewall)";
    case "28P01":
      return `password authentication failed for user "${target.user}"`;
    case "28000":
      return `the server refused the login of user "${target.user}" (pg_hba.conf, or no such role): ${message ?? ""}`;
    case "3D000":
      return `the database "${target.database}" does not exist (create it, or name another in the URL)`;
    case "57P03":
      return "the server is starting up or shutting down; try again";
    case "53300":
      return "the server has no connection slot left (max_connections)";
    default:
      if (message?.includes("timeout")) return "no answer within the connect timeout (KHABAR_PG_CONNECT_TIMEOUT_MS)";
      return message ?? String(error);
  }
}

export interface OpenPostgresOptions extends Partial<PostgresPoolConfig> {
  /** Errors of idle connections (the server restarted, a connection was killed): the pool drops them; this hears of it. */
  onIdleError?: (error: Error) => void;
  /** Called with the text of every statement sent (tests count them). */
  onStatement?: (sql: string) => void;
}

/**
 * Opens a pool on `url` and makes one connection to prove the server is there and lets us in.
 * Fails with a PostgresConnectionError naming host, port, database and the reason.
 */
export async function openPostgres(url: string, options: OpenPostgresOptions = {}): Promise<PostgresHandle> {
  const target = targetOf(url);
  const where = `${target.host}:${target.port}/${target.database}`;
  const config = { ...DEFAULT_POSTGRES_POOL_CONFIG, ...options };
  const { pg, drizzle } = await postgresDriver();
  const pool = new pg.Pool({
    connectionString: url,
    max: config.poolSize,
    connectionTimeoutMillis: config.connectTimeoutMs,
    statement_timeout: config.statementTimeoutMs === 0 ? false : config.statementTimeoutMs,
    application_name: "khabar",
    types: typesOf(pg),
  });
  // Without a listener, an idle connection's error (a server restart) is an uncaught 'error' event
  // that ends the process; the pool has already discarded that connection and makes a new one.
  pool.on("error", (error) => options.onIdleError?.(error));
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new PostgresConnectionError(`Cannot connect to PostgreSQL at ${target.host}:${target.port} (database "${target.database}"): ${explain(error, target)}`, { cause: error });
  }
  const logger = options.onStatement ? { logQuery: (query: string) => options.onStatement?.(query) } : undefined;
  const db = drizzle(pool, { logger }) as PostgresDb;
  let closing: Promise<void> | undefined;
  return { pool, db, where, close: () => (closing ??= pool.end()) };
}
