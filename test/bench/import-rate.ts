// `tsx test/bench/import-rate.ts [--size S|M|L] [--runs N]`: imports the generated dataset with
// the real importer into fresh temporary databases (never the bench cache) and prints the rate of
// each run and the median. For profiling: `node --cpu-prof --import tsx test/bench/import-rate.ts`.
import "reflect-metadata";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/db/client.js";
import { migrateDatabase } from "../../src/db/migrate.js";
import { importNdjson, linesOf } from "../../src/ingest/importer.js";
import { ensureDataset, isSizeName, type SizeName } from "./generate.js";

const argv = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const index = argv.indexOf(name);
  return index >= 0 && argv[index + 1] !== undefined ? argv[index + 1]! : fallback;
};
const size = option("--size", "S").toUpperCase();
if (!isSizeName(size)) throw new Error(`--size must be S, M or L, got ${size}`);
const runs = Number(option("--runs", "1"));

const dataset = await ensureDataset(size as SizeName);
const rates: number[] = [];
for (let run = 0; run < runs; run += 1) {
  const path = join(tmpdir(), `khabar-import-rate-${process.pid}-${run}.db`);
  const handle = openDatabase(path);
  migrateDatabase(handle);
  const started = process.hrtime.bigint();
  const summary = await importNdjson(handle.db, linesOf(dataset.file));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  handle.close();
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
  rates.push(summary.statements / seconds);
  console.log(`run ${run + 1}: ${summary.statements} statements in ${seconds.toFixed(2)} s = ${Math.round(summary.statements / seconds)} statements/s`);
}
rates.sort((a, b) => a - b);
console.log(`median ${Math.round(rates[Math.floor(rates.length / 2)]!)} statements/s (size ${size}, ${runs} runs)`);
