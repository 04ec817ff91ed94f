// A streaming replica made by pg_basebackup from the run's cluster receives what the primary commits.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReplica, testPostgres, type ReplicaCluster } from "../helpers/postgres.js";

const primary = testPostgres();
let replica: ReplicaCluster;
let database: string;
const pools: pg.Pool[] = [];

function poolOn(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pools.push(pool);
  return pool;
}

beforeAll(async () => {
  database = new URL(await primary.createDatabase()).pathname.slice(1);
  await poolOn(primary.url(database)).query("create table notes (id integer primary key, text text not null)");
  replica = await startReplica(primary);
}, 60_000);

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
  await replica?.stop();
});

describe("a streaming replica of the primary", () => {
  it("is a hot standby: it answers reads and refuses writes", async () => {
    const pool = poolOn(replica.url(database));
    const { rows } = await pool.query<{ recovering: boolean }>("select pg_is_in_recovery() as recovering");
    expect(rows[0]!.recovering).toBe(true);
    await expect(pool.query("insert into notes values (0, 'no')")).rejects.toThrow(/read-only transaction/);
  });

  it("has a row committed on the primary once it has replayed the primary's WAL", async () => {
    const writer = poolOn(primary.url(database));
    const reader = poolOn(replica.url(database));
    await writer.query("insert into notes values (1, 'written on the primary')");
    await replica.waitForReplay();
    const { rows } = await reader.query<{ text: string }>("select text from notes where id = 1");
    expect(rows).toEqual([{ text: "written on the primary" }]);
  });

  it("follows later commits too, in order", async () => {
    const writer = poolOn(primary.url(database));
    const reader = poolOn(replica.url(database));
    for (let id = 2; id <= 4; id++) await writer.query("insert into notes values ($1, $2)", [id, `note ${id}`]);
    await writer.query("update notes set text = 'changed' where id = 2");
    await replica.waitForReplay();
    const { rows } = await reader.query<{ id: number; text: string }>("select id, text from notes where id >= 2 order by id");
    expect(rows).toEqual([
      { id: 2, text: "changed" },
      { id: 3, text: "note 3" },
      { id: 4, text: "note 4" },
    ]);
  });
});
