// Durability and faults: kill -9 during writes loses no acknowledged write; a locked, read-only or
// full database fails writes clearly while reads continue; backups taken during writes are sound;
// a database from a newer Khabar is refused; SIGTERM under load drops no in-flight request.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import { createInterface } from "node:readline";
import Database from "better-sqlite3";
import { GraphQLObjectType, GraphQLSchema, GraphQLString } from "graphql";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { backupDatabase, BackupError, inspectDatabaseFile, restoreDatabase } from "../../src/db/backup.js";
import { guardWrite, StorageUnavailableError } from "../../src/db/faults.js";
import { MigrationError, migrateDatabase } from "../../src/db/migrate.js";
import { writersFor } from "../helpers/writers.js";
import { projectPath } from "../../src/shared/project-root.js";
import { createSampleDatabase, createTestDatabase, temporaryDirectory, type TestDatabase } from "../helpers/database.js";
import { gql, gqlData, startTestServer } from "../helpers/server.js";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A seeded generator, so a failing run can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function spawnTsx(script: string, args: string[], environment: NodeJS.ProcessEnv = {}): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: projectPath(),
    env: { ...process.env, NODE_ENV: "test", LOG_LEVEL: "info", ...environment },
  });
  // Killed and waited for, so no writer or server outlives its test.
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited(child);
  });
  return child;
}

function lines(child: ChildProcessWithoutNullStreams, onLine: (line: string) => void): void {
  createInterface({ input: child.stdout }).on("line", onLine);
}

/**
 * Follows the crash writer's stdout: its URL, and every `ack <slug>` it printed after a commit.
 * `acknowledged(n)` resolves once n acks have arrived, and rejects if the writer exits first, so
 * a crashed writer fails the test with its stderr rather than a timeout.
 */
function followWriter(child: ChildProcessWithoutNullStreams) {
  const slugs: string[] = [];
  let url = "";
  let stderr = "";
  const waiting: { count: number; resolve: () => void }[] = [];
  child.stderr.on("data", (chunk) => (stderr += String(chunk)));
  lines(child, (line) => {
    if (line.startsWith("url ")) url = line.slice(4);
    if (!line.startsWith("ack ")) return;
    slugs.push(line.slice(4));
    for (const waiter of waiting.filter(({ count }) => slugs.length >= count)) {
      waiting.splice(waiting.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
  const died = exited(child).then(({ code, signal }) => {
    throw new Error(`the writer exited (${signal ?? code}) after ${slugs.length} acks:\n${stderr}`);
  });
  died.catch(() => {}); // only a failure while someone waits
  return {
    slugs,
    url: () => url,
    acknowledged: (count: number) =>
      Promise.race([died, new Promise<void>((resolve) => (slugs.length >= count ? resolve() : waiting.push({ count, resolve })))]),
  };
}

function exited(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
}

function integrity(path: string): string {
  const sqlite = new Database(path, { readonly: true });
  try {
    return (sqlite.pragma("integrity_check", { simple: true }) as string) ?? "";
  } finally {
    sqlite.close();
  }
}

const WRITER = "test/fixtures/crash-writer.ts";

describe("crashes", () => {
  it("keeps every acknowledged write across kill -9 at random moments, and the file passes integrity_check", async () => {
    const database = createTestDatabase();
    database.close();
    cleanups.push(() => database.destroy());
    const next = random(7);
    const acknowledged: string[] = [];
    for (let round = 0; round < 3; round++) {
      const child = spawnTsx(WRITER, [database.path, `crash-${round}`]);
      const writer = followWriter(child);
      // The kill comes after a seeded random number of acks, not after a random sleep (which gave
      // a slow machine too few writes to prove anything). The writer keeps writing while its acks
      // travel through the pipe, so it still dies at an arbitrary point of a write.
      await writer.acknowledged(1);
      // The server keeps answering while the writes go on.
      expect((await gql(writer.url(), "{ people(first: 1) { totalCount } }")).status).toBe(200);
      await writer.acknowledged(10 + Math.floor(next() * 40));
      const closed = new Promise((resolve) => child.once("close", resolve));
      child.kill("SIGKILL");
      expect((await exited(child)).signal).toBe("SIGKILL");
      await closed; // stdout read to its end: every ack printed before the kill is in writer.slugs
      // Acks already in the pipe when it died were printed after their commit: they count too.
      acknowledged.push(...writer.slugs);
    }
    expect(integrity(database.path)).toBe("ok");
    const reopened = openDatabase(database.path);
    const present = new Set((reopened.sqlite.prepare("select slug from actors").pluck().all() as string[]));
    reopened.close();
    const missing = acknowledged.filter((slug) => !present.has(slug));
    console.info(`crash test: ${acknowledged.length} writes acknowledged over 3 kill -9 rounds, ${acknowledged.length - missing.length} found after restart`);
    expect(acknowledged.length).toBeGreaterThan(20);
    expect(missing).toEqual([]);
  });
});

describe("storage faults", () => {
  async function sampleServer(): Promise<{ database: TestDatabase; url: string; write: (slug: string) => void }> {
    const database = await createSampleDatabase();
    const server = await startTestServer(database);
    cleanups.push(() => database.destroy(), () => server.close());
    const writer = writersFor(database.db).actors;
    const write = (slug: string) => guardWrite(() => database.sqlite.transaction(() => writer.write({ type: "person", slug, name: slug }))());
    return { database, url: server.url, write };
  }
  const readQuery = `{ person(slug: "antony-blinken") { name statements(first: 3) { totalCount } } }`;

  it("fails writes cleanly while another connection holds the write lock beyond busy_timeout, keeps reading, and recovers after release", async () => {
    const { database, url, write } = await sampleServer();
    database.sqlite.pragma("busy_timeout = 100");
    const other = new Database(database.path);
    cleanups.push(() => other.close());
    other.exec("begin immediate; insert into actors (actor_type, slug, name, created_at, updated_at) values ('PERSON', 'holder', 'holder', '2024-01-01', '2024-01-01');");
    let failure: unknown;
    try {
      write("while-locked");
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(StorageUnavailableError);
    expect((failure as StorageUnavailableError).message).toContain("locked by another writer");
    expect((failure as StorageUnavailableError).extensions.code).toBe("SERVICE_UNAVAILABLE");
    expect((await gqlData(url, readQuery)).person.name).toBeTruthy();
    other.exec("commit");
    write("after-release");
    const found = await gqlData(url, `{ a: person(slug: "after-release") { slug } b: person(slug: "holder") { slug } c: person(slug: "while-locked") { slug } }`);
    expect(found).toEqual({ a: { slug: "after-release" }, b: { slug: "holder" }, c: null });
  });

  it("fails writes on a read-only database with a clear error while reads keep working", async () => {
    const { database, url, write } = await sampleServer();
    // Root ignores file permissions, so the test makes the connection read-only instead.
    database.sqlite.pragma("query_only = ON");
    expect(() => write("read-only")).toThrow(/read-only/);
    expect((await gqlData(url, readQuery)).person.name).toBeTruthy();
    database.sqlite.pragma("query_only = OFF");
    write("writable-again");
  });

  it("fails writes on a full database with a clear error while reads keep working", async () => {
    const { database, url, write } = await sampleServer();
    const pages = database.sqlite.pragma("page_count", { simple: true }) as number;
    database.sqlite.pragma(`max_page_count = ${pages}`);
    let failure: unknown;
    try {
      for (let index = 0; index < 500; index++) write(`filler-${index}-${"x".repeat(50)}`);
    } catch (error) {
      failure = error;
    }
    expect((failure as StorageUnavailableError).message).toContain("disk holding the database is full");
    expect((await gqlData(url, readQuery)).person.name).toBeTruthy();
  });

  it("answers SERVICE_UNAVAILABLE, not a masked internal error, when a resolver's write meets a read-only database", async () => {
    const database = createTestDatabase();
    cleanups.push(() => database.destroy());
    database.sqlite.pragma("query_only = ON");
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({
        name: "Query",
        fields: { touch: { type: GraphQLString, resolve: () => (database.sqlite.prepare("create table t (x)").run(), "done") } },
      }),
    });
    const server = await startTestServer(database, { schema });
    cleanups.push(() => server.close());
    const result = await gql(server.url, "{ touch }");
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: "SERVICE_UNAVAILABLE", reason: "SQLITE_READONLY" } });
    expect(result.errors?.[0]?.message).toContain("Reads keep working");
  });
});

describe("migrations", () => {
  it("refuses to start on a database migrated by a newer Khabar, with a clear message", async () => {
    const database = createTestDatabase();
    cleanups.push(() => database.destroy());
    database.sqlite.prepare("insert into __drizzle_migrations (hash, created_at) values ('future', ?)").run(Date.now() + 10 * 365 * 24 * 3600 * 1000);
    expect(() => migrateDatabase(database)).toThrow(MigrationError);
    expect(() => migrateDatabase(database)).toThrow(/newer version of Khabar/);
    database.close();
    const child = spawnTsx("src/index.ts", [], { DATABASE_URL: database.path, PORT: "0" });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += String(chunk)));
    expect((await exited(child)).code).toBe(1);
    expect(stderr).toContain("was migrated by a newer version of Khabar");
  });
});

describe("backup and restore", () => {
  it("takes a backup during concurrent writes that passes integrity_check, and restores it", async () => {
    const database = await createSampleDatabase();
    cleanups.push(() => database.destroy());
    const child = spawnTsx(WRITER, [database.path, "during-backup"]);
    const writer = followWriter(child);
    await writer.acknowledged(50);
    const acknowledgedBefore = writer.slugs.length;
    const file = join(database.directory, "backup.db");
    const summary = await backupDatabase(database, file);
    child.kill("SIGKILL");
    await exited(child);
    expect(summary.bytes).toBeGreaterThan(0);
    expect(inspectDatabaseFile(file)).toEqual([]);
    expect(integrity(file)).toBe("ok");
    const copy = new Database(file, { readonly: true });
    const copied = copy.prepare("select count(*) from actors where slug like 'during-backup-%'").pluck().get() as number;
    copy.close();
    expect(copied).toBeGreaterThanOrEqual(acknowledgedBefore);

    const target = join(temporaryDirectory(), "restored.db");
    writeFileSync(`${target}-wal`, "stale");
    restoreDatabase(file, target);
    const restored = openDatabase(target);
    expect(migrateDatabase(restored).applied).toBe(0);
    expect(restored.sqlite.prepare("select count(*) from actors where slug like 'during-backup-%'").pluck().get()).toBe(copied);
    restored.close();
  });

  it("refuses to restore a file that is not a sound Khabar database", async () => {
    const directory = temporaryDirectory();
    const garbage = join(directory, "garbage.db");
    writeFileSync(garbage, "this is not sqlite".repeat(100));
    expect(() => restoreDatabase(garbage, join(directory, "target.db"))).toThrow(BackupError);
    const foreign = join(directory, "foreign.db");
    new Database(foreign).exec("create table x (y)").close();
    expect(() => restoreDatabase(foreign, join(directory, "target.db"))).toThrow(/not a Khabar database/);
    const newer = createTestDatabase();
    cleanups.push(() => newer.destroy());
    newer.sqlite.prepare("insert into __drizzle_migrations (hash, created_at) values ('future', ?)").run(Date.now() + 1e12);
    newer.close();
    expect(() => restoreDatabase(newer.path, join(directory, "target.db"))).toThrow(/newer version of Khabar/);
  });
});

describe("graceful shutdown", () => {
  it("drops no in-flight request when SIGTERM arrives under load", async () => {
    const directory = temporaryDirectory();
    const child = spawnTsx("src/index.ts", [], { DATABASE_URL: join(directory, "khabar.db"), PORT: "0", HOST: "127.0.0.1" });
    let shutdownBegan = () => {};
    const shuttingDown = new Promise<void>((resolve) => (shutdownBegan = resolve));
    const url = await new Promise<string>((resolve) =>
      lines(child, (line) => {
        const match = /"url":"([^"]+)"/.exec(line);
        if (match?.[1]) resolve(match[1]);
        if (line.includes("shutting down")) shutdownBegan();
      }),
    );
    const query = JSON.stringify({ query: `{ articles(first: 5) { nodes { headline statements(first: 10) { nodes { text speaker { name } } } } } }` });
    const target = new URL(url);

    // Requests certain to be in flight: headers and half the body sent before SIGTERM, the rest after.
    const slow = Array.from({ length: 5 }, () => {
      const request = httpRequest({ host: target.hostname, port: target.port, path: target.pathname, method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(query) } });
      const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
        request.on("response", (incoming) => {
          let body = "";
          incoming.on("data", (chunk) => (body += String(chunk)));
          incoming.on("end", () => resolve({ status: incoming.statusCode ?? 0, body }));
        });
        request.on("error", reject);
      });
      request.write(query.slice(0, 20));
      return { request, response };
    });

    // Load: workers sending requests back to back until the server goes away. SIGTERM comes once
    // LOADED of them were answered (or the first failure), not after a fixed sleep that a slow
    // machine could spend before answering any.
    const LOADED = 8;
    const outcomes: string[] = [];
    let stop = false;
    let loadRunning = () => {};
    const loaded = new Promise<void>((resolve) => (loadRunning = resolve));
    const record = (outcome: string) => {
      outcomes.push(outcome);
      if (outcome !== "ok" || outcomes.length >= LOADED) loadRunning();
    };
    const worker = async () => {
      while (!stop) {
        try {
          const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", connection: "close" }, body: query });
          const body = await response.text();
          record(response.status === 200 && body.includes('"articles"') ? "ok" : `status ${response.status}`);
        } catch {
          record("not accepted");
          stop = true;
        }
      }
    };
    const workers = Array.from({ length: 4 }, worker);
    await loaded;
    child.kill("SIGTERM");
    // The rest of the slow bodies goes out once the server says it is draining, so they are
    // certainly in flight during the shutdown (a 100 ms sleep only hoped so).
    await shuttingDown;
    for (const { request } of slow) request.end(query.slice(20));
    const finished = await Promise.all(slow.map(({ response }) => response));
    stop = true;
    await Promise.all(workers);
    const exit = await exited(child);

    for (const result of finished) {
      expect(result.status).toBe(200);
      expect(JSON.parse(result.body).data.articles.nodes.length).toBeGreaterThan(0);
    }
    // Requests arriving after SIGTERM are refused cleanly (503 or not accepted), never cut off.
    expect(outcomes.filter((outcome) => outcome !== "ok" && outcome !== "status 503" && outcome !== "not accepted")).toEqual([]);
    expect(outcomes.filter((outcome) => outcome === "ok").length).toBeGreaterThan(0);
    expect(exit.code).toBe(0);
  });
});
