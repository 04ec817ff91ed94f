// Reads the graph back as NDJSON records (design.md §4): each module's records in the module
// list's order (organizations, people, incidents, then articles), each kind by slug, every list
// sorted, so that an export is deterministic and an export of a database imported from it is byte
// for byte the same.
import type { Writable } from "node:stream";
import type { Db } from "../db/client.js";
import { ENTITY_MODULES, RECORD_KINDS } from "../modules/index.js";
import { SlugLookup } from "../modules/slugs.js";

export interface ExportSummary {
  records: number;
  /** Records by `type`. */
  byType: Record<string, number>;
}

/** Every record of the graph, in an order an import can follow (references point backwards). */
export function* contentRecords(db: Db): Generator<{ type: string }> {
  const slugs = new SlugLookup(db);
  for (const module of ENTITY_MODULES) if (module.records) yield* module.records.exportAll(db, slugs);
}

/** Writes the whole graph as NDJSON to a stream, honouring back-pressure. */
export async function exportNdjson(db: Db, output: Writable): Promise<ExportSummary> {
  const summary: ExportSummary = { records: 0, byType: Object.fromEntries(RECORD_KINDS.map((kind) => [kind.type, 0])) };
  // One read transaction: a consistent snapshot even while writers commit (WAL keeps it for us).
  db.$client.exec("begin");
  try {
    for (const record of contentRecords(db)) {
      summary.records += 1;
      summary.byType[record.type] = (summary.byType[record.type] ?? 0) + 1;
      if (!output.write(`${JSON.stringify(record)}\n`)) await new Promise<void>((resolve) => output.once("drain", resolve));
    }
  } finally {
    db.$client.exec("commit");
  }
  return summary;
}

