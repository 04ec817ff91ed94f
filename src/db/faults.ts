// Storage faults a write can meet in production — the file locked by another process beyond the
// busy timeout, a read-only file or mount, a full disk, an I/O error — turned into one clear,
// retryable error instead of a masked INTERNAL_SERVER_ERROR. Reads are unaffected by all of them
// except I/O errors, so the API keeps serving while writes report what is wrong.
import { ErrorCode, KhabarError } from "../shared/errors.js";

const EXPLANATIONS: Record<string, string> = {
  SQLITE_BUSY: "the database is locked by another writer (longer than busy_timeout); retry shortly",
  SQLITE_LOCKED: "the database is locked by another writer; retry shortly",
  SQLITE_READONLY: "the database is read-only (file permissions, a read-only mount, or query_only)",
  SQLITE_FULL: "the disk holding the database is full",
  SQLITE_IOERR: "the database file could not be written (I/O error)",
  SQLITE_CANTOPEN: "the database file could not be opened for writing",
};

/** The SQLite result code of an error from better-sqlite3, e.g. SQLITE_BUSY (extended codes folded). */
export function sqliteCodeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string" || !code.startsWith("SQLITE_")) return undefined;
  return Object.keys(EXPLANATIONS).find((known) => code === known || code.startsWith(`${known}_`)) ?? code;
}

export class StorageUnavailableError extends KhabarError {
  constructor(readonly sqliteCode: string) {
    super(ErrorCode.SERVICE_UNAVAILABLE, `Writes are unavailable: ${EXPLANATIONS[sqliteCode] ?? sqliteCode}. Reads keep working.`, { reason: sqliteCode });
    this.name = "StorageUnavailableError";
  }
}

/** A StorageUnavailableError for a storage fault, or undefined for any other error. */
export function storageFault(error: unknown): StorageUnavailableError | undefined {
  if (error instanceof StorageUnavailableError) return error;
  const code = sqliteCodeOf(error);
  return code && code in EXPLANATIONS ? new StorageUnavailableError(code) : undefined;
}

/** Runs a write; a storage fault becomes a StorageUnavailableError, anything else is rethrown. */
export function guardWrite<Result>(write: () => Result): Result {
  try {
    return write();
  } catch (error) {
    throw storageFault(error) ?? error;
  }
}

/** The table and field (camelCase, as records and inputs name it) of a failed UNIQUE constraint. */
export function uniqueViolationOf(error: unknown): { table: string; field: string } | undefined {
  if (!(error instanceof Error)) return undefined;
  // PostgreSQL's unique_violation names the table, and the key's columns in its detail: Key (slug)=(…) already exists.
  if ((error as { code?: unknown }).code === "23505") {
    const { table, detail } = error as { table?: string; detail?: string };
    const column = /^Key \(([\w", ]+)\)=/.exec(detail ?? "")?.[1]?.split(",").pop()?.trim().replaceAll('"', "");
    return { table: table ?? "", field: column ? camelCase(column) : "" };
  }
  if (!String((error as { code?: unknown }).code ?? "").startsWith("SQLITE_CONSTRAINT_UNIQUE")) return undefined;
  const column = /UNIQUE constraint failed: (\w+)\.(\w+)/.exec(error.message);
  if (!column) return { table: "", field: "" };
  return { table: column[1]!, field: camelCase(column[2]!) };
}

function camelCase(snake: string): string {
  return snake.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}
