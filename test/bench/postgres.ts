// The benchmark's PostgreSQL: one private cluster per run (the tests' startCluster: initdb +
// pg_ctl in a temporary directory, as the postgres user when we are root), stopped at the end and
// on failure or Ctrl-C (startCluster's exit handlers). Each size's cached SQLite database is
// copied into a fresh database of that cluster with copySqliteToPostgres, then VACUUM ANALYZE'd
// (the copy leaves no statistics and no visibility map: plans and index-only scans need both).
// Also: the server settings both sides run with, and the CPU the server's processes use.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { openPostgres } from "../../src/db/postgres/client.js";
import { copySqliteToPostgres } from "../../src/db/postgres/copy.js";
import { migratePostgres } from "../../src/db/postgres/migrate.js";
import { findPostgresBinaries, startCluster, type PostgresCluster } from "../helpers/postgres.js";

/**
 * What the benchmark runs PostgreSQL with unless `--pg-settings default` (or `--pg-setting`)
 * says otherwise: sized for this machine (2 cores, 24 GB) and a read load that fits in memory —
 * the whole M database is in shared_buffers; no JIT (it pays off only for long analytic queries,
 * and its compile time lands on any query whose estimated cost crosses jit_above_cost);
 * random_page_cost for SSDs. Both Khabar and the floor read the same server, so whatever is set
 * here applies to both alike.
 */
export const TUNED_SETTINGS: Readonly<Record<string, string>> = {
  shared_buffers: "2GB",
  effective_cache_size: "16GB",
  work_mem: "16MB",
  jit: "off",
  random_page_cost: "1.1",
};

/** Settings reported with the results (whatever was or was not changed). */
const REPORTED = ["server_version", "shared_buffers", "effective_cache_size", "work_mem", "jit", "random_page_cost", "max_connections", "fsync"];

export interface BenchCluster {
  cluster: PostgresCluster;
  /** The settings in effect, as SHOW reports them. */
  settings: Record<string, string>;
  /** The postmaster's pid: its children are the server's processes. */
  postmasterPid(): number;
  stop(): Promise<void>;
}

const runningAsRoot = process.geteuid?.() === 0;

function pgCtl(args: string[]): void {
  const bin = findPostgresBinaries();
  const [command, commandArgs] = runningAsRoot ? ["runuser", ["-u", "postgres", "--", join(bin, "pg_ctl"), ...args]] : [join(bin, "pg_ctl"), args];
  const result = spawnSync(command, commandArgs, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`pg_ctl ${args.join(" ")} failed (exit ${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
}

async function showSettings(url: string): Promise<Record<string, string>> {
  const handle = await openPostgres(url, { poolSize: 1 });
  try {
    const settings: Record<string, string> = {};
    for (const name of REPORTED) settings[name] = (await handle.pool.query<Record<string, string>>(`show ${name}`)).rows[0]![name]!;
    return settings;
  } finally {
    await handle.close();
  }
}

/**
 * Starts the run's cluster and applies `settings` (ALTER SYSTEM, then a restart: shared_buffers
 * takes effect only at server start). pg_ctl restart keeps the options the server was started
 * with (port, socket; postmaster.opts).
 */
export async function startBenchCluster(settings: Readonly<Record<string, string>>): Promise<BenchCluster> {
  const cluster = await startCluster();
  const data = join(cluster.directory, "data");
  try {
    if (Object.keys(settings).length > 0) {
      const handle = await openPostgres(cluster.url(), { poolSize: 1 });
      try {
        for (const [name, value] of Object.entries(settings)) {
          if (!/^[a-z_]+$/.test(name)) throw new Error(`not a PostgreSQL setting name: ${name}`);
          await handle.pool.query(`alter system set ${name} = '${value.replaceAll("'", "''")}'`);
        }
      } finally {
        await handle.close();
      }
      pgCtl(["restart", "-w", "-D", data, "-m", "fast", "-l", join(cluster.directory, "server.log")]);
    }
    return {
      cluster,
      settings: await showSettings(cluster.url()),
      postmasterPid: () => Number(readFileSync(join(data, "postmaster.pid"), "utf8").split("\n")[0]),
      stop: () => cluster.stop(),
    };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

export interface PostgresCopy {
  url: string;
  rows: number;
  copySeconds: number;
  vacuumSeconds: number;
}

/** A fresh database of the cluster, migrated, holding a copy of the SQLite database at `sqlitePath`. */
export async function copyIntoPostgres(cluster: PostgresCluster, sqlitePath: string): Promise<PostgresCopy> {
  const url = await cluster.createDatabase();
  const handle = await openPostgres(url, { poolSize: 1, statementTimeoutMs: 0 });
  const sqlite = new Database(sqlitePath, { readonly: true });
  try {
    await migratePostgres(handle.pool);
    let started = performance.now();
    const { rows } = await copySqliteToPostgres(sqlite, handle.pool);
    const copySeconds = (performance.now() - started) / 1000;
    started = performance.now();
    await handle.pool.query("vacuum (analyze)");
    await handle.pool.query("checkpoint");
    const vacuumSeconds = (performance.now() - started) / 1000;
    return { url, rows, copySeconds, vacuumSeconds };
  } finally {
    sqlite.close();
    await handle.close();
  }
}

// ---------------------------------------------------------------- CPU from /proc

const TICKS_PER_SECOND = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses). */
function statFields(pid: number): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    return text.slice(text.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/** CPU milliseconds (user + system, all threads) a process has used so far; 0 when it is gone. */
export function processCpuMs(pid: number): number {
  const fields = statFields(pid);
  // After the name: state(3) ppid(4) … utime(14) stime(15), numbered as in proc(5); index = number - 3.
  return fields ? ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND : 0;
}

/**
 * CPU milliseconds the whole server has used: the postmaster, its live children (a backend per
 * connection, the checkpointer, the WAL writer, autovacuum…), and the children that have ended
 * (cutime/cstime: the postmaster reaps them). Differences of this over a load run are what the
 * server spent on it.
 */
export function serverCpuMs(postmasterPid: number): number {
  const own = statFields(postmasterPid);
  if (!own) return 0;
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (fields && Number(fields[1]) === postmasterPid) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}
