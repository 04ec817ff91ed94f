// What every resolver receives: the database, the repositories, this request's loaders, and who
// is asking. Repositories and loaders are those of the module list (modules/index.ts).
import type { Db } from "./db/client.js";
import { sqliteEngine, type ReadEngine } from "./db/engine.js";
import { sqliteWriteEngine, type WriteEngine } from "./db/write-engine.js";
import { createLoaders, type Loaders, type Repositories } from "./modules/index.js";

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
  viewer: Viewer | null;
  /** Whether the request presented a key, and whether it was good (for the UNAUTHENTICATED message). */
  credential?: "missing" | "invalid" | "valid";
  requestId: string;
}

export function createContext(options: { db: Db; engine?: ReadEngine; writes?: WriteEngine; repositories: Repositories; viewer?: Viewer | null; credential?: Context["credential"]; requestId: string }): Context {
  return {
    db: options.db,
    engine: options.engine ?? sqliteEngine(options.db),
    writes: options.writes ?? sqliteWriteEngine(options.db),
    repositories: options.repositories,
    loaders: createLoaders(options.repositories),
    viewer: options.viewer ?? null,
    credential: options.credential ?? "missing",
    requestId: options.requestId,
  };
}
