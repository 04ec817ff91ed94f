// A real Khabar server on a loopback port chosen by the OS, and a gql() client over fetch whose
// failures print the query and the whole response.
import { pino } from "pino";
import { createServer, type KhabarServer } from "../../src/server.js";
import type { DatabaseHandle } from "../../src/db/client.js";
import type { ServerOptions } from "../../src/server.js";
import { postgresEngine } from "../../src/db/postgres/run.js";
import { postgresWriteEngine } from "../../src/db/postgres/write.js";
import { listenForChanges } from "../../src/db/postgres/changes.js";
import { postgresOutbox } from "../../src/modules/webhook/webhook.sender.js";
import { RefusalRecorder } from "../../src/modules/revision/revision.refusal-recorder.js";
import { sqliteEngine, type ReadEngine } from "../../src/db/engine.js";
import { sqliteWriteEngine, type WriteEngine } from "../../src/db/write-engine.js";
import type { TestDatabase } from "./database.js";
import { postgresCopyOf, testEngine } from "./test-engine.js";

export interface TestServer {
  url: string;
  server: KhabarServer;
  /** What the server reads (its primary, when it has replicas) and writes: SQLite's file, or the PostgreSQL copy it serves. */
  engine: ReadEngine;
  writes: WriteEngine;
  /** The PostgreSQL database it serves, in the PostgreSQL run (for the CLI); absent on SQLite. */
  postgresUrl?: string;
  /**
   * Resolves once every refusal answered so far is written: at once on SQLite, which writes it
   * before answering; on PostgreSQL when the recorder has nothing in flight.
   */
  refusalsRecorded(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A server on a loopback port over `database`. In the PostgreSQL run of the suite
 * (KHABAR_TEST_ENGINE=postgres, see vitest.config.ts) it reads a copy of the database's content
 * in a fresh PostgreSQL database instead: the same test files check both engines.
 */
export async function startTestServer(database: DatabaseHandle, options: Partial<ServerOptions> = {}): Promise<TestServer> {
  const postgres = testEngine() === "postgres" && !options.engine ? await postgresCopyOf(database) : undefined;
  const onStatement = "options" in database ? (database as TestDatabase).options.onStatement : undefined;
  const engine = postgres ? postgresEngine(postgres.pool, { onStatement }) : options.engine;
  // Mutations of a server reading the copy write to it too, as a Khabar on PostgreSQL does.
  const writes = postgres ? postgresWriteEngine(postgres.pool, { onStatement }) : options.writes;
  const logger = pino({ level: process.env.KHABAR_TEST_LOG_LEVEL ?? "silent" });
  // The webhook sender on PostgreSQL as in production: claims on the primary (statements not
  // counted: a poll must not add to a count of what a request sent), woken by khabar_outbox.
  const listener = postgres ? await listenForChanges(postgres.url, logger) : undefined;
  const outbox = postgres && listener ? { outbox: postgresOutbox(postgresEngine(postgres.pool), listener) } : {};
  // Refusals on the primary as in production (their inserts not counted either: not the request's SQL).
  const recorder = postgres && engine ? new RefusalRecorder({ primary: postgresEngine(postgres.pool), reads: engine, logger }) : undefined;
  const server = await createServer({ database, config: { environment: "test" }, logger, ...outbox, ...(recorder ? { refusals: recorder } : {}), ...options, engine, writes });
  const url = await server.listen(0, "127.0.0.1");
  const served = engine ?? sqliteEngine(database.db);
  return {
    url,
    server,
    engine: served.primary ?? served,
    writes: writes ?? sqliteWriteEngine(database.db),
    ...(postgres ? { postgresUrl: postgres.url } : {}),
    refusalsRecorded: () => recorder?.settled() ?? Promise.resolve(),
    close: async () => {
      await server.close(1_000);
      await recorder?.close();
      await listener?.close();
      await postgres?.close();
    },
  };
}

export interface GraphQLResponse<Data = Record<string, unknown>> {
  status: number;
  headers: Headers;
  data?: Data | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export async function gql<Data = any>(url: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GraphQLResponse<Data>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: { data?: Data; errors?: GraphQLResponse["errors"] };
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`Response is not JSON (status ${response.status}):\n${text}\nQuery:\n${query}`);
  }
  return { status: response.status, headers: response.headers, data: body.data, errors: body.errors };
}

/** Runs a query that must succeed; on failure the error shows the query, variables and body. */
export async function gqlData<Data = any>(url: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Data> {
  const result = await gql<Data>(url, query, variables, headers);
  if (result.errors?.length || result.status !== 200 || !result.data) {
    throw new Error(`Expected no GraphQL errors, got status ${result.status}:\n${JSON.stringify(result.errors, null, 2)}\nQuery:\n${query}\nVariables: ${JSON.stringify(variables)}`);
  }
  return result.data;
}

/** The `extensions.code` of the first error, for tests of failure paths. */
export async function gqlErrorCode(url: string, query: string, variables?: Record<string, unknown>): Promise<string | undefined> {
  const result = await gql(url, query, variables);
  if (!result.errors?.length) throw new Error(`Expected an error, got data:\n${JSON.stringify(result.data, null, 2)}\nQuery:\n${query}`);
  return result.errors[0]?.extensions?.code as string | undefined;
}
