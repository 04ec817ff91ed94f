// A Khabar on PostgreSQL in this process, started the way `index.ts` starts one (startOnPostgres,
// then createServer with its options), listening on a loopback port: for tests that run several
// servers on one database and look inside them (their engines, recorders, senders).
import type { Logger } from "pino";
import { openDatabase } from "../../src/db/client.js";
import { DEFAULT_POSTGRES_POOL_CONFIG } from "../../src/db/postgres/client.js";
import { DEFAULT_REPLICA_LAG, type ReplicaLagOptions } from "../../src/db/postgres/replicas.js";
import { prepareDatabase } from "../../src/database.js";
import { DEFAULT_READ_YOUR_WRITES_MS } from "../../src/http/read-your-writes-config.js";
import { postgresServerOptions, startOnPostgres, type PostgresStart } from "../../src/postgres-start.js";
import { createServer, type KhabarServer, type ServerOptions } from "../../src/server.js";

export interface PostgresKhabar {
  server: KhabarServer;
  url: string;
  postgres: PostgresStart;
  /** Stops the server (in-flight requests finish), then its pools and its SQLite side. */
  close(): Promise<void>;
}

export interface PostgresKhabarOptions {
  logger: Logger;
  /** Load the sample into an empty database, as `npm start` does (default true). */
  seed?: boolean;
  readReplicaUrls?: string[];
  replicaLag?: ReplicaLagOptions;
  /** createServer's config beyond `environment: "test"`. */
  config?: Omit<ServerOptions["config"], "environment">;
}

export async function startPostgresKhabar(url: string, options: PostgresKhabarOptions): Promise<PostgresKhabar> {
  const { logger } = options;
  const database = openDatabase(":memory:");
  prepareDatabase(database);
  const postgres = await startOnPostgres(
    {
      url,
      readReplicaUrls: options.readReplicaUrls ?? [],
      pool: { ...DEFAULT_POSTGRES_POOL_CONFIG, poolSize: 4 },
      replicaLag: options.replicaLag ?? DEFAULT_REPLICA_LAG,
      readYourWritesMs: DEFAULT_READ_YOUR_WRITES_MS,
    },
    { seed: options.seed ?? true, logger },
  );
  const server = await createServer({ database, config: { environment: "test", ...options.config }, logger, ...postgresServerOptions(postgres) });
  return {
    server,
    url: await server.listen(0, "127.0.0.1"),
    postgres,
    close: async () => {
      await server.close(1_000);
      await postgres.close();
      database.close();
    },
  };
}
