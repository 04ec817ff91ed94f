// Search latency against an `article(slug:)` lookup, on a COPY of a cached benchmark database
// (the cache is never modified): a common word, a rare word, an exact person name, and the second
// page of the common word, each sent sequentially over real HTTP. "cold" rows commit a write from
// another connection before each request (untimed): a new article through the application's write
// path whose headline and body hold all three queries, so every kept ranking has a change to
// catch up with (a match more for each query, and a new candidate at the top).
//
//   npx tsx test/bench/search-latency.ts [S|M|L ...] [--requests 40]
//
// Uses the newest imported database of each size under the bench cache, whatever its import key
// (a change in src/search changes the key; the copy is migrated by this code before measuring).
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import "reflect-metadata";
import pino from "pino";
import { openDatabase } from "../../src/db/client.js";
import { migrateDatabase } from "../../src/db/migrate.js";
import { writersFor } from "../helpers/writers.js";
import type { ArticleRecord } from "../../src/ingest/records.js";
import { createServer } from "../../src/server.js";
import { cacheDirectory, isSizeName, type SizeName } from "./generate.js";
import { SEARCH, SLUG_LOOKUP } from "./scenarios.js";

/** Scenario 5's Search operation with an `after` argument, for the second page. */
const SEARCH_PAGE = SEARCH.replace("$first: Int!)", "$first: Int!, $after: String)").replace("first: $first)", "first: $first, after: $after)");

function newestCachedDatabase(size: SizeName): string {
  const directory = cacheDirectory(size);
  const candidates = existsSync(directory)
    ? readdirSync(directory)
        .filter((name) => name.startsWith("db-") && existsSync(join(directory, name, "khabar.db")))
        .map((name) => join(directory, name, "khabar.db"))
    : [];
  const newest = candidates.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (!newest) throw new Error(`No imported ${size} database under ${directory}: run \`npm run bench -- --sizes ${size}\` once.`);
  return newest;
}

interface Operation {
  label: string;
  /** Run before each request, untimed. */
  before?: () => void;
  body: { operationName: string; query: string; variables: Record<string, unknown> };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

async function measureSize(size: SizeName, requests: number): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), "khabar-search-latency-"));
  const path = join(directory, "khabar.db");
  copyFileSync(newestCachedDatabase(size), path);
  let statements = 0;
  const database = openDatabase(path, { onStatement: () => (statements += 1) });
  try {
    migrateDatabase(database);
    const person = database.sqlite.prepare("select name from actors where actor_type = 'PERSON' order by id limit 1").get() as { name: string };
    const search = (query: string, after?: string) => ({ operationName: "Search", query: SEARCH_PAGE, variables: { query, first: 10, ...(after ? { after } : {}) } });
    const server = await createServer({ database, config: { environment: "production" }, logger: pino({ level: "silent" }) });
    const url = await server.listen(0, "127.0.0.1");
    const post = async (body: Operation["body"]) => {
      const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      const json = (await response.json()) as { data?: { search?: { pageInfo: { endCursor: string | null } } }; errors?: unknown[] };
      if (json.errors) throw new Error(JSON.stringify(json.errors));
      return json;
    };
    const firstPage = await post(search("الحكومة"));
    // A commit from another connection, as an importer's would be.
    const writer = openDatabase(path);
    const articles = writersFor(writer.db).articles;
    let written = 0;
    const write = () => {
      written += 1;
      const record: ArticleRecord = { type: "article", slug: `search-latency-${written}`, headline: `الحكومة ${written}`, body: `سفير ${person.name}`, language: "ar", publishedAt: new Date(Date.UTC(2030, 0, 1, 0, written)).toISOString(), statements: [] };
      writer.sqlite.transaction(() => articles.write(record))();
    };
    const operations: Operation[] = [
      { label: "common word (الحكومة)", body: search("الحكومة") },
      { label: "common word, cold (after a write)", body: search("الحكومة"), before: write },
      { label: "common word, page 2", body: search("الحكومة", firstPage.data?.search?.pageInfo.endCursor ?? undefined) },
      { label: "rare word (سفير)", body: search("سفير") },
      { label: "rare word, cold", body: search("سفير"), before: write },
      { label: `exact name (${person.name})`, body: search(person.name) },
      { label: "exact name, cold", body: search(person.name), before: write },
      { label: "article(slug:)", body: { operationName: "SlugLookup", query: SLUG_LOOKUP, variables: { slug: "article-1" } } },
    ];
    console.log(`\n${size} (${path})`);
    console.log("operation".padEnd(40), "median ms".padStart(10), "p95 ms".padStart(8), "SQL/req".padStart(8));
    for (const operation of operations) {
      for (let i = 0; i < 5; i += 1) await post(operation.body); // warm-up
      const times: number[] = [];
      statements = 0;
      for (let i = 0; i < requests; i += 1) {
        operation.before?.();
        const start = performance.now();
        await post(operation.body);
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      console.log(operation.label.padEnd(40), percentile(times, 50).toFixed(2).padStart(10), percentile(times, 95).toFixed(2).padStart(8), (statements / requests).toFixed(1).padStart(8));
    }
    await server.close();
    writer.close();
  } finally {
    database.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
const requestsIndex = args.indexOf("--requests");
const requests = requestsIndex >= 0 ? Number(args[requestsIndex + 1]) : 40;
const sizes = args.filter((arg, index) => isSizeName(arg) && (requestsIndex < 0 || index !== requestsIndex + 1)) as SizeName[];
for (const size of sizes.length > 0 ? sizes : (["S", "M"] as SizeName[])) await measureSize(size, requests);
