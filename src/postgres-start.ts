// Starting on PostgreSQL (DATABASE_URL=postgres://…): connect (a clear message naming host and
// port when the server cannot be reached), migrate under an advisory lock, load the sample into
// an empty database, and read through the primary or its streaming replicas.
//
// Mutations write to the primary (db/postgres/write.ts), one transaction each, and so do the
// webhooks' outbox and its sender, and the refused mutations of the audit log (one insert each,
// outside the write lock: modules/revision/revision.refusal-recorder.ts). The server's SQLite
// database is then an empty in-memory one, holding nothing.
import { getTableName } from "drizzle-orm";
import type { Logger } from "pino";
import type pg from "pg";
import type { PostgresConfig } from "./config.js";
import { openDatabase, type DatabaseHandle } from "./db/client.js";
import type { ReadEngine } from "./db/engine.js";
import { openPostgres, type PostgresHandle } from "./db/postgres/client.js";
import { checkOut } from "./db/postgres/checked-out.js";
import { copySqliteToPostgres } from "./db/postgres/copy.js";
import { migratePostgres } from "./db/postgres/migrate.js";
import { replicatedEngine } from "./db/postgres/replicas.js";
import { postgresWriteEngine } from "./db/postgres/write.js";
import type { WriteEngine } from "./db/write-engine.js";
import { changeNotifications, listenForChanges, type ChangeListener } from "./db/postgres/changes.js";
import { prepareDatabase } from "./database.js";
import { loadSampleContent } from "./ingest/sample-content.js";
import { PostgresApiKeyStore } from "./auth/postgres-api-keys.js";
import type { ServerOptions } from "./server.js";
import { postgresOutbox } from "./modules/webhook/webhook.sender.js";
import { RefusalRecorder } from "./modules/revision/revision.refusal-recorder.js";
import { refusedMutations } from "./modules/revision/revision.table.js";
import { apiKeys } from "./modules/api-key/api-key.table.js";
import { webhookDeliveries, webhooks } from "./modules/webhook/webhook.table.js";

export interface PostgresStart {
  engine: ReadEngine;
  /** Where mutations write: the primary. */
  writes: WriteEngine;
  /** Commits on the primary, from any process: what clears this replica's response cache and feeds its live updates. */
  changes: ChangeListener;
  primary: PostgresHandle;
  replicas: PostgresHandle[];
  /** KHABAR_READ_YOUR_WRITES_MS: how long a client's requests after its mutation read from the primary. */
  readYourWritesMs: number;
  /** Refused mutations: written to the primary without delaying the answer, read through `engine`. */
  refusals: RefusalRecorder;
  close(): Promise<void>;
}

/** Any lock id both replicas agree on: held while one of them loads the sample. */
const SEED_LOCK = 7_204_112;

export async function startOnPostgres(config: PostgresConfig, options: { seed: boolean; logger: Logger }): Promise<PostgresStart> {
  const { logger } = options;
  const onIdleError = (error: Error) => logger.warn({ err: error }, "a PostgreSQL connection failed while idle; the pool replaces it");
  const primary = await openPostgres(config.url, { ...config.pool, onIdleError });
  const replicas: PostgresHandle[] = [];
  try {
    const { applied } = await migratePostgres(primary.pool);
    logger.info({ database: primary.where, migrationsApplied: applied }, "PostgreSQL ready");
    if (options.seed) {
      const seeded = await seedIfEmpty(primary.pool);
      if (seeded) logger.info({ rows: seeded }, "loaded the sample content into the empty PostgreSQL database");
    }
    for (const url of config.readReplicaUrls) replicas.push(await openPostgres(url, { ...config.pool, onIdleError }));
    if (replicas.length > 0) logger.info({ replicas: replicas.map((replica) => replica.where) }, "reads go to the streaming replicas, the primary when none answers");
  } catch (error) {
    await Promise.all([primary, ...replicas].map((handle) => handle.close()));
    throw error;
  }
  const engine = replicatedEngine(
    primary.pool,
    replicas.map((replica) => ({ pool: replica.pool, where: replica.where })),
    logger,
    { lag: config.replicaLag },
  );
  // NOTIFY is the primary's (replicas relay no notifications): listen there.
  const changes = await listenForChanges(config.url, logger);
  const refusals = new RefusalRecorder({ primary: engine.primary ?? engine, reads: engine, logger });
  return {
    engine,
    // Each write announces its changes on the live channel before COMMIT: every Khabar (this one
    // too) hears them at commit, in commit order, and publishes them into its change feed.
    writes: postgresWriteEngine(primary.pool, { announce: changeNotifications }),
    changes,
    primary,
    replicas,
    readYourWritesMs: config.readYourWritesMs,
    refusals,
    close: async () => {
      // The refusals answered last are still being written: before the pools end.
      await refusals.close();
      engine.close();
      await changes.close();
      await Promise.all([primary, ...replicas].map((handle) => handle.close()));
    },
  };
}

/**
 * What createServer needs to serve from PostgreSQL: the engines (reads, and writes on the
 * primary), API keys (looked up through the read engine), refused mutations (recorded on the
 * primary, listed through the read engine), commits heard from every process (the
 * response cache; live updates, published into the server's change feed; webhook deliveries queued,
 * which wake its sender), and a readiness check on the primary. `database` stays the auxiliary
 * (empty) SQLite database.
 */
export function postgresServerOptions(
  postgres: PostgresStart,
): Pick<ServerOptions, "engine" | "writes" | "readYourWritesMs" | "apiKeys" | "refusals" | "contentChanges" | "liveChanges" | "outbox" | "readiness"> {
  return {
    engine: postgres.engine,
    writes: postgres.writes,
    refusals: postgres.refusals,
    readYourWritesMs: postgres.readYourWritesMs,
    apiKeys: new PostgresApiKeyStore(postgres.primary.pool, undefined, postgres.engine.run),
    contentChanges: postgres.changes,
    liveChanges: postgres.changes,
    outbox: postgresOutbox(postgres.engine.primary ?? postgres.engine, postgres.changes),
    readiness: () => postgresReadiness(postgres.primary.pool),
  };
}

/** Loads the sample when no article is there yet; two replicas starting together load it once. */
async function seedIfEmpty(pool: pg.Pool): Promise<number | null> {
  const loaded = await loadIntoEmptyPostgres(pool, (db) => loadSampleContent(db));
  return loaded ? loaded.rows : null;
}

/** Tables a running deployment fills without content, which loading the sample leaves alone. */
const OPERATIONAL_TABLES = [apiKeys, webhooks, webhookDeliveries, refusedMutations];

/**
 * Writes content into a PostgreSQL database WITHOUT content the fast way: `load` fills an
 * in-memory SQLite database through SQLite's bulk import path (import, the sample), which is then
 * copied in one transaction — all of it or nothing. Null, and nothing written, when the database
 * already holds content (`khabar import` then writes through PostgreSQL's write engine,
 * importNdjsonInto). Under an advisory lock, so two processes cannot both fill it.
 */
export async function loadIntoEmptyPostgres<Summary>(pool: pg.Pool, load: (db: DatabaseHandle["db"]) => Promise<Summary>): Promise<{ summary: Summary; rows: number } | null> {
  const connection = await checkOut(pool);
  const lock = connection.client;
  try {
    await lock.query("select pg_advisory_lock($1)", [SEED_LOCK]);
    const { rows } = await lock.query<{ empty: boolean }>(
      `select not exists (select 1 from "articles") and not exists (select 1 from "actors") and not exists (select 1 from "incidents") and not exists (select 1 from "locations") as "empty"`,
    );
    if (!rows[0]?.empty) return null;
    const staging = openDatabase(":memory:");
    try {
      prepareDatabase(staging);
      const summary = await load(staging.db);
      // What a deployment makes before its first content — API keys (`khabar keys create` before
      // the first start), webhooks, refusals recorded by a Khabar that does not seed — is not in
      // the sample's staging database, so it is left as it is rather than make the copy refuse.
      const copied = await copySqliteToPostgres(staging.sqlite, pool, { keep: OPERATIONAL_TABLES.map((table) => getTableName(table)) });
      return { summary, rows: copied.rows };
    } finally {
      staging.close();
    }
  } finally {
    // A connection that could not unlock still holds the lock: closed, it holds nothing.
    const unlocked = await lock.query("select pg_advisory_unlock($1)", [SEED_LOCK]).then(
      () => true,
      () => false,
    );
    connection.release(!unlocked);
  }
}

/** /readyz on PostgreSQL: the primary must answer (reads could go on from replicas, but a balancer should know). */
export async function postgresReadiness(primary: pg.Pool): Promise<string | null> {
  try {
    // Bounded: a primary that does not answer must not hold the balancer's probe for the pool's connect timeout.
    await Promise.race([primary.query("select 1"), new Promise((_, reject) => setTimeout(() => reject(new Error("no answer within 1 s")), 1_000).unref())]);
    return null;
  } catch (error) {
    return `PostgreSQL primary unreachable: ${(error as Error).message}`;
  }
}
