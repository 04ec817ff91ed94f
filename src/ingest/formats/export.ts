// `khabar export --format …`: the whole graph in one of the open formats, read in one snapshot from
// the same record stream as the NDJSON export (contentRecords), which stays the default and is
// written by exporter.ts unchanged.
// - jsonld: JSON Lines, one self-contained JSON-LD document per article (the same document as
//   GET /articles/{slug}.jsonld), so a file streams, splits and greps by line;
// - ninjs: JSON Lines, one ninjs 2.0 item per article;
// - acled-csv: one CSV row per incident, with a header (RFC 4180: CRLF, quotes where needed).
import type { Writable } from "node:stream";
import { stringify } from "csv-stringify/sync";
import type { Db } from "../../db/client.js";
import { createSqliteRepositories } from "../../modules/index.js";
import { contentRecords, exportNdjson, type ExportSummary } from "../exporter.js";
import type { ArticleRecord } from "../records.js";
import { ACLED_COLUMNS, AcledTable } from "./acled.js";
import { articleJsonLd, jsonLdText } from "./jsonld.js";
import { placeFactsFrom, RecordCatalogue } from "./lookup.js";
import { articleNinjs } from "./ninjs.js";

export const EXPORT_FORMATS = ["ndjson", "jsonld", "ninjs", "acled-csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(value: string): value is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(value);
}

export interface FormatExportSummary {
  format: ExportFormat;
  /** How many of each thing were written, by singular name (`article`, `incident`; for ndjson every record type). */
  written: Record<string, number>;
  /** The NDJSON export's summary, for ndjson. */
  ndjson?: ExportSummary;
}

async function write(output: Writable, text: string): Promise<void> {
  if (!output.write(text)) await new Promise<void>((resolve) => output.once("drain", resolve));
}

/** Runs `work` in one read transaction: a consistent snapshot even while writers commit (WAL). */
async function inSnapshot<Result>(db: Db, work: () => Promise<Result>): Promise<Result> {
  db.$client.exec("begin");
  try {
    return await work();
  } finally {
    db.$client.exec("commit");
  }
}

/** Writes the whole graph to `output` in `format`. */
export async function exportFormat(db: Db, format: ExportFormat, output: Writable): Promise<FormatExportSummary> {
  if (format === "ndjson") {
    const summary = await exportNdjson(db, output);
    return { format, written: summary.byType, ndjson: summary };
  }
  return inSnapshot(db, async () => {
    const catalogue = new RecordCatalogue(placeFactsFrom(createSqliteRepositories(db)));
    if (format === "acled-csv") {
      const table = new AcledTable(catalogue);
      for (const record of contentRecords(db)) {
        catalogue.add(record);
        table.add(record);
      }
      const rows = table.rows();
      await write(output, stringify(rows, { header: true, columns: [...ACLED_COLUMNS], record_delimiter: "windows" }));
      const written: Record<string, number> = { incident: rows.length };
      return { format, written };
    }
    const toLine =
      format === "jsonld"
        ? (article: ArticleRecord) => jsonLdText(articleJsonLd(article, catalogue))
        : (article: ArticleRecord) => JSON.stringify(articleNinjs(article, catalogue));
    let articles = 0;
    for (const record of contentRecords(db)) {
      if (catalogue.add(record) || record.type !== "article") continue;
      articles += 1;
      await write(output, `${toLine(record as ArticleRecord)}\n`);
    }
    const written: Record<string, number> = { article: articles };
    return { format, written };
  });
}
