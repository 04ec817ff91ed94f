// Every environment variable Khabar reads, parsed and typed in one place.
import { fileURLToPath } from "node:url";
import { loadHardeningConfig, type HardeningConfig } from "./http/hardening-config.js";
import { loadLiveUpdatesConfig, type LiveUpdatesConfig } from "./http/live-updates-config.js";
import { loadLoadSheddingConfig, type LoadSheddingConfig } from "./http/load-shedding-config.js";
import { loadReadYourWritesMs } from "./http/read-your-writes-config.js";
import { loadPostgresPoolConfig, type PostgresPoolConfig } from "./db/postgres/client.js";
import { DEFAULT_REPLICA_LAG, type ReplicaLagOptions } from "./db/postgres/replicas.js";
import { projectPath } from "./shared/project-root.js";
import { booleanSetting, ConfigError } from "./shared/settings.js";
import { loadWebhookConfig, type WebhookConfig } from "./modules/webhook/webhook.config.js";

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
const LOG_LEVELS: readonly LogLevel[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

export interface Config {
  port: number;
  host: string;
  /** Path of the SQLite file (":memory:" is accepted for experiments); ":memory:" when `postgres` is set. */
  databasePath: string;
  /** DATABASE_URL=postgres://… (or postgresql://): the PostgreSQL engine, its read replicas and pool settings; null on SQLite. */
  postgres: PostgresConfig | null;
  environment: "production" | "development" | "test";
  logLevel: LogLevel;
  /** Load the sample content into an empty database at start. */
  seedSampleContent: boolean;
  /** KHABAR_RESPONSE_CACHE=true: keep whole responses of public queries in memory (mutations clear it). */
  responseCache: boolean;
  /**
   * KHABAR_EXECUTOR: `compiled` (the default) runs each operation as a function graphql-jit
   * compiled once for its document; `graphql-js` runs the reference executor, the way back if a
   * compiled operation ever answers differently.
   */
  executor: Executor;
  /** KHABAR_TRUSTED_DOCUMENTS=<manifest.json>: only the operations listed there run. */
  trustedDocumentsPath: string | null;
  /** Query limits, body limit, rate limits, CORS, router secret, introspection (KHABAR_* variables). */
  hardening: HardeningConfig;
  /** KHABAR_REQUIRE_KEY_FOR_READS=true: queries need an API key too (mutations always do). */
  requireKeyForReads: boolean;
  /** Subscriptions over WebSocket: limits per connection and IP, keep-alive, slow consumers (KHABAR_WS_* variables). */
  liveUpdates: LiveUpdatesConfig;
  /** Webhook deliveries: private targets, retries, polling (KHABAR_WEBHOOK_* variables). */
  webhooks: WebhookConfig;
  /** Operations at once, their queue, and the event-loop delay at which /readyz says 503 (KHABAR_MAX_CONCURRENT_OPERATIONS…). */
  loadShedding: LoadSheddingConfig;
  /**
   * KHABAR_HEAP_GROWTH_PERCENT: how far V8 lets the old generation grow past what survived its last
   * full collection before collecting again (100: to 2×); 0 leaves V8's own factor (up to 4×).
   */
  heapGrowthPercent: number;
}

export interface PostgresConfig {
  url: string;
  /** KHABAR_READ_REPLICA_URLS: streaming replicas that take the reads (comma-separated postgres:// URLs). */
  readReplicaUrls: string[];
  pool: PostgresPoolConfig;
  /** KHABAR_MAX_REPLICA_LAG_BYTES, KHABAR_REPLICA_LAG_CHECK_MS: when a replica is too far behind to take reads. */
  replicaLag: ReplicaLagOptions;
  /** KHABAR_READ_YOUR_WRITES_MS: how long after a client's mutation its requests read from the primary (0: never; only with replicas). */
  readYourWritesMs: number;
}

export { ConfigError } from "./shared/settings.js";

export const EXECUTORS = ["compiled", "graphql-js"] as const;
export type Executor = (typeof EXECUTORS)[number];

function executorSetting(environment: NodeJS.ProcessEnv): Executor {
  const value = environment.KHABAR_EXECUTOR?.trim() || "compiled";
  const executor = EXECUTORS.find((candidate) => candidate === value);
  if (!executor) throw new ConfigError(`KHABAR_EXECUTOR must be one of ${EXECUTORS.join(", ")}, got "${value}"`);
  return executor;
}

/** What DATABASE_URL may be, for the messages that refuse anything else. */
const ACCEPTED_DATABASE_URLS =
  "a file path (data/khabar.db, /var/lib/khabar/khabar.db) or a file: URL (file:data/khabar.db, file:///var/lib/khabar/khabar.db)";

/**
 * The SQLite file DATABASE_URL names: a plain path, `file:relative/path` or `file:///absolute/path`.
 * Any other URL scheme is refused rather than read as a path: `postgres://…` used to become a
 * SQLite file in a new folder named `postgres:`, a server that looked healthy on an empty
 * database. The URL itself is never repeated in a message: it may carry a password.
 */
export function databasePathFrom(url: string): string {
  // RFC 3986's scheme grammar. A relative path whose first segment has a colon reads as a URL
  // too; `./name:with-colon.db` says it is a path.
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined) return url;
  if (scheme === "file") {
    const rest = url.slice("file:".length);
    if (!rest.startsWith("//")) return rest.split("?")[0] ?? "";
    try {
      return fileURLToPath(url);
    } catch (error) {
      throw new ConfigError(`DATABASE_URL is a file: URL Khabar cannot read as a local path (${(error as Error).message}); use ${ACCEPTED_DATABASE_URLS}`);
    }
  }
  throw new ConfigError(`DATABASE_URL has the URL scheme "${scheme}:", which Khabar does not accept: set it to ${ACCEPTED_DATABASE_URLS}, or a postgres:// URL`);
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

function postgresConfigFrom(url: string, environment: NodeJS.ProcessEnv): PostgresConfig {
  const readReplicaUrls = (environment.KHABAR_READ_REPLICA_URLS ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  // A replica URL is never repeated in a message either: it may carry a password.
  readReplicaUrls.forEach((replica, index) => {
    if (!isPostgresUrl(replica)) throw new ConfigError(`KHABAR_READ_REPLICA_URLS entry ${index + 1} is not a postgres:// or postgresql:// URL`);
  });
  return {
    url,
    readReplicaUrls,
    pool: loadPostgresPoolConfig(environment),
    replicaLag: {
      maxLagBytes: wholeNumber(environment, "KHABAR_MAX_REPLICA_LAG_BYTES", DEFAULT_REPLICA_LAG.maxLagBytes),
      checkEveryMs: wholeNumber(environment, "KHABAR_REPLICA_LAG_CHECK_MS", DEFAULT_REPLICA_LAG.checkEveryMs),
    },
    readYourWritesMs: loadReadYourWritesMs(environment),
  };
}

function wholeNumber(environment: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = environment[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) throw new ConfigError(`${name} must be a whole number of at least 0, got "${text}"`);
  return value;
}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(environment.PORT ?? "4000");
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number, got "${environment.PORT}"`);

  const nodeEnvironment = environment.NODE_ENV ?? "development";
  const environmentName = nodeEnvironment === "production" || nodeEnvironment === "test" ? nodeEnvironment : "development";

  const logLevel = (environment.LOG_LEVEL ?? (environmentName === "test" ? "silent" : "info")).toLowerCase() as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, got "${environment.LOG_LEVEL}"`);

  const databaseUrl = environment.DATABASE_URL ?? projectPath("data", "khabar.db");
  const postgres = isPostgresUrl(databaseUrl) ? postgresConfigFrom(databaseUrl, environment) : null;
  const databasePath = postgres ? ":memory:" : databasePathFrom(databaseUrl);
  if (databasePath === "") throw new ConfigError("DATABASE_URL names no file");

  let hardening: HardeningConfig;
  try {
    hardening = loadHardeningConfig(environment, environmentName);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }

  return {
    port,
    host: environment.HOST ?? "0.0.0.0",
    databasePath,
    postgres,
    environment: environmentName,
    logLevel,
    seedSampleContent: booleanSetting(environment, "KHABAR_SEED", true),
    responseCache: booleanSetting(environment, "KHABAR_RESPONSE_CACHE", false),
    executor: executorSetting(environment),
    trustedDocumentsPath: environment.KHABAR_TRUSTED_DOCUMENTS?.trim() || null,
    hardening,
    requireKeyForReads: booleanSetting(environment, "KHABAR_REQUIRE_KEY_FOR_READS", false),
    liveUpdates: loadLiveUpdatesConfig(environment),
    webhooks: loadWebhookConfig(environment),
    loadShedding: loadLoadSheddingConfig(environment),
    heapGrowthPercent: heapGrowthPercentSetting(environment),
  };
}

export const DEFAULT_HEAP_GROWTH_PERCENT = 100;

function heapGrowthPercentSetting(environment: NodeJS.ProcessEnv): number {
  const value = wholeNumber(environment, "KHABAR_HEAP_GROWTH_PERCENT", DEFAULT_HEAP_GROWTH_PERCENT);
  if (value > 300) throw new ConfigError(`KHABAR_HEAP_GROWTH_PERCENT must be between 0 (V8's own growth) and 300, got "${value}"`);
  return value;
}

