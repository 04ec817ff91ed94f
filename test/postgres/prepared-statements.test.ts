// Keyed reads go to PostgreSQL as named prepared statements, and runners are made per pooled
// connection as well as per pool (a snapshot's, a write transaction's): a name must mean one text
// on every connection, whichever runner prepared it first.
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POSTGRES } from "../../src/db/dialect.js";
import { inReadSnapshot, postgresRunner } from "../../src/db/postgres/run.js";
import { keyedRows } from "../../src/db/read.js";
import { testPostgres } from "../helpers/postgres.js";

let pool: pg.Pool;

beforeAll(async () => {
  // One connection: every runner below prepares on the same one.
  pool = new pg.Pool({ connectionString: await testPostgres().createDatabase(), max: 1 });
});

afterAll(async () => {
  await pool?.end();
});

/** A keyed read whose text is its own for each value (the comment), as different reads' texts are. */
const constant = (value: number) =>
  keyedRows<{ value: number }>(POSTGRES, { owner: constant, variant: String(value) }, [value], () => sql`select ${value}::integer as "value" ${sql.raw(`/* read ${value} */`)}`);

describe("named prepared statements", () => {
  it("do not clash when runners of one pool and of its connections prepare different texts in different orders", async () => {
    const poolRunner = postgresRunner(pool);
    expect(await poolRunner(constant(1))).toEqual([{ value: 1 }]);
    // A snapshot's runner, on the connection that prepared the first text, begins with another one.
    expect(await inReadSnapshot(pool, async (run) => [await run(constant(2)), await run(constant(1))])).toEqual([[{ value: 2 }], [{ value: 1 }]]);
    const connection = await pool.connect();
    try {
      const connectionRunner = postgresRunner(connection);
      expect(await connectionRunner(constant(3))).toEqual([{ value: 3 }]);
      expect(await connectionRunner(constant(2))).toEqual([{ value: 2 }]);
    } finally {
      connection.release();
    }
    expect(await poolRunner(constant(3))).toEqual([{ value: 3 }]);
  });
});
