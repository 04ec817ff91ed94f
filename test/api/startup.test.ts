// `npm start` as users run it: migrate, seed an empty database only, serve, stop cleanly; and a
// clear refusal, with nothing written, when the database cannot be used.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { migrateDatabase } from "../../src/db/migrate.js";
import { projectPath } from "../../src/shared/project-root.js";
import { temporaryDirectory } from "../helpers/database.js";
import { COUNT_DRIVER_MODULES, countedDriverModules, runToExit, startKhabar, stopAllKhabar, type StartedProcess } from "../helpers/process.js";
import { gqlData } from "../helpers/server.js";

let running: StartedProcess | undefined;
// Every server a test started is gone before the next test, even when the test failed midway.
afterEach(async () => {
  await stopAllKhabar("SIGKILL");
  running = undefined;
});

describe("start-up", () => {
  it("migrates a new database, loads the sample content and answers the headline query", async () => {
    const file = join(temporaryDirectory(), "new.db");
    running = await startKhabar({ DATABASE_URL: file });
    const data = await gqlData(running.url, `{ person(slug: "fuad-hussein") { statementsByArticle { nodes { article { slug } statements { text } } } } }`);
    expect(data.person.statementsByArticle.nodes[0].article.slug).toBe("blinken-hussein-isis-partnership");
    expect(running.output()).toContain("loaded the sample content");
    expect(await running.stop("SIGTERM")).toBe(0);
    running = undefined;
    const check = new Database(file, { readonly: true });
    expect(check.prepare("pragma integrity_check").get()).toEqual({ integrity_check: "ok" });
    check.close();
  });

  it("never touches a database that already has content, and accepts a file: URL", async () => {
    const file = join(temporaryDirectory(), "existing.db");
    const handle = openDatabase(file);
    migrateDatabase(handle);
    handle.sqlite.prepare("insert into actors (actor_type, slug, name, created_at, updated_at) values ('PERSON', 'only-one', 'واحد', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z')").run();
    handle.close();
    running = await startKhabar({ DATABASE_URL: pathToFileURL(file).href });
    const data = await gqlData(running.url, `{ people { totalCount nodes { slug } } articles { totalCount } }`);
    expect(data).toEqual({ people: { totalCount: 1, nodes: [{ slug: "only-one" }] }, articles: { totalCount: 0 } });
    expect(running.output()).not.toContain("loaded the sample content");
  });

  it("refuses a corrupt database file with a clear message and a non-zero exit, leaving it as it was", async () => {
    const file = join(temporaryDirectory(), "corrupt.db");
    writeFileSync(file, "this is not a database, just text that happens to be long enough ".repeat(100));
    const before = readFileSync(file);
    const { code, output } = await runToExit({ DATABASE_URL: file });
    expect(code).not.toBe(0);
    expect(output).toMatch(/khabar: Cannot open the database at .*corrupt\.db: file is not a database/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it("refuses a database path it cannot create, with a clear message", async () => {
    const blocker = join(temporaryDirectory(), "a-file");
    writeFileSync(blocker, "not a folder");
    const { code, output } = await runToExit({ DATABASE_URL: join(blocker, "khabar.db") });
    expect(code).toBe(1);
    expect(output).toMatch(/khabar: Cannot open the database at .*a-file\/khabar\.db/);
    expect(output).not.toMatch(/\n\s+at /);
  });

  it("refuses a database migrated by a newer Khabar", async () => {
    const file = join(temporaryDirectory(), "newer.db");
    const handle = openDatabase(file);
    migrateDatabase(handle);
    handle.sqlite.prepare("insert into __drizzle_migrations (hash, created_at) values ('from-the-future', 99999999999999)").run();
    handle.close();
    const { code, output } = await runToExit({ DATABASE_URL: file });
    expect(code).toBe(1);
    expect(output).toContain("was migrated by a newer version of Khabar");
  });

  it("refuses an invalid PORT or LOG_LEVEL before opening anything", async () => {
    const { code, output } = await runToExit({ DATABASE_URL: join(temporaryDirectory(), "x.db"), PORT: "not-a-port" });
    expect(code).toBe(1);
    expect(output).toContain("khabar: PORT must be a port number");
    const badLevel = await runToExit({ DATABASE_URL: join(temporaryDirectory(), "y.db"), LOG_LEVEL: "chatty" });
    expect(badLevel.code).toBe(1);
    expect(badLevel.output).toContain("khabar: LOG_LEVEL must be one of");
  });
});

describe("what a server on SQLite loads", () => {

  it("leaves the PostgreSQL driver unloaded from start to a served query (loading it was ~60 ms of every cold start)", async () => {
    running = await startKhabar({ DATABASE_URL: join(temporaryDirectory(), "lazy.db"), NODE_OPTIONS: COUNT_DRIVER_MODULES });
    expect((await gqlData(running.url, "{ articles(first: 1) { nodes { slug } } }")).articles.nodes).toHaveLength(1);
    expect(await running.stop("SIGTERM")).toBe(0);
    const counted = countedDriverModules(running.output());
    expect(counted?.modules).toBeGreaterThan(100);
    expect(counted?.loaded).toBe(0);
    running = undefined;
  });

  it("counts the driver's modules when a process has loaded them (the check above can fail)", async () => {
    const child = spawn(process.execPath, ["-e", "require('pg'); process.emit('SIGTERM')"], { cwd: projectPath(), env: { ...process.env, NODE_OPTIONS: COUNT_DRIVER_MODULES }, stdio: ["ignore", "ignore", "pipe"] });
    let output = "";
    child.stderr.on("data", (chunk) => (output += String(chunk)));
    await new Promise((resolve) => child.on("close", resolve));
    expect(countedDriverModules(output)?.loaded).toBeGreaterThan(3);
  });
});

describe("DATABASE_URL forms", () => {
  const ACCEPTED = /a file path \(.*\) or a file: URL \(.*\)/;
  // Each refusal runs in an empty working directory: a URL misread as a relative path would leave
  // a folder there (`postgres:` used to appear, holding a fresh SQLite file).
  const refusedIn = async (url: string, script?: string, args?: string[]) => {
    const cwd = temporaryDirectory();
    const result = await runToExit({ DATABASE_URL: url }, script, args, { cwd });
    return { ...result, left: readdirSync(cwd) };
  };

  // Port 1 on loopback: nothing listens there, so the refusal is immediate and the same on every machine.
  it.each(["postgres://khabar:s3cret-pass@127.0.0.1:1/khabar", "postgresql://khabar:s3cret-pass@127.0.0.1:1/khabar"])(
    "stops at start when %s cannot be reached, naming host and port, exit 1, nothing created, the password never printed",
    async (url) => {
      const { code, output, left } = await refusedIn(url);
      expect(code).toBe(1);
      expect(output).toContain("khabar: Cannot connect to PostgreSQL at 127.0.0.1:1");
      expect(output).not.toContain("s3cret-pass");
      expect(output).not.toMatch(/\n\s+at /);
      expect(left).toEqual([]);
    },
  );

  it.each(["mysql://root@localhost/khabar", "sqlite://data/khabar.db"])(
    "refuses %s, a scheme it does not know, naming the scheme and the accepted forms",
    async (url) => {
      const { code, output, left } = await refusedIn(url);
      expect(code).toBe(1);
      expect(output).toContain(`khabar: DATABASE_URL has the URL scheme "${url.slice(0, url.indexOf(":") + 1)}", which Khabar does not accept`);
      expect(output).toMatch(ACCEPTED);
      expect(left).toEqual([]);
    },
  );

  it("says which commands work on PostgreSQL when another is given a postgres:// URL", async () => {
    const { code, output, left } = await refusedIn("postgres://khabar@127.0.0.1:1/khabar", "src/cli/main.ts", ["backup", "copy.db"]);
    expect(code).toBe(1);
    expect(output).toContain("khabar: DATABASE_URL is a PostgreSQL URL, and this command works on SQLite only in this version of Khabar");
    expect(output).toContain("`khabar migrate`, `khabar keys`, `khabar webhooks`, `khabar audit`, `khabar export`, `khabar import`, `khabar import-text`, `khabar extract`, `khabar seed` and `khabar copy-to-postgres FILE` work");
    expect(left).toEqual([]);
  });

  it("migrates PostgreSQL with `khabar migrate`, and names host and port when it cannot reach it", async () => {
    const { code, output } = await refusedIn("postgres://khabar@127.0.0.1:1/khabar", "src/cli/main.ts", ["migrate"]);
    expect(code).toBe(1);
    expect(output).toContain("khabar: Cannot connect to PostgreSQL at 127.0.0.1:1");
  });

  it("still serves a relative path (from the working directory) and a relative file: URL", async () => {
    const cwd = temporaryDirectory();
    running = await startKhabar({ DATABASE_URL: "data/relative.db", KHABAR_SEED: "false" }, { cwd });
    expect(await gqlData(running.url, "{ articles { totalCount } }")).toEqual({ articles: { totalCount: 0 } });
    expect(await running.stop("SIGTERM")).toBe(0);
    expect(existsSync(join(cwd, "data", "relative.db"))).toBe(true);
    running = await startKhabar({ DATABASE_URL: "file:data/relative.db?mode=rwc", KHABAR_SEED: "false" }, { cwd });
    expect(await running.stop("SIGTERM")).toBe(0);
    expect(readdirSync(join(cwd, "data")).filter((name) => name.endsWith(".db"))).toEqual(["relative.db"]);
  });
});
