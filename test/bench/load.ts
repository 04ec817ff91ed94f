// Loads a generated dataset through the real importer into a fresh migrated database, once per
// size + generator version; the import rate measured then is kept next to the database.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openDatabase } from "../../src/db/client.js";
import { migrateDatabase } from "../../src/db/migrate.js";
import { importNdjson, linesOf } from "../../src/ingest/importer.js";
import { cacheDirectory, ensureDataset, type SizeName } from "./generate.js";

export interface LoadedDatabase {
  path: string;
  statements: number;
  importSeconds: number;
  importStatementsPerSec: number;
  /** False when the database came from the cache (the rate is the one measured back then). */
  imported: boolean;
}

interface ImportMeta {
  statements: number;
  importSeconds: number;
}

export async function ensureDatabase(size: SizeName, options: { reimport?: boolean; log?: (line: string) => void } = {}): Promise<LoadedDatabase> {
  const log = options.log ?? (() => {});
  const directory = cacheDirectory(size);
  const path = join(directory, "khabar.db");
  const metaFile = join(directory, "import.json");
  if (!options.reimport && existsSync(path) && existsSync(metaFile)) {
    const meta = JSON.parse(readFileSync(metaFile, "utf8")) as ImportMeta;
    return { path, ...meta, importStatementsPerSec: meta.statements / meta.importSeconds, imported: false };
  }
  const dataset = await ensureDataset(size);
  log(`importing ${dataset.file} (${dataset.statements} statements)…`);
  const temporary = `${path}.${process.pid}.tmp`;
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${temporary}${suffix}`, { force: true });
  const handle = openDatabase(temporary);
  migrateDatabase(handle);
  const started = process.hrtime.bigint();
  const summary = await importNdjson(handle.db, linesOf(dataset.file));
  const importSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  handle.sqlite.pragma("wal_checkpoint(TRUNCATE)");
  handle.sqlite.exec("analyze");
  handle.close();
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
  renameSync(temporary, path);
  for (const suffix of ["-wal", "-shm"]) rmSync(`${temporary}${suffix}`, { force: true });
  const meta: ImportMeta = { statements: summary.statements, importSeconds };
  writeFileSync(metaFile, JSON.stringify(meta));
  return { path, ...meta, importStatementsPerSec: summary.statements / importSeconds, imported: true };
}
