// The server users start: `npm start` runs ONE bundle of tsc's output and the packages it imports
// (src/bundle.ts; it halved the cold start), and the `khabar` command is its sibling bundle. A
// bundle can go wrong in ways the TypeScript tests never see — a class renamed (type-graphql names
// types after classes), a package loaded twice or too late, a file looked for beside a module
// that is no longer there — so the bundle, started as `npm start` starts it on the sample
// database, must answer what the sources answer.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_QUERIES } from "../../src/http/sample-queries.js";
import { ANALYSIS_WORKER_WARNING } from "../../src/ingest/analysis-ahead.js";
import { analyzeForIndex } from "../../src/search/analyzer.js";
import { projectPath } from "../../src/shared/project-root.js";
import { ARTICLES_NESTED, INCIDENT_DETAIL, PERSON_GROUPED } from "../bench/scenarios.js";
import { CLI_ENTRY, ensureBuild, SERVER_ENTRY } from "../helpers/compiled-server.js";
import { COUNT_DRIVER_MODULES, countedDriverModules, runCli, startKhabar, stopAllKhabar, type StartedProcess } from "../helpers/process.js";
import { useSampleServer } from "../helpers/sample-server.js";
import { temporaryDirectory } from "../helpers/database.js";
import { gql } from "../helpers/server.js";

const sample = useSampleServer();
let bundled: StartedProcess;

beforeAll(async () => {
  // Built by `npm install` (prepare) and `npm run build`; rebuilt here when older than src/.
  ensureBuild();
  // The same file the in-process server reads (SQLite allows both): the same ids and timestamps.
  bundled = await startKhabar({ DATABASE_URL: sample.database.path, KHABAR_SEED: "false", NODE_OPTIONS: COUNT_DRIVER_MODULES }, { compiled: true });
}, 180_000);
afterAll(async () => {
  await stopAllKhabar("SIGKILL");
});

/** Status, data and errors (without stack traces, which name the bundle's lines) of one operation. */
async function answer(url: string, query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) {
  const { status, data, errors } = await gql(url, query, variables, headers);
  const withoutStacks = errors?.map(({ extensions, ...error }) => {
    const { stacktrace: _stack, ...rest } = (extensions ?? {}) as Record<string, unknown>;
    return { ...error, extensions: rest };
  });
  return { status, data, errors: withoutStacks };
}

async function expectSameAnswers(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) {
  const expected = await answer(sample.server.url, query, variables, headers);
  expect(await answer(bundled.url, query, variables, headers), query).toEqual(expected);
  return expected;
}

describe("the bundled server (npm start)", () => {
  it("is what npm start runs", () => {
    expect(bundled.child.spawnargs.at(-1)).toBe(projectPath(SERVER_ENTRY));
  });

  it("serves the same subgraph schema as the sources: every type, field and description, named as the classes say", async () => {
    const expected = await expectSameAnswers("{ _service { sdl } }");
    expect((expected.data as { _service: { sdl: string } })._service.sdl).toContain("type Statement implements Node");
  });

  it("answers every playground sample query and the benchmark's nested queries as the sources do", async () => {
    const overHttp = SAMPLE_QUERIES.filter(({ query }) => parse(query).definitions.every((definition) => definition.kind !== "OperationDefinition" || definition.operation !== "subscription"));
    expect(overHttp.length).toBeGreaterThan(3);
    for (const { query } of overHttp) expect((await expectSameAnswers(query)).errors).toBeUndefined();
    await expectSameAnswers(ARTICLES_NESTED, { first: 5, statements: 3 });
    await expectSameAnswers(PERSON_GROUPED, { slug: "fuad-hussein", first: 5 });
    await expectSameAnswers(INCIDENT_DETAIL, { slug: "moscow-attack-2024", first: 5 });
  });

  it("refuses bad input with the same codes and words: argument rules, input validation, authorization, unknown ids", async () => {
    const refusals: [string, Record<string, unknown>?, Record<string, string>?][] = [
      ["{ articles(first: 1000) { nodes { id } } }"],
      ["{ node(id: \"not-a-global-id\") { id } }"],
      ["{ article(slug: 42) { id } }"],
      ['mutation { createStatement(input: { article: "blinken-hussein-isis-partnership", text: "x", kind: DIRECT_QUOTE, speaker: "fuad-hussein", paragraph: 0 }) { id } }'],
      [
        "mutation ($input: CreateStatementInput!) { createStatement(input: $input) { id } }",
        { input: { article: "blinken-hussein-isis-partnership", text: "", kind: "DIRECT_QUOTE", speaker: "fuad-hussein", paragraph: -1 } },
        sample.keys.editor,
      ],
    ];
    for (const [query, variables, headers] of refusals) {
      const expected = await expectSameAnswers(query, variables, headers);
      expect(expected.errors?.[0]?.extensions, query).toHaveProperty("code");
    }
  });

  it("leaves the PostgreSQL driver out of the bundle and unloaded on SQLite", async () => {
    await answer(bundled.url, "{ articles(first: 1) { nodes { slug } } }");
    expect(await bundled.stop("SIGTERM")).toBe(0);
    const counted = countedDriverModules(bundled.output());
    expect(counted?.loaded).toBe(0);
    // What is left to Node's loader: the native SQLite addon, pino (see src/bundle.ts) and the
    // class-validator files shared/class-validator.ts requires (84), where tsc's output loads 471
    // CommonJS modules, besides its own ~280 ES modules.
    expect(counted?.modules).toBeLessThan(100);
  });

  it("seeds a new database on first start, as the quick start promises", async () => {
    const fresh = await startKhabar({ DATABASE_URL: join(temporaryDirectory(), "new.db") }, { compiled: true });
    const { data } = await answer(fresh.url, `{ person(slug: "fuad-hussein") { statementsByArticle { nodes { article { slug } } } } }`);
    expect(data).toMatchObject({ person: { statementsByArticle: { nodes: [{ article: { slug: "blinken-hussein-isis-partnership" } }] } } });
    expect(fresh.output()).toContain("loaded the sample content");
    expect(await fresh.stop("SIGTERM")).toBe(0);
  });

  it("has the import's analyzer worker beside it, answering as the analyzer does", async () => {
    const texts = ["قال وزير الخارجية العراقي فؤاد حسين إن الشراكة مستمرة", "The ministers said the partnership would continue."];
    const worker = new Worker(projectPath("dist", "server", "analysis-worker.js"));
    try {
      const reply = new Promise<{ id: number; analyzed: string[] }>((resolve, reject) => {
        // The first message says the worker has loaded; the answer follows.
        worker.on("message", (message: { ready?: true; id: number; analyzed: string[] }) => {
          if (!message.ready) resolve(message);
        });
        worker.once("error", reject);
      });
      worker.postMessage({ id: 7, texts });
      expect(await reply).toEqual({ id: 7, analyzed: texts.map(analyzeForIndex) });
    } finally {
      await worker.terminate();
    }
  });
});

describe("the bundled khabar command (package.json's bin)", () => {
  it("is the bin package.json names, and prints the same help as the sources", async () => {
    const manifest = JSON.parse(readFileSync(projectPath("package.json"), "utf8")) as { bin: Record<string, string> };
    expect(manifest.bin.khabar).toBe(CLI_ENTRY);
    const database = join(temporaryDirectory(), "help.db");
    const [bundled, sources] = await Promise.all([runCli(database, ["help"], undefined, {}, { compiled: true }), runCli(database, ["help"])]);
    expect(bundled.code).toBe(0);
    expect(bundled.stdout).toContain("khabar keys create");
    expect(bundled.stdout).toBe(sources.stdout);
  });

  it("imports an export with its analyzer worker and exports it again byte for byte, and refuses a bad record without writing", async () => {
    const exported = await runCli(sample.database.path, ["export"]);
    expect(exported.code).toBe(0);
    const copy = join(temporaryDirectory(), "copy.db");
    // Small batches, so that later batches' texts go to the worker while earlier ones are written.
    const imported = await runCli(copy, ["import", "-", "--batch-size", "2"], exported.stdout, {}, { compiled: true });
    expect(imported.code, imported.stderr).toBe(0);
    // The worker is found from the chunk the import's code sits in (a silent fallback would hide it).
    expect(imported.stderr).not.toContain(ANALYSIS_WORKER_WARNING);
    const again = await runCli(copy, ["export"], undefined, {}, { compiled: true });
    expect(again.stdout).toBe(exported.stdout);
    const refused = await runCli(copy, ["import", "-"], '{"type":"article","slug":""}\n', {}, { compiled: true });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/line 1: /);
    expect((await runCli(copy, ["export"], undefined, {}, { compiled: true })).stdout).toBe(exported.stdout);
  });

  it("makes, lists and revokes an API key", async () => {
    const database = join(temporaryDirectory(), "keys.db");
    const created = await runCli(database, ["keys", "create", "--role", "editor", "--name", "desk"], undefined, {}, { compiled: true });
    expect(created.code, created.stderr).toBe(0);
    const listed = await runCli(database, ["keys", "list"], undefined, {}, { compiled: true });
    expect(listed.stdout).toContain("desk");
    const id = /^\s*(\d+)/m.exec(listed.stdout)?.[1];
    expect(id).toBeDefined();
    expect((await runCli(database, ["keys", "revoke", id!], undefined, {}, { compiled: true })).code).toBe(0);
  });
});
