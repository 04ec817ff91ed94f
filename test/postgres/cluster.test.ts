import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { findPostgresBinaries, testPostgres } from "../helpers/postgres.js";

describe("the run's PostgreSQL test cluster", () => {
  const cluster = testPostgres();
  const pools: pg.Pool[] = [];
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
  });

  it("gives each caller a new, empty database of its own", async () => {
    const [first, second] = await Promise.all([cluster.createDatabase(), cluster.createDatabase()]);
    expect(first).not.toEqual(second);
    const pool = new pg.Pool({ connectionString: first });
    pools.push(pool);
    const { rows } = await pool.query<{ tables: string; version: number; encoding: string }>(
      "select (select count(*) from pg_tables where schemaname = 'public')::text as tables, current_setting('server_version_num')::int as version, pg_encoding_to_char(encoding) as encoding from pg_database where datname = current_database()",
    );
    expect(rows[0]).toEqual({ tables: "0", version: expect.any(Number), encoding: "UTF8" });
    expect(rows[0]!.version).toBeGreaterThanOrEqual(150000);
  });

  it("listens on 127.0.0.1 on a port of its own, never a system cluster's 5432", () => {
    expect(cluster.host).toBe("127.0.0.1");
    expect(cluster.port).not.toBe(5432);
  });
});

describe("finding PostgreSQL", () => {
  it("fails, saying what is missing and which package provides it, when no server is installed", () => {
    expect(() => findPostgresBinaries("/nonexistent/postgresql", "/nonexistent/pg_config")).toThrow(
      /No PostgreSQL server 15 or newer found: no \/nonexistent\/postgresql\/<N>\/bin\/postgres.*`apt-get install postgresql` provides it/,
    );
  });

  it("finds this machine's server, 15 or newer", () => {
    expect(findPostgresBinaries()).toMatch(/\/bin$/);
  });
});
