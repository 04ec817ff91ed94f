// A connection taken from the pool for a session of statements (a transaction, an advisory lock).
// pg's pool listens for a connection's errors only while it is idle: one lost while checked out
// (the primary gone, the network cut) emits an 'error' nobody hears, and an unheard 'error' event
// ends the process. The statement in flight fails with that error anyway; the guard only hears it,
// so the caller can tell the pool not to take the connection back.
import type pg from "pg";

export interface CheckedOut {
  readonly client: pg.PoolClient;
  /** The error the connection reported while checked out, if any. */
  lost(): Error | undefined;
  /** Gives the connection back; a lost one, or one the caller calls `broken`, is discarded. */
  release(broken?: boolean | Error): void;
}

export async function checkOut(pool: pg.Pool): Promise<CheckedOut> {
  const client = await pool.connect();
  let lost: Error | undefined;
  const onError = (error: Error) => {
    lost ??= error;
  };
  client.on("error", onError);
  let released = false;
  return {
    client,
    lost: () => lost,
    release: (broken) => {
      if (released) return;
      released = true;
      client.removeListener("error", onError);
      client.release(broken instanceof Error ? broken : broken === true ? true : lost);
    },
  };
}
