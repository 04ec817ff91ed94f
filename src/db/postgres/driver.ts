// The PostgreSQL driver (node-postgres and Drizzle's node-postgres adapter), loaded the first time
// a PostgreSQL connection is made. A server on SQLite, the default, never needs it, and loading it
// was ~60 ms of the cold start (spawn → first answer, ~1 s on this machine).
import type pg from "pg";
import type { drizzle } from "drizzle-orm/node-postgres";
import type { migrate } from "drizzle-orm/node-postgres/migrator";

export interface PostgresDriver {
  pg: typeof pg;
  drizzle: typeof drizzle;
  migrate: typeof migrate;
}

let loading: Promise<PostgresDriver> | undefined;

export function postgresDriver(): Promise<PostgresDriver> {
  loading ??= Promise.all([import("pg"), import("drizzle-orm/node-postgres"), import("drizzle-orm/node-postgres/migrator")]).then(([pgModule, adapter, migrator]) => ({
    pg: pgModule.default,
    drizzle: adapter.drizzle,
    migrate: migrator.migrate,
  }));
  return loading;
}
