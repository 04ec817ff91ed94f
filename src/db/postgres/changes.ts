// Commits that change content, as every Khabar reading the database hears of them: a LISTEN on
// the channel khabar_changes (migration 0002's triggers NOTIFY it in the writing transaction, so
// only committed writes are heard). One connection of its own, outside the pool: LISTEN belongs
// to a session. When that connection drops, notifications sent meanwhile are lost, so the
// listener reports a change on reconnecting rather than assume nothing happened.
import pg from "pg";
import type { Logger } from "pino";

export const CHANGES_CHANNEL = "khabar_changes";

export interface ChangeListener {
  /** Called with the changed table's name (or "reconnected" when notifications may have been missed). */
  subscribe(listener: (table: string) => void): () => void;
  close(): Promise<void>;
}

export async function listenForChanges(url: string, logger: Pick<Logger, "warn" | "info">, options: { retryMs?: number } = {}): Promise<ChangeListener> {
  const retryMs = options.retryMs ?? 1_000;
  const listeners = new Set<(table: string) => void>();
  const emit = (table: string) => {
    for (const listener of listeners) listener(table);
  };
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url, application_name: "khabar-changes" });
    next.on("notification", (message) => {
      if (message.channel === CHANGES_CHANNEL) emit(message.payload ?? "");
    });
    const lost = (error?: Error) => {
      if (closed || client !== next) return;
      client = null;
      logger.warn({ err: error }, "the connection listening for content changes dropped; reconnecting");
      schedule();
    };
    next.on("error", lost);
    next.on("end", () => lost());
    await next.connect();
    await next.query(`LISTEN ${CHANGES_CHANNEL}`);
    client = next;
  };
  const schedule = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      connect().then(
        () => {
          logger.info("listening for content changes again");
          emit("reconnected");
        },
        () => schedule(),
      );
    }, retryMs);
    retry.unref();
  };

  await connect();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const current = client;
      client = null;
      await current?.end().catch(() => undefined);
    },
  };
}
