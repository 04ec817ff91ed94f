// The fault proxy itself (helpers/fault-proxy.ts), with a plain pg client on the run's cluster:
// its framing survives any chunking, and it finds COMMIT in the extended protocol (Parse) as well
// as in a simple Query — Khabar sends the simple one, other clients may not.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MessageReader, startFaultProxy, type FaultProxy } from "../helpers/fault-proxy.js";
import { CLUSTER_USER, testPostgres } from "../helpers/postgres.js";

let proxy: FaultProxy;
let directUrl: string;
let database: string;

beforeAll(async () => {
  const cluster = testPostgres();
  directUrl = await cluster.createDatabase();
  database = new URL(directUrl).pathname.slice(1);
  proxy = await startFaultProxy(cluster);
  const setup = new pg.Client({ connectionString: directUrl });
  await setup.connect();
  await setup.query("create table notes (text text not null)");
  await setup.end();
});

afterAll(async () => {
  await proxy?.close();
});

/** A client through the proxy, armed to cut at the next COMMIT, inside a transaction that inserted `text`; `lost` is its connection's end. */
async function insertThroughArmedProxy(mode: Parameters<FaultProxy["arm"]>[0], text: string) {
  const client = new pg.Client({ connectionString: proxy.url(CLUSTER_USER, database) });
  const lost = new Promise<Error>((resolve) => client.on("error", resolve));
  await client.connect();
  const armed = proxy.arm(mode);
  await client.query("begin");
  await client.query("insert into notes (text) values ($1)", [text]);
  return { client, lost, armed };
}

async function notes(): Promise<string[]> {
  const client = new pg.Client({ connectionString: directUrl });
  await client.connect();
  try {
    return (await client.query<{ text: string }>("select text from notes order by text")).rows.map((row) => row.text);
  } finally {
    await client.end();
  }
}

/** A frontend message: type byte, length, body. */
function message(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, "latin1");
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

describe("the fault proxy", () => {
  it("reads the same messages however the stream is chunked, the untyped startup packet first", () => {
    const startup = Buffer.alloc(8);
    startup.writeInt32BE(8, 0);
    startup.writeInt32BE(196_608, 4);
    const stream = Buffer.concat([startup, message("Q", Buffer.from("begin\0")), message("P", Buffer.from("\0COMMIT\0\0\0")), message("S", Buffer.alloc(0))]);
    const whole = new MessageReader();
    whole.untyped = 1;
    const expected = whole.push(stream).map((read) => [read.type, read.raw.toString("hex")]);
    expect(expected.map(([type]) => type)).toEqual([0, 0x51, 0x50, 0x53]);
    const byteByByte = new MessageReader();
    byteByByte.untyped = 1;
    const read = [...stream].flatMap((byte) => byteByByte.push(Buffer.from([byte])).map((one) => [one.type, one.raw.toString("hex")]));
    expect(read).toEqual(expected);
  });

  it("cuts a COMMIT sent with the extended protocol after forwarding it: the row is committed, the client only sees its connection end", async () => {
    const { armed, lost, client } = await insertThroughArmedProxy("cut-after-forwarding", "extended, committed");
    // A named statement goes as Parse, Bind, Execute, Sync.
    const commit = client.query({ name: "commit_extended", text: "COMMIT" }).then(
      () => null,
      (error: Error) => error,
    );
    const tripped = await armed;
    expect(tripped.unrelayedReplies).toEqual(["COMMIT"]);
    expect((await commit)?.message).toMatch(/Connection terminated/);
    expect((await lost).message).toMatch(/Connection terminated/);
    expect(await notes()).toContain("extended, committed");
  });

  it("cuts a simple-query COMMIT instead of forwarding it: the server rolls the transaction back", async () => {
    const { armed, lost, client } = await insertThroughArmedProxy("cut-before-forwarding", "simple, rolled back");
    const commit = client.query("commit").then(
      () => null,
      (error: Error) => error,
    );
    const tripped = await armed;
    expect(tripped.unrelayedReplies).toEqual([]);
    expect(tripped.transaction).toEqual(["begin", "insert into notes (text) values ($1)", "commit"]);
    expect((await commit)?.message).toMatch(/Connection terminated/);
    await lost;
    expect(await notes()).not.toContain("simple, rolled back");
  });
});
