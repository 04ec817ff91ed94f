// Loads a generated dataset through the real importer into a fresh migrated database and caches
// it. The cache key is the generator version and size (the dataset) plus a hash of everything that
// decides what an import writes: the migrations and the import path's code. A new migration or a
// changed importer therefore means a fresh import, never a stale database migrated in place.
// The import rate measured then is kept next to the database. The benchmark never writes to the
// cached database: servers run on a working copy (`workingCopy`), removed afterwards.
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { openDatabase } from "../../src/db/client.js";
import { migrateDatabase } from "../../src/db/migrate.js";
import { importNdjson, linesOf } from "../../src/ingest/importer.js";
import { projectPath } from "../../src/shared/project-root.js";
import { cacheDirectory, ensureDataset, type SizeName } from "./generate.js";

/** Bump to force a fresh import when something outside IMPORT_INPUTS changes what an import writes. */
const LOADER_VERSION = 1;
/** What an imported database depends on, besides the dataset: files or folders (recursively), relative to the project root. */
// Every module owns its write path (`*.writer.ts`, `*.record.ts`), so all of src/modules counts.
export const IMPORT_INPUTS = ["migrations", "src/ingest", "src/search", "src/modules", "src/db"] as const;
/** Cached databases kept per size (the most recently used): other branches may need other keys. */
const KEEP_DATABASES = 3;

export interface LoadedDatabase {
  /** The cached, imported database: open it read-only, or copy it (`workingCopy`). */
  path: string;
  /** The cache key: a hash of LOADER_VERSION and every file under IMPORT_INPUTS (names and contents). */
  key: string;
  statements: number;
  importSeconds: number;
  importStatementsPerSec: number;
  /** False when the database came from the cache (the rate is the one measured back then). */
  imported: boolean;
}

interface ImportMeta {
  statements: number;
  importSeconds: number;
  key: string;
  inputs: string[];
  importedAt: string;
}

function filesUnder(root: string, entry: string): string[] {
  const path = join(root, entry);
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [entry];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(root, join(entry, name)));
}

/** sha256 over LOADER_VERSION and each input file's path and bytes, in a fixed order; 16 hex digits. */
export function importCacheKey(root: string = projectPath(), inputs: readonly string[] = IMPORT_INPUTS): { key: string; files: string[] } {
  const hash = createHash("sha256").update(`loader ${LOADER_VERSION}\n`);
  const files = inputs.flatMap((input) => filesUnder(root, input));
  for (const file of files) {
    const content = readFileSync(join(root, file));
    hash.update(`${relative(root, join(root, file))}\0${content.length}\0`).update(content);
  }
  return { key: hash.digest("hex").slice(0, 16), files };
}

/** Keeps the KEEP_DATABASES most recently used databases of a size; removes the others. */
function pruneDatabases(directory: string, keep: string): void {
  const databases = readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name.startsWith("db-"))
    .map((entry) => {
      const meta = join(directory, entry.name, "import.json");
      return { name: entry.name, used: existsSync(meta) ? statSync(meta).mtimeMs : 0 };
    })
    .sort((left, right) => right.used - left.used);
  for (const database of databases.slice(KEEP_DATABASES)) {
    if (database.name !== keep) rmSync(join(directory, database.name), { recursive: true, force: true });
  }
}

export async function ensureDatabase(size: SizeName, options: { reimport?: boolean; log?: (line: string) => void } = {}): Promise<LoadedDatabase> {
  const log = options.log ?? (() => {});
  const { key, files } = importCacheKey();
  const sizeDirectory = cacheDirectory(size);
  const directory = join(sizeDirectory, `db-${key}`);
  const path = join(directory, "khabar.db");
  const metaFile = join(directory, "import.json");
  if (!options.reimport && existsSync(path) && existsSync(metaFile)) {
    const meta = JSON.parse(readFileSync(metaFile, "utf8")) as ImportMeta;
    const now = new Date();
    utimesSync(metaFile, now, now); // most recently used: kept by pruneDatabases
    return { path, key, statements: meta.statements, importSeconds: meta.importSeconds, importStatementsPerSec: meta.statements / meta.importSeconds, imported: false };
  }
  const generationStarted = performance.now();
  const dataset = await ensureDataset(size, log);
  const generationSeconds = (performance.now() - generationStarted) / 1000;
  if (generationSeconds > 1) log(`generated ${dataset.file} in ${generationSeconds.toFixed(1)} s`);
  log(`importing ${dataset.file} (${dataset.statements} statements) into a database keyed ${key}…`);
  mkdirSync(directory, { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${temporary}${suffix}`, { force: true });
  const handle = openDatabase(temporary);
  migrateDatabase(handle);
  const started = process.hrtime.bigint();
  const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
  let reported = 0;
  const summary = await importNdjson(handle.db, linesOf(dataset.file), {
    onProgress: ({ records, statements }) => {
      if (seconds() - reported < 5) return;
      reported = seconds();
      const rate = statements / reported;
      const left = statements > 0 ? `, ${(rate / 1000).toFixed(1)}k/s, ~${((dataset.statements - statements) / rate).toFixed(0)} s left` : "";
      log(`  ${records} records, ${statements} / ${dataset.statements} statements (${((100 * statements) / dataset.statements).toFixed(0)} %)${left}`);
    },
  });
  const importSeconds = seconds();
  log(`imported ${summary.statements} statements in ${importSeconds.toFixed(1)} s (${(summary.statements / importSeconds / 1000).toFixed(1)}k/s); analyze + checkpoint…`);
  handle.sqlite.pragma("wal_checkpoint(TRUNCATE)");
  handle.sqlite.exec("analyze");
  handle.close();
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
  renameSync(temporary, path);
  for (const suffix of ["-wal", "-shm"]) rmSync(`${temporary}${suffix}`, { force: true });
  const meta: ImportMeta = { statements: summary.statements, importSeconds, key, inputs: files, importedAt: new Date().toISOString() };
  writeFileSync(metaFile, JSON.stringify(meta, null, 1));
  pruneDatabases(sizeDirectory, `db-${key}`);
  return { path, key, statements: summary.statements, importSeconds, importStatementsPerSec: summary.statements / importSeconds, imported: true };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A private copy of the cached database for one run (Khabar migrates on start and the
 * create-statement scenario writes): next to the cache, so it is on the same disk, removed by
 * `remove()`; copies left by runs that died are removed here.
 */
export function workingCopy(database: LoadedDatabase): { path: string; remove(): void } {
  const directory = join(database.path, "..");
  for (const name of readdirSync(directory)) {
    const match = /^run-(\d+)\.db/.exec(name);
    if (match && !processAlive(Number(match[1]))) rmSync(join(directory, name), { force: true });
  }
  const path = join(directory, `run-${process.pid}.db`);
  copyFileSync(database.path, path);
  return {
    path,
    remove: () => {
      for (const suffix of ["", "-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
    },
  };
}
