// The process entry point, only side effects: config → open db → migrate → seed if empty → listen.
import "reflect-metadata";
import { ConfigError, loadConfig } from "./config.js";
import { DatabaseOpenError, openDatabase } from "./db/client.js";
import { MigrationError, prepareDatabase } from "./database.js";
import { seedIfEmpty } from "./ingest/sample-content.js";
import { createLogger } from "./logger.js";
import { applyHeapGrowth } from "./shared/heap-growth.js";
import { createServer } from "./server.js";
import { PostgresConnectionError } from "./db/postgres/client.js";
import { CopyError } from "./db/postgres/copy.js";
import { PostgresMigrationError } from "./db/postgres/migrate.js";
import { postgresServerOptions, startOnPostgres } from "./postgres-start.js";

async function main(): Promise<void> {
  const config = loadConfig();
  applyHeapGrowth(config.heapGrowthPercent);
  const logger = createLogger(config.logLevel);
  const database = openDatabase(config.databasePath);
  const { applied } = prepareDatabase(database);
  const postgres = config.postgres ? await startOnPostgres(config.postgres, { seed: config.seedSampleContent, logger }) : null;
  if (!postgres) {
    logger.info({ database: config.databasePath, migrationsApplied: applied }, "database ready");
    if (config.seedSampleContent) {
      const seeded = await seedIfEmpty(database.db);
      if (seeded) logger.info({ records: seeded.records, statements: seeded.statements }, "loaded the sample content into the empty database");
    }
  }
  const server = await createServer({
    database,
    config,
    logger,
    ...(postgres ? postgresServerOptions(postgres) : {}),
  });
  const url = await server.listen(config.port, config.host);
  logger.info({ url }, `Khabar is serving GraphQL at ${url}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: finishing in-flight requests");
    await server.close();
    // The pool ends once the connections in use are released: in-flight reads finish first.
    await postgres?.close();
    database.close();
    logger.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error: unknown) => {
  const known =
    error instanceof ConfigError ||
    error instanceof DatabaseOpenError ||
    error instanceof MigrationError ||
    error instanceof PostgresConnectionError ||
    error instanceof PostgresMigrationError ||
    error instanceof CopyError;
  console.error(known ? `khabar: ${(error as Error).message}` : error);
  process.exit(1);
});
