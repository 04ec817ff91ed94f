// What the writers of one import batch share besides the session, for the length of the batch's
// transaction (the importer makes one per batch, WriteSession.batch, and calls `finish` last):
//
// - Lookups they repeat. An import resolves the same speakers, incidents and outlets record after
//   record; an import never renames or deletes a row, so a slug found once keeps its id for the
//   rest of the import (ImportLookups): unless another connection commits in between — it may
//   have — and a failed batch ends the import, so ids it rolled back are never looked up again.
//   Only rows found are remembered: a slug not there yet may be created by a later record.
// - Per-row triggers set aside. Triggers keep denormalized copies right for every write path, one
//   row at a time (speaker_articles gets an upsert per statement). A writer that can do the same
//   work once for the whole batch, set-based, drops the triggers for the batch (`suspendTriggers`)
//   and registers that work (`deferred`); `finish` runs it and creates the triggers again, from the
//   very text they had, before the batch commits. DDL is transactional in SQLite: a batch that
//   fails rolls the drop back with everything else, and no other connection ever sees the schema
//   without them (readers see the last commit; writers wait for this one).
import type Database from "better-sqlite3";
import { prepared } from "./query.js";

interface Deferred {
  values: Set<unknown>;
  finish(values: Set<unknown>): void;
}

/** What an import's batches looked up, kept from one batch to the next while nothing else writes. */
export class ImportLookups {
  /** By table, then by slug (one map per table: no key to build per lookup). */
  readonly remembered = new Map<string, Map<string, unknown>>();
  private dataVersion: number | null = null;

  /** Called as each batch begins: forgets everything if another connection committed since the last batch (data_version moved). */
  beginBatch(sqlite: Database.Database): void {
    const version = sqlite.pragma("data_version", { simple: true }) as number;
    if (version !== this.dataVersion) this.remembered.clear();
    this.dataVersion = version;
  }
}

export class BatchWrite {
  /** Trigger name → its CREATE TRIGGER text, for those dropped until `finish`. */
  private readonly suspended = new Map<string, string>();
  private readonly deferredWork = new Map<string, Deferred>();
  private finished = false;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly lookups: ImportLookups,
  ) {
    lookups.beginBatch(sqlite);
  }

  /** What an earlier lookup of `slug` in `table` found during this import, if anything. */
  recall<Value>(table: string, slug: string): Value | undefined {
    return this.lookups.remembered.get(table)?.get(slug) as Value | undefined;
  }

  /** Keeps what a lookup found (a row: never undefined) for the rest of the import. */
  keep(table: string, slug: string, found: unknown): void {
    let remembered = this.lookups.remembered.get(table);
    if (!remembered) this.lookups.remembered.set(table, (remembered = new Map()));
    remembered.set(slug, found);
  }

  /** Runs SQL of the batch's deferred work (SQLite's own: the batch path exists only there). */
  run(text: string, ...params: unknown[]): void {
    prepared(this.sqlite, text).run(...params);
  }

  /** Rows of a read of the batch's deferred work. */
  all<Row>(text: string, ...params: unknown[]): Row[] {
    return prepared(this.sqlite, text).all(...params) as Row[];
  }

  /**
   * Drops the named triggers (those that exist) until `finish`. The caller must then do their
   * work itself for every row the batch writes from here on: register it with `deferred`.
   */
  suspendTriggers(names: readonly string[]): void {
    const pending = names.filter((name) => !this.suspended.has(name));
    if (pending.length === 0) return;
    const rows = prepared(this.sqlite, `select name, sql from sqlite_master where type = 'trigger' and name in (select value from json_each(?))`).all(JSON.stringify(pending)) as { name: string; sql: string }[];
    for (const { name, sql } of rows) {
      this.sqlite.exec(`drop trigger "${name.replaceAll('"', '""')}"`);
      this.suspended.set(name, sql);
    }
  }

  /**
   * The set of values kept under `key` for work done once, at `finish` (the ids of the articles
   * whose statements were written, say). `finish` is registered by the first call for a key.
   */
  deferred<Value>(key: string, finish: (values: Set<Value>) => void): Set<Value> {
    let work = this.deferredWork.get(key);
    if (!work) {
      work = { values: new Set<unknown>(), finish: finish as (values: Set<unknown>) => void };
      this.deferredWork.set(key, work);
    }
    return work.values as Set<Value>;
  }

  /** Runs the deferred work, in the order it was first registered, then creates the suspended triggers again. Last thing in the transaction. */
  finish(): void {
    if (this.finished) throw new Error("An import batch was finished twice");
    this.finished = true;
    for (const work of this.deferredWork.values()) if (work.values.size > 0) work.finish(work.values);
    for (const sql of this.suspended.values()) this.sqlite.exec(sql);
    this.suspended.clear();
  }
}
