// The process entry point, only side effects: config → open db → migrate → seed if empty → listen.
import "reflect-metadata";
import { ConfigError, loadConfig } from "./config.js";
import { DatabaseOpenError, openDatabase } from "./db/client.js";
import { MigrationError, prepareDatabase } from "./database.js";
import { seedIfEmpty } from "./ingest/sample-content.js";
import { createLogger } from "./logger.js";
import { createServer } from "./server.js";

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const database = openDatabase(config.databasePath);
  const { applied } = prepareDatabase(database);
  logger.info({ database: config.databasePath, migrationsApplied: applied }, "database ready");
  if (config.seedSampleContent) {
    const seeded = await seedIfEmpty(database.db);
    if (seeded) logger.info({ records: seeded.records, statements: seeded.statements }, "loaded the sample content into the empty database");
  }
  const server = await createServer({ database, config, logger });
  const url = await server.listen(config.port, config.host);
  logger.info({ url }, `Khabar is serving GraphQL at ${url}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: finishing in-flight requests");
    await server.close();
    database.close();
    logger.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof DatabaseOpenError || error instanceof MigrationError;
  console.error(known ? `khabar: ${(error as Error).message}` : error);
  process.exit(1);
});
