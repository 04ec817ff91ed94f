// `npm run bench -- --size S|M|L [--engine sqlite|postgres] [--duration SECONDS] [--connections N] [--json FILE] [--reimport]`
// `npm run bench -- --compare S,L [...]`: both sizes in one run, and p50 growth from one to the other.
// `--engine postgres`: a private PostgreSQL cluster for the run (postgres.ts), each size's SQLite
// database copied into it; Khabar and the floor both read it. `--pg-settings tuned|default` and
// `--pg-setting name=value` (repeatable) set the server's settings.
// Khabar (compiled JS, a child process) against the hand-written floor (another child), same
// connections and duration, alternating scenario by scenario (and size by size) so that load from
// elsewhere on the machine hits all alike. Also: SQL statements per request at page sizes 5 and
// 50, peak RSS under load, cold start to first answer, import rate. Reports; asserts nothing
// about speed.
import "reflect-metadata";
import { readFileSync, writeFileSync } from "node:fs";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { pino } from "pino";
import { ApiKeyStore } from "../../src/auth/api-keys.js";
import { PostgresApiKeyStore } from "../../src/auth/postgres-api-keys.js";
import pg from "pg";
import { openDatabase } from "../../src/db/client.js";
import { createServer } from "../../src/server.js";
import { isSizeName, type SizeName } from "./generate.js";
import { formatPhaseSplits, phaseSplits } from "./phases.js";
import { ensureDatabase, workingCopy, type LoadedDatabase } from "./load.js";
import {
  nestedOperations,
  NODE_LOOKUP,
  randomCreateStatements,
  randomSlugLookups,
  rotatingSearch,
  SEARCH_TERMS,
  searchOperation,
  type OperationBody,
} from "./scenarios.js";
import { ensureBuild, freePort, post, serverCommand, startChild, type Child } from "./servers.js";
import { openPostgres, type PostgresHandle } from "../../src/db/postgres/client.js";
import { postgresEngine } from "../../src/db/postgres/run.js";
import { copyIntoPostgres, processCpuMs, serverCpuMs, startBenchCluster, TUNED_SETTINGS, type BenchCluster, type PostgresCopy } from "./postgres.js";

type Engine = "sqlite" | "postgres";

interface Options {
  engine: Engine;
  /** PostgreSQL server settings (ALTER SYSTEM before the run): TUNED_SETTINGS, none (`--pg-settings default`), plus `--pg-setting`s. */
  pgSettings: Record<string, string>;
  sizes: SizeName[];
  compare: boolean;
  duration: number;
  connections: number;
  json: string | null;
  reimport: boolean;
  cpuProfile: string | null;
}

export interface ScenarioResult {
  name: string;
  rps: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
  floorRps: number | null;
  ratio: number | null;
  sqlStatementsSmall: number | null;
  sqlStatementsLarge: number | null;
  /** CPU ms per request of the server process (Khabar, node), from /proc over the measured run. */
  cpuMsPerRequest: number | null;
  /** CPU ms per request of all PostgreSQL server processes over the same run (null on SQLite). */
  dbCpuMsPerRequest: number | null;
  floorCpuMsPerRequest: number | null;
  floorDbCpuMsPerRequest: number | null;
}

export interface BenchReport {
  engine: Engine;
  size: SizeName;
  scenarios: ScenarioResult[];
  rssMb: number | null;
  coldStartMs: number | null;
  importStatementsPerSec: number;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

function parseSize(value: string): SizeName {
  const size = value.trim().toUpperCase();
  if (!isSizeName(size)) throw new Error(`a size is S, M or L, got ${value}`);
  return size;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { engine: "sqlite", pgSettings: { ...TUNED_SETTINGS }, sizes: ["S"], compare: false, duration: 5, connections: 10, json: null, reimport: false, cpuProfile: null };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index]!;
    const value = () => {
      const next = argv[++index];
      if (next === undefined) throw new Error(`${argument} needs a value`);
      return next;
    };
    if (argument === "--size") options.sizes = [parseSize(value())];
    else if (argument === "--engine") {
      const engine = value();
      if (engine !== "sqlite" && engine !== "postgres") throw new Error(`--engine is sqlite or postgres, got ${engine}`);
      options.engine = engine;
    } else if (argument === "--pg-settings") {
      const preset = value();
      if (preset !== "tuned" && preset !== "default") throw new Error(`--pg-settings is tuned or default, got ${preset}`);
      options.pgSettings = preset === "tuned" ? { ...TUNED_SETTINGS } : {};
    } else if (argument === "--pg-setting") {
      const match = /^([a-z_]+)=(.*)$/.exec(value());
      if (!match) throw new Error("--pg-setting takes name=value, e.g. jit=off");
      options.pgSettings[match[1]!] = match[2]!;
    } else if (argument === "--compare") {
      const sizes = value().split(",").map(parseSize);
      if (sizes.length !== 2 || sizes[0] === sizes[1]) throw new Error("--compare takes two different sizes, e.g. S,L");
      options.sizes = sizes;
      options.compare = true;
    } else if (argument === "--duration") options.duration = Number(value());
    else if (argument === "--connections") options.connections = Number(value());
    else if (argument === "--json") options.json = value();
    else if (argument === "--reimport") options.reimport = true;
    else if (argument === "--cpu-prof") options.cpuProfile = value();
    else if (argument !== "--") throw new Error(`unknown argument ${argument}`);
  }
  if (!(options.duration > 0) || !(options.connections > 0)) throw new Error("--duration and --connections must be positive");
  return options;
}

/** One request that must succeed: a scenario whose requests answer errors (with status 200) would measure nothing. */
async function expectData(url: string, body: OperationBody, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const { status, json } = await post(url, body, headers);
  if (status !== 200 || json.errors || !json.data) throw new Error(`${body.operationName} ${JSON.stringify(body.variables)} answered ${status}: ${JSON.stringify(json).slice(0, 300)}`);
  return json.data;
}

function peakRssMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

async function load(url: string, body: OperationBody | (() => OperationBody), seconds: number, connections: number, headers: Record<string, string> = {}): Promise<autocannon.Result> {
  const fixed = typeof body === "function" ? body() : body;
  return autocannon({
    url,
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(fixed),
    connections,
    duration: seconds,
    ...(typeof body === "function" ? { requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, body: JSON.stringify(body()) }) }] } : {}),
  });
}

function describe(result: autocannon.Result): { rps: number; p50Ms: number; p99Ms: number } {
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`load run had ${result.non2xx} non-2xx answers and ${result.errors} errors`);
  return { rps: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99 };
}

/** CPU the server process and (on PostgreSQL) the database server used during `work`, per request answered. */
async function withCpu<Result extends { requests: { total: number } }>(serverPid: number, cluster: BenchCluster | null, work: () => Promise<Result>): Promise<{ result: Result; cpuMsPerRequest: number | null; dbCpuMsPerRequest: number | null }> {
  const postmaster = cluster?.postmasterPid() ?? null;
  const before = [processCpuMs(serverPid), postmaster ? serverCpuMs(postmaster) : 0];
  const result = await work();
  const requests = result.requests.total;
  // No answered request (each took longer than the run): no figure rather than the run's total.
  if (requests === 0) return { result, cpuMsPerRequest: null, dbCpuMsPerRequest: null };
  return {
    result,
    cpuMsPerRequest: (processCpuMs(serverPid) - before[0]!) / requests,
    dbCpuMsPerRequest: postmaster ? (serverCpuMs(postmaster) - before[1]!) / requests : null,
  };
}

/**
 * SQL statements the engine runs for one request, in-process (the same server code, on port 0):
 * SQLite's on the file at `path`, or PostgreSQL's on `postgresUrl` (the SQLite file then serves
 * only what still lives there, as in the measured server).
 */
async function countStatements(path: string, postgresUrl: string | null, operations: OperationBody[]): Promise<number[]> {
  let statements = 0;
  const database = openDatabase(path, { readonly: true, ...(postgresUrl ? {} : { onStatement: () => (statements += 1) }) });
  let postgres: PostgresHandle | undefined;
  if (postgresUrl) postgres = await openPostgres(postgresUrl);
  const engine = postgres ? postgresEngine(postgres.pool, { onStatement: () => (statements += 1) }) : undefined;
  const server = await createServer({ database, ...(engine ? { engine } : {}), config: { environment: "production" }, logger: pino({ level: "silent" }) });
  const url = await server.listen(0, "127.0.0.1");
  try {
    const counts: number[] = [];
    for (const operation of operations) {
      await post(url, operation); // warm: prepared statements, schema caches
      statements = 0;
      await expectData(url, operation);
      counts.push(statements);
    }
    return counts;
  } finally {
    await server.close(1_000);
    await postgres?.close();
    database.close();
  }
}

async function sameData(khabarUrl: string, floorUrl: string, operation: OperationBody): Promise<void> {
  const [khabar, floor] = await Promise.all([post(khabarUrl, operation), post(floorUrl, operation)]);
  if (khabar.json.errors) throw new Error(`Khabar answered ${operation.operationName} with errors: ${JSON.stringify(khabar.json.errors)}`);
  const left = JSON.stringify(khabar.json.data);
  const right = JSON.stringify(floor.json.data);
  if (left !== right) {
    const at = [...left].findIndex((character, index) => character !== right[index]);
    throw new Error(`Khabar and the floor disagree on ${operation.operationName} ${JSON.stringify(operation.variables)} at character ${at}:\nkhabar: …${left.slice(Math.max(0, at - 120), at + 200)}\nfloor:  …${right.slice(Math.max(0, at - 120), at + 200)}`);
  }
}

function randomNodeIds(path: string): () => OperationBody {
  const sqlite = new Database(path, { readonly: true });
  const max = (table: string) => (sqlite.prepare(`select max(id) as id from ${table}`).get() as { id: number }).id;
  const people = sqlite.prepare("select id from actors where actor_type = 'PERSON'").all() as { id: number }[];
  const organizations = sqlite.prepare("select id from actors where actor_type = 'ORGANIZATION'").all() as { id: number }[];
  const pools: [string, () => number][] = [
    ["Article", (() => { const top = max("articles"); return () => 1 + Math.floor(Math.random() * top); })()],
    ["Statement", (() => { const top = max("statements"); return () => 1 + Math.floor(Math.random() * top); })()],
    ["Incident", (() => { const top = max("incidents"); return () => 1 + Math.floor(Math.random() * top); })()],
    ["Person", () => people[Math.floor(Math.random() * people.length)]!.id],
    ["Organization", () => organizations[Math.floor(Math.random() * organizations.length)]!.id],
  ];
  sqlite.close();
  return () => {
    const [type, pick] = pools[Math.floor(Math.random() * pools.length)]!;
    return { operationName: "NodeLookup", query: NODE_LOOKUP, variables: { id: Buffer.from(`${type}:${pick()}`).toString("base64") } };
  };
}

async function countPostgresRows(url: string, query: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ n: number }>(query)).rows[0]!.n;
  } finally {
    await client.end();
  }
}

function countRows(path: string, query: string): number {
  const sqlite = new Database(path, { readonly: true });
  try {
    return (sqlite.prepare(query).get() as { n: number }).n;
  } finally {
    sqlite.close();
  }
}

const SEARCH_COUNT = `query SearchCount($query: String!, $types: [SearchType!]) { search(query: $query, types: $types, first: 1) { totalCount } }`;

/** Everything one size needs during a run: its database, a working copy, its two servers. */
interface SizeRun {
  size: SizeName;
  engine: Engine;
  database: LoadedDatabase;
  /** On PostgreSQL: the run's cluster, and this size's database in it (a copy of `database`). */
  cluster: BenchCluster | null;
  postgres: PostgresCopy | null;
  /** Why search is not measured (PostgreSQL's search may not answer yet); null when it is. */
  searchSkipped: string | null;
  copy: { path: string; remove(): void };
  khabar: Child;
  /** A second Khabar on the same copy with KHABAR_RESPONSE_CACHE=true: what a cache hit costs. */
  khabarCached: Child;
  floor: Child;
  coldStartMs: number;
  editor: Record<string, string>;
  articles: number;
  people: number;
  sql: Map<string, [number | null, number | null]>;
  scenarios: ScenarioResult[];
  extras: Record<string, string>;
}


async function startSize(size: SizeName, database: LoadedDatabase, nodeArguments: string[], cluster: BenchCluster | null): Promise<SizeRun> {
  const extras: Record<string, string> = {};
  extras["import"] = `${database.statements} statements in ${database.importSeconds.toFixed(2)} s${database.imported ? "" : " (measured when the cached database was built; --reimport to measure again)"} · cache key ${database.key}`;
  let postgres: PostgresCopy | null = null;
  if (cluster) {
    log(`${size}: copying the SQLite database into a fresh PostgreSQL database…`);
    postgres = await copyIntoPostgres(cluster.cluster, database.path);
    extras["copy into PostgreSQL"] = `${postgres.rows} rows in ${postgres.copySeconds.toFixed(1)} s (copySqliteToPostgres, ${(postgres.rows / postgres.copySeconds / 1000).toFixed(1)}k rows/s) + VACUUM ANALYZE and CHECKPOINT ${postgres.vacuumSeconds.toFixed(1)} s`;
    log(`${size}: ${extras["copy into PostgreSQL"]}`);
  }
  // Khabar runs on a copy: it migrates at start, and create-statement writes. The editor key is
  // made in that copy before the server starts, as `khabar keys create` would.
  const copy = workingCopy(database);
  const handle = openDatabase(copy.path);
  let { key } = new ApiKeyStore(handle.db).create("editor", "benchmark create-statement");
  handle.close();
  if (postgres) {
    // On PostgreSQL the key lives there, as `khabar keys create` with the postgres:// URL makes it.
    const pool = new pg.Pool({ connectionString: postgres.url, max: 1 });
    try {
      key = (await new PostgresApiKeyStore(pool).create("editor", "benchmark create-statement")).key;
    } finally {
      await pool.end();
    }
  }
  const probe = nestedOperations()["person-grouped"];
  // On PostgreSQL, Khabar keeps what still lives in SQLite (API keys…) in memory; the working copy
  // then serves the runner alone (node ids, counts, the in-process statement counts).
  const env = { DATABASE_URL: postgres?.url ?? copy.path, KHABAR_SEED: "false", LOG_LEVEL: "warn", NODE_ENV: "production", HOST: "127.0.0.1" };
  const { child: khabar, coldStartMs } = await startChild(serverCommand(nodeArguments), env, await freePort(), probe);
  const { child: khabarCached } = await startChild(serverCommand(), { ...env, KHABAR_RESPONSE_CACHE: "true" }, await freePort(), probe);
  const floorEnv: Record<string, string> = postgres ? { DATABASE_URL: postgres.url } : { DATABASE_PATH: database.path };
  const { child: floor } = await startChild([process.execPath, "--import", "tsx", "test/bench/floor-server.ts"], floorEnv, await freePort(), probe);
  return {
    size,
    engine: cluster ? "postgres" : "sqlite",
    database,
    cluster,
    postgres,
    searchSkipped: null,
    copy,
    khabar,
    khabarCached,
    floor,
    coldStartMs,
    editor: { authorization: `Bearer ${key}` },
    articles: countRows(copy.path, "select count(*) as n from articles"),
    people: countRows(copy.path, "select count(*) as n from actors where actor_type = 'PERSON'"),
    sql: new Map(),
    scenarios: [],
    extras,
  };
}

/** Checks before measuring: Khabar and the floor agree; every search term answers hits; SQL statement counts. */
async function prepareSize(run: SizeRun): Promise<void> {
  for (const pageSize of [undefined, 5, 50]) {
    for (const operation of Object.values(nestedOperations(pageSize))) {
      await sameData(run.khabar.url, run.floor.url, operation);
      await sameData(run.khabarCached.url, run.floor.url, operation);
    }
  }
  log(`${run.size}: Khabar and the floor answer scenarios 1–3 with identical data (${run.engine})`);
  const matches: string[] = [];
  try {
    for (const term of SEARCH_TERMS) {
      const data = await expectData(run.khabar.url, { operationName: "SearchCount", query: SEARCH_COUNT, variables: { query: term.query, ...(term.types ? { types: term.types } : {}) } });
      const total = (data.search as { totalCount: number }).totalCount;
      if (total === 0) throw new Error(`search "${term.query}" finds nothing at ${run.size}: the scenario would measure empty answers`);
      matches.push(`${term.query}${term.types ? ` [${term.types.join(",")}]` : ""} ${total}`);
    }
    run.extras["search terms (matches)"] = matches.join(" · ");
  } catch (error) {
    // On PostgreSQL, search is being built: left out (and said so) rather than failing the run.
    if (run.engine === "sqlite") throw error;
    run.searchSkipped = `search on PostgreSQL does not answer yet (${(error as Error).message.slice(0, 160)})`;
    log(`${run.size}: left out: ${run.searchSkipped}`);
  }

  const measured = [...Object.keys(nestedOperations()), ...(run.searchSkipped ? [] : ["search"])];
  const common = SEARCH_TERMS[0]!;
  const withSearch = (pageSize: number) => [...Object.values(nestedOperations(pageSize)), ...(run.searchSkipped ? [] : [searchOperation(common, pageSize)])];
  const small = await countStatements(run.copy.path, run.postgres?.url ?? null, withSearch(5));
  const large = await countStatements(run.copy.path, run.postgres?.url ?? null, withSearch(50));
  for (const [index, name] of measured.entries()) run.sql.set(name, [small[index]!, large[index]!]);

  if (run.engine === "postgres") return; // phases.ts times SQLite's statements only
  const operations = [...Object.entries(nestedOperations()).map(([name, body]) => ({ ...body, name })), { ...searchOperation(common), name: "search" }];
  run.extras["where one request's time goes (in-process medians; the last columns include the client's side of the round trip)"] = `\n${formatPhaseSplits(await phaseSplits(run.copy.path, operations))}`;
}

/** Median latency of each search term alone (one connection, five requests after a warm one): which words cost. */
async function searchTermLatencies(url: string): Promise<string> {
  const parts: string[] = [];
  for (const term of SEARCH_TERMS) {
    const body = searchOperation(term);
    await expectData(url, body);
    const times: number[] = [];
    for (let index = 0; index < 5; index += 1) {
      const started = performance.now();
      await expectData(url, body);
      times.push(performance.now() - started);
    }
    times.sort((left, right) => left - right);
    parts.push(`${term.query} ${times[2]!.toFixed(1)}`);
  }
  return parts.join(" · ");
}

async function stopSize(run: SizeRun): Promise<void> {
  await Promise.all([run.khabar.stop(), run.khabarCached.stop(), run.floor.stop()]);
  run.copy.remove();
}

// Ctrl-C or a kill: exit through process.exit, so that the exit handlers stop the children
// (servers.ts) and the PostgreSQL cluster (test/helpers/postgres.ts).
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping the servers${process.argv.includes("postgres") ? " and the PostgreSQL cluster" : ""}`);
    process.exit(130);
  });
}

const format = (value: number | null, digits = 0) => (value === null ? "n/a" : value.toFixed(digits));

function printRows(header: string[], rows: string[][]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((width, column) => (column === 0 ? `:${"-".repeat(width + 1)}` : `${"-".repeat(width + 1)}:`)).join("|")}|`);
  for (const row of rows) console.log(line(row));
}

function printTable(report: BenchReport, extras: Record<string, string>): void {
  const postgres = report.engine === "postgres";
  console.log(`\nKhabar benchmark, size ${report.size}, on ${postgres ? "PostgreSQL" : "SQLite"}`);
  // CPU ms per request: of the node process (Khabar or the floor), and on PostgreSQL of all its server processes.
  const cpuHeader = postgres ? ["cpu ms", "pg cpu ms", "floor cpu ms", "floor pg cpu ms"] : ["cpu ms", "floor cpu ms"];
  printRows(
    ["scenario", "rps", "p50 ms", "p99 ms", "floor rps", "ratio", ...cpuHeader, "sql@5", "sql@50"],
    report.scenarios.map((scenario) => [
      scenario.name,
      format(scenario.rps),
      format(scenario.p50Ms, 1),
      format(scenario.p99Ms, 1),
      format(scenario.floorRps),
      format(scenario.ratio, 2),
      format(scenario.cpuMsPerRequest, 2),
      ...(postgres ? [format(scenario.dbCpuMsPerRequest, 2)] : []),
      format(scenario.floorCpuMsPerRequest, 2),
      ...(postgres ? [format(scenario.floorDbCpuMsPerRequest, 2)] : []),
      format(scenario.sqlStatementsSmall),
      format(scenario.sqlStatementsLarge),
    ]),
  );
  console.log("");
  console.log(`import: ${format(report.importStatementsPerSec)} statements/s · cold start (node dist): ${format(report.coldStartMs)} ms · peak RSS under load: ${format(report.rssMb, 1)} MB`);
  for (const [name, value] of Object.entries(extras)) console.log(`${name}: ${value}`);
}

export interface GrowthRow {
  name: string;
  p50Small: number | null;
  p50Large: number | null;
  /** p50 large / p50 small: the target is ≤ 1.5 for the read scenarios. */
  growth: number | null;
  /**
   * The same growth in Khabar's CPU per request: autocannon's p50 is whole milliseconds, so a
   * 2 → 3 ms p50 reads as 1.5 however little the cost moved; CPU time is measured to the
   * hundredth of a millisecond.
   */
  cpuMsSmall: number | null;
  cpuMsLarge: number | null;
  cpuGrowth: number | null;
}

function growthRows(small: BenchReport, large: BenchReport): GrowthRow[] {
  return small.scenarios.map((scenario) => {
    const other = large.scenarios.find((candidate) => candidate.name === scenario.name);
    const p50Small = scenario.p50Ms;
    const p50Large = other?.p50Ms ?? null;
    const cpuMsSmall = scenario.cpuMsPerRequest;
    const cpuMsLarge = other?.cpuMsPerRequest ?? null;
    return {
      name: scenario.name,
      p50Small,
      p50Large,
      growth: p50Small && p50Large !== null ? p50Large / p50Small : null,
      cpuMsSmall,
      cpuMsLarge,
      cpuGrowth: cpuMsSmall && cpuMsLarge !== null ? cpuMsLarge / cpuMsSmall : null,
    };
  });
}

function printGrowth(small: BenchReport, large: BenchReport, rows: GrowthRow[]): void {
  console.log(`\nCost growth ${small.size} → ${large.size} (p50; target ${large.size}/${small.size} ≤ 1.5 for reads; p50 is whole ms, CPU per request is finer)`);
  printRows(
    ["scenario", `p50 ${small.size} ms`, `p50 ${large.size} ms`, `${large.size}/${small.size}`, `cpu ms ${small.size}`, `cpu ms ${large.size}`, `cpu ${large.size}/${small.size}`, `rps ${small.size}`, `rps ${large.size}`],
    rows.map((row) => [
      row.name,
      format(row.p50Small, 1),
      format(row.p50Large, 1),
      format(row.growth, 2),
      format(row.cpuMsSmall, 2),
      format(row.cpuMsLarge, 2),
      format(row.cpuGrowth, 2),
      format(small.scenarios.find((scenario) => scenario.name === row.name)?.rps ?? null),
      format(large.scenarios.find((scenario) => scenario.name === row.name)?.rps ?? null),
    ]),
  );
}

/** bench.json → bench-S.json (compare mode writes one file per size, each in the single-size shape). */
function withSuffix(file: string, suffix: string): string {
  const dot = file.lastIndexOf(".");
  return dot > file.lastIndexOf("/") ? `${file.slice(0, dot)}-${suffix}${file.slice(dot)}` : `${file}-${suffix}`;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const databases: LoadedDatabase[] = [];
  for (const size of options.sizes) {
    log(`size ${size}: generating / importing (cached under ~/.cache/khabar-bench)…`);
    databases.push(await ensureDatabase(size, { reimport: options.reimport, log }));
  }

  ensureBuild();
  const runs: SizeRun[] = [];
  const extras: Record<string, string> = {};
  let cluster: BenchCluster | null = null;
  try {
    if (options.engine === "postgres") {
      log("starting a private PostgreSQL cluster for the run…");
      cluster = await startBenchCluster(options.pgSettings);
      const changed = Object.keys(options.pgSettings);
      extras["PostgreSQL"] = `${Object.entries(cluster.settings).map(([name, value]) => `${name} ${value}`).join(" · ")} (${changed.length > 0 ? `set for this run: ${changed.join(", ")}` : "server defaults"}; the same server for Khabar and the floor)`;
      log(`PostgreSQL: ${extras["PostgreSQL"]}`);
    }
    // Cold start of tsx, for comparison with compiled JS (then stopped): on SQLite on a working copy
    // of its own, made and removed before the sizes' copies (same name: run-<pid>.db).
    const tsxColdStart = async (databaseUrl: string) => {
      const env = { DATABASE_URL: databaseUrl, KHABAR_SEED: "false", LOG_LEVEL: "warn", NODE_ENV: "production", HOST: "127.0.0.1" };
      const { child, coldStartMs } = await startChild([process.execPath, "--import", "tsx", "src/index.ts"], env, await freePort(), nestedOperations()["person-grouped"]);
      extras["cold start (tsx src/index.ts)"] = `${coldStartMs.toFixed(0)} ms`;
      await child.stop();
    };
    if (!cluster) {
      const copy = workingCopy(databases[0]!);
      await tsxColdStart(copy.path);
      copy.remove();
    }
    const nodeArguments = options.cpuProfile ? [`--cpu-prof`, `--cpu-prof-dir=${options.cpuProfile}`] : [];
    for (const [index, size] of options.sizes.entries()) runs.push(await startSize(size, databases[index]!, nodeArguments, cluster));
    if (runs[0]!.postgres) await tsxColdStart(runs[0]!.postgres.url);
    for (const run of runs) await prepareSize(run);

    const warmup = Math.min(2, Math.max(1, Math.round(options.duration / 5)));
    const measure = async (run: SizeRun, server: Child, body: OperationBody | (() => OperationBody), headers: Record<string, string> = {}) => {
      await load(server.url, body, warmup, options.connections, headers);
      const { result, cpuMsPerRequest, dbCpuMsPerRequest } = await withCpu(server.process.pid!, run.cluster, () => load(server.url, body, options.duration, options.connections, headers));
      return { ...describe(result), cpuMsPerRequest, dbCpuMsPerRequest };
    };
    const noFloor = { floorRps: null, ratio: null, floorCpuMsPerRequest: null, floorDbCpuMsPerRequest: null };
    const sqlOf = (run: SizeRun, name: string) => {
      const [sqlStatementsSmall, sqlStatementsLarge] = run.sql.get(name) ?? [null, null];
      return { sqlStatementsSmall, sqlStatementsLarge };
    };

    // Scenario by scenario; within one, size by size and Khabar then floor (then Khabar again with
    // its response cache, whose hits run no SQL; listed after the scenarios without it).
    const cachedRows: [SizeRun, ScenarioResult][] = [];
    for (const name of Object.keys(nestedOperations()) as (keyof ReturnType<typeof nestedOperations>)[]) {
      const operation = nestedOperations()[name];
      for (const run of runs) {
        log(`${run.size} ${name}: Khabar…`);
        const khabar = await measure(run, run.khabar, operation);
        log(`${run.size} ${name}: floor…`);
        const floor = await measure(run, run.floor, operation);
        const floorSide = { floorRps: floor.rps, floorCpuMsPerRequest: floor.cpuMsPerRequest, floorDbCpuMsPerRequest: floor.dbCpuMsPerRequest };
        run.scenarios.push({ name, ...khabar, ...floorSide, ratio: khabar.rps / floor.rps, ...sqlOf(run, name) });
        log(`${run.size} ${name}: Khabar with the response cache…`);
        const cached = await measure(run, run.khabarCached, operation);
        cachedRows.push([run, { name: `${name} (response cache)`, ...cached, ...floorSide, ratio: cached.rps / floor.rps, sqlStatementsSmall: 0, sqlStatementsLarge: 0 }]);
      }
    }
    for (const [run, row] of cachedRows) run.scenarios.push(row);
    const khabarOnly: [string, (run: SizeRun) => () => OperationBody][] = [
      ["node-lookup", (run) => randomNodeIds(run.copy.path)],
      ["slug-lookup", (run) => randomSlugLookups(run.articles)],
      ["search", () => rotatingSearch()],
    ];
    for (const [name, bodies] of khabarOnly) {
      for (const run of runs) {
        if (name === "search" && run.searchSkipped) {
          run.extras["search"] = `not measured: ${run.searchSkipped}`;
          continue;
        }
        log(`${run.size} ${name}: Khabar…`);
        const body = bodies(run);
        await expectData(run.khabar.url, body());
        run.scenarios.push({ name, ...(await measure(run, run.khabar, body)), ...noFloor, ...sqlOf(run, name) });
        if (name === "search") run.extras["search ms by term (alone, median of 5)"] = await searchTermLatencies(run.khabar.url);
      }
    }
    // Writes last, so that no read scenario sees the added statements; on the working copy only.
    for (const run of runs) {
      log(`${run.size} create-statement: Khabar…`);
      const body = randomCreateStatements(run.articles, run.people);
      // Counted where Khabar writes: the SQLite working copy, or the PostgreSQL copy.
      const statementCount = async () => (run.postgres ? countPostgresRows(run.postgres.url, "select count(*)::integer as n from statements") : countRows(run.copy.path, "select count(*) as n from statements"));
      const before = await statementCount();
      await expectData(run.khabar.url, body(), run.editor);
      await load(run.khabar.url, body, warmup, options.connections, run.editor);
      const beforeMeasured = await statementCount();
      const { result, cpuMsPerRequest, dbCpuMsPerRequest } = await withCpu(run.khabar.process.pid!, run.cluster, () => load(run.khabar.url, body, options.duration, options.connections, run.editor));
      await new Promise((resolve) => setTimeout(resolve, 200)); // requests cut off by the end of the run may still commit
      const written = (await statementCount()) - beforeMeasured;
      // Errors answer 200 too: every answered request must have written its statement.
      if (written < result["2xx"]) throw new Error(`create-statement: ${result["2xx"]} answers but only ${written} statements written`);
      run.scenarios.push({ name: "create-statement", ...describe(result), cpuMsPerRequest, dbCpuMsPerRequest, ...noFloor, sqlStatementsSmall: null, sqlStatementsLarge: null });
      run.extras["create-statement"] = `${(await statementCount()) - before} statements written to the ${run.postgres ? "PostgreSQL" : "SQLite working"} copy (the cache is untouched)`;
    }

    const reports = runs.map((run): BenchReport => ({
      engine: run.engine,
      size: run.size,
      scenarios: run.scenarios,
      rssMb: peakRssMb(run.khabar.process.pid!),
      coldStartMs: run.coldStartMs,
      importStatementsPerSec: run.database.importStatementsPerSec,
    }));
    for (const [index, report] of reports.entries()) printTable(report, { ...runs[index]!.extras, ...(index === 0 ? extras : {}) });
    if (options.compare) {
      const [small, large] = reports as [BenchReport, BenchReport];
      const growth = growthRows(small, large);
      printGrowth(small, large, growth);
      if (options.json) {
        for (const report of reports) writeFileSync(withSuffix(options.json, report.size), `${JSON.stringify(report, null, 2)}\n`);
        writeFileSync(withSuffix(options.json, "growth"), `${JSON.stringify({ small: small.size, large: large.size, scenarios: growth }, null, 2)}\n`);
      }
    } else if (options.json) writeFileSync(options.json, `${JSON.stringify(reports[0], null, 2)}\n`);
  } finally {
    for (const run of runs) await stopSize(run);
    await cluster?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
