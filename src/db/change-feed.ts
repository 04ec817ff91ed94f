// What the writes of one database changed, for whoever listens (live updates): a small typed
// emitter per database connection. Writers record changes on their WriteSession; editTransaction
// and the importer publish them here only after the transaction commits, so a rolled-back write
// publishes nothing. The feed knows no module: a change names its type ("Statement") and row id.
import type Database from "better-sqlite3";
import type { Db } from "./client.js";

export type ChangeAction = "created" | "updated" | "deleted";

export interface Change {
  /** The GraphQL type of the row (the prefix of its global id): "Statement", "Incident"… */
  type: string;
  id: number;
  action: ChangeAction;
}

/** Called with the changes of one committed transaction, in the order they were first recorded. */
export type ChangeListener = (changes: readonly Change[]) => void;

export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();
  /** Where a listener's failure goes: the write it follows has committed and must not fail. */
  onListenerError: (error: unknown) => void = () => undefined;

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  publish(changes: readonly Change[]): void {
    if (changes.length === 0) return;
    for (const listener of [...this.listeners]) {
      try {
        listener(changes);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}

// Keyed by the SQLite connection, so every Drizzle wrapper of one connection shares its feed.
const feeds = new WeakMap<Database.Database, ChangeFeed>();

/** The change feed of a database connection (made on first use). */
export function changeFeedOf(db: Db): ChangeFeed {
  let feed = feeds.get(db.$client);
  if (!feed) feeds.set(db.$client, (feed = new ChangeFeed()));
  return feed;
}
