// The `khabar` command as operators run it: a child process (`npx tsx src/cli/main.ts`) against a
// temporary DATABASE_URL.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { exportNdjson } from "../../src/ingest/exporter.js";
import { importNdjson } from "../../src/ingest/importer.js";
import { mergeActors } from "../../src/modules/actor/actor.edits.js";
import { createArticle } from "../../src/modules/article/article.edits.js";
import { createIncident } from "../../src/modules/incident/incident.edits.js";
import { createStatement } from "../../src/modules/statement/statement.edits.js";
import { toGlobalId } from "../../src/shared/global-id.js";
import { SAMPLE_CONTENT_FILE } from "../../src/ingest/sample-content.js";
import { createSampleDatabase, createTestDatabase, temporaryDirectory } from "../helpers/database.js";
import { contentCounts } from "../helpers/keys.js";
import { runCli } from "../helpers/process.js";
import { sqliteWriteEngine } from "../../src/db/write-engine.js";

const khabar = runCli;

let directory: string;
const database = (name: string) => join(directory, `${name}.db`);
const countsOf = (path: string) => {
  const handle = openDatabase(path);
  try {
    return contentCounts(handle);
  } finally {
    handle.close();
  }
};

const SAMPLE_LINES = readFileSync(SAMPLE_CONTENT_FILE, "utf8").split("\n").filter((line) => line.trim() !== "");
/** The order an export writes records in: what each kind references comes before it. */
const RECORD_ORDER = ["organization", "person", "location", "incident", "article"];
const BAD_LINE = JSON.stringify({ type: "person", slug: "Bad Slug", name: "" });

beforeAll(() => {
  directory = temporaryDirectory();
});

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe("khabar export and import", () => {
  let original: string;

  it("exports the sample graph, and an import of the export into a fresh database exports byte for byte the same", async () => {
    expect((await khabar(database("original"), ["seed"])).code).toBe(0);
    const exported = await khabar(database("original"), ["export"]);
    expect(exported.code, exported.stderr).toBe(0);
    original = exported.stdout;
    expect(original.split("\n").filter(Boolean)).toHaveLength(SAMPLE_LINES.length);
    expect(exported.stderr).toContain(`exported ${SAMPLE_LINES.length} records`);

    const file = join(directory, "graph.ndjson");
    writeFileSync(file, original);
    const imported = await khabar(database("copy"), ["import", file]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(new RegExp(`imported ${SAMPLE_LINES.length} records .* ${SAMPLE_LINES.length} created, 0 updated, 0 unchanged`));

    const fileExport = join(directory, "copy.ndjson");
    expect((await khabar(database("copy"), ["export", fileExport])).code).toBe(0);
    expect(readFileSync(fileExport, "utf8")).toBe(original);
    expect(countsOf(database("copy"))).toEqual(countsOf(database("original")));
  });

  it("exports organizations, then people, locations, incidents and articles, each record carrying every field", () => {
    const types = original.split("\n").filter(Boolean).map((line) => JSON.parse(line).type as string);
    expect(types).toEqual([...types].sort((a, b) => RECORD_ORDER.indexOf(a) - RECORD_ORDER.indexOf(b)));
    const article = original.split("\n").filter(Boolean).map((line) => JSON.parse(line)).find((record) => record.slug === "blinken-hussein-isis-partnership");
    expect(article).toMatchObject({ image: { credit: "@SecBlinken" }, relatedArticles: ["kalsu-base-explosion-washington-denies"], updatedAt: expect.any(String) });
    expect(article.statements[0]).toMatchObject({ text: expect.any(String), kind: expect.any(String), paragraph: expect.any(Number) });
  });

  it("changes nothing when the same file is imported twice, reading it from stdin", async () => {
    const before = countsOf(database("copy"));
    const again = await khabar(database("copy"), ["import", "-"], original);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`0 created, 0 updated, ${SAMPLE_LINES.length} unchanged`);
    expect(countsOf(database("copy"))).toEqual(before);
    expect((await khabar(database("copy"), ["export"])).stdout).toBe(original);
  });

  for (const [where, index] of [
    ["first", 0],
    ["middle", 10],
    ["last", SAMPLE_LINES.length],
  ] as const) {
    it(`stops at a bad ${where} line, names its line number and reason on stderr, and writes nothing of its batch`, async () => {
      const lines = [...SAMPLE_LINES];
      lines.splice(index, 0, BAD_LINE);
      const path = database(`bad-${where}`);
      const result = await khabar(path, ["import", "-"], lines.join("\n") + "\n");
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`line ${index + 1}: `);
      expect(result.stderr).toContain("slug: must be a slug");
      expect(result.stderr).toContain("name: must not be blank");
      expect(Object.values(countsOf(path)).every((count) => count === 0)).toBe(true);
    });
  }

  it("commits earlier batches, reports progress on long imports, and rolls back only the failing batch", async () => {
    const lines = [...SAMPLE_LINES, BAD_LINE];
    const path = database("batches");
    const result = await khabar(path, ["import", "-", "--batch-size", "5"], lines.join("\n"));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/… 5 lines, 5 records/);
    expect(result.stderr).toContain(`line ${lines.length}: `);
    // Whole batches of 5 before the bad last line are in; the batch holding it is not.
    const committed = Math.floor((lines.length - 1) / 5) * 5;
    expect(result.stderr).toContain(`nothing of the failing batch was written; ${committed} records of earlier batches were committed`);
    expect(countsOf(path).articles).toBe(SAMPLE_LINES.slice(0, committed).filter((line) => JSON.parse(line).type === "article").length);
  });
});

describe("khabar keys", () => {
  it("creates a key printed alone on the last line, lists it without the key, and revokes it", async () => {
    const path = database("keys");
    const created = await khabar(path, ["keys", "create", "--role", "editor", "--name", "night desk"]);
    expect(created.code, created.stderr).toBe(0);
    const key = created.stdout.trimEnd().split("\n").at(-1)!;
    expect(key).toMatch(/^khabar_[A-Za-z0-9_-]{43}$/);

    const listed = await khabar(path, ["keys", "list"]);
    expect(listed.stdout).toMatch(/1\teditor\tactive\t.*\tnever\tnight desk/);
    expect(listed.stdout).not.toContain(key);

    expect((await khabar(path, ["keys", "revoke", "1"])).code).toBe(0);
    expect((await khabar(path, ["keys", "list"])).stdout).toMatch(/1\teditor\trevoked /);
    const again = await khabar(path, ["keys", "revoke", "1"]);
    expect(again.code).toBe(1);
  });

  it("refuses a missing or unknown role with a usage error", async () => {
    const result = await khabar(database("keys-usage"), ["keys", "create", "--role", "owner"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--role editor or --role admin");
  });
});

describe("khabar help, migrate and seed", () => {
  it("prints help, migrates, and seeds only an empty database", async () => {
    expect((await khabar(database("ops"), ["help"])).stdout).toContain("khabar keys create");
    expect((await khabar(database("ops"), ["migrate"])).stdout).toMatch(/migration\(s\) applied/);
    expect((await khabar(database("ops"), ["seed"])).stdout).toContain("loaded the sample content");
    expect((await khabar(database("ops"), ["seed"])).stdout).toContain("already has content");
    expect((await khabar(database("ops"), ["frobnicate"])).code).toBe(2);
  });
});

describe("round trip of an edited graph", () => {
  it("reproduces every field after edits: claims, coordinates, unnamed sources, merged aliases, renumbered statements", async () => {
    const exportText = async (db: Parameters<typeof exportNdjson>[0]) => {
      const stream = new PassThrough();
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      await exportNdjson(db, stream);
      stream.end();
      return Buffer.concat(chunks).toString("utf8");
    };

    const source = await createSampleDatabase();
    const copy = createTestDatabase();
    try {
      createIncident({ writes: sqliteWriteEngine(source.db), viewer: null }, { slug: "edited-incident", title: "حادث", kind: "DRONE_STRIKE", occurredOn: "2024-06-01", killed: 0, location: { place: "مكان", latitude: 33.31, longitude: 44.36 }, claims: [{ actor: "us-central-command", stance: "ACCUSED", accused: "islamic-state" }] });
      const article = await createArticle({ writes: sqliteWriteEngine(source.db), viewer: null }, {
        slug: "edited-article",
        headline: "عنوان",
        body: "واحد\n\nاثنان",
        language: "ar",
        publishedAt: "2024-06-02T12:30:00+03:00",
        url: "https://example.com/a",
        statements: [
          { text: "ننفي", kind: "DIRECT_QUOTE", speaker: "us-central-command", cue: "نفى", paragraph: 1, claims: [{ incident: "edited-incident", stance: "DENIED" }] },
          { text: "مصدر", kind: "PARAPHRASE", speakerLabel: "مسؤول عسكري", paragraph: 0, via: "afp", language: "ar-IQ", saidAt: "2024-06-01T22:00:00Z" },
        ],
      });
      createStatement({ writes: sqliteWriteEngine(source.db), viewer: null }, { article: toGlobalId("Article", article.id), text: "إضافة", kind: "PARAPHRASE", speaker: "joe-biden", paragraph: 0 });
      mergeActors({ writes: sqliteWriteEngine(source.db), viewer: null }, "ORGANIZATION", toGlobalId("Organization", source.db.$client.prepare("select id from actors where slug = 'reuters'").pluck().get() as number), toGlobalId("Organization", source.db.$client.prepare("select id from actors where slug = 'afp'").pluck().get() as number));

      const original = await exportText(source.db);
      await importNdjson(copy.db, original.split("\n"));
      expect(await exportText(copy.db)).toBe(original);
      // Content, not history: the source's edits left revisions the copy's one import does not have.
      expect({ ...contentCounts(copy), revisions: 0 }).toEqual({ ...contentCounts(source), revisions: 0 });
    } finally {
      source.destroy();
      copy.destroy();
    }
  });
});

describe("khabar backup and restore", () => {
  it("backs up a database and restores it into another file with every row, and refuses a file that is not a backup", async () => {
    const source = database("backup-source");
    expect((await khabar(source, ["seed"])).code).toBe(0);
    const copy = join(directory, "copy.backup");
    const backup = await khabar(source, ["backup", copy]);
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain("integrity ok");
    const target = database("restored");
    const restore = await khabar(target, ["restore", copy]);
    expect(restore.code).toBe(0);
    expect(countsOf(target)).toEqual(countsOf(source));

    const notABackup = join(directory, "not-a-backup.txt");
    writeFileSync(notABackup, "hello");
    const refused = await khabar(target, ["restore", notABackup]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("khabar: Refusing to restore");
    expect(countsOf(target)).toEqual(countsOf(source));
  });
});
