// `npm run bench -- --size S|M|L [--duration SECONDS] [--connections N] [--json FILE] [--reimport]`
// Khabar (compiled JS, a child process) against the hand-written floor (another child), same
// connections and duration, alternating scenario by scenario so that load from elsewhere on the
// machine hits both alike. Also: SQL statements per request at page sizes 5 and 50, peak RSS
// under load, cold start to first answer, import rate. Reports; asserts nothing about speed.
import "reflect-metadata";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { pino } from "pino";
import { openDatabase } from "../../src/db/client.js";
import { buildKhabarSchema } from "../../src/schema.js";
import { createServer } from "../../src/server.js";
import { projectPath } from "../../src/shared/project-root.js";
import { isSizeName, type SizeName } from "./generate.js";
import { ensureDatabase } from "./load.js";
import { nestedOperations, NODE_LOOKUP, SEARCH, type OperationBody } from "./scenarios.js";

interface Options {
  size: SizeName;
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
}

export interface BenchReport {
  size: SizeName;
  scenarios: ScenarioResult[];
  rssMb: number | null;
  coldStartMs: number | null;
  importStatementsPerSec: number;
}

const ROOT = projectPath();
const log = (line: string) => process.stderr.write(`${line}\n`);

function parseOptions(argv: string[]): Options {
  const options: Options = { size: "S", duration: 5, connections: 10, json: null, reimport: false, cpuProfile: null };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index]!;
    const value = () => {
      const next = argv[++index];
      if (next === undefined) throw new Error(`${argument} needs a value`);
      return next;
    };
    if (argument === "--size") {
      const size = value().toUpperCase();
      if (!isSizeName(size)) throw new Error(`--size must be S, M or L, got ${size}`);
      options.size = size;
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

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function newestMtime(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Compiles with tsc when dist/ is missing or older than src/ (the benchmark measures production JS). */
function ensureBuild(): void {
  const entry = join(ROOT, "dist", "src", "index.js");
  if (existsSync(entry) && statSync(entry).mtimeMs >= newestMtime(join(ROOT, "src"))) return;
  log("building dist/ with tsc…");
  const result = spawnSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", join(ROOT, "tsconfig.json")], { stdio: "inherit" });
  if (result.status !== 0) throw new Error("tsc failed");
}

async function post(url: string, body: OperationBody | { query: string; variables?: Record<string, unknown> }): Promise<{ status: number; json: { data?: unknown; errors?: unknown[] } }> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as { data?: unknown; errors?: unknown[] } };
}

interface Child {
  process: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/** Spawns a server and polls until it answers a query; returns the time from spawn to that answer. */
async function startChild(command: string[], env: Record<string, string>, port: number, probe: OperationBody): Promise<{ child: Child; coldStartMs: number }> {
  const started = performance.now();
  const child = spawn(command[0]!, command.slice(1), { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port) }, stdio: ["ignore", "ignore", "inherit"] });
  const url = `http://127.0.0.1:${port}/graphql`;
  let exited = false;
  child.once("exit", () => (exited = true));
  for (;;) {
    if (exited) throw new Error(`${command.join(" ")} exited before answering`);
    try {
      const { status } = await post(url, probe);
      if (status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const coldStartMs = performance.now() - started;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (exited) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return { child: { process: child, url, stop }, coldStartMs };
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

async function load(url: string, body: OperationBody | (() => OperationBody), seconds: number, connections: number): Promise<autocannon.Result> {
  const fixed = typeof body === "function" ? body() : body;
  return autocannon({
    url,
    method: "POST",
    headers: { "content-type": "application/json" },
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

/** SQL statements SQLite runs for one request, in-process (the same server code, on port 0). */
async function countStatements(path: string, operations: OperationBody[]): Promise<number[]> {
  let statements = 0;
  const database = openDatabase(path, { readonly: true, onStatement: () => (statements += 1) });
  const server = await createServer({ database, config: { environment: "production" }, logger: pino({ level: "silent" }) });
  const url = await server.listen(0, "127.0.0.1");
  try {
    const counts: number[] = [];
    for (const operation of operations) {
      await post(url, operation); // warm: prepared statements, schema caches
      statements = 0;
      const { status, json } = await post(url, operation);
      if (status !== 200 || json.errors) throw new Error(`${operation.operationName} failed: ${JSON.stringify(json.errors)}`);
      counts.push(statements);
    }
    return counts;
  } finally {
    await server.close(1_000);
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

const format = (value: number | null, digits = 0) => (value === null ? "n/a" : value.toFixed(digits));

function printTable(report: BenchReport, extras: Record<string, string>): void {
  const header = ["scenario", "rps", "p50 ms", "p99 ms", "floor rps", "ratio", "sql@5", "sql@50"];
  const rows = report.scenarios.map((scenario) => [
    scenario.name,
    format(scenario.rps),
    format(scenario.p50Ms, 1),
    format(scenario.p99Ms, 1),
    format(scenario.floorRps),
    format(scenario.ratio, 2),
    format(scenario.sqlStatementsSmall),
    format(scenario.sqlStatementsLarge),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(" | ")} |`;
  console.log(`\nKhabar benchmark, size ${report.size}`);
  console.log(line(header));
  console.log(`|${widths.map((width, column) => (column === 0 ? `:${"-".repeat(width + 1)}` : `${"-".repeat(width + 1)}:`)).join("|")}|`);
  for (const row of rows) console.log(line(row));
  console.log("");
  console.log(`import: ${format(report.importStatementsPerSec)} statements/s · cold start (node dist): ${format(report.coldStartMs)} ms · peak RSS under load: ${format(report.rssMb, 1)} MB`);
  for (const [name, value] of Object.entries(extras)) console.log(`${name}: ${value}`);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const extras: Record<string, string> = {};
  log(`size ${options.size}: generating / importing (cached under ~/.cache/khabar-bench)…`);
  const database = await ensureDatabase(options.size, { reimport: options.reimport, log });
  extras["import"] = `${database.statements} statements in ${database.importSeconds.toFixed(2)} s${database.imported ? "" : " (measured when the cached database was built; --reimport to measure again)"}`;

  ensureBuild();
  const operations = nestedOperations();
  const probe = operations["person-grouped"];
  const khabarEnv = { DATABASE_URL: database.path, KHABAR_SEED: "false", LOG_LEVEL: "warn", NODE_ENV: "production", HOST: "127.0.0.1" };

  // Cold start of tsx, for comparison with compiled JS (then stopped).
  {
    const { child, coldStartMs } = await startChild([process.execPath, "--import", "tsx", "src/index.ts"], khabarEnv, await freePort(), probe);
    extras["cold start (tsx src/index.ts)"] = `${coldStartMs.toFixed(0)} ms`;
    await child.stop();
  }
  const nodeArguments = options.cpuProfile ? [`--cpu-prof`, `--cpu-prof-dir=${options.cpuProfile}`] : [];
  const { child: khabar, coldStartMs } = await startChild([process.execPath, ...nodeArguments, "dist/src/index.js"], khabarEnv, await freePort(), probe);
  const { child: floor } = await startChild([process.execPath, "--import", "tsx", "test/bench/floor-server.ts"], { DATABASE_PATH: database.path }, await freePort(), probe);

  try {
    // Equality before measuring: same ids, same order, same cursors, at three page sizes.
    for (const pageSize of [undefined, 5, 50]) {
      for (const operation of Object.values(nestedOperations(pageSize))) await sameData(khabar.url, floor.url, operation);
    }
    log("Khabar and the floor answer scenarios 1–3 with identical data");

    // Production servers refuse introspection, so the schema is introspected in-process.
    const schema = buildKhabarSchema();
    const hasSearch = "search" in schema.getQueryType()!.getFields();
    const hasCreateStatement = "createStatement" in (schema.getMutationType()?.getFields() ?? {});

    const small = await countStatements(database.path, Object.values(nestedOperations(5)));
    const large = await countStatements(database.path, Object.values(nestedOperations(50)));

    const scenarios: ScenarioResult[] = [];
    const warmup = Math.min(2, Math.max(1, Math.round(options.duration / 5)));
    const names = Object.keys(operations) as (keyof typeof operations)[];
    for (const [index, name] of names.entries()) {
      const operation = operations[name];
      log(`${name}: Khabar…`);
      await load(khabar.url, operation, warmup, options.connections);
      const khabarResult = describe(await load(khabar.url, operation, options.duration, options.connections));
      log(`${name}: floor…`);
      await load(floor.url, operation, warmup, options.connections);
      const floorResult = describe(await load(floor.url, operation, options.duration, options.connections));
      scenarios.push({
        name,
        ...khabarResult,
        floorRps: floorResult.rps,
        ratio: khabarResult.rps / floorResult.rps,
        sqlStatementsSmall: small[index]!,
        sqlStatementsLarge: large[index]!,
      });
    }
    log("node-lookup: Khabar…");
    const nodeBody = randomNodeIds(database.path);
    await load(khabar.url, nodeBody, warmup, options.connections);
    scenarios.push({ name: "node-lookup", ...describe(await load(khabar.url, nodeBody, options.duration, options.connections)), floorRps: null, ratio: null, sqlStatementsSmall: null, sqlStatementsLarge: null });

    if (hasSearch) {
      const words = ["الحكومة", "الانفجار", "قليلة", "Organization"];
      const searchBody = () => ({ operationName: "Search", query: SEARCH, variables: { query: words[Math.floor(Math.random() * words.length)] } });
      const probeSearch = await post(khabar.url, searchBody());
      if (probeSearch.json.errors) extras["search"] = `n/a (the operation failed: ${JSON.stringify(probeSearch.json.errors).slice(0, 200)})`;
      else {
        log("search: Khabar…");
        scenarios.push({ name: "search", ...describe(await load(khabar.url, searchBody, options.duration, options.connections)), floorRps: null, ratio: null, sqlStatementsSmall: null, sqlStatementsLarge: null });
      }
    } else extras["search"] = "n/a (no Query.search on this branch)";
    // create-statement needs an API key and a write path; measured once editing exists.
    extras["create-statement"] = hasCreateStatement ? "n/a (present, but this runner does not provision a key yet)" : "n/a (no Mutation.createStatement on this branch)";

    const rssMb = peakRssMb(khabar.process.pid!);
    const report: BenchReport = { size: options.size, scenarios, rssMb, coldStartMs, importStatementsPerSec: database.importStatementsPerSec };
    printTable(report, extras);
    if (options.json) writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await Promise.all([khabar.stop(), floor.stop()]);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
