// `tsx test/bench/import-rate.ts [--size S|M|L] [--runs N] [--into S|M|L [--next]]`: imports the
// generated dataset with the real importer and prints the rate of each run and the median.
// - Without --into, each run imports into a fresh, empty, migrated temporary database.
// - With --into SIZE, each run imports into a private copy of the benchmark's cached database
//   holding SIZE (test/bench/load.ts; never the cache itself): `--size` then names the dataset
//   imported into it (S into M: every record an update of an existing slug), or `--next` imports
//   SIZE's increment instead (generate.ts: a tenth of its articles again under new slugs, by its
//   speakers: creates into a full database, the daily case).
// `--in-place` analyzes the texts on the importer's thread instead of a worker thread, to measure
// what the worker brings (src/ingest/analysis-ahead.ts).
// The clock runs until the database is closed, so the WAL checkpoint at close is counted: that is
// when `khabar import` ends too. CPU seconds (user + system) are printed as well: on a machine
// shared with other work they move less than wall time.
// For profiling: `node --cpu-prof --import tsx test/bench/import-rate.ts`.
import "reflect-metadata";
import { copyFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/db/client.js";
import { migrateDatabase } from "../../src/db/migrate.js";
import { importNdjson, linesOf } from "../../src/ingest/importer.js";
import { ensureDataset, ensureIncrement, isSizeName, type SizeName } from "./generate.js";
import { ensureDatabase } from "./load.js";

const argv = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const index = argv.indexOf(name);
  return index >= 0 && argv[index + 1] !== undefined ? argv[index + 1]! : fallback;
};
const sizeOption = (name: string, fallback: string): SizeName | undefined => {
  const value = option(name, fallback).toUpperCase();
  if (value === "") return undefined;
  if (!isSizeName(value)) throw new Error(`${name} must be S, M or L, got ${value}`);
  return value;
};
const size = sizeOption("--size", "S")!;
const into = sizeOption("--into", "");
const next = argv.includes("--next");
if (next && !into) throw new Error("--next needs --into SIZE (the database the increment goes into)");
const runs = Number(option("--runs", "1"));
const analyzeAhead = !argv.includes("--in-place");

const content = next ? await ensureIncrement(into!) : await ensureDataset(size);
const base = into ? await ensureDatabase(into, { log: (line) => console.error(line) }) : undefined;
const what = `${next ? `${into}'s increment into ${into}` : into ? `${size} into ${into}` : `${size} into an empty database`}${analyzeAhead ? "" : ", analysis in place"}`;

const rates: number[] = [];
for (let run = 0; run < runs; run += 1) {
  const path = join(tmpdir(), `khabar-import-rate-${process.pid}-${run}.db`);
  if (base) copyFileSync(base.path, path);
  const handle = openDatabase(path);
  migrateDatabase(handle);
  const started = process.hrtime.bigint();
  const cpuStarted = process.cpuUsage();
  const summary = await importNdjson(handle.db, linesOf(content.file), { analyzeAhead });
  handle.close();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
  rates.push(summary.statements / seconds);
  const outcome = `${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged`;
  console.log(`run ${run + 1}: ${summary.statements} statements in ${seconds.toFixed(2)} s = ${Math.round(summary.statements / seconds)} statements/s (CPU ${cpuSeconds.toFixed(2)} s; ${outcome})`);
}
rates.sort((a, b) => a - b);
console.log(`median ${Math.round(rates[Math.floor(rates.length / 2)]!)} statements/s (${what}, ${runs} runs)`);
