// NDJSON import: an idempotent upsert by slug, one transaction per batch of lines. A bad line
// rolls its whole batch back and stops the import with the line number and every reason.
import { SQLITE } from "../db/dialect.js";
import { sqliteRunner } from "../db/query.js";
import { runSynchronously } from "../db/read-program.js";
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { BatchWrite, ImportLookups } from "../db/batch-write.js";
import { changeFeedOf } from "../db/change-feed.js";
import type { Db } from "../db/client.js";
import type { FieldError } from "../shared/errors.js";
import { uniqueViolationOf } from "../db/faults.js";
import type { WriteEngine } from "../db/write-engine.js";
import { IMPORT_AUTHOR, WriteSession, type Author, type WriteProgram } from "../db/write-session.js";
import { RECORD_KINDS } from "../modules/index.js";
import type { RecordWrite } from "../modules/module.js";
import { forgetAnalyses, rememberAnalyses } from "../search/analyzer.js";
import { AnalysisAhead, textsOf, type AheadAnalysis } from "./analysis-ahead.js";
import { kindOf, parseRecord, RecordError, type ContentRecord } from "./records.js";

export const DEFAULT_BATCH_SIZE = 500;

export interface ImportSummary {
  lines: number;
  records: number;
  created: number;
  updated: number;
  unchanged: number;
  statements: number;
  /** Records by `type` (organization, person, incident, article…). */
  byType: Record<string, number>;
}

export interface ImportProgress {
  lines: number;
  records: number;
  statements: number;
}

export class ImportError extends Error {
  constructor(
    readonly line: number,
    readonly fieldErrors: FieldError[],
    readonly summary: ImportSummary,
  ) {
    super(`line ${line}: ${fieldErrors.map((error) => (error.path ? `${error.path}: ${error.message}` : error.message)).join("; ")}`);
    this.name = "ImportError";
  }
}

export interface ImportOptions {
  batchSize?: number;
  /** Whom the revisions are by (`import` unless told: the seed is `seed`). */
  author?: Author;
  onProgress?: (progress: ImportProgress) => void;
  /**
   * Writes each record on its own, as a mutation would: no lookups shared across the batch, every
   * trigger firing row by row. The default (false) is the batch path of db/batch-write.ts; the
   * tests import both ways and compare what they wrote.
   */
  rowByRow?: boolean;
  /**
   * Analyzes each batch's texts for the search index in a worker thread while the batch before it
   * is written (analysis-ahead.ts). Default true; it changes no result, only which thread works.
   */
  analyzeAhead?: boolean;
}

/** A batch's lines parsed and checked (a line that failed keeps its error, thrown when the batch reaches it). */
interface PreparedBatch {
  lines: { line: number; record?: ContentRecord; error?: RecordError }[];
  /** How many lines had been read when the batch was complete (the summary's `lines` once it is written). */
  lastLine: number;
  analysis: AheadAnalysis | null;
}

/** Work a record left for when every record is in (references that point forward). */
interface Deferred {
  line: number;
  afterImport: NonNullable<RecordWrite["afterImport"]>;
}

function emptySummary(): ImportSummary {
  return { lines: 0, records: 0, created: 0, updated: 0, unchanged: 0, statements: 0, byType: Object.fromEntries(RECORD_KINDS.map((kind) => [kind.type, 0])) };
}

/** The page cache of an import's connection, in KiB (SQLite's default is 2 MB). */
const IMPORT_CACHE_KIB = 65_536;
/** Pages the WAL may hold before a commit copies it into the database file (SQLite's default: 1,000 pages, 4 MB). */
const IMPORT_CHECKPOINT_PAGES = 65_536;

/**
 * Connection settings for the length of an import; the returned function puts them back. An
 * import writes far more pages than any request: a larger page cache keeps the indexes it grows
 * in memory rather than re-reading them from the OS, and the WAL is copied into the database file
 * when it reaches 256 MB rather than 4 MB — with batches of 500 lines, that was a checkpoint and
 * its fsyncs at every commit. Durability is the same either way: a batch is on disk, in the WAL,
 * when its commit returns.
 */
function useImportSettings(sqlite: Db["$client"]): () => void {
  const cacheSize = sqlite.pragma("cache_size", { simple: true }) as number;
  const checkpointPages = sqlite.pragma("wal_autocheckpoint", { simple: true }) as number;
  sqlite.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
  sqlite.pragma(`wal_autocheckpoint = ${IMPORT_CHECKPOINT_PAGES}`);
  return () => {
    sqlite.pragma(`cache_size = ${cacheSize}`);
    sqlite.pragma(`wal_autocheckpoint = ${checkpointPages}`);
    // What the import left in the WAL goes into the database file now, not at some later request's commit.
    sqlite.pragma("wal_checkpoint(PASSIVE)");
  };
}

export async function importNdjson(db: Db, source: AsyncIterable<string> | Iterable<string>, options: ImportOptions = {}): Promise<ImportSummary> {
  const restore = useImportSettings(db.$client);
  try {
    return await importLines({ db }, source, options);
  } finally {
    restore();
  }
}

/**
 * Imports into PostgreSQL through the same writers, one transaction per batch on the primary —
 * the way into a database that already has content (an empty one is loaded faster by staging and
 * copying: postgres-start.ts). Rows are looked up and written one statement at a time, over the
 * network: far slower than SQLite's batch path, which PostgreSQL has no counterpart of here.
 */
export async function importNdjsonInto(writes: WriteEngine, source: AsyncIterable<string> | Iterable<string>, options: ImportOptions = {}): Promise<ImportSummary> {
  return importLines({ writes }, source, options);
}

/** Where an import writes: SQLite's connection (its batch path) or a write engine (PostgreSQL's primary). */
type ImportTarget = { db: Db } | { writes: WriteEngine };

async function importLines(target: ImportTarget, source: AsyncIterable<string> | Iterable<string>, options: ImportOptions): Promise<ImportSummary> {
  const ahead = new AnalysisAhead();
  try {
    return await importBatches(target, source, options, ahead);
  } finally {
    await ahead.close();
  }
}

/** The records of one batch, written through their kinds' writers: what every batch's transaction runs. */
function* batchWrites(batch: PreparedBatch, session: WriteSession, summary: ImportSummary, deferred: Deferred[], at: { line: number }): WriteProgram<void> {
  for (const { line, record, error } of batch.lines) {
    at.line = line;
    if (!record) throw error;
    const kind = kindOf(record);
    const written = yield* kind.write(session, record);
    if (written.afterImport) deferred.push({ line, afterImport: written.afterImport });
    summary.records += 1;
    summary[written.outcome] += 1;
    summary.byType[record.type] = (summary.byType[record.type] ?? 0) + 1;
    summary.statements += kind.statementCount?.(record) ?? 0;
  }
}

/** Related articles may point forward in the file: linked once everything is in. */
function* deferredWrites(deferred: readonly Deferred[], session: WriteSession, committed: ImportSummary): WriteProgram<void> {
  for (const { line, afterImport } of deferred) {
    const failures = yield* afterImport(session);
    if (failures.length > 0) throw new ImportError(line, failures, committed);
  }
}

async function importBatches(target: ImportTarget, source: AsyncIterable<string> | Iterable<string>, options: ImportOptions, ahead: AnalysisAhead): Promise<ImportSummary> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const dialect = "db" in target ? SQLITE : target.writes.dialect;
  const session = new WriteSession(dialect, undefined, options.author ?? IMPORT_AUTHOR);
  const summary = emptySummary();
  const deferred: Deferred[] = [];
  const lookups = new ImportLookups();
  let prepared = 0;

  /**
   * Runs one transaction of the import. On SQLite: synchronously, with the batch path (triggers
   * set aside, lookups kept, db/batch-write.ts) unless told row by row, its live updates published
   * after the commit. Elsewhere: through the engine, which commits and announces.
   */
  const transaction = (program: (session: WriteSession) => WriteProgram<void>, batchPath: boolean): void | Promise<void> => {
    if ("writes" in target) return target.writes.transaction(session, program(session));
    const { db } = target;
    session.connection = db.$client;
    const run = sqliteRunner(db.$client);
    try {
      db.$client.transaction(() => {
        if (batchPath && !options.rowByRow) session.batch = new BatchWrite(db.$client, lookups);
        runSynchronously(program(session), run);
        // The batch's set-aside work (triggers back, groups recounted) before the outbox sees it.
        session.batch?.finish();
        runSynchronously(session.committing(), run);
      })();
    } finally {
      session.batch = null;
    }
    // Live updates for the batch, now that it is committed (a failed batch threw above: nothing).
    changeFeedOf(db).publish(session.takeChanges());
  };

  // Parsing and checking need no database, so a batch is prepared as soon as its lines are read,
  // and its texts go to the analysis worker then — from the second batch on: a one-batch import
  // (the seed, most tests) never starts one.
  const prepare = (lines: { line: number; text: string }[], lastLine: number): PreparedBatch => {
    const parsed = lines.map(({ line, text }) => {
      try {
        return { line, record: parseRecord(text) };
      } catch (error) {
        if (error instanceof RecordError) return { line, error };
        throw error;
      }
    });
    let analysis: AheadAnalysis | null = null;
    if ((options.analyzeAhead ?? true) && prepared++ > 0) {
      const texts = new Set<string>();
      for (const { record } of parsed) if (record) textsOf(record, texts);
      analysis = ahead.request([...texts]);
    }
    return { lines: parsed, lastLine, analysis };
  };

  const writeBatch = async (batch: PreparedBatch) => {
    summary.lines = batch.lastLine;
    const committed = { ...summary, byType: { ...summary.byType } };
    const batchDeferred: Deferred[] = [];
    const at = { line: 0 };
    if (batch.analysis?.analyzed) rememberAnalyses(batch.analysis.texts, batch.analysis.analyzed);
    try {
      await transaction((writing) => batchWrites(batch, writing, summary, batchDeferred, at), true);
      deferred.push(...batchDeferred);
    } catch (error) {
      // What the failed batch counted is not in the database: the summary is the last commit's.
      Object.assign(summary, committed);
      if (error instanceof RecordError) throw new ImportError(at.line, error.fieldErrors, committed);
      // Two records claiming one unique value (a slug of the other kind is caught earlier, with its path).
      const unique = uniqueViolationOf(error);
      if (unique) throw new ImportError(at.line, [{ path: unique.field, message: "is already used by another record" }], committed);
      throw error;
    } finally {
      forgetAnalyses();
    }
    options.onProgress?.({ lines: summary.lines, records: summary.records, statements: summary.statements });
  };

  // One batch is kept prepared while the next one is read: the worker analyzes the next batch
  // while this thread writes the one before it.
  let waiting: PreparedBatch | null = null;
  const next = async (batch: PreparedBatch | null) => {
    if (waiting) {
      // Let the worker's answers in before the batch's turn (its analysis may be back by now).
      await new Promise((resolve) => setImmediate(resolve));
      await writeBatch(waiting);
    }
    waiting = batch;
  };

  let lineNumber = 0;
  let lines: { line: number; text: string }[] = [];
  for await (const text of source) {
    lineNumber += 1;
    if (text.trim() === "") continue;
    lines.push({ line: lineNumber, text });
    if (lines.length >= batchSize) {
      await next(prepare(lines, lineNumber));
      lines = [];
    }
  }
  await next(lines.length > 0 ? prepare(lines, lineNumber) : null);
  await next(null);
  summary.lines = lineNumber;

  if (deferred.length > 0) {
    const committed = { ...summary, byType: { ...summary.byType } };
    await transaction((writing) => deferredWrites(deferred, writing, committed), false);
  }
  return summary;
}

/** Lines of a file, or of a stream such as stdin. */
export function linesOf(input: string | Readable): AsyncIterable<string> {
  const stream = typeof input === "string" ? createReadStream(input, { encoding: "utf8" }) : input;
  return createInterface({ input: stream, crlfDelay: Infinity });
}
