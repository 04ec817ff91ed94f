// Private PostgreSQL clusters for the tests: `initdb` + `pg_ctl` in a temporary directory, on a
// free port of 127.0.0.1 and a socket in that directory, so nothing touches a system cluster (a
// Debian package may run one on 5432; it does not matter here). One primary per vitest run is
// started by the global setup (postgres-global-setup.ts) and reached from test files with
// `testPostgres()`; replica tests start their own streaming replica of it with `startReplica`.
//
// initdb and postgres refuse to run as root: when the tests run as root (CI containers do), every
// binary runs as the `postgres` OS user through runuser, on directories that user owns.
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as pause } from "node:timers/promises";
import pg from "pg";
import { inject } from "vitest";

/** The superuser initdb creates (`-U`): the same name whoever runs the tests. */
export const CLUSTER_USER = "khabar";
const DIRECTORY_PREFIX = "khabar-pg-";
const MINIMUM_MAJOR_VERSION = 15;

/** What a test file needs to reach a cluster; plain data, so vitest can `provide` it across processes. */
export interface ClusterAddress {
  host: string;
  port: number;
  user: string;
  /** The cluster's own directory: its data folder, log and socket live under it. */
  directory: string;
}

export interface PostgresCluster extends ClusterAddress {
  /** A connection URL for one database of the cluster. */
  url(database?: string): string;
  /** Creates a new, empty database with a unique name and returns its URL. */
  createDatabase(): Promise<string>;
  /** Stops the server (fast shutdown) and removes its directory. Safe to call twice. */
  stop(): Promise<void>;
  /** Stops the server but keeps its data, as an outage or a restart does; `start` brings it back on the same port. */
  halt(): Promise<void>;
  start(): Promise<void>;
}

// ---------------------------------------------------------------- binaries

/**
 * The bin folder of the newest installed PostgreSQL ≥ 15: Debian's layout
 * (/usr/lib/postgresql/<major>/bin, not on PATH), else what `pg_config --bindir` says. Throws, so
 * that PostgreSQL tests fail rather than skip, when there is none.
 */
export function findPostgresBinaries(root = "/usr/lib/postgresql", pgConfig = "pg_config"): string {
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((entry) => /^\d+$/.test(entry) && Number(entry) >= MINIMUM_MAJOR_VERSION)
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const major of majors) {
    const bin = join(root, major, "bin");
    if (existsSync(join(bin, "postgres")) && existsSync(join(bin, "initdb"))) return bin;
  }
  const fromPgConfig = spawnSync(pgConfig, ["--bindir"], { encoding: "utf8" });
  if (fromPgConfig.status === 0) {
    const bin = fromPgConfig.stdout.trim();
    if (existsSync(join(bin, "postgres")) && existsSync(join(bin, "initdb")) && majorVersionOf(bin) >= MINIMUM_MAJOR_VERSION) return bin;
  }
  throw new Error(
    `No PostgreSQL server ${MINIMUM_MAJOR_VERSION} or newer found: no ${root}/<N>/bin/postgres with N >= ${MINIMUM_MAJOR_VERSION}, ` +
      "and `pg_config --bindir` names none. The PostgreSQL tests need one: `apt-get install postgresql` provides it (.ci/run does this).",
  );
}

function majorVersionOf(bin: string): number {
  const version = spawnSync(join(bin, "postgres"), ["--version"], { encoding: "utf8" });
  const match = /(\d+)(?:\.\d+)?/.exec(version.stdout ?? "");
  return match ? Number(match[1]) : 0;
}

const runningAsRoot = process.geteuid?.() === 0;

/** Runs a PostgreSQL binary (as `postgres` when we are root) and returns its output; throws with that output on failure. */
function runBinary(bin: string, program: string, args: readonly string[]): string {
  const [command, commandArgs] = runningAsRoot ? ["runuser", ["-u", "postgres", "--", join(bin, program), ...args]] : [join(bin, program), args];
  const result = spawnSync(command, commandArgs, { encoding: "utf8", env: process.env });
  if (result.status !== 0) {
    throw new Error(`${program} ${args.join(" ")} failed (exit ${result.status ?? result.signal}):\n${result.stdout ?? ""}${result.stderr ?? ""}`);
  }
  return result.stdout;
}

/** A folder the server's user owns (initdb insists on it, and on mode 0700 for the data folder it creates inside). */
function ownedDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), DIRECTORY_PREFIX));
  if (runningAsRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(directory, uid, gid);
  }
  // Who started it: a later run stops a cluster whose owner died without stopping it.
  writeFileSync(join(directory, "owner.pid"), String(process.pid), { mode: 0o644 });
  return directory;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

// ---------------------------------------------------------------- clusters

/** Settings of every test cluster, primary and replica alike. */
function serverOptions(port: number, directory: string, extra: readonly string[]): string {
  return [
    `-p ${port}`,
    `-k ${directory}`,
    "-c listen_addresses=127.0.0.1",
    // fsync=off only because these clusters are throwaway test fixtures: it makes each commit and
    // CREATE DATABASE cheap. It is unsafe for data anyone keeps (a power loss corrupts the cluster).
    "-c fsync=off",
    "-c wal_level=replica",
    "-c max_wal_senders=5",
    "-c max_connections=200",
    ...extra,
  ].join(" ");
}

function clusterOf(bin: string, address: ClusterAddress, dataDirectory: string, options: string): PostgresCluster {
  let stopped = false;
  const stopNow = (mode: "fast" | "immediate") => {
    if (stopped) return;
    stopped = true;
    stopClusterSync(bin, dataDirectory, mode);
    unregisterExitStop(stopOnExit);
    rmSync(address.directory, { recursive: true, force: true });
  };
  const stopOnExit = () => stopNow("immediate");
  registerExitStop(stopOnExit);
  return {
    ...address,
    url: (database = "postgres") => urlOf(address, database),
    createDatabase: () => createDatabaseIn(address),
    stop: async () => stopNow("fast"),
    halt: async () => stopClusterSync(bin, dataDirectory, "fast"),
    start: async () => {
      runBinary(bin, "pg_ctl", ["start", "-w", "-D", dataDirectory, "-l", join(address.directory, "server.log"), "-o", options]);
    },
  };
}

function stopClusterSync(bin: string, dataDirectory: string, mode: "fast" | "immediate"): void {
  if (!existsSync(join(dataDirectory, "postmaster.pid"))) return;
  try {
    runBinary(bin, "pg_ctl", ["stop", "-w", "-D", dataDirectory, "-m", mode]);
  } catch (error) {
    // A server that is already gone leaves pg_ctl nothing to stop; anything else is worth seeing.
    if (existsSync(join(dataDirectory, "postmaster.pid"))) throw error;
  }
}

/** Starts a new primary cluster. */
export async function startCluster(): Promise<PostgresCluster> {
  const bin = findPostgresBinaries();
  stopOrphanedClusters(bin);
  const directory = ownedDirectory();
  const data = join(directory, "data");
  // --no-sync: nothing initdb writes needs to survive a power loss (see fsync=off).
  runBinary(bin, "initdb", ["-D", data, "-A", "trust", "-U", CLUSTER_USER, "--encoding=UTF8", `--locale=${availableLocale()}`, "--no-sync", "--no-instructions"]);
  const port = await freePort();
  const options = serverOptions(port, directory, []);
  runBinary(bin, "pg_ctl", ["start", "-w", "-D", data, "-l", join(directory, "server.log"), "-o", options]);
  return clusterOf(bin, { host: "127.0.0.1", port, user: CLUSTER_USER, directory }, data, options);
}

/** C.UTF-8 when the system has it (Debian does, built into glibc), else plain C. */
function availableLocale(): string {
  const locales = spawnSync("locale", ["-a"], { encoding: "utf8" });
  return /^C\.(UTF-8|utf8)$/m.test(locales.stdout ?? "") ? "C.UTF-8" : "C";
}

export interface ReplicaCluster extends PostgresCluster {
  /** Resolves once this replica has replayed everything the primary had written when it was called. */
  waitForReplay(): Promise<void>;
}

/**
 * A streaming replica of `primary`: a base backup (`-R` writes the standby's connection settings,
 * `-c fast` asks for an immediate checkpoint instead of a spread one, which on a written cluster
 * takes minutes), started hot-standby on another port. initdb's pg_hba.conf already lets local
 * replication connections in (trust).
 */
export async function startReplica(primary: ClusterAddress): Promise<ReplicaCluster> {
  const bin = findPostgresBinaries();
  const directory = ownedDirectory();
  const data = join(directory, "data");
  runBinary(bin, "pg_basebackup", ["-h", primary.host, "-p", String(primary.port), "-U", primary.user, "-D", data, "-R", "-X", "stream", "-c", "fast"]);
  const port = await freePort();
  const options = serverOptions(port, directory, ["-c hot_standby=on"]);
  runBinary(bin, "pg_ctl", ["start", "-w", "-D", data, "-l", join(directory, "server.log"), "-o", options]);
  const cluster = clusterOf(bin, { host: "127.0.0.1", port, user: primary.user, directory }, data, options);
  return { ...cluster, waitForReplay: () => waitForReplay(primary, cluster) };
}

/** How many times waitForReplay asks the replica, REPLAY_POLL_PAUSE_MS apart, before it fails. */
const REPLAY_POLLS = 1000;
const REPLAY_POLL_PAUSE_MS = 10;

/**
 * Waits until `replica` has replayed the primary's WAL up to the primary's position now: then every
 * transaction committed on the primary before the call is visible on the replica. Polls a bounded
 * number of times and fails saying how far the replica got.
 */
export async function waitForReplay(primary: ClusterAddress, replica: ClusterAddress): Promise<void> {
  const target = await queryOne<{ lsn: string }>(primary, "select pg_current_wal_lsn()::text as lsn");
  const client = new pg.Client({ connectionString: urlOf(replica, "postgres") });
  await client.connect();
  try {
    let replayed: string | null = null;
    for (let poll = 0; poll < REPLAY_POLLS; poll++) {
      const { rows } = await client.query<{ replayed: string | null; caught_up: boolean | null }>(
        "select pg_last_wal_replay_lsn()::text as replayed, pg_last_wal_replay_lsn() >= $1::pg_lsn as caught_up",
        [target.lsn],
      );
      replayed = rows[0]?.replayed ?? null;
      if (rows[0]?.caught_up) return;
      await pause(REPLAY_POLL_PAUSE_MS);
    }
    throw new Error(`The replica on port ${replica.port} did not replay the primary's WAL up to ${target.lsn} after ${REPLAY_POLLS} polls: it is at ${replayed ?? "nothing (not in recovery?)"}.`);
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------- databases

export function urlOf(address: Pick<ClusterAddress, "host" | "port" | "user">, database: string): string {
  return `postgres://${encodeURIComponent(address.user)}@${address.host}:${address.port}/${encodeURIComponent(database)}`;
}

async function queryOne<Row extends pg.QueryResultRow>(address: ClusterAddress, text: string): Promise<Row> {
  const client = new pg.Client({ connectionString: urlOf(address, "postgres") });
  await client.connect();
  try {
    const { rows } = await client.query<Row>(text);
    if (!rows[0]) throw new Error(`No row from: ${text}`);
    return rows[0];
  } finally {
    await client.end();
  }
}

async function createDatabaseIn(address: ClusterAddress): Promise<string> {
  const name = `test_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: urlOf(address, "postgres") });
  await client.connect();
  try {
    // template0: a copy of template1 would carry anything a test wrote there.
    await client.query(`create database ${name} template template0`);
  } finally {
    await client.end();
  }
  return urlOf(address, name);
}

/**
 * The run's cluster (started by the global setup) from a test file. There is no `stop`: the
 * global teardown owns the server. Each test file makes its own database with createDatabase().
 */
export function testPostgres(): Omit<PostgresCluster, "stop" | "halt" | "start"> {
  const address = inject("postgres");
  return { ...address, url: (database = "postgres") => urlOf(address, database), createDatabase: () => createDatabaseIn(address) };
}

declare module "vitest" {
  export interface ProvidedContext {
    postgres: ClusterAddress;
  }
}

// ---------------------------------------------------------------- not leaving servers behind

// A cluster must not outlive the process that started it, even when that process ends without its
// teardown (an uncaught error, Ctrl-C): an exit handler stops it, synchronously, as exit handlers
// must. A SIGKILL runs no handler; the next run's stopOrphanedClusters catches that case.
const exitStops = new Set<() => void>();
let exitHandlersInstalled = false;

function registerExitStop(stop: () => void): void {
  exitStops.add(stop);
  if (exitHandlersInstalled) return;
  exitHandlersInstalled = true;
  process.on("exit", () => runExitStops());
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      runExitStops();
      // Our listener replaced the default action (exit); keep it when nobody else handles the signal.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

function unregisterExitStop(stop: () => void): void {
  exitStops.delete(stop);
}

function runExitStops(): void {
  for (const stop of [...exitStops]) {
    try {
      stop();
    } catch {
      // exiting anyway: one failed stop must not keep the others from running
    }
  }
}

/** Stops test clusters left running by a run that was killed (its owner pid is gone), and removes their folders. */
function stopOrphanedClusters(bin: string): void {
  for (const entry of readdirSync(tmpdir())) {
    if (!entry.startsWith(DIRECTORY_PREFIX)) continue;
    const directory = join(tmpdir(), entry);
    let owner: number;
    try {
      owner = Number(readFileSync(join(directory, "owner.pid"), "utf8"));
    } catch {
      continue;
    }
    if (isAlive(owner)) continue;
    try {
      stopClusterSync(bin, join(directory, "data"), "immediate");
      rmSync(directory, { recursive: true, force: true });
    } catch {
      // not ours to stop after all (another user's); leave it
    }
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
