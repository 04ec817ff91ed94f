// `khabar audit [--since ISO] [--json] [--refused]`: the audit log from the command line — every
// change (newest first) with its time, author, action and entity, or (--refused) the mutations
// refused for want of a key or role. `--json` prints one JSON object per
// line (the record included), for tools.
import { parseArgs } from "node:util";
import type { Db } from "../db/client.js";
import { revisionRepository } from "../modules/revision/revision.repository.js";
import { refusalsSince } from "../modules/revision/revision.refusals.js";
import type { RefusedMutationRow, RevisionRow } from "../modules/revision/revision.table.js";

export interface AuditOptions {
  since: string | null;
  json: boolean;
  /** The refused mutations instead of the changes. */
  refused: boolean;
}

export function parseAuditArgs(args: string[], usage: (message: string) => Error): AuditOptions {
  const { values, positionals } = parseArgs({ args, options: { since: { type: "string" }, json: { type: "boolean" }, refused: { type: "boolean" } }, allowPositionals: true, strict: true });
  if (positionals.length > 0) throw usage("audit takes no FILE: it prints to stdout");
  let since: string | null = null;
  if (values.since !== undefined) {
    const time = Date.parse(values.since);
    if (!/^\d{4}-\d{2}-\d{2}/.test(values.since) || Number.isNaN(time)) throw usage(`--since must be an ISO 8601 date or time, got "${values.since}"`);
    since = new Date(time).toISOString();
  }
  return { since, json: values.json ?? false, refused: values.refused ?? false };
}

/** Pages of the log (or of the refusals), newest first, read in batches so a long log never sits in memory at once. */
function* auditRows(db: Db, since: string | null): Generator<RevisionRow> {
  const repository = revisionRepository(db);
  let after: number[] | null = null;
  for (;;) {
    const rows = repository.auditPage({ since }, { size: 500, limit: 500, after });
    yield* rows;
    if (rows.length < 500) return;
    after = [rows.at(-1)!.id];
  }
}

function* refusalRows(db: Db, since: string | null): Generator<RefusedMutationRow> {
  let beforeId: number | null = null;
  for (;;) {
    const rows = refusalsSince(db, since, 500, beforeId);
    yield* rows;
    if (rows.length < 500) return;
    beforeId = rows.at(-1)!.id;
  }
}

function slugOf(row: RevisionRow): string {
  const record = JSON.parse(row.record) as { slug?: unknown; article?: unknown };
  if (typeof record.slug === "string") return record.slug;
  return typeof record.article === "string" ? `${record.article} (statement ${row.entityId})` : String(row.entityId);
}

export function auditCommand(db: Db, options: AuditOptions, write: (text: string) => void): number {
  if (options.refused) {
    let count = 0;
    for (const row of refusalRows(db, options.since)) {
      count += 1;
      if (options.json) write(`${JSON.stringify(row)}\n`);
      else write(`${row.at}  REFUSED   ${row.mutation.padEnd(20)}  ${row.code}  ${row.keyId === null ? "no known key" : `${row.keyName} (key ${row.keyId})`}\n`);
    }
    return count;
  }
  let count = 0;
  for (const row of auditRows(db, options.since)) {
    count += 1;
    if (options.json) {
      const { record, ...rest } = row;
      write(`${JSON.stringify({ ...rest, record: JSON.parse(record) as unknown })}\n`);
    } else {
      const author = row.authorKeyId === null ? row.authorName : `${row.authorName} (key ${row.authorKeyId})`;
      write(`${row.at}  ${row.action.padEnd(8)}  ${row.entityType.padEnd(12)}  ${slugOf(row)}  by ${author}${row.reason ? `: ${row.reason}` : ""}\n`);
    }
  }
  return count;
}
