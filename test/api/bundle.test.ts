// The server users start: `npm start` runs ONE bundle of tsc's output and the packages it imports
// (src/bundle.ts; it halved the cold start). A bundle can go wrong in ways the TypeScript tests
// never see — a class renamed (type-graphql names types after classes), a package loaded twice,
// a file found beside a module that is no longer there — so the bundle, started as `npm start`
// starts it on the sample database, must answer what the sources answer.
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_QUERIES } from "../../src/http/sample-queries.js";
import { analyzeForIndex } from "../../src/search/analyzer.js";
import { projectPath } from "../../src/shared/project-root.js";
import { ARTICLES_NESTED, INCIDENT_DETAIL, PERSON_GROUPED } from "../bench/scenarios.js";
import { ensureBuild, SERVER_ENTRY } from "../helpers/compiled-server.js";
import { startKhabar, stopAllKhabar, type StartedProcess } from "../helpers/process.js";
import { useSampleServer } from "../helpers/sample-server.js";
import { gql } from "../helpers/server.js";
import { temporaryDirectory } from "../helpers/database.js";

const sample = useSampleServer();
const PRELOAD = `--require ${projectPath("test", "fixtures", "driver-modules.cjs")}`;
let bundled: StartedProcess;

beforeAll(async () => {
  // Built by `npm install` (prepare) and `npm run build`; rebuilt here when older than src/.
  ensureBuild();
  // The same file the in-process server reads (SQLite allows both): the same ids and timestamps.
  bundled = await startKhabar({ DATABASE_URL: sample.database.path, KHABAR_SEED: "false", NODE_OPTIONS: PRELOAD }, { compiled: true });
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
    const counted = JSON.parse(/driver-modules (\{.*\})/.exec(bundled.output())?.[1] ?? "null") as { loaded: number; modules: number } | null;
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
        worker.once("message", resolve);
        worker.once("error", reject);
      });
      worker.postMessage({ id: 7, texts });
      expect(await reply).toEqual({ id: 7, analyzed: texts.map(analyzeForIndex) });
    } finally {
      await worker.terminate();
    }
  });
});
