// Bench-only entry point, until src/index.ts accepts DATABASE_URL=postgres://: Khabar's compiled
// server (dist/) reading PostgreSQL (KHABAR_BENCH_POSTGRES_URL, already migrated and filled by the
// runner) through postgresEngine, with DATABASE_URL's SQLite file for what still lives there (API
// keys, health). Mutations answer READ_ONLY, as createServer does for any PostgreSQL engine.
import "reflect-metadata";
import { loadConfig } from "../../dist/src/config.js";
import { openDatabase } from "../../dist/src/db/client.js";
import { loadPostgresPoolConfig, openPostgres } from "../../dist/src/db/postgres/client.js";
import { postgresEngine } from "../../dist/src/db/postgres/run.js";
import { createLogger } from "../../dist/src/logger.js";
import { createServer } from "../../dist/src/server.js";

const config = loadConfig();
const logger = createLogger(config.logLevel);
const database = openDatabase(config.databasePath);
const postgres = await openPostgres(process.env.KHABAR_BENCH_POSTGRES_URL, loadPostgresPoolConfig(process.env));
const server = await createServer({ database, engine: postgresEngine(postgres.pool), config, logger });
await server.listen(config.port, config.host);
process.on("SIGTERM", async () => {
  await server.close();
  await postgres.close();
  database.close();
  process.exit(0);
});
