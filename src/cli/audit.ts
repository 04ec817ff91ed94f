// `khabar audit [--since ISO] [--json] [--refused]`: the audit log from the command line — every
// change (newest first) with its time, author, action and entity, or (--refused) the mutations
// refused for want of a key or role. `--json` prints one JSON object per
// line (the record included), for tools. The same reads on SQLite and PostgreSQL: the revisions
// are written by the same writers on both, and the refusals into the same table (on PostgreSQL by
// every Khabar process on the database).
import { parseArgs } from "node:util";
import type { ReadEngine } from "../db/engine.js";
import { asynchronous } from "../db/read.js";
import { RevisionQueries } from "../modules/revision/revision.repository.js";
import { refusalPage } from "../modules/revision/revision.refusals.js";
import type { RefusedMutationRow, RevisionRow } from "../modules/revision/revision.table.js";

/** Where the log is read: a read engine (SQLite's file, PostgreSQL's primary); the revisions and the refusals alike. */
export type AuditSource = Pick<ReadEngine, "dialect" | "run">;

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

const PAGE = 500;

/** Pages of the log (or of the refusals), newest first, read in batches so a long log never sits in memory at once. */
async function* auditRows(engine: AuditSource, since: string | null): AsyncGenerator<RevisionRow> {
  const repository = asynchronous(new RevisionQueries(engine.dialect), engine.run);
  let after: number[] | null = null;
  for (;;) {
    const rows = await repository.auditPage({ since }, { size: PAGE, limit: PAGE, after });
    yield* rows;
    if (rows.length < PAGE) return;
    after = [rows.at(-1)!.id];
  }
}

async function* refusalRows(engine: AuditSource, since: string | null): AsyncGenerator<RefusedMutationRow> {
  let beforeId: number | null = null;
  for (;;) {
    const rows: RefusedMutationRow[] = await engine.run(refusalPage(engine.dialect, since, PAGE, beforeId));
    yield* rows;
    if (rows.length < PAGE) return;
    beforeId = rows.at(-1)!.id;
  }
}

function slugOf(row: RevisionRow): string {
  const record = JSON.parse(row.record) as { slug?: unknown; article?: unknown };
  if (typeof record.slug === "string") return record.slug;
  return typeof record.article === "string" ? `${record.article} (statement ${row.entityId})` : String(row.entityId);
}

export async function auditCommand(source: AuditSource, options: AuditOptions, write: (text: string) => void): Promise<number> {
  if (options.refused) {
    let count = 0;
    for await (const row of refusalRows(source, options.since)) {
      count += 1;
      if (options.json) write(`${JSON.stringify(row)}\n`);
      else write(`${row.at}  REFUSED   ${row.mutation.padEnd(20)}  ${row.code}  ${row.keyId === null ? "no known key" : `${row.keyName} (key ${row.keyId})`}\n`);
    }
    return count;
  }
  let count = 0;
  for await (const row of auditRows(source, options.since)) {
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
