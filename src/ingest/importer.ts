// NDJSON import: an idempotent upsert by slug, one transaction per batch of lines. A bad line
// rolls its whole batch back and stops the import with the line number and every reason.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import type { Db } from "../db/client.js";
import type { FieldError } from "../shared/errors.js";
import { ContentWriter, type UpsertOutcome } from "./content-writer.js";
import { parseRecord, RecordError, type ContentRecord } from "./records.js";

export const DEFAULT_BATCH_SIZE = 500;

export interface ImportSummary {
  lines: number;
  records: number;
  created: number;
  updated: number;
  unchanged: number;
  statements: number;
  byType: Record<ContentRecord["type"], number>;
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
  onProgress?: (progress: ImportProgress) => void;
}

interface PendingRelation {
  line: number;
  slug: string;
  related: string[];
}

export async function importNdjson(db: Db, source: AsyncIterable<string> | Iterable<string>, options: ImportOptions = {}): Promise<ImportSummary> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const writer = new ContentWriter(db);
  const summary: ImportSummary = { lines: 0, records: 0, created: 0, updated: 0, unchanged: 0, statements: 0, byType: { organization: 0, person: 0, incident: 0, article: 0 } };
  const pending: PendingRelation[] = [];
  let batch: { line: number; text: string }[] = [];

  const writeBatch = () => {
    if (batch.length === 0) return;
    const lines = batch;
    batch = [];
    const committed = { ...summary, byType: { ...summary.byType } };
    const batchPending: PendingRelation[] = [];
    let current = 0;
    try {
      db.$client.transaction(() => {
        for (const { line, text } of lines) {
          current = line;
          const record = parseRecord(text);
          count(summary, record, write(writer, record, line, batchPending));
        }
      })();
      pending.push(...batchPending);
    } catch (error) {
      if (error instanceof RecordError) throw new ImportError(current, error.fieldErrors, committed);
      throw error;
    }
    options.onProgress?.({ lines: summary.lines, records: summary.records, statements: summary.statements });
  };

  let lineNumber = 0;
  for await (const text of source) {
    lineNumber += 1;
    summary.lines = lineNumber;
    if (text.trim() === "") continue;
    batch.push({ line: lineNumber, text });
    if (batch.length >= batchSize) writeBatch();
  }
  writeBatch();

  // Related articles may point forward in the file: link them once everything is in.
  if (pending.length > 0) {
    const committed = { ...summary, byType: { ...summary.byType } };
    let failure: ImportError | undefined;
    db.$client.transaction(() => {
      for (const relation of pending) {
        const missing = writer.linkPendingRelated(relation.slug, relation.related);
        if (missing.length > 0) {
          failure = new ImportError(relation.line, missing.map((slug) => ({ path: "relatedArticles", message: `no article has the slug "${slug}"` })), committed);
          throw failure;
        }
      }
    })();
  }
  return summary;
}

function write(writer: ContentWriter, record: ContentRecord, line: number, pending: PendingRelation[]): UpsertOutcome {
  switch (record.type) {
    case "organization":
    case "person":
      return writer.upsertActor(record);
    case "incident":
      return writer.upsertIncident(record);
    case "article": {
      const result = writer.upsertArticle(record);
      if (result.pendingRelated.length > 0) pending.push({ line, slug: record.slug, related: result.pendingRelated });
      return result.outcome;
    }
  }
}

function count(summary: ImportSummary, record: ContentRecord, outcome: UpsertOutcome): void {
  summary.records += 1;
  summary[outcome] += 1;
  summary.byType[record.type] += 1;
  if (record.type === "article") summary.statements += record.statements?.length ?? 0;
}

/** Lines of a file, or of a stream such as stdin. */
export function linesOf(input: string | Readable): AsyncIterable<string> {
  const stream = typeof input === "string" ? createReadStream(input, { encoding: "utf8" }) : input;
  return createInterface({ input: stream, crlfDelay: Infinity });
}
