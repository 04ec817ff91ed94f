// What every resolver receives: the database, the repositories, this request's loaders, and who
// is asking. Repositories and loaders are those of the module list (modules/index.ts).
import type { Db } from "./db/client.js";
import { sqliteEngine, type ReadEngine } from "./db/engine.js";
import { sqliteWriteEngine, type WriteEngine } from "./db/write-engine.js";
import { createLoaders, type Loaders, type Repositories } from "./modules/index.js";
import { sqliteRefusalLog, type RefusalLog } from "./modules/revision/revision.refusals.js";

export type { Loaders, Repositories };

export interface Viewer {
  keyId: number;
  name: string;
  role: "editor" | "admin";
}

export interface Context {
  db: Db;
  /** What the request reads from (SQLite, or PostgreSQL and its replicas): search and other reads outside the repositories use it. */
  engine: ReadEngine;
  /** Where mutations write: SQLite's connection, or PostgreSQL's primary. */
  writes: WriteEngine;
  repositories: Repositories;
  loaders: Loaders;
  /** Where refused mutations are recorded and read back: SQLite's file, or PostgreSQL's primary (one log for every Khabar on it). */
  refusals: RefusalLog;
  viewer: Viewer | null;
  /**
   * The request reads from the primary rather than the replicas: a mutation, or a client's request
   * within its read-your-writes window (http/read-your-writes.ts). Always false without replicas.
   */
  readsPrimary: boolean;
  /** Whether the request presented a key, and whether it was good (for the UNAUTHENTICATED message). */
  credential?: "missing" | "invalid" | "valid";
  requestId: string;
}

/** The primary of a replicated engine and the repositories over it, made once per server. */
export interface PrimaryReads {
  engine: ReadEngine;
  repositories: Repositories;
}

export function createContext(options: {
  db: Db;
  engine?: ReadEngine;
  writes?: WriteEngine;
  repositories: Repositories;
  refusals?: RefusalLog;
  readsPrimary?: boolean;
  viewer?: Viewer | null;
  credential?: Context["credential"];
  requestId: string;
}): Context {
  return {
    db: options.db,
    engine: options.engine ?? sqliteEngine(options.db),
    writes: options.writes ?? sqliteWriteEngine(options.db),
    repositories: options.repositories,
    loaders: createLoaders(options.repositories),
    refusals: options.refusals ?? sqliteRefusalLog(options.db),
    readsPrimary: options.readsPrimary ?? false,
    viewer: options.viewer ?? null,
    credential: options.credential ?? "missing",
    requestId: options.requestId,
  };
}

/**
 * Makes the rest of a request read from the primary: its engine, its repositories, and loaders
 * of their own. New loaders, not the request's, so nothing a loader fetched from a replica
 * before the switch can be handed out after it.
 */
export function readFromPrimary(context: Context, primary: PrimaryReads): void {
  context.engine = primary.engine;
  context.repositories = primary.repositories;
  context.loaders = createLoaders(primary.repositories);
  context.readsPrimary = true;
}
