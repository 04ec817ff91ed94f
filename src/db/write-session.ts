// What one write (an import batch, a mutation) shares across the modules' writers: the dialect its
// statements are written in, one clock, how a record finds the row it is written to, what the
// write changed (for live updates), and who is writing (for the revisions the writers record).
// Writers are write programs (db/read-program.ts): generators that yield each statement, run by
// the write engine (db/write-engine.ts) inside one transaction — synchronously on SQLite,
// asynchronously on PostgreSQL.
import type { BatchWrite } from "./batch-write.js";
import type { Change } from "./change-feed.js";
import type { Dialect } from "./dialect.js";
import { read, type ReadProgram } from "./read-program.js";
import type { Read } from "./read.js";

/** Who a write's revisions are by: an API key (id and name), or `import`, `seed`, `cli` with no key. */
export interface Author {
  keyId: number | null;
  name: string;
}

export const IMPORT_AUTHOR: Author = { keyId: null, name: "import" };

/**
 * Work that must be written in the same transaction as the changes that cause it (webhooks'
 * outbox): called with the session and what it changed, just before the transaction commits, so
 * it commits or rolls back with the write.
 */
export type CommitHook = (session: WriteSession, changes: readonly Change[]) => WriteProgram<void>;
const COMMIT_HOOKS: CommitHook[] = [];

/** Registers a commit hook for every write of the process (the module list does, once). */
export function onCommitting(hook: CommitHook): void {
  if (!COMMIT_HOOKS.includes(hook)) COMMIT_HOOKS.push(hook);
}

/** A writer's work: a program of statements whose results it reads as it goes. */
export type WriteProgram<Result> = ReadProgram<Result>;

export class WriteSession {
  /** Changes recorded since the last `takeChanges`, one per row (see `changed`). */
  private readonly recorded = new Map<string, Change>();
  /** The reason given with the write (a mutation's `reason` argument), kept on its revisions. */
  reason: string | null = null;
  /** When set, every revision of the write takes this action instead of its own (a restore is RESTORED). */
  action: "RESTORED" | null = null;
  /** Set by the importer for the length of one batch transaction (see db/batch-write.ts); null for every other write. */
  batch: BatchWrite | null = null;
  /** The connection (SQLite's) or pool (PostgreSQL's) the write runs on, set by the write engine: what is told of it (the webhook sender) is keyed by it. */
  connection: object | null = null;

  constructor(
    readonly dialect: Dialect,
    /** ISO time of the write; mutations pass a clock that always moves on. */
    readonly now: () => string = () => new Date().toISOString(),
    readonly author: Author = IMPORT_AUTHOR,
  ) {}

  /**
   * Records that a row changed. Writers call it; nothing is published until the caller's
   * transaction commits (editTransaction, the importer). A row recorded twice keeps one change:
   * created then updated stays created, created then deleted is forgotten (nobody saw it), any
   * other pair keeps the latest action.
   */
  changed(change: Change): void {
    const key = `${change.type}:${change.id}`;
    const earlier = this.recorded.get(key);
    if (earlier?.action === "created") {
      if (change.action === "deleted") this.recorded.delete(key);
      return;
    }
    if (earlier) earlier.action = change.action;
    else this.recorded.set(key, { ...change });
  }

  /** Runs the commit hooks over the changes recorded so far. Run it inside the transaction, as its last step. */
  *committing(): WriteProgram<void> {
    if (this.recorded.size === 0) return;
    const changes = [...this.recorded.values()];
    for (const hook of COMMIT_HOOKS) yield* hook(this, changes);
  }

  /** The changes recorded so far, kept (what a PostgreSQL write announces before it commits). */
  get pendingChanges(): readonly Change[] {
    return [...this.recorded.values()];
  }

  /** The changes recorded so far, in the order rows were first recorded; the session forgets them. */
  takeChanges(): Change[] {
    const changes = [...this.recorded.values()];
    this.recorded.clear();
    return changes;
  }
}

export type UpsertOutcome = "created" | "updated" | "unchanged";

/**
 * Which row a record is written to: the one with its slug (import: an idempotent upsert), a new
 * one (create: a taken slug fails on the UNIQUE index, which the caller turns into CONFLICT), or
 * the row with this id (update: the slug may change).
 */
export type WriteTarget = "bySlug" | "new" | number;

/** Lookups of a table's row by slug and by id. */
export interface RowLookups<Row> {
  bySlug(slug: string): Read<Row | undefined>;
  byId(id: number): Read<Row | undefined>;
}

/** The row a target names, if any. */
export function* existingRow<Row>(lookups: RowLookups<Row>, target: WriteTarget, slug: string): WriteProgram<Row | undefined> {
  if (target === "new") return undefined;
  return yield* read(target === "bySlug" ? lookups.bySlug(slug) : lookups.byId(target));
}

export function sameSet<Value>(left: readonly Value[], right: readonly Value[]): boolean {
  const a = new Set(left);
  const b = new Set(right);
  return a.size === b.size && [...a].every((value) => b.has(value));
}

let lastInstant = 0;
/** ISO time that strictly increases within the process, so `updatedAt` always moves on a change. */
export function monotonicNow(): string {
  lastInstant = Math.max(Date.now(), lastInstant + 1);
  return new Date(lastInstant).toISOString();
}
