// Where one request's time goes, in-process, phase by phase: parse, validate, execute (compiled,
// as the server runs it; resolvers and loaders, SQL excluded), SQL (every statement SQLite ran, timed), serialize (JSON.stringify), and
// the rest of a whole HTTP round trip to the same server (Apollo's pipeline and plugins,
// compression, HTTP, and the fetch client's own side, which runs in this process too). Medians over a few
// runs after a warm one; the same server code the benchmark measures. `npm run bench` prints it
// for each read scenario; `npx tsx test/bench/phases.ts [S|M|L]` alone.
import "reflect-metadata";
import type Database from "better-sqlite3";
import { parse, validate, type DocumentNode } from "graphql";
import { pino } from "pino";
import { createContext } from "../../src/context.js";
import { compiledExecutor } from "../../src/http/compiled-execution.js";
import { openDatabase } from "../../src/db/client.js";
import { createRepositories } from "../../src/modules/index.js";
import { buildKhabarSchema } from "../../src/schema.js";
import { createServer } from "../../src/server.js";
import type { OperationBody } from "./scenarios.js";

export interface PhaseSplit {
  name: string;
  parseMs: number;
  validateMs: number;
  executeMs: number;
  sqlMs: number;
  serializeMs: number;
  httpMs: number;
  statements: number;
  responseKb: number;
}

const RUNS = 15;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function elapsedMs(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/**
 * Times every statement the connection prepares: each run, get, all and iterate is measured and
 * added to the clock. (Statements are prepared once and cached, so this wraps them at preparation.)
 */
function timedConnection(sqlite: Database.Database): { clock: { ms: number; statements: number } } {
  const clock = { ms: 0, statements: 0 };
  const prepare = sqlite.prepare.bind(sqlite);
  const timed = (statement: Database.Statement): Database.Statement =>
    new Proxy(statement, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== "function") return value;
        if (property === "run" || property === "get" || property === "all" || property === "iterate") {
          return (...args: unknown[]) => {
            const started = process.hrtime.bigint();
            try {
              return (value as (...parameters: unknown[]) => unknown).apply(target, args);
            } finally {
              clock.ms += elapsedMs(started);
              clock.statements += 1;
            }
          };
        }
        // pluck(), raw(), expand()… return the statement itself: keep returning the timed one.
        return (...args: unknown[]) => {
          const result = (value as (...parameters: unknown[]) => unknown).apply(target, args);
          return result === target ? timed(target) : result;
        };
      },
    });
  sqlite.prepare = ((source: string) => timed(prepare(source))) as typeof sqlite.prepare;
  return { clock };
}

/** The phases of each operation on the database at `path` (opened read-only). */
export async function phaseSplits(path: string, operations: readonly (OperationBody & { name: string })[]): Promise<PhaseSplit[]> {
  const handle = openDatabase(path, { readonly: true });
  const { clock } = timedConnection(handle.sqlite);
  const schema = buildKhabarSchema();
  const repositories = createRepositories(handle.db);
  const server = await createServer({ database: handle, config: { environment: "production" }, logger: pino({ level: "silent" }) });
  const url = await server.listen(0, "127.0.0.1");
  try {
    const splits: PhaseSplit[] = [];
    // Executed the way the server executes (compiled once per document, as Apollo's document store
    // hands the same parsed document to every request), so the split matches the served path.
    const execute = compiledExecutor(schema);
    for (const operation of operations) {
      const served = parse(operation.query);
      const parses: number[] = [];
      const validations: number[] = [];
      const executions: number[] = [];
      const sqls: number[] = [];
      const serializations: number[] = [];
      const requests: number[] = [];
      let statements = 0;
      let bytes = 0;
      for (let run = 0; run <= RUNS; run += 1) {
        let started = process.hrtime.bigint();
        const document: DocumentNode = parse(operation.query);
        const parseMs = elapsedMs(started);
        started = process.hrtime.bigint();
        const errors = validate(schema, document);
        const validateMs = elapsedMs(started);
        if (errors.length > 0) throw new Error(`${operation.name} does not validate: ${errors[0]!.message}`);
        clock.ms = 0;
        clock.statements = 0;
        started = process.hrtime.bigint();
        const result = await execute({ document: served, request: { variables: operation.variables, operationName: operation.operationName }, context: createContext({ db: handle.db, repositories, requestId: "phases" }) });
        const executeMs = elapsedMs(started);
        if (result.errors?.length) throw new Error(`${operation.name} answered with errors: ${result.errors[0]!.message}`);
        const sqlMs = clock.ms;
        statements = clock.statements;
        started = process.hrtime.bigint();
        const text = JSON.stringify(result);
        const serializeMs = elapsedMs(started);
        bytes = Buffer.byteLength(text);
        started = process.hrtime.bigint();
        const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(operation) });
        await response.text();
        const httpMs = elapsedMs(started);
        if (run === 0) continue; // warm: schema caches, prepared statements, JIT
        parses.push(parseMs);
        validations.push(validateMs);
        executions.push(executeMs - sqlMs);
        sqls.push(sqlMs);
        serializations.push(serializeMs);
        requests.push(httpMs);
      }
      const split = {
        name: operation.name,
        parseMs: median(parses),
        validateMs: median(validations),
        executeMs: median(executions),
        sqlMs: median(sqls),
        serializeMs: median(serializations),
        httpMs: median(requests),
        statements,
        responseKb: bytes / 1024,
      };
      splits.push(split);
    }
    return splits;
  } finally {
    await server.close(1_000);
    handle.close();
  }
}

export function formatPhaseSplits(splits: readonly PhaseSplit[]): string {
  const number = (value: number) => value.toFixed(2);
  const rows = splits.map((split) => {
    const inProcess = split.parseMs + split.validateMs + split.executeMs + split.sqlMs + split.serializeMs;
    return `| ${split.name.padEnd(16)} | ${number(split.parseMs)} | ${number(split.validateMs)} | ${number(split.executeMs)} | ${number(split.sqlMs)} | ${number(split.serializeMs)} | ${number(Math.max(0, split.httpMs - inProcess))} | ${number(split.httpMs)} | ${split.statements} | ${split.responseKb.toFixed(1)} |`;
  });
  return [
    "| scenario         | parse ms | validate ms | execute ms (no SQL) | SQL ms | serialize ms | rest of the round trip ms | request ms | SQL statements | response kB |",
    "|:-----------------|---------:|------------:|--------------------:|-------:|-------------:|-----------------:|-----------:|---------------:|------------:|",
    ...rows,
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { ensureDatabase } = await import("./load.js");
  const { isSizeName } = await import("./generate.js");
  const { nestedOperations, searchOperation, SEARCH_TERMS } = await import("./scenarios.js");
  const size = (process.argv[2] ?? "S").toUpperCase();
  if (!isSizeName(size)) throw new Error(`size must be S, M or L, got ${size}`);
  const database = await ensureDatabase(size);
  const operations = [...Object.entries(nestedOperations()).map(([name, body]) => ({ ...body, name })), { ...searchOperation(SEARCH_TERMS[0]!), name: "search" }];
  console.log(formatPhaseSplits(await phaseSplits(database.path, operations)));
}
