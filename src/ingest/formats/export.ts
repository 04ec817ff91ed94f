// `khabar export --format …`: the whole graph in one of the open formats, read in one snapshot from
// the same record stream as the NDJSON export (contentBatches), which stays the default and is
// written by exporter.ts unchanged.
// - jsonld: JSON Lines, one self-contained JSON-LD document per article (the same document as
//   GET /articles/{slug}.jsonld), so a file streams, splits and greps by line;
// - ninjs: JSON Lines, one ninjs 2.0 item per article;
// - acled-csv: one CSV row per incident, with a header (RFC 4180: CRLF, quotes where needed).
import type { Writable } from "node:stream";
import { stringify } from "csv-stringify/sync";
import { runProgram } from "../../db/read-program.js";
import { contentBatches, exportNdjson, inExportSnapshot, type ExportOptions, type ExportStore, type ExportSummary } from "../exporter.js";
import type { ArticleRecord, LocationRecord } from "../records.js";
import { ACLED_COLUMNS, AcledTable } from "./acled.js";
import { articleJsonLd, jsonLdText } from "./jsonld.js";
import { placeFactsOf, RecordCatalogue } from "./lookup.js";
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

/**
 * Writes the whole graph to `output` in `format`, from SQLite or from a PostgreSQL engine: the
 * same records (contentBatches), so the same bytes.
 */
export async function exportFormat(store: ExportStore, format: ExportFormat, output: Writable, options: ExportOptions = {}): Promise<FormatExportSummary> {
  if (format === "ndjson") {
    const summary = await exportNdjson(store, output, options);
    return { format, written: summary.byType, ndjson: summary };
  }
  return inExportSnapshot(store, async (source) => {
    const catalogue = new RecordCatalogue();
    /** Keeps a page's references; gives its articles (the places' facts are read with their page). */
    const catalogued = async (batch: { type: string }[]): Promise<ArticleRecord[]> => {
      const articles: ArticleRecord[] = [];
      const places: string[] = [];
      for (const record of batch) {
        if (catalogue.add(record)) {
          if (record.type === "location") places.push((record as LocationRecord).slug);
        } else if (record.type === "article") articles.push(record as ArticleRecord);
      }
      if (places.length > 0) catalogue.addFacts(await runProgram(placeFactsOf(places, source.dialect), source.runner));
      return articles;
    };
    if (format === "acled-csv") {
      const table = new AcledTable(catalogue);
      for await (const batch of contentBatches(source, options.batchSize)) {
        await catalogued(batch);
        for (const record of batch) table.add(record);
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
    for await (const batch of contentBatches(source, options.batchSize)) {
      let text = "";
      for (const article of await catalogued(batch)) {
        articles += 1;
        text += `${toLine(article)}\n`;
      }
      if (text) await write(output, text);
    }
    const written: Record<string, number> = { article: articles };
    return { format, written };
  });
}
