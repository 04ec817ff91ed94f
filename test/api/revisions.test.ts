// The editorial trail over HTTP: every change writes a revision in its transaction (who, when, the
// record after it), editors read an entity's revisions with a field-level diff, admins read the
// audit log; failed writes and unchanged re-imports leave no trace.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiKeyStore } from "../../src/auth/api-keys.js";
import { rows } from "../../src/db/read.js";
import { importNdjson } from "../../src/ingest/importer.js";
import { insertRows } from "../../src/db/table-writes.js";
import { refusedMutations } from "../../src/modules/revision/revision.table.js";
import { createSampleDatabase, createTestDatabase, type TestDatabase } from "../helpers/database.js";
import { generateGraph, toNdjson } from "../helpers/factories.js";
import { bearer, createTestKeys } from "../helpers/keys.js";
import { gql, gqlData, startTestServer, type TestServer } from "../helpers/server.js";
import { runCli } from "../helpers/process.js";
import { testEngine } from "../helpers/test-engine.js";

let database: TestDatabase;
let server: TestServer;
let editor: Record<string, string>;
let otherEditor: Record<string, string>;
let admin: Record<string, string>;
let editorKeyId: number;
let otherEditorKeyId: number;

beforeAll(async () => {
  database = await createSampleDatabase();
  server = await startTestServer(database);
  const store = new ApiKeyStore(database.db);
  const editorKey = store.create("editor", "night desk");
  const otherKey = store.create("editor", "day desk");
  editor = bearer(editorKey.key);
  otherEditor = bearer(otherKey.key);
  editorKeyId = editorKey.row.id;
  otherEditorKeyId = otherKey.row.id;
  admin = bearer(store.create("admin", "chief").key);
});

afterAll(async () => {
  await server.close();
  database.destroy();
});

interface RevisionValue {
  action: string;
  author: string;
  authorKeyId: number | null;
  reason: string | null;
  at: string;
  record: Record<string, unknown>;
  changes: { field: string; before: unknown; after: unknown }[];
}

const REVISION_FIELDS = "id action at author authorKeyId reason entityType record changes { field before after }";

const revisionCount = (): number => database.sqlite.prepare("select count(*) from revisions").pluck().get() as number;

async function personRevisions(slug: string, headers = editor, first = 20): Promise<RevisionValue[]> {
  const data = await gqlData<{ person: { revisions: { nodes: RevisionValue[] } } }>(server.url, `query($slug: String!, $first: Int) { person(slug: $slug) { revisions(first: $first) { nodes { ${REVISION_FIELDS} } } } }`, { slug, first }, headers);
  return data.person.revisions.nodes;
}

async function personRevisionIds(slug: string): Promise<string[]> {
  const data = await gqlData<{ person: { revisions: { nodes: { id: string }[] } } }>(server.url, `query($slug: String!) { person(slug: $slug) { revisions { nodes { id } } } }`, { slug }, editor);
  return data.person.revisions.nodes.map((node) => node.id);
}

describe("revisions of an entity", () => {
  let personId: string;

  it("a person created and then updated twice shows three revisions, newest first, with what changed and who changed it", async () => {
    const created = await gqlData<{ createPerson: { id: string } }>(server.url, `mutation { createPerson(input: { slug: "rev-person", name: "سمير", role: "متحدث" }) { id } }`, {}, editor);
    personId = created.createPerson.id;
    await gqlData(server.url, `mutation($id: ID!) { updatePerson(id: $id, input: { role: "وزير" }) { id } }`, { id: personId }, editor);
    await gqlData(server.url, `mutation($id: ID!) { updatePerson(id: $id, input: { roleEn: "Minister", aliases: ["Samir"] }) { id } }`, { id: personId }, otherEditor);

    const revisions = await personRevisions("rev-person");
    expect(revisions.map((revision) => revision.action)).toEqual(["UPDATED", "UPDATED", "CREATED"]);
    expect(revisions.map((revision) => revision.author)).toEqual(["day desk", "night desk", "night desk"]);
    expect(revisions.map((revision) => revision.authorKeyId)).toEqual([otherEditorKeyId, editorKeyId, editorKeyId]);
    expect(revisions[0]!.record).toMatchObject({ type: "person", slug: "rev-person", role: "وزير", roleEn: "Minister", aliases: ["Samir"] });
    expect(revisions[0]!.changes).toEqual([
      { field: "aliases", before: null, after: ["Samir"] },
      { field: "roleEn", before: null, after: "Minister" },
    ]);
    expect(revisions[1]!.changes).toEqual([{ field: "role", before: "متحدث", after: "وزير" }]);
    expect(revisions[2]!.changes.map((change) => change.field)).toEqual(["name", "role", "slug"]);
    expect(Date.parse(revisions[0]!.at)).toBeGreaterThan(Date.parse(revisions[2]!.at));
  });

  it("pages newest first with cursors", async () => {
    const first = await gqlData(server.url, `{ person(slug: "rev-person") { revisions(first: 2) { totalCount pageInfo { hasNextPage endCursor } nodes { action } } } }`, {}, editor);
    const page = first.person.revisions;
    expect(page.totalCount).toBe(3);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = await gqlData(server.url, `query($after: String) { person(slug: "rev-person") { revisions(first: 2, after: $after) { pageInfo { hasNextPage } nodes { action } } } }`, { after: page.pageInfo.endCursor }, editor);
    expect(next.person.revisions.nodes).toEqual([{ action: "CREATED" }]);
    expect(next.person.revisions.pageInfo.hasNextPage).toBe(false);
  });

  it("a mutation's reason is kept on its revision", async () => {
    await gqlData(server.url, `mutation($id: ID!) { updatePerson(id: $id, input: { nameEn: "Samir" }, reason: "English name from the agency wire") { id } }`, { id: personId }, editor);
    const [latest] = await personRevisions("rev-person");
    expect(latest).toMatchObject({ action: "UPDATED", reason: "English name from the agency wire", changes: [{ field: "nameEn", before: null, after: "Samir" }] });
  });

  it("a failed mutation writes no revision", async () => {
    const before = revisionCount();
    const result = await gql(server.url, `mutation($id: ID!) { updatePerson(id: $id, input: { name: "  " }) { id } }`, { id: personId }, editor);
    expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const conflict = await gql(server.url, `mutation { createPerson(input: { slug: "fuad-hussein", name: "x" }) { id } }`, {}, editor);
    expect(conflict.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(revisionCount()).toBe(before);
  });

  it("a delete keeps the record as it was, and the entity's history stays readable in the audit log", async () => {
    await gqlData(server.url, `mutation($id: ID!) { deletePerson(id: $id) }`, { id: personId }, admin);
    const log = await gqlData(server.url, `{ auditLog(filter: { entityType: PERSON }, first: 1) { nodes { ${REVISION_FIELDS} } } }`, {}, admin);
    expect(log.auditLog.nodes[0]).toMatchObject({ action: "DELETED", author: "chief", entityType: "PERSON", record: { slug: "rev-person", role: "وزير", roleEn: "Minister", aliases: ["Samir"] } });
  });

  it("the sample content's revisions are by `seed`; articles, incidents, locations and organizations keep revisions too", async () => {
    const data = await gqlData(
      server.url,
      `{ article(slug: "kalsu-base-explosion-washington-denies") { revisions { nodes { action author record } } }
         incident(slug: "kalsu-base-explosion-2024") { revisions { nodes { action author } } }
         location(slug: "kalsu-base") { revisions { nodes { action author } } }
         organization(slug: "afp") { revisions { nodes { action author } } } }`,
      {},
      editor,
    );
    expect(data.article.revisions.nodes).toHaveLength(1);
    expect(data.article.revisions.nodes[0]).toMatchObject({ action: "CREATED", author: "seed" });
    expect(Array.isArray(data.article.revisions.nodes[0].record.statements)).toBe(true);
    for (const entity of [data.incident, data.location, data.organization]) expect(entity.revisions.nodes).toEqual([{ action: "CREATED", author: "seed" }]);
  });

  it("a statement changed on its own has revisions carrying its article's slug", async () => {
    const created = await gqlData(server.url, `mutation { createStatement(input: { article: "kalsu-base-explosion-washington-denies", text: "نص جديد", kind: PARAPHRASE, speaker: "fuad-hussein", paragraph: 0 }) { id } }`, {}, editor);
    await gqlData(server.url, `mutation($id: ID!) { updateStatement(id: $id, input: { cue: "أكد" }) { id } }`, { id: created.createStatement.id }, editor);
    const data = await gqlData(server.url, `query($id: ID!) { node(id: $id) { ... on Statement { revisions { nodes { action record changes { field before after } } } } } }`, { id: created.createStatement.id }, editor);
    const nodes = data.node.revisions.nodes;
    expect(nodes.map((node: RevisionValue) => node.action)).toEqual(["UPDATED", "CREATED"]);
    expect(nodes[0].record).toMatchObject({ article: "kalsu-base-explosion-washington-denies", text: "نص جديد", cue: "أكد" });
    expect(nodes[0].changes).toEqual([{ field: "cue", before: null, after: "أكد" }]);
  });
});

describe("restoring a revision", () => {
  const RESTORE = `mutation($id: ID!, $reason: String) { restoreRevision(id: $id, reason: $reason) { ${REVISION_FIELDS} } }`;

  it("writes an older state back as a new RESTORED revision", async () => {
    const created = await gqlData(server.url, `mutation { createPerson(input: { slug: "rev-restored", name: "فؤاد", role: "وزير الخارجية" }) { id } }`, {}, editor);
    await gqlData(server.url, `mutation($id: ID!) { updatePerson(id: $id, input: { role: "نائب رئيس الوزراء" }) { id } }`, { id: created.createPerson.id }, editor);
    const [, first] = await personRevisionIds("rev-restored");
    const restored = await gqlData(server.url, RESTORE, { id: first, reason: "role was right" }, admin);
    expect(restored.restoreRevision).toMatchObject({ action: "RESTORED", author: "chief", reason: "role was right", changes: [{ field: "role", before: "نائب رئيس الوزراء", after: "وزير الخارجية" }] });
    const person = await gqlData(server.url, `{ person(slug: "rev-restored") { role revisions { nodes { action } } } }`, {}, editor);
    expect(person.person.role).toBe("وزير الخارجية");
    expect(person.person.revisions.nodes.map((node: { action: string }) => node.action)).toEqual(["RESTORED", "UPDATED", "CREATED"]);
  });

  it("brings a deleted person back by its slug", async () => {
    const log = await gqlData(server.url, `{ auditLog(filter: { entityType: PERSON }, first: 50) { nodes { id action record } } }`, {}, admin);
    const deletion = log.auditLog.nodes.find((node: { action: string; record: { slug: string } }) => node.action === "DELETED" && node.record.slug === "rev-person");
    expect(deletion).toBeDefined();
    expect((await gqlData(server.url, `{ person(slug: "rev-person") { id } }`)).person).toBeNull();
    const restored = await gqlData(server.url, RESTORE, { id: deletion.id }, admin);
    expect(restored.restoreRevision.action).toBe("RESTORED");
    const person = await gqlData(server.url, `{ person(slug: "rev-person") { name role roleEn aliases } }`);
    expect(person.person).toEqual({ name: "سمير", role: "وزير", roleEn: "Minister", aliases: ["Samir"] });
  });

  it("is CONFLICT naming the references that no longer exist, and changes nothing", async () => {
    const org = await gqlData(server.url, `mutation { createOrganization(input: { slug: "rev-gone-org", name: "منظمة زائلة", kind: OTHER }) { id } }`, {}, editor);
    await gqlData(server.url, `mutation { createPerson(input: { slug: "rev-member", name: "عضو", affiliation: "rev-gone-org" }) { id } }`, {}, editor);
    const [withAffiliation] = await personRevisionIds("rev-member");
    const member = await gqlData(server.url, `{ person(slug: "rev-member") { id } }`);
    await gqlData(server.url, `mutation($id: ID!) { updatePerson(id: $id, input: { affiliation: null }) { id } }`, { id: member.person.id }, editor);
    await gqlData(server.url, `mutation($id: ID!) { deleteOrganization(id: $id) }`, { id: org.createOrganization.id }, admin);
    const before = revisionCount();
    const result = await gql(server.url, RESTORE, { id: withAffiliation }, admin);
    expect(result.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(result.errors?.[0]?.message).toContain("rev-gone-org");
    expect(result.errors?.[0]?.extensions?.references).toEqual([{ path: "affiliation", message: expect.stringContaining("rev-gone-org") }]);
    expect(revisionCount()).toBe(before);
  });

  it("needs an admin key; an unknown revision is NOT_FOUND", async () => {
    const [latest] = await personRevisionIds("rev-restored");
    expect((await gql(server.url, RESTORE, { id: latest }, editor)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await gql(server.url, RESTORE, { id: Buffer.from("Revision:999999").toString("base64") }, admin)).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });
});

describe("merging", () => {
  it("records the source as it was and the target as it became, both MERGED", async () => {
    const source = await gqlData(server.url, `mutation { createOrganization(input: { slug: "rev-dup", name: "وكالة مكررة", kind: NEWS_AGENCY }) { id } }`, {}, editor);
    const target = await gqlData(server.url, `{ organization(slug: "afp") { id } }`);
    await gqlData(server.url, `mutation($s: ID!, $t: ID!) { mergeOrganizations(sourceId: $s, targetId: $t, reason: "duplicate") { id } }`, { s: source.createOrganization.id, t: target.organization.id }, admin);
    const log = await gqlData(server.url, `{ auditLog(filter: { entityType: ORGANIZATION }, first: 2) { nodes { action reason record } } }`, {}, admin);
    const [afterTarget, beforeSource] = log.auditLog.nodes;
    expect(beforeSource).toMatchObject({ action: "MERGED", reason: "duplicate", record: { slug: "rev-dup", name: "وكالة مكررة" } });
    expect(afterTarget).toMatchObject({ action: "MERGED", reason: "duplicate", record: { slug: "afp" } });
    expect(afterTarget.record.aliases).toContain("وكالة مكررة");
  });
});

describe("import", () => {
  const LINES = [
    JSON.stringify({ type: "organization", slug: "rev-org", name: "منظمة", kind: "OTHER" }),
    JSON.stringify({ type: "person", slug: "rev-imported", name: "مستورد", affiliation: "rev-org" }),
  ];

  // It imports into the SQLite file (import into PostgreSQL is test/postgres/import.test.ts's).
  it.skipIf(testEngine() === "postgres")("writes `import` revisions, and re-importing the same file writes none", async () => {
    const before = revisionCount();
    await importNdjson(database.db, LINES);
    expect(revisionCount()).toBe(before + 2);
    const revisions = await personRevisions("rev-imported");
    expect(revisions).toHaveLength(1);
    expect(revisions[0]).toMatchObject({ action: "CREATED", author: "import", authorKeyId: null, record: { type: "person", slug: "rev-imported", affiliation: "rev-org" } });
    await importNdjson(database.db, LINES);
    expect(revisionCount()).toBe(before + 2);
    await importNdjson(database.db, [LINES[0]!, JSON.stringify({ type: "person", slug: "rev-imported", name: "مستورد", affiliation: "rev-org", role: "خبير" })]);
    expect(revisionCount()).toBe(before + 3);
    expect((await personRevisions("rev-imported"))[0]!.changes).toEqual([{ field: "role", before: null, after: "خبير" }]);
  });
});

describe("the audit log", () => {
  it("filters by key and by entity type, newest first", async () => {
    const byDayDesk = await gqlData(server.url, `query($key: Int) { auditLog(filter: { authorKeyId: $key }) { totalCount nodes { author entityType action } } }`, { key: otherEditorKeyId }, admin);
    expect(byDayDesk.auditLog.totalCount).toBe(1);
    expect(byDayDesk.auditLog.nodes).toEqual([{ author: "day desk", entityType: "PERSON", action: "UPDATED" }]);

    const statements = await gqlData(server.url, `query($key: Int) { auditLog(filter: { authorKeyId: $key, entityType: STATEMENT }) { nodes { action } } }`, { key: editorKeyId }, admin);
    expect(statements.auditLog.nodes).toEqual([{ action: "UPDATED" }, { action: "CREATED" }]);

    const future = await gqlData(server.url, `{ auditLog(filter: { since: "2999-01-01T00:00:00Z" }) { nodes { action } } }`, {}, admin);
    expect(future.auditLog.nodes).toEqual([]);
    const past = await gqlData(server.url, `{ auditLog(filter: { until: "2000-01-01T00:00:00Z" }) { nodes { action } } }`, {}, admin);
    expect(past.auditLog.nodes).toEqual([]);
  });
});

describe("refused mutations", () => {
  it("are in the audit log with the key when it is a known one; refused reads are not", async () => {
    const before = (await gqlData(server.url, `{ refusedMutations(first: 100) { mutation } }`, {}, admin)).refusedMutations.length;
    await gql(server.url, `mutation { createPerson(input: { slug: "anonymous-try", name: "x" }) { id } }`);
    const { incident } = await gqlData(server.url, `{ incident(slug: "moscow-attack-2024") { id } }`);
    await gql(server.url, `mutation($id: ID!) { deleteIncident(id: $id) }`, { id: incident.id }, editor);
    await gql(server.url, `{ auditLog { totalCount } }`, {}, editor);
    // On PostgreSQL a refusal is written after it is answered.
    await server.refusalsRecorded();
    const refused = (await gqlData(server.url, `{ refusedMutations(first: 100) { mutation code keyId } }`, {}, admin)).refusedMutations;
    expect(refused.length - before).toBe(2);
    expect(refused.slice(0, 2)).toEqual([
      { mutation: "deleteIncident", code: "FORBIDDEN", keyId: editorKeyId },
      { mutation: "createPerson", code: "UNAUTHENTICATED", keyId: null },
    ]);
    const cli = await khabarAuditServed(["--refused"]);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain("deleteIncident");
  });

  it("are printed by khabar audit --refused to the last, in pages", async () => {
    const flood = Array.from({ length: 1_100 }, (_, index) => ({ mutation: `flood${index}`, code: "UNAUTHENTICATED", keyId: null, keyName: null, requestId: null, at: new Date().toISOString() }));
    await server.engine.run(insertRows(server.engine.dialect, refusedMutations, flood));
    const [counted] = await server.engine.run(rows<{ total: number }>(server.engine.dialect, () => sql`select ${server.engine.dialect.countAll} as "total" from "refused_mutations"`));
    const total = counted!.total;
    const cli = await khabarAuditServed(["--refused", "--json"]);
    expect(cli.code).toBe(0);
    const lines = cli.stdout.trim().split("\n").map((line) => JSON.parse(line) as { id: number; mutation: string });
    expect(lines.length).toBe(total);
    expect(new Set(lines.map((line) => line.id)).size).toBe(total);
    expect(lines[0]!.mutation).toBe("flood1099");
  });
});

describe("who may read the trail", () => {
  it("revisions need an editor key, the audit log an admin key", async () => {
    const anonymous = await gql(server.url, `{ person(slug: "fuad-hussein") { name revisions { nodes { action } } } }`);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(anonymous.data?.person).toBeNull();
    const editorLog = await gql(server.url, `{ auditLog { nodes { action } } }`, {}, editor);
    expect(editorLog.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const read = await gql(server.url, `{ person(slug: "fuad-hussein") { name revisions { nodes { action } } } }`, {}, editor);
    expect(read.headers.get("cache-control") ?? "").not.toMatch(/public/);
    const anonymousLog = await gql(server.url, `{ auditLog { nodes { action } } }`);
    expect(anonymousLog.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});

/** `khabar audit` on the database the server writes its revisions and refusals to: SQLite's file, or the PostgreSQL copy it serves. */
function khabarAuditServed(args: string[]) {
  return runCli(server.postgresUrl ?? database.path, ["audit", ...args]);
}

/** The revisions in the database the server writes to. */
async function servedRevisionCount(): Promise<number> {
  const [row] = await server.engine.run(rows<{ count: number }>(server.engine.dialect, () => sql`select ${server.engine.dialect.countAll} as "count" from "revisions"`));
  return row!.count;
}

describe("khabar audit", () => {
  it("prints every change newest first, as JSON lines with --json, from --since on", async () => {
    const json = await khabarAuditServed(["--json"]);
    expect(json.code).toBe(0);
    const lines = json.stdout.trim().split("\n").map((line) => JSON.parse(line) as { id: number; authorName: string; record: { slug?: string } });
    expect(lines).toHaveLength(await servedRevisionCount());
    expect(lines[0]!.id).toBeGreaterThan(lines.at(-1)!.id);
    expect(lines.at(-1)!.authorName).toBe("seed");

    const text = await khabarAuditServed([]);
    expect(text.stdout.split("\n")[0]).toMatch(/^\d{4}-\d{2}-\d{2}T.*(CREATED|UPDATED|DELETED|MERGED|RESTORED)/);
    expect(text.stdout).toContain("by night desk (key ");

    expect((await khabarAuditServed(["--since", "2999-01-01"])).stdout).toBe("");
    const bad = await khabarAuditServed(["--since", "yesterday"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--since");
  }, 30_000);
});

describe("reading revisions of many entities", () => {
  // It counts SQLite's statements over content imported into the SQLite file.
  it.skipIf(testEngine() === "postgres")("costs one SQL statement per level, whatever the page size", async () => {
    let counting = false;
    let statements = 0;
    const counted = createTestDatabase({ onStatement: () => void (counting && (statements += 1)) });
    const countedServer = await startTestServer(counted);
    try {
      await importNdjson(counted.db, toNdjson(generateGraph({ articles: 20, people: 40, incidents: 10, statementsPerArticle: 2 })));
      await importNdjson(counted.db, toNdjson(generateGraph({ articles: 20, people: 40, incidents: 10, statementsPerArticle: 3 })));
      const keys = createTestKeys(counted);
      const query = `query($size: Int) { people(first: $size) { nodes { slug revisions(first: 5) { totalCount nodes { action author changes { field } } } } } }`;
      const cost = async (size: number) => {
        statements = 0;
        counting = true;
        try {
          const data = await gqlData(countedServer.url, query, { size }, keys.editor);
          expect(data.people.nodes[0].revisions.nodes.length).toBeGreaterThan(0);
        } finally {
          counting = false;
        }
        return statements;
      };
      await cost(1); // the key's first use is recorded once
      const small = await cost(5);
      expect(await cost(40)).toBe(small);
      // The key, the people, their revision pages, their totals, the revisions before each.
      expect(small).toBe(5);
    } finally {
      await countedServer.close();
      counted.destroy();
    }
  });
});
