// The sample content: a real Arabic news page, annotated (ingest/sample/*.ndjson), loaded through
// the same importer as any other content.
import type { Db } from "../db/client.js";
import { projectPath } from "../shared/project-root.js";
import { contentRecords } from "./exporter.js";
import { importNdjson, linesOf, type ImportSummary } from "./importer.js";

export const SAMPLE_CONTENT_FILE = projectPath("src", "ingest", "sample", "blinken-hussein.ndjson");

/** True when the database holds no content at all (the only case where the seed may run): no module has a record to export. */
export function isContentEmpty(db: Db): boolean {
  return contentRecords(db, 1).next().done === true;
}

export function loadSampleContent(db: Db): Promise<ImportSummary> {
  return importNdjson(db, linesOf(SAMPLE_CONTENT_FILE), { author: { keyId: null, name: "seed" } });
}

/** Loads the sample into an empty database; a database with any content is never touched. */
export async function seedIfEmpty(db: Db): Promise<ImportSummary | null> {
  return isContentEmpty(db) ? loadSampleContent(db) : null;
}
