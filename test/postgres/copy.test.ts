// Moving a SQLite database to PostgreSQL: the sample copied table by table must read back the same,
// row for row, value for value, type for type.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres, type PostgresHandle } from "../../src/db/postgres/client.js";
import { copySqliteToPostgres, CopyError, type CopyProgress, type CopyResult } from "../../src/db/postgres/copy.js";
import { migratePostgres } from "../../src/db/postgres/migrate.js";
import { decodeSearchTerms } from "../../src/search/search-terms.js";
import { createSampleDatabase, type TestDatabase } from "../helpers/database.js";
import { testPostgres } from "../helpers/postgres.js";

const cluster = testPostgres();
let sample: TestDatabase;
let target: PostgresHandle;
let result: CopyResult;
const progress: CopyProgress[] = [];
let copyMs = 0;
const handles: PostgresHandle[] = [];

async function migratedDatabase(): Promise<PostgresHandle> {
  const handle = await openPostgres(await cluster.createDatabase());
  handles.push(handle);
  await migratePostgres(handle.pool);
  return handle;
}

beforeAll(async () => {
  sample = await createSampleDatabase();
  target = await migratedDatabase();
  const started = performance.now();
  result = await copySqliteToPostgres(sample.sqlite, target.pool, { onProgress: (step) => progress.push(step) });
  copyMs = performance.now() - started;
  if (process.env.KHABAR_TEST_TIMINGS) console.log(`copied the sample (${result.rows} rows, ${result.tables.length} tables) in ${Math.round(copyMs)} ms`);
});

afterAll(async () => {
  await Promise.all(handles.map((handle) => handle.close()));
  sample?.destroy();
});

type Cell = number | string | null | Buffer;

/** Every row of a SQLite table, its columns in the PostgreSQL table's order, sorted. */
function sqliteRows(table: string, columns: readonly string[]): Cell[][] {
  const rows = sample.sqlite.prepare(`select ${columns.map((column) => `"${column}"`).join(", ")} from "${table}"`).raw().all() as Cell[][];
  return rows.sort(compareRows);
}

async function postgresRows(table: string, columns: readonly string[]): Promise<Cell[][]> {
  const { rows } = await target.pool.query<Cell[]>({ text: `select ${columns.map((column) => `"${column}"`).join(", ")} from "${table}"`, rowMode: "array" });
  return rows.sort(compareRows);
}

function compareRows(a: readonly Cell[], b: readonly Cell[]): number {
  for (let index = 0; index < a.length; index++) {
    const [x, y] = [a[index], b[index]];
    if (x === y) continue;
    if (x === null) return -1;
    if (y === null) return 1;
    return String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : typeof x < typeof y ? -1 : 1;
  }
  return 0;
}

async function postgresColumns(table: string): Promise<string[]> {
  const { rows } = await target.pool.query<{ column_name: string }>("select column_name from information_schema.columns where table_schema = 'public' and table_name = $1 order by ordinal_position", [table]);
  return rows.map((row) => row.column_name);
}

describe("copySqliteToPostgres", () => {
  it("copies every table of the sample, parents before children, reporting the rows of each", () => {
    const names = result.tables.map((entry) => entry.table);
    for (const table of ["actors", "articles", "statements", "speaker_articles", "incidents", "locations", "location_tree", "revisions", "search_index", "search_terms", "search_changes"]) {
      expect(names).toContain(table);
    }
    expect(names.indexOf("actors")).toBeLessThan(names.indexOf("statements"));
    expect(names.indexOf("articles")).toBeLessThan(names.indexOf("statements"));
    expect(names.indexOf("statements")).toBeLessThan(names.indexOf("statement_incidents"));
    // Each table's final report is its row count, and the total adds up.
    const done = progress.filter((step) => step.done);
    expect(done.map((step) => step.table)).toEqual(names);
    expect(done.map((step) => step.rows)).toEqual(result.tables.map((entry) => entry.rows));
    expect(result.rows).toBe(result.tables.reduce((sum, entry) => sum + entry.rows, 0));
    expect(result.tables.find((entry) => entry.table === "statements")!.rows).toBeGreaterThan(10);
  });

  it("reads back every table (but the FTS5 one) identical on both engines: same rows, values and JS types", async () => {
    let compared = 0;
    for (const { table, rows } of result.tables) {
      if (table === "search_index") continue;
      const columns = await postgresColumns(table);
      const expected = sqliteRows(table, columns);
      expect(expected.length, table).toBe(rows);
      // toStrictEqual: 1 and "1", 1.5 and "1.5", null and "" are all different.
      expect(await postgresRows(table, columns), table).toStrictEqual(expected);
      compared++;
    }
    expect(compared).toBe(result.tables.length - 1);
  });

  it("copies the view's rows too, since it is made of copied tables", async () => {
    const columns = ["location_id", "article_id", "published_at"];
    expect(await postgresRows("location_articles", columns)).toStrictEqual(sqliteRows("location_articles", columns));
  });

  it("rebuilds each search row as a tsvector with the terms FTS5 holds, counted per column as search_terms counts them", async () => {
    const entries = sample.sqlite.prepare("select rowid, terms from search_terms order by rowid").all() as { rowid: number; terms: string | null }[];
    const { rows } = await target.pool.query<{ rowid: number; lexeme: string; weights: string[]; count: number }>(
      "select rowid, lexeme, weights::text[] as weights, array_length(positions, 1) as count from search_index, unnest(document) order by rowid",
    );
    expect(new Set(rows.map((row) => row.rowid))).toEqual(new Set(entries.map((entry) => entry.rowid)));
    let checked = 0;
    for (const entry of entries) {
      const decoded = decodeSearchTerms(entry.terms);
      if (!decoded) continue; // terms only FTS5 can count: nothing to compare with
      // Per column (A title, B subtitle, C body): term → count, from the tsvector.
      const fromPostgres = decoded.columns.map(() => new Map<string, number>());
      const lexemes = rows.filter((row) => row.rowid === entry.rowid);
      for (const column of [0, 1, 2]) {
        // A lexeme's positions carry one weight each; count them per weight.
        const { rows: perWeight } = await target.pool.query<{ lexeme: string; count: number }>(
          "select lexeme, count(*)::int as count from search_index, unnest(document) as u(lexeme, positions, weights), unnest(weights) as w(weight) where rowid = $1 and weight = $2 group by lexeme",
          [entry.rowid, "ABC"[column]],
        );
        for (const { lexeme, count } of perWeight) fromPostgres[column]!.set(lexeme, count);
      }
      expect(fromPostgres, `search row ${entry.rowid}`).toEqual(decoded.columns);
      expect(lexemes.length).toBeGreaterThan(0);
      checked++;
    }
    expect(checked).toBeGreaterThan(30);
  });

  it("lets PostgreSQL find what SQLite's FTS5 finds, through the GIN index", async () => {
    const terms = ["بلينكن", "داعش", "islamic"];
    for (const term of terms) {
      const fromSqlite = (sample.sqlite.prepare("select rowid from search_index where search_index match ? order by rowid").all(`"${term}"`) as { rowid: number }[]).map((row) => row.rowid);
      const { rows } = await target.pool.query<{ rowid: number }>("select rowid from search_index where document @@ $1::tsquery order by rowid", [`'${term}'`]);
      expect(fromSqlite.length, term).toBeGreaterThan(0);
      expect(rows.map((row) => row.rowid), term).toEqual(fromSqlite);
    }
  });

  it("continues every identity after the highest id SQLite ever gave, so no id is reused", async () => {
    const sequences = sample.sqlite.prepare("select name, seq from sqlite_sequence").all() as { name: string; seq: number }[];
    expect(sequences.length).toBeGreaterThan(3);
    for (const { name, seq } of sequences) {
      const { rows } = await target.pool.query<{ next: number }>(`select nextval(pg_get_serial_sequence($1, $2)) as next`, [`"${name}"`, name === "search_changes" ? "seq" : "id"]);
      expect(rows[0]!.next, name).toBe(seq + 1);
    }
  });

  it("enables the triggers again: a statement written after the copy still updates its speaker's group", async () => {
    const { rows } = await target.pool.query<{ speaker_id: number; article_id: number; statement_count: number }>("select speaker_id, article_id, statement_count from speaker_articles order by statement_count desc limit 1");
    const group = rows[0]!;
    await target.pool.query(
      `insert into statements (article_id, position, paragraph, text, kind, speaker_id, said_at, language) values ($1, 10000, 0, 'x', 'PARAPHRASE', $2, '2024-01-01T00:00:00.000Z', 'ar')`,
      [group.article_id, group.speaker_id],
    );
    const after = await target.pool.query<{ statement_count: number }>("select statement_count from speaker_articles where speaker_id = $1 and article_id = $2", [group.speaker_id, group.article_id]);
    expect(after.rows[0]!.statement_count).toBe(group.statement_count + 1);
  });

  it("refuses a database that is not empty, and changes nothing in it", async () => {
    await expect(copySqliteToPostgres(sample.sqlite, target.pool)).rejects.toThrow(CopyError);
    await expect(copySqliteToPostgres(sample.sqlite, target.pool)).rejects.toThrow(/not empty \(rows in .*actors/);
  });

  it("refuses a database that is not migrated", async () => {
    const handle = await openPostgres(await cluster.createDatabase());
    handles.push(handle);
    await expect(copySqliteToPostgres(sample.sqlite, handle.pool)).rejects.toThrow(/not migrated/);
  });

  it("leaves nothing behind when the copy fails part way", async () => {
    const empty = await migratedDatabase();
    // A value PostgreSQL refuses, in the last article: text cannot hold a NUL character there.
    const broken = await createSampleDatabase();
    try {
      broken.sqlite.prepare("update articles set summary = 'a' || char(0) || 'b' where id = (select max(id) from articles)").run();
      await expect(copySqliteToPostgres(broken.sqlite, empty.pool)).rejects.toThrow(/0x00/);
      const { rows } = await empty.pool.query<{ count: number }>("select (select count(*) from actors) + (select count(*) from articles) as count");
      expect(rows[0]!.count).toBe(0);
      // The triggers are enabled (the disabling was rolled back with the rest).
      const disabled = await empty.pool.query<{ count: number }>("select count(*) as count from pg_trigger where not tgisinternal and tgenabled = 'D'");
      expect(disabled.rows[0]!.count).toBe(0);
    } finally {
      broken.destroy();
    }
  });
});
