// `npm run bench:overload -- [--size S|M|L] [--duration SECONDS] [--connections N] [--write-share F]
//   [--ignore-retry-after] [--cold-connections] [--only on|off] [--max-concurrent N] [--max-queued N] [--queue-wait MS] [--json FILE]`
//
// Overload: N connections (100 by default) each send nested reads, and a share of writes
// (createStatement, 10 % by default), back to back for the duration — far more than two cores
// serve — once with load shedding off (KHABAR_MAX_CONCURRENT_OPERATIONS=off, everything admitted)
// and once with it on (the defaults, or the limits given). Reported per mode: answers per second,
// latency of the served answers (p50, p99, max) and of every answer, the share shed (503), and
// what /readyz said while it lasted (polled twice a second: status, event-loop delay, queue).
//
// A client that is shed waits the Retry-After it was given before its next request, as a
// well-behaved client or balancer does; `--ignore-retry-after` retries at once instead, which
// turns each shed connection into a busy loop of 503s that the server must still parse and answer.
//
// The warm-up opens every connection, so the measured seconds are the steady state.
// `--cold-connections` opens them all at the first instant of the measured run instead (the
// warm-up on connections of its own): that burst is where requests waited more than 10 s.
//
// Khabar runs as compiled JS in a child process on a fresh working copy per mode (writes land
// there, never in the cache); the clients are this process's node:http with keep-alive. The
// runner checks that each served write wrote its statement and that no shed one did. Reports
// figures; asserts nothing about speed.
import "reflect-metadata";
import { writeFileSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import Database from "better-sqlite3";
import { ApiKeyStore } from "../../src/auth/api-keys.js";
import { openDatabase } from "../../src/db/client.js";
import { isSizeName, mulberry32, type SizeName } from "./generate.js";
import { ensureDatabase, workingCopy, type LoadedDatabase } from "./load.js";
import { nestedOperations, randomCreateStatements, type OperationBody } from "./scenarios.js";
import { ensureBuild, freePort, serverCommand, startChild } from "./servers.js";

interface Options {
  size: SizeName;
  duration: number;
  connections: number;
  writeShare: number;
  honorRetryAfter: boolean;
  coldConnections: boolean;
  modes: Mode[];
  limits: Record<string, string>;
  json: string | null;
}

type Mode = "off" | "on";

const log = (line: string) => process.stderr.write(`${line}\n`);

function parseOptions(argv: string[]): Options {
  const options: Options = { size: "S", duration: 20, connections: 100, writeShare: 0.1, honorRetryAfter: true, coldConnections: false, modes: ["off", "on"], limits: {}, json: null };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index]!;
    const value = () => {
      const next = argv[++index];
      if (next === undefined) throw new Error(`${argument} needs a value`);
      return next;
    };
    if (argument === "--size") {
      const size = value().toUpperCase();
      if (!isSizeName(size)) throw new Error(`a size is S, M or L, got ${size}`);
      options.size = size;
    } else if (argument === "--duration") options.duration = Number(value());
    else if (argument === "--connections") options.connections = Number(value());
    else if (argument === "--write-share") options.writeShare = Number(value());
    else if (argument === "--ignore-retry-after") options.honorRetryAfter = false;
    else if (argument === "--cold-connections") options.coldConnections = true;
    else if (argument === "--only") {
      const mode = value();
      if (mode !== "on" && mode !== "off") throw new Error("--only takes on or off");
      options.modes = [mode];
    } else if (argument === "--max-concurrent") options.limits.KHABAR_MAX_CONCURRENT_OPERATIONS = value();
    else if (argument === "--max-queued") options.limits.KHABAR_MAX_QUEUED_OPERATIONS = value();
    else if (argument === "--queue-wait") options.limits.KHABAR_MAX_QUEUE_WAIT_MS = value();
    else if (argument === "--json") options.json = value();
    else if (argument !== "--") throw new Error(`unknown argument ${argument}`);
  }
  if (!(options.duration > 0) || !Number.isInteger(options.connections) || options.connections <= 0) throw new Error("--duration and --connections must be positive");
  if (!(options.writeShare >= 0 && options.writeShare <= 1)) throw new Error("--write-share is a fraction from 0 to 1");
  return options;
}

interface Answer {
  write: boolean;
  status: number;
  ms: number;
  /** A 200 whose body carries errors: it served nothing. */
  graphQLErrors: boolean;
}

interface Probe {
  status: number;
  ms: number;
  body: ReadyzBody | null;
}

/** The part of /readyz's answer the report reads (what a balancer would look at). */
interface ReadyzBody {
  status?: string;
  eventLoopDelayMs?: { p99?: number; mean?: number };
  operations?: { inFlight?: number; queued?: number };
}

interface Sent {
  status: number;
  ms: number;
  body: string;
  retryAfterSeconds: number | null;
}

function send(agent: Agent, url: URL, method: "GET" | "POST", headers: Record<string, string>, body?: string): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = httpRequest(url, { method, agent, headers: body === undefined ? headers : { ...headers, "content-length": Buffer.byteLength(body) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const retryAfter = Number(response.headers["retry-after"]);
        resolve({ status: response.statusCode ?? 0, ms: performance.now() - started, body: Buffer.concat(chunks).toString("utf8"), retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : null });
      });
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(body);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Load {
  answers: Answer[];
  probes: Probe[];
  /** Requests that got no answer, by error code (ECONNRESET…). */
  connectionErrors: Record<string, number>;
}

/**
 * `connections` clients, each on its own keep-alive socket of `agent`, sending one request after
 * another until `seconds` have passed; a probe reads /readyz twice a second meanwhile.
 */
async function overload(agent: Agent, graphqlUrl: string, seconds: number, connections: number, writeShare: number, honorRetryAfter: boolean, editor: string, writes: () => OperationBody): Promise<Load> {
  const url = new URL(graphqlUrl);
  const reads = Object.values(nestedOperations());
  const random = mulberry32(12);
  const deadline = performance.now() + seconds * 1000;
  const load: Load = { answers: [], probes: [], connectionErrors: {} };
  let readIndex = 0;

  const client = async () => {
    while (performance.now() < deadline) {
      const write = random() < writeShare;
      const body = write ? writes() : reads[readIndex++ % reads.length]!;
      const headers: Record<string, string> = { "content-type": "application/json", ...(write ? { authorization: `Bearer ${editor}` } : {}) };
      try {
        const sent = await send(agent, url, "POST", headers, JSON.stringify(body));
        load.answers.push({ write, status: sent.status, ms: sent.ms, graphQLErrors: sent.status === 200 && sent.body.includes('"errors"') });
        if (sent.status === 503 && honorRetryAfter) await sleep(1000 * (sent.retryAfterSeconds ?? 1));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        load.connectionErrors[code] = (load.connectionErrors[code] ?? 0) + 1;
        await sleep(50);
      }
    }
  };
  const probe = async () => {
    while (performance.now() < deadline) {
      try {
        const ready = await send(agent, new URL("/readyz", url), "GET", {});
        let body: ReadyzBody | null = null;
        try {
          body = JSON.parse(ready.body) as ReadyzBody;
        } catch {
          // an older server, or not JSON: the status is still a reading
        }
        load.probes.push({ status: ready.status, ms: ready.ms, body });
      } catch {
        load.probes.push({ status: 0, ms: 0, body: null });
      }
      await sleep(500);
    }
  };
  await Promise.all([...Array.from({ length: connections }, client), probe()]);
  return load;
}

function percentile(sorted: readonly number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? null;
}

export interface OverloadResult {
  mode: Mode;
  environment: Record<string, string>;
  answers: number;
  answersPerSecond: number;
  servedPerSecond: number;
  /** Served: 200 without errors. */
  servedLatencyMs: { p50: number | null; p99: number | null; max: number | null };
  servedWriteLatencyMs: { p99: number | null; max: number | null };
  /** Every answer, 503s included. */
  allLatencyMs: { p99: number | null; max: number | null };
  /** Answers slower than 10 s (served or not). */
  over10s: number;
  shed: number;
  shedFraction: number;
  shedWrites: number;
  otherFailures: { statuses: Record<string, number>; graphQLErrors: number; connectionErrors: Record<string, number> };
  readyz: { probes: number; notReady: number; maxEventLoopP99Ms: number | null; maxQueued: number | null; maxProbeMs: number | null };
  statementsWritten: number;
}

function summarize(mode: Mode, environment: Record<string, string>, seconds: number, load: Load, statementsWritten: number): OverloadResult {
  const served = load.answers.filter((answer) => answer.status === 200 && !answer.graphQLErrors);
  const sortedMs = (answers: readonly Answer[]) => answers.map((answer) => answer.ms).sort((left, right) => left - right);
  const servedMs = sortedMs(served);
  const servedWrites = sortedMs(served.filter((answer) => answer.write));
  const allMs = sortedMs(load.answers);
  const shed = load.answers.filter((answer) => answer.status === 503);
  const statuses: Record<string, number> = {};
  for (const answer of load.answers) if (answer.status !== 200 && answer.status !== 503) statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
  const delays = load.probes.flatMap((probe) => (probe.body?.eventLoopDelayMs?.p99 === undefined ? [] : [probe.body.eventLoopDelayMs.p99]));
  const queued = load.probes.flatMap((probe) => (probe.body?.operations?.queued === undefined ? [] : [probe.body.operations.queued]));
  return {
    mode,
    environment,
    answers: load.answers.length,
    answersPerSecond: load.answers.length / seconds,
    servedPerSecond: served.length / seconds,
    servedLatencyMs: { p50: percentile(servedMs, 0.5), p99: percentile(servedMs, 0.99), max: servedMs.at(-1) ?? null },
    servedWriteLatencyMs: { p99: percentile(servedWrites, 0.99), max: servedWrites.at(-1) ?? null },
    allLatencyMs: { p99: percentile(allMs, 0.99), max: allMs.at(-1) ?? null },
    over10s: allMs.filter((ms) => ms > 10_000).length,
    shed: shed.length,
    shedFraction: load.answers.length === 0 ? 0 : shed.length / load.answers.length,
    shedWrites: shed.filter((answer) => answer.write).length,
    otherFailures: { statuses, graphQLErrors: load.answers.filter((answer) => answer.graphQLErrors).length, connectionErrors: load.connectionErrors },
    readyz: {
      probes: load.probes.length,
      notReady: load.probes.filter((probe) => probe.status !== 200).length,
      maxEventLoopP99Ms: delays.length > 0 ? Math.max(...delays) : null,
      maxQueued: queued.length > 0 ? Math.max(...queued) : null,
      maxProbeMs: load.probes.length > 0 ? Math.max(...load.probes.map((probe) => probe.ms)) : null,
    },
    statementsWritten,
  };
}

function countStatements(path: string): number {
  const sqlite = new Database(path, { readonly: true });
  try {
    return (sqlite.prepare("select count(*) as n from statements").get() as { n: number }).n;
  } finally {
    sqlite.close();
  }
}

function countRows(path: string, table: "articles" | "people"): number {
  const sqlite = new Database(path, { readonly: true });
  try {
    const query = table === "articles" ? "select count(*) as n from articles" : "select count(*) as n from actors where actor_type = 'PERSON'";
    return (sqlite.prepare(query).get() as { n: number }).n;
  } finally {
    sqlite.close();
  }
}

async function runMode(mode: Mode, database: LoadedDatabase, options: Options): Promise<OverloadResult> {
  const copy = workingCopy(database);
  try {
    const handle = openDatabase(copy.path);
    const { key } = new ApiKeyStore(handle.db).create("editor", "overload benchmark");
    handle.close();
    const environment: Record<string, string> = mode === "off" ? { KHABAR_MAX_CONCURRENT_OPERATIONS: "off" } : { ...options.limits };
    const env = { DATABASE_URL: copy.path, KHABAR_SEED: "false", LOG_LEVEL: "warn", NODE_ENV: "production", HOST: "127.0.0.1", ...environment };
    const { child } = await startChild(serverCommand(), env, await freePort(), nestedOperations()["person-grouped"]);
    try {
      const writes = randomCreateStatements(countRows(copy.path, "articles"), countRows(copy.path, "people"));
      // The warm-up opens every connection (and warms the JIT) under the same load, so the
      // measured seconds hold the steady state — unless cold connections are asked for.
      const agent = new Agent({ keepAlive: true, maxSockets: options.connections + 1 });
      log(`shedding ${mode}: warming up (3 s)…`);
      await overload(agent, child.url, 3, options.connections, options.writeShare, options.honorRetryAfter, key, writes);
      if (options.coldConnections) agent.destroy();
      const measured = options.coldConnections ? new Agent({ keepAlive: true, maxSockets: options.connections + 1 }) : agent;
      const before = countStatements(copy.path);
      log(`shedding ${mode}: ${options.connections} connections for ${options.duration} s, ${Math.round(options.writeShare * 100)} % writes…`);
      const load = await overload(measured, child.url, options.duration, options.connections, options.writeShare, options.honorRetryAfter, key, writes);
      measured.destroy();
      const written = countStatements(copy.path) - before;
      const servedWrites = load.answers.filter((answer) => answer.write && answer.status === 200 && !answer.graphQLErrors).length;
      // Every served write wrote its statement, and nothing else did: a shed write changed nothing.
      if (written !== servedWrites) throw new Error(`shedding ${mode}: ${servedWrites} writes served but ${written} statements written`);
      return summarize(mode, environment, options.duration, load, written);
    } finally {
      await child.stop();
    }
  } finally {
    copy.remove();
  }
}

const format = (value: number | null, digits = 0) => (value === null ? "n/a" : value.toFixed(digits));

function printResults(options: Options, results: OverloadResult[]): void {
  console.log(
    `\nOverload, size ${options.size}: ${options.connections} ${options.coldConnections ? "connections opened at once" : "warm connections"}, ${Math.round(options.writeShare * 100)} % writes, ${options.duration} s per mode; shed clients ${options.honorRetryAfter ? "wait Retry-After" : "retry at once"}`,
  );
  const header = ["shedding", "answers/s", "served/s", "p50 ms", "p99 ms", "max ms", "write p99", "all p99", "all max", ">10 s", "shed", "readyz 503", "loop p99 max", "queued max"];
  const rows = results.map((result) => [
    `${result.mode}${Object.keys(result.environment).length > 0 && result.mode === "on" ? ` (${Object.entries(result.environment).map(([name, value]) => `${name.replace("KHABAR_", "")}=${value}`).join(" ")})` : ""}`,
    format(result.answersPerSecond),
    format(result.servedPerSecond),
    format(result.servedLatencyMs.p50),
    format(result.servedLatencyMs.p99),
    format(result.servedLatencyMs.max),
    format(result.servedWriteLatencyMs.p99),
    format(result.allLatencyMs.p99),
    format(result.allLatencyMs.max),
    String(result.over10s),
    `${(100 * result.shedFraction).toFixed(1)} %`,
    `${result.readyz.notReady}/${result.readyz.probes}`,
    format(result.readyz.maxEventLoopP99Ms),
    format(result.readyz.maxQueued),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((width, column) => (column === 0 ? `:${"-".repeat(width + 1)}` : `${"-".repeat(width + 1)}:`)).join("|")}|`);
  for (const row of rows) console.log(line(row));
  for (const result of results) {
    const failures = result.otherFailures;
    const other = Object.entries(failures.statuses).map(([status, count]) => `${count}× ${status}`);
    if (failures.graphQLErrors > 0) other.push(`${failures.graphQLErrors} answers with GraphQL errors`);
    for (const [code, count] of Object.entries(failures.connectionErrors)) other.push(`${count} requests without an answer (${code})`);
    console.log(
      `shedding ${result.mode}: ${result.answers} answers, ${result.shed} shed (${result.shedWrites} of them writes), ${result.statementsWritten} statements written${other.length > 0 ? `; also ${other.join(", ")}` : ""}; slowest /readyz answer ${format(result.readyz.maxProbeMs)} ms`,
    );
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  log(`size ${options.size}: generating / importing (cached under ~/.cache/khabar-bench)…`);
  const database = await ensureDatabase(options.size, { log });
  ensureBuild();
  const results: OverloadResult[] = [];
  for (const mode of options.modes) results.push(await runMode(mode, database, options));
  printResults(options, results);
  if (options.json) writeFileSync(options.json, `${JSON.stringify({ size: options.size, connections: options.connections, writeShare: options.writeShare, durationSeconds: options.duration, honorRetryAfter: options.honorRetryAfter, coldConnections: options.coldConnections, results }, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
