// A repository describes its reads once, engine-neutral: each method returns a Read (the SQL, in
// the dialect it was made for, and how rows become the result), and a runner executes it —
// synchronously on SQLite (better-sqlite3), asynchronously on PostgreSQL (node-postgres). The
// same query class thus serves the request path on both engines and the synchronous SQLite
// transactions of the write path, with one copy of every statement.
import type { SQL } from "drizzle-orm";
import type { Dialect } from "./dialect.js";

export interface Read<Result> {
  readonly dialect: Dialect;
  /**
   * "run" for a statement that writes and returns no rows (db/table-writes.ts): SQLite runs it with
   * `run()` and its shape receives one RunResult; otherwise its rows (a `returning` clause's too).
   */
  readonly mode?: "run";
  /** Builds the statement; not called when the text is already known (see `textKey`). */
  readonly build: () => SQL;
  /**
   * Set when the statement's text depends only on this key (and the dialect), with `params` its
   * parameters: the text is rendered once and reused. Rendering a template (walking its chunks)
   * was a visible share of a nested query's CPU.
   */
  readonly textKey?: TextKey;
  readonly params?: readonly unknown[];
  shape(rows: unknown[]): Result;
}

/** What a statement in "run" mode tells: the rows it changed, and the id of the row it inserted (when it inserts one). */
export interface RunResult {
  changes: number;
  insertedId: number | null;
}

/** An owner (a module-level object) and a variant (a limit, an omission): one text per pair. */
export interface TextKey {
  owner: object;
  variant: string;
}

// Owner → dialect → variant → text: nested maps, so a lookup builds no key string (the write path
// looks a text up for every statement it runs).
const texts = new WeakMap<object, Map<Dialect, Map<string, string>>>();

/** The text and parameters of a read, rendered at most once per text key. */
export function statementOf(read: Read<unknown>): { text: string; params: readonly unknown[] } {
  const key = read.textKey;
  if (!key) {
    const rendered = read.dialect.render(read.build());
    return { text: rendered.sql, params: rendered.params };
  }
  let byDialect = texts.get(key.owner);
  if (!byDialect) texts.set(key.owner, (byDialect = new Map()));
  let byVariant = byDialect.get(read.dialect);
  if (!byVariant) byDialect.set(read.dialect, (byVariant = new Map()));
  let text = byVariant.get(key.variant);
  if (text === undefined) {
    const rendered = read.dialect.render(read.build());
    if (rendered.params.length !== (read.params ?? []).length) throw new Error(`A keyed read must carry all its parameters: ${rendered.sql}`);
    byVariant.set(key.variant, (text = rendered.sql));
  }
  return { text, params: read.params ?? [] };
}

/** Every row, as the query selects them. */
export function rows<Row>(dialect: Dialect, build: () => SQL): Read<Row[]> {
  return { dialect, build, shape: (found) => found as Row[] };
}

/** The first row, if any. */
export function firstRow<Row>(dialect: Dialect, build: () => SQL): Read<Row | undefined> {
  return { dialect, build, shape: (found) => found[0] as Row | undefined };
}

/** A read whose text depends only on `key`: `build` renders it with `params` in place. */
export function keyedRows<Row>(dialect: Dialect, key: TextKey, params: readonly unknown[], build: () => SQL): Read<Row[]> {
  return { dialect, build, textKey: key, params, shape: (found) => found as Row[] };
}

/** The same statement, its rows turned into another result. */
export function reshaped<From, To>(read: Read<From>, shape: (result: From) => To): Read<To> {
  return { ...read, shape: (found) => shape(read.shape(found)) };
}

type ReadMethod = (...args: never[]) => Read<unknown>;
type ReadNames<Queries> = { [Name in keyof Queries]: Queries[Name] extends ReadMethod ? Name : never }[keyof Queries];

/** A query class's reads, run synchronously (SQLite). */
export type Synchronous<Queries> = {
  readonly [Name in ReadNames<Queries>]: Queries[Name] extends (...args: infer Args) => Read<infer Result> ? (...args: Args) => Result : never;
};

/** A query class's reads, run asynchronously: what resolvers and loaders use, on either engine. */
export type Reads<Queries> = {
  readonly [Name in ReadNames<Queries>]: Queries[Name] extends (...args: infer Args) => Read<infer Result> ? (...args: Args) => Promise<Result> : never;
};

export type SyncRunner = <Result>(read: Read<Result>) => Result;
export type AsyncRunner = <Result>(read: Read<Result>) => Promise<Result>;

export function synchronous<Queries extends object>(queries: Queries, run: SyncRunner): Synchronous<Queries> {
  return bindReads(queries, (read) => run(read)) as Synchronous<Queries>;
}

export function asynchronous<Queries extends object>(queries: Queries, run: AsyncRunner): Reads<Queries> {
  return bindReads(queries, (read) => run(read)) as Reads<Queries>;
}

/** The request path on SQLite: synchronous underneath, a promise outside; a throw becomes a rejection. */
export function promised(run: SyncRunner): AsyncRunner {
  return <Result>(read: Read<Result>) => {
    try {
      return Promise.resolve(run(read));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  };
}

function bindReads(queries: object, run: (read: Read<unknown>) => unknown): Record<string, (...args: unknown[]) => unknown> {
  const bound: Record<string, (...args: unknown[]) => unknown> = {};
  for (const name of methodNames(queries)) {
    const method = (queries as Record<string, (...args: unknown[]) => Read<unknown>>)[name]!;
    bound[name] = (...args) => run(method.apply(queries, args));
  }
  return bound;
}

function methodNames(instance: object): string[] {
  const names = new Set<string>();
  for (let prototype = Object.getPrototypeOf(instance) as object | null; prototype && prototype !== Object.prototype; prototype = Object.getPrototypeOf(prototype) as object | null) {
    for (const name of Object.getOwnPropertyNames(prototype)) {
      if (name !== "constructor" && typeof Object.getOwnPropertyDescriptor(prototype, name)?.value === "function") names.add(name);
    }
  }
  return [...names];
}
