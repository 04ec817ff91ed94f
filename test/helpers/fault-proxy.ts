// A TCP relay on loopback between a client (Khabar's pool) and a PostgreSQL server that can be
// armed to cut a connection exactly at its COMMIT, for the tests of a connection lost while a write
// commits. It reads the frontend→backend PostgreSQL protocol message by message (the untyped
// startup packet, then 1-byte type + 4-byte length, across TCP chunks) and the backend's replies
// likewise, and acts on bytes, never on time:
//
// - "cut-after-forwarding": the COMMIT goes to the server, whose reply (up to ReadyForQuery) is
//   read but not relayed; then both sockets are destroyed. The write is committed and the client
//   cannot know it.
// - "cut-before-forwarding": both sockets are destroyed instead of sending the COMMIT. The server
//   sees its client go away inside the transaction and rolls it back.
//
// Both sides are closed, so the server's session ends too, as when a network path between them
// dies: what that session held (an advisory lock) is released by PostgreSQL itself.
import { createServer, connect, type AddressInfo, type Server, type Socket } from "node:net";

export type CommitFault = "cut-after-forwarding" | "cut-before-forwarding";

export interface ArmOptions {
  /** Only a COMMIT whose transaction sent a statement matching this trips the fault (every COMMIT when absent). */
  inTransactionWith?: RegExp;
  /** Runs when the COMMIT has been seen, before the fault acts, with the server session's pid; the connection waits meanwhile. */
  beforeFault?: (backendPid: number) => Promise<void>;
}

export interface TrippedFault {
  fault: CommitFault;
  /** The pid of the server session whose connection was cut (from its BackendKeyData). */
  backendPid: number;
  /** The statements of the transaction the COMMIT ended, as the client sent them, COMMIT last. */
  transaction: string[];
  /** The CommandComplete tags the server answered the COMMIT with before the cut (none when it was not forwarded). */
  unrelayedReplies: string[];
}

export interface FaultProxy {
  port: number;
  /** A postgres:// URL to `database` through the proxy, for `user`. */
  url(user: string, database: string): string;
  /** Cuts the next COMMIT that matches; resolves once both sockets of that connection are closed. One fault per call. */
  arm(fault: CommitFault, options?: ArmOptions): Promise<TrippedFault>;
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

interface Armed {
  fault: CommitFault;
  options: ArmOptions;
  resolve(tripped: TrippedFault): void;
  reject(error: Error): void;
}

/** A COMMIT, as the SQL of a simple Query or of a Parse: `commit`, `COMMIT WORK;`, … */
function isCommit(sql: string): boolean {
  return /^\s*commit(\s+(work|transaction))?\s*;?\s*$/i.test(sql);
}

/** The NUL-terminated string at `offset` of `buffer`, and where the next field starts. */
function cString(buffer: Buffer, offset: number): { text: string; next: number } {
  const end = buffer.indexOf(0, offset);
  if (end < 0) throw new Error("a PostgreSQL message string without its terminating NUL");
  return { text: buffer.toString("utf8", offset, end), next: end + 1 };
}

/** The SQL a frontend message carries: a Query's text, or a Parse's (after the statement name); null for any other message. */
function sqlOf(type: number, body: Buffer): string | null {
  if (type === 0x51 /* Q */) return cString(body, 0).text;
  if (type === 0x50 /* P */) return cString(body, cString(body, 0).next).text;
  return null;
}

/**
 * Splits a byte stream into whole messages, however TCP chunked it. `untyped` says how many
 * messages still come without a type byte (the frontend's startup packet and any SSL/GSS request
 * before it); `singleBytes` how many one-byte answers are due (the backend's to those requests).
 */
export class MessageReader {
  private pending: Buffer = Buffer.alloc(0);
  untyped = 0;
  singleBytes = 0;

  /** Adds a chunk and returns the messages it completed: their type (0 for an untyped one), body and raw bytes. */
  push(chunk: Buffer): { type: number; body: Buffer; raw: Buffer }[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const messages: { type: number; body: Buffer; raw: Buffer }[] = [];
    let offset = 0;
    for (;;) {
      const left = this.pending.length - offset;
      if (this.singleBytes > 0) {
        if (left < 1) break;
        messages.push({ type: this.pending[offset]!, body: Buffer.alloc(0), raw: this.pending.subarray(offset, offset + 1) });
        this.singleBytes -= 1;
        offset += 1;
        continue;
      }
      const header = this.untyped > 0 ? 4 : 5;
      if (left < header) break;
      const length = this.pending.readInt32BE(offset + header - 4);
      if (length < 4) throw new Error(`a PostgreSQL message with the impossible length ${length}`);
      const size = header - 4 + length;
      if (left < size) break;
      const raw = this.pending.subarray(offset, offset + size);
      messages.push({ type: this.untyped > 0 ? 0 : raw[0]!, body: raw.subarray(header), raw });
      if (this.untyped > 0) this.untyped -= 1;
      offset += size;
    }
    this.pending = this.pending.subarray(offset);
    return messages;
  }
}

/** Starts a proxy on 127.0.0.1 (a port the OS picks) in front of `target`. */
export async function startFaultProxy(target: { host: string; port: number }): Promise<FaultProxy> {
  let armed: Armed | undefined;
  /** How to cut each connection relayed now. */
  const relays = new Set<() => void>();

  const relay = (frontend: Socket) => {
    const backend = connect(target.port, target.host);
    // As pg and PostgreSQL themselves do: a small message is sent now, not held back for more.
    frontend.setNoDelay(true);
    backend.setNoDelay(true);
    const fromFrontend = new MessageReader();
    fromFrontend.untyped = 1;
    const fromBackend = new MessageReader();
    let backendPid = 0;
    let transaction: string[] = [];
    /** Set once this connection's COMMIT tripped the fault: from then on nothing reaches the client. */
    let cutting: { fault: CommitFault; armed: Armed; replies: string[]; transaction: string[] } | undefined;
    /** Frontend chunks that arrived while `beforeFault` ran, in order. */
    let held: Buffer[] | undefined;
    let closed = 0;

    /** The fault itself: both sockets at once, whatever they still had to send. */
    const cut = () => {
      frontend.destroy();
      backend.destroy();
    };
    relays.add(cut);
    // A side that closes closes the other once what it relayed is sent (a client's Terminate
    // reaches the server); a side that fails takes the other with it.
    const onClosed = (other: Socket) => () => {
      other.end();
      closed += 1;
      if (closed < 2) return;
      relays.delete(cut);
      if (cutting) cutting.armed.resolve({ fault: cutting.fault, backendPid, transaction: cutting.transaction, unrelayedReplies: cutting.replies });
    };
    frontend.on("close", onClosed(backend));
    backend.on("close", onClosed(frontend));
    frontend.on("error", cut);
    backend.on("error", cut);

    const trips = (sql: string): Armed | undefined => {
      const current = armed;
      if (!current || cutting || !isCommit(sql)) return undefined;
      const pattern = current.options.inTransactionWith;
      return !pattern || transaction.some((text) => pattern.test(text)) ? current : undefined;
    };

    const forwardFrontend = (chunk: Buffer) => {
      if (held) {
        held.push(chunk);
        return;
      }
      const messages = fromFrontend.push(chunk);
      // Relayed a chunk at a time, as it came: one write per chunk, not per message.
      const relayed: Buffer[] = [];
      const relay = () => {
        backend.write(relayed.length === 1 ? relayed[0]! : Buffer.concat(relayed));
        relayed.length = 0;
      };
      for (let index = 0; index < messages.length; index += 1) {
        const message = messages[index]!;
        if (message.type === 0) {
          // The server answers an SSL or GSS request with one byte, then the startup packet follows
          // (a cancel request gets no answer but a closed socket).
          const code = message.body.readInt32BE(0);
          if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
            fromFrontend.untyped += 1;
            fromBackend.singleBytes += 1;
          }
          relayed.push(message.raw);
          continue;
        }
        const sql = sqlOf(message.type, message.body);
        if (sql !== null) transaction.push(sql);
        const tripping = sql === null ? undefined : trips(sql);
        if (!tripping) {
          relayed.push(message.raw);
          continue;
        }
        if (relayed.length > 0) relay();
        armed = undefined;
        cutting = { fault: tripping.fault, armed: tripping, replies: [], transaction };
        // The connection waits, COMMIT and all, while beforeFault looks at the server.
        const rest = messages.slice(index + 1).map((later) => later.raw);
        held = [];
        const act = () => {
          if (tripping.fault === "cut-before-forwarding") return cut();
          // The COMMIT and whatever the client sent after it (a Sync, in the extended protocol) go on to the server.
          backend.write(Buffer.concat([message.raw, ...rest]));
          const later = held ?? [];
          held = undefined;
          for (const chunk of later) forwardFrontend(chunk);
        };
        (tripping.options.beforeFault?.(backendPid) ?? Promise.resolve()).then(act, (error: unknown) => {
          tripping.reject(error instanceof Error ? error : new Error(String(error)));
          cut();
        });
        return;
      }
      if (relayed.length > 0) relay();
    };

    const forwardBackend = (chunk: Buffer) => {
      const relayed: Buffer[] = [];
      for (const message of fromBackend.push(chunk)) {
        if (message.raw.length === 1 && (message.type === 0x53 /* S */ || message.type === 0x47 /* G */)) {
          throw new Error("the fault proxy relays unencrypted connections only: connect without SSL/GSS encryption");
        }
        if (message.type === 0x4b /* K: BackendKeyData */ && message.body.length >= 4) backendPid = message.body.readInt32BE(0);
        if (cutting) {
          // Read, never relayed: the client must not learn how its COMMIT ended.
          if (message.type === 0x43 /* C: CommandComplete */) cutting.replies.push(cString(message.body, 0).text);
          if (message.type === 0x5a /* Z: ReadyForQuery */) return cut();
          continue;
        }
        // Idle again: the statements that follow belong to a new transaction.
        if (message.type === 0x5a && message.body[0] === 0x49 /* I */) transaction = [];
        relayed.push(message.raw);
      }
      if (relayed.length > 0) frontend.write(relayed.length === 1 ? relayed[0]! : Buffer.concat(relayed));
    };

    const guardedBy = (forward: (chunk: Buffer) => void) => (chunk: Buffer) => {
      try {
        forward(chunk);
      } catch (error) {
        // A stream that cannot be read as PostgreSQL's protocol: fail the armed fault, cut the connection.
        cutting?.armed.reject(error instanceof Error ? error : new Error(String(error)));
        cut();
      }
    };
    frontend.on("data", guardedBy(forwardFrontend));
    backend.on("data", guardedBy(forwardBackend));
  };

  const server: Server = createServer(relay);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (user, database) => `postgres://${encodeURIComponent(user)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    arm: (fault, options = {}) => {
      if (armed) return Promise.reject(new Error("the proxy is already armed"));
      return new Promise<TrippedFault>((resolve, reject) => {
        armed = { fault, options, resolve, reject };
      });
    },
    close: async () => {
      armed?.reject(new Error("the proxy was closed before the fault tripped"));
      armed = undefined;
      for (const cut of relays) cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
