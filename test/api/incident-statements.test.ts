// Incident.statements reads its pages off copies of the statements' sort key kept on
// statement_incidents (migration 0003). The order must stay exactly the statements' own (said_at
// desc, article_id desc, position) whatever writes them, and a page must not sort the incident's
// whole list.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importNdjson } from "../../src/ingest/importer.js";
import { toGlobalId } from "../../src/shared/global-id.js";
import { createTestDatabase, type TestDatabase } from "../helpers/database.js";
import { generateGraph, toNdjson } from "../helpers/factories.js";
import { gqlData, startTestServer, type TestServer } from "../helpers/server.js";
import { testEngine } from "../helpers/test-engine.js";

let database: TestDatabase;
let server: TestServer;
let recording = false;
const recorded: string[] = [];

beforeAll(async () => {
  database = createTestDatabase({
    onStatement: (text) => {
      if (recording) recorded.push(text);
    },
  });
  // 3 incidents for 40 articles × 4 statements: every incident has statements from many articles,
  // several of them in one article (so position breaks ties of said_at and article).
  await importNdjson(database.db, toNdjson(generateGraph({ articles: 40, people: 7, incidents: 3, statementsPerArticle: 4 })));
  server = await startTestServer(database);
});
afterAll(async () => {
  await server.close();
  database.destroy();
});

const PAGE = `query ($slug: String!, $after: String) {
  incident(slug: $slug) { statements(first: 7, after: $after) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }
}`;

interface StatementPage {
  incident: { statements: { totalCount: number; nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
}

async function pagedStatementIds(slug: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const data: StatementPage = await gqlData(server.url, PAGE, { slug, after });
    const connection = data.incident.statements;
    ids.push(...connection.nodes.map((node) => node.id));
    if (!connection.pageInfo.hasNextPage) return ids;
    after = connection.pageInfo.endCursor;
  }
}

/** The order of the statements themselves, as a sort of every statement about the incident. */
function expectedRowIds(slug: string): number[] {
  return database.sqlite
    .prepare(
      `select s.id from statements s join statement_incidents l on l.statement_id = s.id join incidents i on i.id = l.incident_id
       where i.slug = ? order by s.said_at desc, s.article_id desc, s.position asc`,
    )
    .pluck()
    .all(slug) as number[];
}

async function expectStatementOrder(slug: string): Promise<void> {
  expect(await pagedStatementIds(slug)).toEqual(expectedRowIds(slug).map((id) => toGlobalId("Statement", id)));
}

function copiesOutOfStep(): number {
  return (
    database.sqlite
      .prepare(
        `select count(*) from statement_incidents l join statements s on s.id = l.statement_id
         where l.said_at is not s.said_at or l.article_id is not s.article_id or l.position is not s.position`,
      )
      .pluck()
      .get() as number
  );
}

describe("Incident.statements", () => {
  it("lists an incident's statements newest first, page by page, in the statements' own order", async () => {
    expect(copiesOutOfStep()).toBe(0);
    for (const slug of ["incident-0", "incident-1", "incident-2"]) await expectStatementOrder(slug);
    expect((await pagedStatementIds("incident-0")).length).toBeGreaterThan(40);
  });

  // It rewrites rows of the SQLite file with SQL, under the server.
  it.skipIf(testEngine() === "postgres")("keeps the copied sort key right when statements are re-dated, moved or renumbered, and when a link is written without it", async () => {
    const sqlite = database.sqlite;
    const [first, second, third] = sqlite.prepare("select statement_id from statement_incidents order by statement_id limit 3").pluck().all() as number[];
    sqlite.prepare("update statements set said_at = '2030-01-01T00:00:00.000Z' where id = ?").run(first);
    sqlite.prepare("update statements set position = position + 100 where id = ?").run(second);
    const otherArticle = sqlite.prepare("select max(id) from articles").pluck().get() as number;
    sqlite.prepare("update statements set article_id = ?, position = 999 where id = ?").run(otherArticle, third);
    const unlinked = sqlite.prepare("select id from statements where id not in (select statement_id from statement_incidents where incident_id = 1) order by id limit 1").pluck().get() as number;
    sqlite.prepare("insert into statement_incidents (statement_id, incident_id) values (?, 1)").run(unlinked);
    sqlite.prepare("insert into statement_incidents (statement_id, incident_id, said_at, article_id, position) values (?, 2, 'wrong', 0, 0) on conflict do nothing").run(unlinked);
    expect(copiesOutOfStep()).toBe(0);
    for (const slug of ["incident-0", "incident-1", "incident-2"]) await expectStatementOrder(slug);
  });

  // It reads SQLite's query plan.
  it.skipIf(testEngine() === "postgres")("reads a page off one index range with its LIMIT, without sorting the incident's statements", async () => {
    recorded.length = 0;
    recording = true;
    try {
      await gqlData(server.url, PAGE, { slug: "incident-0", after: null });
    } finally {
      recording = false;
    }
    const page = recorded.find((text) => text.replace(/\s+/g, " ").includes('from "statement_incidents" where "statement_incidents"."incident_id" = "parent"."value"'));
    expect(page, recorded.join("\n")).toBeDefined();
    const plan = (database.sqlite.prepare(`explain query plan ${page}`).all() as { detail: string }[]).map((row) => row.detail);
    expect(plan.join("\n")).toContain("SEARCH statement_incidents USING COVERING INDEX statement_incidents_incident_said_idx (incident_id=?)");
    expect(plan.join("\n")).not.toContain("TEMP B-TREE");
  });
});
