// Reads the graph back as NDJSON records (design.md §4): each module's records in the module
// list's order (organizations, people, locations, incidents, then articles), each kind by slug,
// every list sorted, so that an export is deterministic and an export of a database imported from
// it is byte for byte the same — and the same bytes from SQLite and from PostgreSQL.
//
// Records are read a page at a time (EXPORT_BATCH_SIZE rows, then the page's links in one read
// each), by read programs (db/read-program.ts): synchronously on SQLite, over promises on
// PostgreSQL, the same code. Only a page and the slugs it names are held, whatever the graph's size.
import type { Writable } from "node:stream";
import type { Db } from "../db/client.js";
import { SQLITE, type Dialect } from "../db/dialect.js";
import type { ReadEngine } from "../db/engine.js";
import { sqliteRunner } from "../db/query.js";
import { runProgram, runSynchronously, type ProgramRunner } from "../db/read-program.js";
import { ENTITY_MODULES, RECORD_KINDS } from "../modules/index.js";
import { SlugLookup } from "../modules/slugs.js";

export interface ExportSummary {
  records: number;
  /** Records by `type`. */
  byType: Record<string, number>;
}

/**
 * Rows a page. On the M dataset (10k articles) 50 to 2,000 export in the same time (2.1–2.4 s for
 * ndjson), while the peak heap grows with the page (48 MB at 50, 84 at 500, 135 at 2,000); 200
 * keeps both low and the statements per record few.
 */
export const EXPORT_BATCH_SIZE = 200;

/** What an export reads from: a SQLite database, or an engine that can give a snapshot (PostgreSQL's). */
export type ExportStore = Db | ReadEngine;

/** How an export's programs run, in the dialect of the engine they run on. */
export interface RecordSource {
  readonly dialect: Dialect;
  readonly runner: ProgramRunner;
}

/**
 * Runs `work` over one consistent snapshot: a read transaction on SQLite (WAL keeps it while
 * writers commit), a REPEATABLE READ transaction on PostgreSQL (inReadSnapshot, db/postgres/run.ts).
 */
export async function inExportSnapshot<Result>(store: ExportStore, work: (source: RecordSource) => Promise<Result>): Promise<Result> {
  if ("$client" in store) {
    store.$client.exec("begin");
    try {
      return await work({ dialect: SQLITE, runner: { sync: sqliteRunner(store.$client) } });
    } finally {
      store.$client.exec("commit");
    }
  }
  const { snapshot, dialect } = store;
  if (!snapshot) throw new Error(`an export from ${dialect.name} needs an engine that gives a read snapshot`);
  return snapshot((run) => work({ dialect, runner: { async: run } }));
}

/** Every record of the graph a page at a time, in an order an import can follow (references point backwards). */
export async function* contentBatches(source: RecordSource, batchSize = EXPORT_BATCH_SIZE): AsyncGenerator<{ type: string }[]> {
  const slugs = new SlugLookup(source.dialect);
  for (const module of ENTITY_MODULES) {
    if (!module.records) continue;
    for (const program of module.records.exportBatches(slugs, batchSize)) {
      const records = await runProgram(program, source.runner);
      if (records.length > 0) yield records;
    }
  }
}

/** The same records on SQLite, synchronously (the empty-database check, tests). */
export function* contentRecords(db: Db, batchSize = EXPORT_BATCH_SIZE): Generator<{ type: string }> {
  const slugs = new SlugLookup(SQLITE);
  const run = sqliteRunner(db.$client);
  for (const module of ENTITY_MODULES) {
    if (!module.records) continue;
    for (const program of module.records.exportBatches(slugs, batchSize)) yield* runSynchronously(program, run);
  }
}

export interface ExportOptions {
  /** Rows a page (EXPORT_BATCH_SIZE); tests make it small to cross many page boundaries. */
  batchSize?: number;
}

/** Writes the whole graph as NDJSON to a stream, honouring back-pressure. */
export async function exportNdjson(store: ExportStore, output: Writable, options: ExportOptions = {}): Promise<ExportSummary> {
  const summary: ExportSummary = { records: 0, byType: Object.fromEntries(RECORD_KINDS.map((kind) => [kind.type, 0])) };
  await inExportSnapshot(store, async (source) => {
    for await (const batch of contentBatches(source, options.batchSize)) {
      let text = "";
      for (const record of batch) {
        summary.records += 1;
        summary.byType[record.type] = (summary.byType[record.type] ?? 0) + 1;
        text += `${JSON.stringify(record)}\n`;
      }
      if (!output.write(text)) await new Promise<void>((resolve) => output.once("drain", resolve));
    }
  });
  return summary;
}
