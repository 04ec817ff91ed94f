// What the logs say about failures: a client's mistake is an answer, logged at info with the codes
// it was sent and no stack; an internal error is a fault, logged at error with its stack and the
// request id its masked response carries. And the format: JSON lines on a pipe, pretty on a terminal.
import { execFile } from "node:child_process";
import { request as httpRequest } from "node:http";
import { Writable } from "node:stream";
import { promisify } from "node:util";
import { GraphQLObjectType, GraphQLSchema, GraphQLString } from "graphql";
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { projectPath } from "../../src/shared/project-root.js";
import { createSampleDatabase, type TestDatabase } from "../helpers/database.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

const run = promisify(execFile);

interface LogLine {
  level: number;
  msg: string;
  requestId?: string;
  status?: number;
  errors?: { code?: string; message?: string }[];
  err?: { message?: string; stack?: string };
}

const INFO = 30;
const ERROR = 50;

let database: TestDatabase;
let server: TestServer;
let lines: LogLine[] = [];

/** A schema whose `boom` fails the way a bug does: a plain Error from a resolver. */
function schemaWithAFault(): GraphQLSchema {
  return new GraphQLSchema({
    query: new GraphQLObjectType({
      name: "Query",
      fields: {
        ok: { type: GraphQLString, resolve: () => "ok" },
        boom: {
          type: GraphQLString,
          resolve: () => {
            throw new Error("the database file vanished");
          },
        },
      },
    }),
  });
}

beforeAll(async () => {
  database = await createSampleDatabase();
  const logger = pino({ level: "info" }, new Writable({ write: (chunk, _encoding, done) => (lines.push(JSON.parse(String(chunk)) as LogLine), done()) }));
  server = await startTestServer(database, { logger, config: { environment: "production" } });
});

afterAll(async () => {
  await server?.close();
  database?.destroy();
});

beforeEach(() => {
  lines = [];
});

/** Sends a request and returns its status and the log lines that carry its request id. */
async function send(path: string, init: RequestInit = {}): Promise<{ status: number; requestId: string; logged: LogLine[] }> {
  const response = await fetch(new URL(path, server.url), init);
  await response.text();
  const requestId = response.headers.get("x-request-id") ?? "";
  // The "request" line is written when the response closes, just after fetch has the body.
  await waitFor(() => lines.some((line) => line.requestId === requestId && line.msg === "request"));
  return { status: response.status, requestId, logged: lines.filter((line) => line.requestId === requestId) };
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 200 && !condition(); attempt++) await new Promise((resolve) => setImmediate(resolve));
}

const json = { "content-type": "application/json" };
const post = (body: unknown) => ({ method: "POST", headers: json, body: JSON.stringify(body) });

describe("client errors", () => {
  it.each([
    ["malformed JSON", "/graphql", { method: "POST", headers: json, body: '{"query": ' }, 400, "BAD_REQUEST"],
    ["a form post (CSRF prevention)", "/graphql", { method: "POST", headers: { "content-type": "text/plain" }, body: '{"query":"{ ok }"}' }, 400, "BAD_REQUEST"],
    ["a GET without a preflight header (CSRF prevention)", "/graphql?query=%7Bok%7D", {}, 400, "BAD_REQUEST"],
    ["a JSON body in another charset", "/graphql", { method: "POST", headers: { "content-type": "application/json; charset=latin1" }, body: '{"query":"{ ok }"}' }, 415, "BAD_REQUEST"],
    ["an unsupported persisted query version", "/graphql", post({ extensions: { persistedQuery: { version: 2, sha256Hash: "abc" } } }), 400, "BAD_REQUEST"],
    ["a hash that does not match its query", "/graphql", post({ query: "{ ok }", extensions: { persistedQuery: { version: 1, sha256Hash: "abc" } } }), 400, "BAD_REQUEST"],
    ["a syntax error", "/graphql", post({ query: "{ ok" }), 400, "GRAPHQL_PARSE_FAILED"],
    ["a field that does not exist", "/graphql", post({ query: "{ nope }" }), 400, "GRAPHQL_VALIDATION_FAILED"],
    ["a variable of the wrong type", "/graphql", post({ query: "query ($n: Int!) { people(first: $n) { totalCount } }", variables: { n: "x" } }), 400, "BAD_USER_INPUT"],
    ["an argument out of range", "/graphql", post({ query: "{ people(first: 1000) { totalCount } }" }), 400, "BAD_USER_INPUT"],
  ])("logs %s at info with its code and request id, without a stack", async (_name, path, init, status, code) => {
    const result = await send(path, init);
    expect(result.status).toBe(status);
    expect(result.logged.filter((line) => line.level > INFO)).toEqual([]);
    const clientError = result.logged.find((line) => line.msg === "client error");
    expect(clientError).toMatchObject({ level: INFO, status, errors: [expect.objectContaining({ code })] });
    expect(JSON.stringify(result.logged)).not.toMatch(/"stack"|\n\s+at /);
  });

  it("logs a body over the limit at info, whether it declares its length or streams it", async () => {
    const declared = await send("/graphql", { method: "POST", headers: json, body: JSON.stringify({ query: "{ ok }", variables: { s: "x".repeat(1024 * 1024) } }) });
    expect(declared.status).toBe(413);
    expect(declared.logged.find((line) => line.msg === "client error")).toMatchObject({ level: INFO, status: 413 });
    const url = new URL(server.url);
    const requestId = await new Promise<string>((resolve, reject) => {
      const request = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { ...json, "transfer-encoding": "chunked" } }, (response) => {
        response.resume();
        resolve(String(response.headers["x-request-id"]));
      });
      request.on("error", reject);
      for (let index = 0; index < 20; index++) request.write("x".repeat(64 * 1024));
      request.end();
    });
    await waitFor(() => lines.some((line) => line.requestId === requestId && line.msg === "request"));
    const streamed = lines.filter((line) => line.requestId === requestId);
    expect(streamed.find((line) => line.msg === "client error")).toMatchObject({ level: INFO, status: 413 });
    expect(streamed.filter((line) => line.level > INFO)).toEqual([]);
  });
});

describe("internal errors", () => {
  it("logs a failing resolver at error, with its stack and the request id the client was given", async () => {
    const faulty = await startTestServer(database, {
      schema: schemaWithAFault(),
      config: { environment: "production" },
      logger: pino({ level: "info" }, new Writable({ write: (chunk, _encoding, done) => (lines.push(JSON.parse(String(chunk)) as LogLine), done()) })),
    });
    try {
      const response = await fetch(faulty.url, post({ query: "{ ok boom }" }));
      const body = (await response.json()) as { errors: { extensions: { code: string; requestId: string } }[] };
      const requestId = response.headers.get("x-request-id");
      expect(body.errors[0]?.extensions).toEqual({ code: "INTERNAL_SERVER_ERROR", requestId });
      await waitFor(() => lines.some((line) => line.requestId === requestId && line.msg === "request"));
      const failures = lines.filter((line) => line.requestId === requestId && line.level === ERROR);
      expect(failures).toHaveLength(1);
      expect(failures[0]?.err?.message).toBe("the database file vanished");
      expect(failures[0]?.err?.stack).toContain("the database file vanished");
      expect(lines.filter((line) => line.requestId === requestId && line.msg === "client error")).toEqual([]);
    } finally {
      await faulty.close();
    }
  });
});

describe("log format", () => {
  const fixture = "test/fixtures/log-lines.ts";

  it("writes one JSON object a line when stdout is a pipe", async () => {
    const { stdout } = await run(process.execPath, ["--import", "tsx", fixture], { cwd: projectPath() });
    const line = JSON.parse(stdout.trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: INFO, msg: "hello from the log test", answer: 42, service: "khabar" });
  });

  it("writes human-readable lines when stdout is a terminal", async (context) => {
    // util-linux's `script` gives the child a pseudo-terminal; without it there is no terminal to test.
    const script = await run("script", ["--version"]).catch(() => undefined);
    if (!script) return context.skip("util-linux `script` is not installed");
    const { stdout } = await run("script", ["-qec", `"${process.execPath}" --import tsx ${fixture}`, "/dev/null"], { cwd: projectPath() });
    const text = stdout.replace(/\u001b\[[0-9;]*m/g, "").replace(/\r/g, "");
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: hello from the log test$/m);
    expect(text).toMatch(/^\s+answer: 42$/m);
    expect(() => JSON.parse(text.split("\n")[0] ?? "")).toThrow();
  });
});
